"""The ingest pipeline: read → normalise → segment → extract → resolve, one document at a time.

``extract_paths`` is what the CLI and the store's writer call. A file that fails is reported with
its cause and the others go on; the run's facts are per document (``DocumentFacts``), which is the
unit the store writes whole or not at all.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.errors import IngestError
from ingest.manifest import DocumentMeta, Manifest
from ingest.types import DocumentError, DocumentFacts, Facts, LinkContext

if TYPE_CHECKING:
    from ingest.parallel import DocumentOutcome


@dataclass(slots=True)
class RunResult:
    documents: list[DocumentFacts] = field(default_factory=list)
    errors: list[DocumentError] = field(default_factory=list)
    # the names the run found (projects, with every surface): the run's own data, never the
    # process's — a later run starts from the registry file again
    discovered: list = field(default_factory=list)

    @property
    def garbled_spans(self) -> int:
        return sum(len(d.garbled) for d in self.documents)

    def task_row_projects(self) -> list[str]:
        """The projects the run's task rows give one unit: a document stored before them may lack
        the ownership they give (``GraphStore.unlinked_documents``)."""
        from ingest.link import projects_with_a_task_unit

        return projects_with_a_task_unit(self.documents)

    def facts(self) -> Facts:
        """Merge the documents' facts into the run-level shape of FACTS.md."""
        from ingest.merge import merge_documents

        merged = merge_documents(self.documents)
        merged.errors = list(self.errors)
        return merged


def extract_document(path: str | Path, registry=None, meta: DocumentMeta | None = None) -> DocumentFacts:
    """Extract the facts of one file. Raises :class:`IngestError` naming the file and the cause.

    ``meta``: the file's manifest row (date, title, url, publisher, district); its date anchors
    relative time (今年, 目前, 3月29日).
    Example: ``extract_document("a.txt", meta=manifest.for_path("a.txt"))``.
    """
    from ingest.extract.document import DocumentExtractor
    from ingest.read import read_document
    from ingest.registry import Registry
    from ingest.segment import segment_document

    registry = registry or Registry.load()
    raw = read_document(path)
    segmented = segment_document(raw, meta)
    return DocumentExtractor(registry).run(segmented)


def extract_paths(
    paths: Iterable[str | Path],
    registry=None,
    on_document: Callable[[str, DocumentFacts | None, IngestError | None], None] | None = None,
    context: LinkContext | None = None,
    manifest: Manifest | None = None,
    jobs: int = 1,
    extracted: Mapping[str, DocumentOutcome] | None = None,
) -> RunResult:
    """Extract every file; failures are collected, not raised, so one bad file stops nothing.

    Each document is extracted on its own (a view of the run's registry: what one document
    discovers does not change how another is read), ``jobs`` processes at a time
    (:mod:`ingest.parallel`); then the cross-document step (:func:`ingest.link.link_documents`)
    runs once over all documents in path order. So the result is the same whatever ``jobs``.

    ``manifest``: each file's metadata (:func:`ingest.manifest.load_manifest`); a file it does not
    list is read from its own text alone.

    ``context``: what the store already holds outside this run (``GraphStore.link_context``);
    without it the run links its own files only (``extract`` prints what the files say).

    ``on_document``: called as each document finishes (in the order they finish when ``jobs`` > 1).

    ``extracted``: per path, an outcome extracted elsewhere with the same registry (a line of
    ``policykg extract --jsonl``): used as it is, that file is not extracted again.

    Example: ``extract_paths(["a.txt", "b.txt"], jobs=2).facts()``
    """
    from ingest.link import link_documents
    from ingest.parallel import DocumentJob, run_jobs
    from ingest.registry import Registry

    registry = registry or Registry.load()  # one registry per run: its discoveries are the run's
    context = context or LinkContext()
    for name in context.project_names:
        registry.discover("Project", name)
    work = [DocumentJob(i, str(path), manifest.for_path(path) if manifest else None)
            for i, path in enumerate(paths)]

    def finished(outcome) -> None:
        if on_document:
            error = IngestError(outcome.path, outcome.error) if outcome.error is not None else None
            on_document(outcome.path, outcome.facts, error)

    given = extracted or {}
    outcomes = {job.index: dataclasses.replace(given[job.path], index=job.index, path=job.path)
                for job in work if job.path in given}
    for index in sorted(outcomes):
        finished(outcomes[index])
    for outcome in run_jobs([job for job in work if job.path not in given], registry, jobs, finished):
        outcomes[outcome.index] = outcome

    result = RunResult()
    for outcome in (outcomes[index] for index in sorted(outcomes)):
        if outcome.facts is None:
            result.errors.append(DocumentError(path=outcome.path, cause=outcome.error or "failed"))
            continue
        # the run's names, in path order: a name an earlier document introduced keeps its form
        _rename_projects(outcome.facts, registry.adopt(outcome.discovered))
        result.documents.append(outcome.facts)
    link_documents(result.documents, registry, context.task_owners)
    result.discovered = sorted(registry.known("Project"), key=lambda d: d.name)
    return result


def _rename_projects(doc: DocumentFacts, renamed: dict[str, str]) -> None:
    """Call the document's projects by the run's canonical names (one entity, one name)."""
    if not renamed:
        return
    for e in doc.projects:
        new = renamed.get(e.name)
        if new is not None:
            if e.name not in e.aliases:
                e.aliases.append(e.name)
            e.name = new
    for ev in doc.events:
        ev.project = renamed.get(ev.project, ev.project)
    for o in doc.ownership:
        o.project = renamed.get(o.project, o.project)
    for loc in doc.locations:
        loc.project = renamed.get(loc.project, loc.project)
    for t in doc.tasks:
        t.projects = [renamed.get(p, p) for p in t.projects]
