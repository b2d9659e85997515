"""The store interface every backend implements, and the records it returns.

api/, viz/ and the CLI talk to a graph only through :class:`GraphStore`. Results come back in
one JSON-ready shape from every backend (:class:`QueryResult`); engine ids never leave graph/,
nodes are identified by their ``uid`` property.

Open a store from its URL with :func:`graph.open_store`::

    with open_store("falkordb:./data/policykg") as store:
        store.write_document(doc_facts)
        rows = store.run_named("bureau_projects", {"bureau": "区住建委"}).rows
"""

from __future__ import annotations

import abc
import contextlib
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ingest.types import DocumentFacts, Facts, LinkContext

_INGEST_LOCKS: dict[str, threading.RLock] = {}


class StoreError(Exception):
    """A store that cannot be opened or written (not a user's query error)."""


class QueryError(Exception):
    """A user's query refused or failed: the API answers these with a 4xx, never a 5xx.

    ``reason`` is one of ``write`` (the query would change the graph), ``syntax``,
    ``timeout``, ``parameter`` (missing or ill-typed), ``not_found`` (no such named query),
    ``disabled``, ``too_complex`` (text the engine could not bound once started: see
    :mod:`graph.cost_guard`).
    """

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(slots=True)
class QueryResult:
    """Rows as plain JSON values (nodes become dicts of their properties plus ``_labels``;
    relationships dicts of their properties plus ``_type``)."""

    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool = False  # the row cap cut the result
    elapsed_ms: float = 0.0


@dataclass(slots=True)
class WriteSummary:
    document: str
    nodes: int
    relationships: int
    replaced: bool = False  # the document was already stored and was replaced
    changed: bool = True  # False: the stored document had the same facts, nothing was written


@dataclass(slots=True)
class StoredSource:
    """A stored document's identity and original bytes (``data`` None: written without them)."""

    uid: str
    name: str
    sha256: str
    data: bytes | None = None
    # what the document was extracted with besides its bytes (a manifest row: date, title, url,
    # publisher, district, properties), so that extracting it again gives the same facts
    meta: dict | None = None


@dataclass(slots=True)
class UnlinkedDocument:
    """A stored document that mentions projects of a later run's task rows without the
    ownership those rows would give it (``GraphStore.unlinked_documents``)."""

    file: str
    projects: list[str]


@dataclass(slots=True)
class StoreStats:
    labels: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)

    @property
    def nodes(self) -> int:
        return sum(self.labels.values())

    @property
    def edges(self) -> int:
        return sum(self.relationships.values())


class GraphStore(abc.ABC):
    """One graph database holding the facts of many documents."""

    url: str

    # ---- writing
    @abc.abstractmethod
    def write_document(self, facts: DocumentFacts, source: bytes | None = None) -> WriteSummary:
        """Store one document's facts, whole or not at all. Writing the same document again
        replaces it and leaves node and relationship counts unchanged (idempotent). ``source``:
        the file's original bytes, kept (compressed) so that a later run can extract it again.
        Callers that ingest go through :class:`graph.service.IngestService`, which owns
        document identity and linking."""

    def stored_sources(self) -> list[StoredSource]:
        """Every stored document's identity and original bytes (see :class:`StoredSource`)."""
        return [StoredSource(uid=str(d["uid"]), name=d.get("file") or "", sha256=d.get("sha256") or "")
                for d in self.documents()]

    @contextlib.contextmanager
    def ingest_lock(self) -> Iterator[None]:
        """Held by :class:`graph.service.IngestService` for a whole ingest (read what is stored,
        extract, write): one ingest at a time per store, across threads (and, for the embedded
        store, across processes)."""
        with _INGEST_LOCKS.setdefault(self.url, threading.RLock()):
            yield

    @abc.abstractmethod
    def delete_document(self, doc: str) -> bool:
        """Remove a document (by id, file name or sha256), its facts, and the entities that no
        other document supports. Returns False when it was not stored."""

    # ---- reading
    @abc.abstractmethod
    def run_named(
        self,
        name: str,
        params: dict[str, Any] | None = None,
        *,
        timeout_ms: int | None = None,
        row_cap: int | None = None,
    ) -> QueryResult:
        """Run a query of ``cypher/<name>.cypher`` with typed parameters from its header, read-only
        (engine-enforced), with a server-side timeout and a row cap (defaults: 10 s, 10,000 rows)."""

    @abc.abstractmethod
    def run_readonly(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        *,
        timeout_ms: int = 1000,
        row_cap: int = 1000,
    ) -> QueryResult:
        """Run an ad-hoc query that the ENGINE guarantees is read-only, with a server-side
        timeout and a row cap. Raises :class:`QueryError` (write, syntax, timeout)."""

    @abc.abstractmethod
    def stats(self) -> StoreStats: ...

    @abc.abstractmethod
    def export_facts(self) -> Facts:
        """The stored facts back in the shape of FACTS.md (round-trips ``extract``)."""

    def dump_graph(self, *, with_text: bool = False) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Every node (a dict of properties plus ``_labels``) and every relationship (its
        properties plus ``source``/``target`` uids and ``type``), for networkx. Sentence and
        Section nodes only ``with_text``."""
        raise NotImplementedError

    def link_context(self, exclude_files: Iterable[str] = ()) -> LinkContext:
        """What a new run links against: the project names and task-row owners of the stored
        documents, leaving out ``exclude_files`` (the run's own files, about to be replaced)."""
        return LinkContext()

    def unlinked_documents(self, projects: Iterable[str], exclude_files: Iterable[str] = ()
                           ) -> list[UnlinkedDocument]:
        """The stored documents outside a run that mention ``projects`` (names of the projects
        the run's task rows report) without ``inferred_via_task`` ownership for them: a task
        table stored after them does not reach back, and an ingest of them again links them."""
        return []

    def explain_empty(self, name: str, params: dict[str, Any] | None = None) -> str | None:
        """Why the named query ``name`` answered nothing with ``params``: one sentence saying what
        the store does hold (``the store holds 3 mention(s) of X in 2 document(s) but no stated
        owner``), from the query its header names (``// when_empty:``); None when the query has
        none or the store holds nothing of the name either."""
        return None

    def link_families(self) -> int:
        """Make the store's PART_OF links (a phase or part of a project → the project) exactly
        what the part-suffix grammar (:mod:`ingest.families`) finds among the stored projects;
        run after every ingest, relink and delete. The number of links."""
        return 0

    @abc.abstractmethod
    def documents(self) -> list[dict[str, Any]]:
        """The stored documents' properties (uid, file, title, date, kind, sha256)."""

    @abc.abstractmethod
    def ping(self) -> bool: ...

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
