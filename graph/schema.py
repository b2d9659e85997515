"""Schema DDL: indexes and uniqueness per backend — the one place the backends differ.

The indexes come from the graph model's declaration (:mod:`graph.model`): every label has a
unique ``uid``; document-scoped labels are indexed on ``by_doc`` (the writer finds a document's
old facts by it), and so are relationships between nodes no document owns (OWNED_BY,
LOCATED_IN); the declared extras (Year ``value``, Document ``file`` and ``sha256``, names).
FalkorDB: range indexes plus ``GRAPH.CONSTRAINT CREATE … UNIQUE`` (a unique constraint needs an
index on the property first). Neo4j 5: ``CREATE CONSTRAINT … REQUIRE … IS UNIQUE`` (which
brings its own index) and range indexes.
"""

from __future__ import annotations

import contextlib
import re
import time
from dataclasses import dataclass
from typing import Any

import redis

from graph import model, owners

# Read from the one declaration of the graph model (graph/model.py).
LABELS = model.LABELS
DOC_SCOPED = model.DOC_SCOPED
SCHEMA_VERSION = 1
RELATIONSHIP_TYPES = model.RELATIONSHIP_TYPES
# Every relationship type and property key the writer sets or a query reads (tools/cypher_lint.mjs
# holds the same lists). FalkorDB resolves a type or key when it plans a query and caches the
# plan: a query planned while a type is unknown to the graph reads its relationships' properties
# as null ever after, even once documents carry them (a server started on an empty store answered
# uploads' provenance with null, hence 500s). So a store registers them all when it opens
# (:func:`ensure_falkordb`).
PROPERTY_KEYS = (
    "uid", "name", "aliases", "kind", "keys", "search", "grams",
    "file", "title", "date", "sha256", "encoding", "complete", "fingerprint", "garbled", "writer",
    "supports", "source_zip",
    "doc", "by_doc", "heading", "level", "parent", "year", "tense", "period", "index", "text",
    "evidence", "start", "end", "column", "row", "section",
    "id", "stage", "project", "year_from", "year_to", "value", "unit", "qualifier", "subject",
    "base_value", "base_unit",
    "sentence_uid", "basis", "task", "span", "sole",
    # a manifest's metadata on Document; the stated role on OWNED_BY; a PDF page on provenance
    "url", "publisher", "district", "properties", "relation", "page",
    # the part suffix (二期, 南坊 …) on PART_OF (a project's phase or part → the project)
    "part", "suffix",
    # the counts the writer keeps on entities (graph/model.py Counter) and each document's share
    *model.counter_keys(), "counts",
    # the graph's totals on the Counts node (graph/model.py COUNTS)
    "labels", "nodes", "types", "rels",
    # the ownership aggregates the writer keeps on each Project (graph/owners.py)
    *owners.KEYS,
    # an entity's surface forms and the complete documents naming it by each (graph/model.py FORMS)
    model.FORMS, model.FORM_DOCS,
    # on the Counts node: the Years and the IN_YEAR relationships pointing at each (model.KEPT)
    model.KEPT, model.KEPT_USES,
    # the writer's order for the name-sorted pages, on Shelf nodes (graph/shelves.py)
    "of", "low", "uids",
    # an Observation's entry of its metric's series, one ordered string (graph/rows.py series_entry),
    # and its bucket, the metric and first year (series_bucket)
    "entry", "series",
)


_INFO_COUNT = re.compile(r"\b(numDocuments|maxDocId): (\d+)")


def falkordb_indexes() -> list[tuple[str, str]]:
    return model.indexes()


def ensure_falkordb(conn: Any, graph: str) -> None:
    """Create the indexes and unique constraints the graph lacks and drop the retired ones
    (`model.RETIRED_INDEXES`). Idempotent, and it issues
    nothing that exists already (a refused DDL command would still be logged to the AOF). A
    command the engine refuses because another client made the same change meanwhile is let
    pass; a server that does not answer is not (``redis.TimeoutError``, ``ConnectionError``)."""
    indexes = _falkordb_rows(conn, graph,
                             "CALL db.indexes() YIELD label, properties RETURN label, properties")
    constraints = _falkordb_rows(conn, graph,
                                 "CALL db.constraints() YIELD label, properties RETURN label, properties")
    for label, prop in falkordb_indexes():
        if (label, prop) not in indexes:
            with contextlib.suppress(redis.ResponseError):  # created meanwhile by another client
                _create_index(conn, graph, label, prop)
    for label, prop in model.RETIRED_INDEXES:
        if (label, prop) in indexes:
            with contextlib.suppress(redis.ResponseError):  # dropped meanwhile by another client
                _drop_index(conn, graph, label, prop)
    for rel in model.relationship_indexes():
        if (rel, "by_doc") not in indexes:
            with contextlib.suppress(redis.ResponseError):
                conn.execute_command("GRAPH.QUERY", graph, f"CREATE INDEX FOR ()-[r:{rel}]-() ON (r.by_doc)")
    for rel, prop in model.counted_relationship_indexes():
        if (rel, prop) not in indexes:
            with contextlib.suppress(redis.ResponseError):
                conn.execute_command("GRAPH.QUERY", graph, f"CREATE INDEX FOR ()-[r:{rel}]-() ON (r.{prop})")
    for label in LABELS:
        if (label, "uid") not in constraints:
            with contextlib.suppress(redis.ResponseError):  # created meanwhile by another client
                _unique_uid(conn, graph, "CREATE", label)
    register_property_keys(conn, graph)


def _create_index(conn: Any, graph: str, label: str, prop: str) -> None:
    conn.execute_command("GRAPH.QUERY", graph, f"CREATE INDEX FOR (n:{label}) ON (n.{prop})")


def _drop_index(conn: Any, graph: str, label: str, prop: str) -> None:
    conn.execute_command("GRAPH.QUERY", graph, f"DROP INDEX ON :{label}({prop})")


def _unique_uid(conn: Any, graph: str, action: str, label: str) -> None:
    """CREATE or DROP the unique constraint on a label's ``uid``."""
    conn.execute_command("GRAPH.CONSTRAINT", action, graph, "UNIQUE", "NODE", label, "PROPERTIES", 1, "uid")


@dataclass(frozen=True, slots=True)
class IndexState:
    """One label's FalkorDB index: its properties, the nodes it holds, and the entries it has
    handed out (``max_doc_id``): every SET on a node re-indexes the node under a new entry and
    the old one stays (the engine's index runs with no garbage collection, ``gcPolicy: 0``)."""

    label: str
    properties: tuple[str, ...]
    documents: int
    max_doc_id: int

    @property
    def garbage(self) -> int:
        return max(0, self.max_doc_id - self.documents)


def falkordb_index_states(conn: Any, graph: str) -> list[IndexState]:
    """The node indexes and their entry counts (empty when the engine does not report them)."""
    try:
        rows = _rows(conn, graph, "CALL db.indexes() YIELD label, properties, entitytype, info "
                                  "RETURN label, properties, entitytype, info")
    except Exception:
        return []
    out = []
    for label, props, kind, info in rows:
        fields = dict(_INFO_COUNT.findall(_text(info)))  # a map printed as text in the raw reply
        if _text(kind) != "NODE" or "numDocuments" not in fields or "maxDocId" not in fields:
            continue
        out.append(IndexState(_text(label), _property_names(props), int(fields["numDocuments"]),
                              int(fields["maxDocId"])))
    return out


def rebuild_falkordb_index(conn: Any, graph: str, state: IndexState, *, wait_s: float = 60.0) -> None:
    """Build one label's index again, which drops its stale entries: the unique constraint
    (if any) and the index out, the same DDL as :func:`ensure_falkordb` in, then wait until the
    engine has filled both (it builds them in the background). Callers hold the write lock,
    so nothing can break uniqueness meanwhile; readers fall back to a label scan for the few
    milliseconds of the gap. A crash in between leaves them missing, and the next open creates
    them (:func:`ensure_falkordb`)."""
    constrained = state.label in LABELS and "uid" in state.properties
    if constrained:
        _unique_uid(conn, graph, "DROP", state.label)
    for prop in state.properties:
        _drop_index(conn, graph, state.label, prop)
    for prop in state.properties:
        _create_index(conn, graph, state.label, prop)
    if constrained:
        _unique_uid(conn, graph, "CREATE", state.label)
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        pending = [row for kind in ("indexes", "constraints") for row in _rows(
            conn, graph, f"CYPHER label='{state.label}' CALL db.{kind}() YIELD label, status "
                         "WHERE label = $label AND status <> 'OPERATIONAL' RETURN label")]
        if not pending:
            return
        time.sleep(0.002)


def _rows(conn: Any, graph: str, query: str) -> list[Any]:
    """The rows of a raw GRAPH.RO_QUERY reply (header, rows, statistics)."""
    res = conn.execute_command("GRAPH.RO_QUERY", graph, query)
    return res[1] if isinstance(res, list) and len(res) > 1 else []


def _property_names(props: Any) -> tuple[str, ...]:
    """A db.indexes()/db.constraints() property list: a list, or '[a, b]' as text."""
    names = props if isinstance(props, list) else _text(props).strip("[]").split(",")
    return tuple(_text(p).strip() for p in names if _text(p).strip())


def register_property_keys(conn: Any, graph: str) -> None:
    """Make every type of :data:`RELATIONSHIP_TYPES` and key of :data:`PROPERTY_KEYS` known to
    the graph (see there why): relationships and a node carrying them are created and deleted in
    one query, only when some are missing (nothing is logged otherwise)."""
    keys = _known(conn, graph, "CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey")
    types = _known(conn, graph, "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType")
    missing_keys = [k for k in PROPERTY_KEYS if k not in keys]
    missing_types = [t for t in RELATIONSHIP_TYPES if t not in types]
    if not missing_keys and not missing_types:
        return
    props = ", ".join(f"`{k}`: 0" for k in missing_keys)
    edges = "".join(f", (a)-[:`{t}`]->(a)" for t in missing_types)
    conn.execute_command("GRAPH.QUERY", graph, f"CREATE (a {{{props}}}){edges} DETACH DELETE a")


def _known(conn: Any, graph: str, query: str) -> set[str]:
    try:
        return {_text(row[0]) for row in _rows(conn, graph, query)}
    except redis.ResponseError:
        return set()  # a new graph: nothing yet


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _falkordb_rows(conn: Any, graph: str, query: str) -> set[tuple[str, str]]:
    """(label, property) pairs of a db.indexes()/db.constraints() answer ('[a, b]' lists)."""
    try:
        rows = _rows(conn, graph, query)
    except redis.ResponseError:
        return set()  # a new graph: nothing yet
    return {(_text(row[0]), prop) for row in rows for prop in _property_names(row[1])}


def neo4j_statements() -> list[str]:
    """Neo4j 5 DDL (idempotent with IF NOT EXISTS)."""
    out = [f"CREATE CONSTRAINT {label.lower()}_uid IF NOT EXISTS FOR (n:{label}) REQUIRE n.uid IS UNIQUE"
           for label in LABELS]
    out += [f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
            for label, prop in model.indexes() if prop != "uid" or label not in LABELS]
    out += [f"DROP INDEX {label.lower()}_{prop} IF EXISTS" for label, prop in model.RETIRED_INDEXES]
    out += [f"CREATE INDEX {rel.lower()}_doc IF NOT EXISTS FOR ()-[r:{rel}]-() ON (r.by_doc)"
            for rel in model.relationship_indexes()]
    out += [f"CREATE INDEX {rel.lower()}_{prop} IF NOT EXISTS FOR ()-[r:{rel}]-() ON (r.{prop})"
            for rel, prop in model.counted_relationship_indexes()]
    # Neo4j's range indexes leave lists out (``grams``): its text index answers the substring
    # search's ``search CONTAINS`` instead
    out += [f"CREATE TEXT INDEX {label.lower()}_search IF NOT EXISTS FOR (n:{label}) ON (n.search)"
            for label, prop in model.indexes() if prop == "grams"]
    return out
