"""The one ingest service: what ``policykg ingest``, ``relink``, ``delete`` and the upload API call.

It owns three rules, so that no caller has its own copy of them:

* **Document identity** is a name (the file's name, as the extractor records it in every
  provenance record, or the upload's file name) plus the sha256 of its bytes. Same name, new
  content: the stored document is replaced. Same content under another name: a *duplicate* of
  the stored document, reported, and nothing changes. Same name and content: nothing to do. A
  delete (by uid, name or sha256) removes exactly one document.
* **The same graph in any order.** A run links its documents to each other (names one introduces
  and another mentions, a task table's units, curated merges); the store keeps every document's
  original bytes, so an ingest extracts the stored documents again *together with* the new ones,
  in one run sorted by name, and writes every document whose facts changed (an unchanged one is
  not rewritten: its fingerprint is the same). Whatever the order or the split into runs, the
  stored graph is the one a single run over all the documents gives. Documents stored without
  their bytes (by an earlier version) cannot be extracted again; they are linked through
  :meth:`GraphStore.link_context` as before.
* **Facts extracted elsewhere** (``policykg extract --jsonl``, on other cores or machines:
  :class:`Extracted`) take the place of extracting that document here, when they were made by
  the same extractor (:func:`ingest.jsonl.fingerprint`); the document still goes through the same
  run (identity, the cross-document step with every stored document, the same writes), so the
  graph is the one ``ingest`` of the same files gives. Facts from another extractor, or a store
  holding documents without their bytes (their link context changes extraction), mean the
  document is extracted here again from its bytes, and the report says so (``extracted_again``).
* **One writer at a time.** The whole ingest (read what is stored, extract, write) runs under the
  store's :meth:`GraphStore.ingest_lock`, across threads and, for the embedded store, across
  processes; readers are never blocked.

Each document is written whole or not at all, and every write is durable before the next one
starts (see :mod:`graph.falkordb_store`); a store that fails a write stops the ingest with
:class:`StoreError`, and what the report lists as stored is stored.

Example::

    with open_store("falkordb:./data/policykg") as store:
        report = IngestService(store).ingest([Source.from_path(p) for p in paths])
        print(report.counts())
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from graph.store import GraphStore, StoredSource, StoreError, UnlinkedDocument

# what happened to one document of an ingest
STORED = "stored"  # new
REPLACED = "replaced"  # a stored document of the same name had other content
UNCHANGED = "unchanged"  # stored already, same name and content
DUPLICATE = "duplicate"  # the same content is stored (or given earlier) under another name
FAILED = "failed"  # could not be read, or not written
RELINKED = "relinked"  # a stored document whose facts this ingest changed (not one of its own)


@dataclass(frozen=True, slots=True)
class Source:
    """One document to ingest: its name (its identity with the content) and its bytes.

    >>> Source("reports/a.txt", b"x").sha256[:8]
    '2d711642'
    """

    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @classmethod
    def from_path(cls, path: str | Path) -> Source:
        """A file, named by its file name: the name every provenance record of it carries."""
        p = Path(path)
        return cls(name=p.name, data=p.read_bytes())


@dataclass(frozen=True, slots=True)
class Extracted:
    """One document's facts extracted elsewhere, before the run's cross-document step: its
    ``DocumentFacts``, the names it discovered (``Registry.known("Project")`` of its view) and the
    fingerprint of the extractor that made them (a line of ``policykg extract --jsonl``). An ingest
    uses them up: its run links the facts in place."""

    facts: Any
    discovered: list[Any]
    fingerprint: str


@dataclass(slots=True)
class Outcome:
    """What an ingest did with one document."""

    name: str
    status: str
    uid: str | None = None
    cause: str | None = None  # FAILED: why
    duplicate_of: str | None = None  # DUPLICATE: the stored (or earlier) document's name
    written: bool = False  # this ingest wrote it (or found it stored as it is)
    nodes: int = 0  # the document's nodes and relationships (as written)
    relationships: int = 0


@dataclass(slots=True)
class IngestReport:
    """The documents of an ingest, each with its :class:`Outcome`; ``relinked``: stored documents
    outside it whose facts it changed; ``unlinked``: stored documents that could not be extracted
    again (no kept bytes) and lack ownership the run's task rows give."""

    outcomes: list[Outcome] = field(default_factory=list)
    relinked: list[Outcome] = field(default_factory=list)
    unlinked: list[UnlinkedDocument] = field(default_factory=list)
    # given with facts extracted elsewhere (``extracted``) but extracted here again: another
    # extractor made them, or the store holds documents without their bytes
    extracted_again: list[str] = field(default_factory=list)

    def with_status(self, *statuses: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status in statuses]

    @property
    def written(self) -> int:
        """Documents of this ingest now stored as given (new, replaced or already there)."""
        return len(self.with_status(STORED, REPLACED, UNCHANGED))

    @property
    def failed(self) -> list[Outcome]:
        return self.with_status(FAILED)


class IngestInterrupted(Exception):
    """Ctrl-C during an ingest: ``report`` holds what was stored before it (each document whole)."""

    def __init__(self, report: IngestReport, total: int):
        super().__init__(f"interrupted: {report.written} of {total} documents stored")
        self.report = report
        self.total = total


@contextlib.contextmanager
def _deferred_sigint() -> Iterator[list[bool]]:
    """Hold SIGINT while one document is written (in the main thread; elsewhere a no-op): the
    write finishes or never starts, and the interrupt is raised after it."""
    if threading.current_thread() is not threading.main_thread():
        yield [False]
        return
    seen = [False]
    previous = signal.signal(signal.SIGINT, lambda *_: seen.__setitem__(0, True))
    try:
        yield seen
    finally:
        signal.signal(signal.SIGINT, previous)
    if seen[0]:
        raise KeyboardInterrupt


class IngestService:
    """Ingest, relink and delete documents of one store (see the module's notes)."""

    def __init__(self, store: GraphStore, registry_factory: Callable[[], Any] | None = None,
                 jobs: int = 1):
        self.store = store
        self._registry_factory = registry_factory
        self.jobs = jobs  # extraction processes (the facts are the same whatever the number)

    # ---- public
    def ingest(
        self,
        sources: Sequence[Source],
        metadata: Mapping[str, Mapping[str, Any]] | None = None,
        on_progress: Callable[[str, str], None] | None = None,
        extracted: Mapping[str, Extracted] | None = None,
    ) -> IngestReport:
        """Store ``sources`` (see the module's rules). ``metadata``: per document name, passed
        through to extraction with the document (kept for the manifest's url, publisher,
        district and date). ``on_progress(stage, name)`` is called per document ("extract",
        "write"). Raises :class:`IngestInterrupted` on Ctrl-C and :class:`StoreError` when the
        store fails a write (both after the documents written so far, each whole).
        ``extracted``: per document name, its facts extracted elsewhere (see the module's notes)."""
        report = IngestReport()
        with self.store.ingest_lock():
            stored = self.store.stored_sources()
            accepted = self._identify(sources, stored, report)
            if not accepted:  # only duplicates (or nothing): the stored documents are as they were
                return report
            try:
                self._run(stored, accepted, report, metadata, on_progress, total=len(sources),
                          extracted=extracted)
            except StoreError as err:
                err.report = report  # type: ignore[attr-defined] - what was stored before it
                raise
            finally:  # the families of what is stored, also after an interrupted or failed run
                self._link_families()
        return report

    def relink(self, on_progress: Callable[[str, str], None] | None = None) -> IngestReport:
        """Extract every stored document again in one run and write those whose facts changed
        (after a curated merge or a registry update)."""
        report = IngestReport()
        with self.store.ingest_lock():
            try:
                self._run(self.store.stored_sources(), {}, report, None, on_progress, total=0)
            finally:
                self._link_families()
        return report

    def delete(self, ref: str) -> str | None:
        """Remove the ONE document whose uid, name or sha256 is ``ref`` (uid first, then name,
        then sha256) and link the others again without it; its name, or None when none matches."""
        with self.store.ingest_lock():
            stored = self.store.stored_sources()
            target = (next((s for s in stored if s.uid == ref), None)
                      or next((s for s in stored if s.name == ref), None)
                      or next((s for s in stored if s.sha256 == ref), None))
            if target is None:
                return None
            if not self.store.delete_document(target.uid):
                return None
            rest = [s for s in stored if s.uid != target.uid]
            try:
                self._run(rest, {}, IngestReport(), None, None, total=0)
            finally:
                self._link_families()
        return target.name

    # ---- internals
    def _link_families(self) -> None:
        """PART_OF among the stored projects (:meth:`GraphStore.link_families`): a part stored
        before or after its parent is linked, and a link whose project went goes with it."""
        with contextlib.suppress(StoreError):  # the store failed: the run's own error is raised
            self.store.link_families()

    def _identify(self, sources: Sequence[Source], stored: list[StoredSource],
                  report: IngestReport) -> dict[str, Source]:
        """Sort the given documents by identity; the accepted ones (new, replacing, unchanged)
        by name. The report lists every source, in the order given."""
        by_sha = {s.sha256: s for s in stored}
        by_name = {s.name: s for s in stored}
        accepted: dict[str, Source] = {}
        seen_sha: dict[str, str] = {}
        for src in sources:
            sha = src.sha256
            same_content = by_sha.get(sha)
            if src.name in accepted:
                if accepted[src.name].sha256 == sha:
                    continue
                report.outcomes.append(Outcome(src.name, FAILED, cause="given twice with different content"))
                continue
            if same_content is not None and same_content.name != src.name:
                report.outcomes.append(Outcome(src.name, DUPLICATE, uid=same_content.uid,
                                               duplicate_of=same_content.name))
                continue
            if sha in seen_sha and seen_sha[sha] != src.name:
                report.outcomes.append(Outcome(src.name, DUPLICATE, duplicate_of=seen_sha[sha]))
                continue
            seen_sha[sha] = src.name
            previous = by_name.get(src.name)
            status = STORED if previous is None else UNCHANGED if previous.sha256 == sha else REPLACED
            report.outcomes.append(Outcome(src.name, status))
            accepted[src.name] = src
        return accepted

    def _run(self, stored: list[StoredSource], accepted: dict[str, Source], report: IngestReport,
             metadata: Mapping[str, Mapping[str, Any]] | None,
             on_progress: Callable[[str, str], None] | None, total: int,
             extracted: Mapping[str, Extracted] | None = None) -> None:
        """Extract the stored documents that kept their bytes with the accepted ones, in one run
        sorted by name, and write what changed; then remove what the accepted ones replace."""
        outcome = {o.name: o for o in report.outcomes if o.status in (STORED, REPLACED, UNCHANGED)}
        replaced = [s for s in stored if s.name in accepted and s.sha256 != accepted[s.name].sha256]
        run: dict[str, bytes] = {s.name: s.data for s in stored
                                 if s.data is not None and s.name not in accepted}
        run.update({name: src.data for name, src in accepted.items()})
        legacy = [s.name for s in stored if s.data is None and s.name not in accepted]
        if not run:
            return
        # each document is extracted with what it was stored with (its manifest row), the given
        # ones with what the caller gives now
        metas = {s.name: s.meta for s in stored if s.name in run and s.name not in accepted and s.meta}
        metas.update({name: meta for name, meta in (metadata or {}).items() if name in accepted})
        given = self._usable(extracted or {}, accepted, legacy, report)
        try:
            result, names = self._extract(run, legacy, on_progress, metas, given)
        except KeyboardInterrupt:
            self._mark_unwritten(outcome, "interrupted before it was stored")
            raise IngestInterrupted(report, total) from None
        for err in result.errors:
            name = names.get(err.path, err.path)
            if name in outcome:
                outcome[name].status, outcome[name].cause = FAILED, err.cause
        try:
            self._write(result.documents, run, outcome, replaced, report, on_progress)
        except KeyboardInterrupt:
            self._mark_unwritten(outcome, "interrupted before it was stored")
            raise IngestInterrupted(report, total) from None
        except StoreError:
            self._mark_unwritten(outcome, "not stored: the ingest stopped before it")
            raise
        if legacy:
            report.unlinked = self.store.unlinked_documents(result.task_row_projects(),
                                                            exclude_files=sorted(run))

    def _extract(self, run: dict[str, bytes], legacy: list[str],
                 on_progress: Callable[[str, str], None] | None,
                 metas: Mapping[str, Any], given: Mapping[str, Extracted] | None = None
                 ) -> tuple[Any, dict[str, str]]:
        """One extraction run over ``run`` (name → bytes): the files are written under their
        names in a private directory and read in name order, each with its metadata (``metas``:
        name → a manifest row or a mapping of its fields). ``given``: name → facts extracted
        elsewhere, used for that name instead of extracting it. The run, and each path's name."""
        from ingest.manifest import DocumentMeta, Manifest
        from ingest.parallel import DocumentOutcome
        from ingest.pipeline import extract_paths

        with tempfile.TemporaryDirectory(prefix="policykg-run-") as tmp:
            names: dict[str, str] = {}
            for name in sorted(run):
                path = Path(tmp, *PurePosixPath(name).parts)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(run[name])
                names[str(path)] = name
            manifest = Manifest(path=Path(tmp) / "manifest.csv")
            for name, meta in sorted(metas.items()):
                manifest.add(_as_meta(name, meta, DocumentMeta))
            # documents stored without their bytes take part as before: through the link context
            context = self.store.link_context(exclude_files=sorted(run)) if legacy else None
            paths = {name: path for path, name in names.items()}
            outcomes = {paths[name]: DocumentOutcome(0, paths[name], x.facts, list(x.discovered))
                        for name, x in (given or {}).items() if name in paths}
            result = extract_paths(
                list(names), registry=self._registry_factory() if self._registry_factory else None,
                context=context, manifest=manifest if manifest.rows else None, jobs=self.jobs,
                extracted=outcomes,
                on_document=(lambda p, _f, _e: on_progress("extract", names.get(p, p)))
                if on_progress else None)
        return result, names

    def _usable(self, extracted: Mapping[str, Extracted], accepted: Mapping[str, Source],
                legacy: list[str], report: IngestReport) -> dict[str, Extracted]:
        """The given facts this run can use as they are: those of accepted documents (of their
        name and bytes), made by this extractor, when nothing changes how a document is extracted
        here (documents stored without their bytes add a link context; a registry factory,
        another registry). The others are extracted here again, named in
        ``report.extracted_again``."""
        if not extracted:
            return {}
        from ingest.jsonl import fingerprint

        own = fingerprint()
        alike = not legacy and self._registry_factory is None
        usable = {name: x for name, x in extracted.items()
                  if name in accepted and alike and x.fingerprint == own
                  and getattr(x.facts.document, "file", None) == name
                  and getattr(x.facts.document, "sha256", None) == accepted[name].sha256}
        report.extracted_again.extend(sorted(n for n in extracted if n in accepted and n not in usable))
        return usable

    def _write(self, documents: list[Any], run: dict[str, bytes], outcome: dict[str, Outcome],
               replaced: list[StoredSource], report: IngestReport,
               on_progress: Callable[[str, str], None] | None) -> None:
        """Write each document (in name order) whose facts changed, each whole and durable before
        the next; then remove the stored documents the new contents replace. Ctrl-C is held
        while one document is written and raised after it."""
        for facts in sorted(documents, key=lambda f: f.document.file):
            name = facts.document.file
            if on_progress:
                on_progress("write", name)
            own = outcome.get(name)
            with _deferred_sigint():
                try:
                    summary = self.store.write_document(facts, source=run.get(name))
                except StoreError as err:
                    if own is not None:
                        own.status, own.cause = FAILED, f"not stored: {err}"
                    raise
                except Exception as err:  # a bug in one document's facts stops nothing else
                    if own is None:
                        raise
                    own.status, own.cause = FAILED, f"not stored: {type(err).__name__}: {err}"
                    continue
                if own is not None:
                    own.uid, own.written = summary.document, True
                    own.nodes, own.relationships = summary.nodes, summary.relationships
                elif summary.changed:
                    report.relinked.append(Outcome(name, RELINKED, uid=summary.document))
        for old in replaced:  # the new content is stored: the old one goes
            if outcome.get(old.name) and outcome[old.name].status != FAILED:
                with _deferred_sigint():
                    self.store.delete_document(old.uid)

    @staticmethod
    def _mark_unwritten(outcome: dict[str, Outcome], cause: str) -> None:
        for o in outcome.values():
            if not o.written and o.status != FAILED:
                o.status, o.cause = FAILED, cause


def _as_meta(name: str, meta: Any, meta_type: type) -> Any:
    """A manifest row for ``name``: given as one, or as the fields a stored Document kept."""
    import json

    if isinstance(meta, meta_type):
        return dataclasses.replace(meta, file=name)
    extra = meta.get("properties") or {}
    if isinstance(extra, str):
        extra = json.loads(extra)
    return meta_type(file=name, date=meta.get("date"), title=meta.get("title"), url=meta.get("url"),
                     publisher=meta.get("publisher"), district=meta.get("district"), extra=dict(extra))


def sources_from_paths(paths: Iterable[str | Path]) -> tuple[list[Source], list[tuple[str, str]]]:
    """The files as :class:`Source`, and the ones that could not be read with the cause."""
    sources: list[Source] = []
    errors: list[tuple[str, str]] = []
    for p in map(Path, paths):
        try:
            sources.append(Source.from_path(p))
        except FileNotFoundError:
            errors.append((str(p), "file not found"))
        except IsADirectoryError:
            errors.append((str(p), "is a directory"))
        except OSError as err:
            errors.append((str(p), err.strerror or str(err)))
    return sources, errors


@dataclass(frozen=True, slots=True)
class StoredText:
    """A stored document's text, the one every span of its facts indexes (``text[start:end]``)."""

    uid: str
    file: str
    text: str | None  # None: stored by an earlier version without its bytes
    container: str = "text"  # which reader made it: text, pdf, docx or html


_TEXT_CACHE: dict[tuple[str, str], StoredText] = {}  # (uid, hash of the bytes) → text; a few
_TEXT_CACHE_SIZE = 32
_TEXT_LOCK = threading.Lock()


def stored_text(store: GraphStore, ref: str) -> StoredText | None:
    """The text of the document ``ref`` (uid, file name or sha256) as its facts were extracted
    from: its kept original bytes read again by the same reader (a PDF's text layer, a Word
    file's paragraphs and tables, a web page's article, a text file decoded). None when no
    complete document has that uid, name or sha256.

    Example: ``stored_text(store, "report.pdf").text[start:end] == evidence``.
    """
    from graph.base import unpack_source
    from graph.queries import control_character
    from ingest.read import read_document

    if not ref or control_character(ref) is not None:
        return None
    rows = store.run_named("document_source", {"ref": ref}).rows
    if not rows:
        return None
    row = rows[0]
    uid, name, packed = str(row["uid"]), str(row.get("file") or ""), row.get("packed")
    if not packed:
        return StoredText(uid=uid, file=name, text=None)
    key = (uid, hashlib.sha256(packed.encode("ascii")).hexdigest())
    with _TEXT_LOCK:
        cached = _TEXT_CACHE.get(key)
    if cached is not None:
        return cached
    with tempfile.TemporaryDirectory(prefix="policykg-text-") as tmp:
        path = Path(tmp) / (PurePosixPath(name).name or "document")
        path.write_bytes(unpack_source(packed))
        raw = read_document(path)
    result = StoredText(uid=uid, file=name, text=raw.text, container=raw.container)
    with _TEXT_LOCK:
        if len(_TEXT_CACHE) >= _TEXT_CACHE_SIZE:
            _TEXT_CACHE.pop(next(iter(_TEXT_CACHE)))
        _TEXT_CACHE[key] = result
    return result
