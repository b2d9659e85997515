"""The graph model, declared once: labels, keys, relationships, what a document owns, and the
counts the writer keeps.

Everything that knows the shape of the graph reads this declaration:

* ``tools/gen_cypher.py`` writes the writer's query (``cypher/write/apply_document.cypher``), the
  ``stats`` query and the entities export (``cypher/export/entities.cypher``) from it; the files
  are committed and ``tests/test_model.py`` fails when one is stale;
* :mod:`graph.schema` makes its indexes and constraints from it (every label's key, ``by_doc``
  on what a document owns, the declared extra indexes);
* :mod:`graph.rows` builds one row list per declared node kind and relationship
  (:func:`node_param`, :func:`rel_param`), and :func:`empty_params` gives a delete's empty lists.

Scopes of a label:

``root``     the Document: its facts hang off it and go with it;
``document`` owned by one document (``by_doc``): removed with it, written anew with it;
``entity``   named by many documents (Project, Bureau, Place): names merged on a new document,
             recomputed exactly on a replace or delete, removed when no document names it;
``shared``   merged by key (Metric, Year): kept while a relationship of type ``kept_by`` points
             at it.

A relationship is removed with a document-scoped end; one between two nodes that are not
document-scoped (OWNED_BY, LOCATED_IN) carries ``by_doc`` and is removed by it (indexed).

Counters (``Counter``) are properties of entities kept by the writer in the same query, so the
"top" lists read a property instead of counting edges: ``degree`` counts the relationships of
the listed types (one per row written), ``distinct`` counts distinct other ends over every
document (a project owned by a bureau in thirty reports counts once).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ROOT, DOCUMENT, ENTITY, SHARED = "root", "document", "entity", "shared"


@dataclass(frozen=True, slots=True)
class Counter:
    name: str
    types: tuple[str, ...]  # relationship types counted (either direction)
    distinct: bool = False  # count distinct other ends instead of relationships


@dataclass(frozen=True, slots=True)
class NodeType:
    label: str
    scope: str
    rows: str | None = None  # the writer's parameter for its rows (plural: "sections")
    indexes: tuple[str, ...] = ()  # indexed properties besides the key (and by_doc)
    kept_by: str | None = None  # shared: kept while a relationship of this type points at it
    counters: tuple[Counter, ...] = ()
    key: str = "uid"
    # shared: every property follows from the key (a Year's value), so the writer sets them when
    # it creates the node and never again. A SET on a node re-indexes it, and in FalkorDB (4.x)
    # that leaves an entry in the label's numeric index that is never collected: a Year written
    # into by every document made each lookup by value cost more as the store grew.
    fixed: bool = False


@dataclass(frozen=True, slots=True)
class RelType:
    type: str
    start: str
    end: str
    end_key: str = "uid"  # the property of the end node a row's ``target`` names
    chain: bool = False  # Year → Year + 1: made by the writer from its rows' ``next``/``prev`` uids
    by_writer: bool = True  # False: made by another query (cypher/link/); counted, typed, not written
    # not kept by the writer: the stats query counts it through an index on this property, which
    # every one of them carries as a NON-EMPTY string (``>= ''``; FalkorDB's index leaves empty
    # strings out), instead of reading every node of an end's label
    counted_by: str | None = None


NODES: tuple[NodeType, ...] = (
    NodeType("Document", ROOT, indexes=("file", "sha256")),
    NodeType("Section", DOCUMENT, rows="sections"),
    NodeType("Sentence", DOCUMENT, rows="sentences"),
    NodeType(
        "Project",
        ENTITY,
        rows="projects",
        # degree: the top list (viz_top_projects) starts from it; owner_keys: a bureau's
        # projects, rank by rank (graph/owners.py)
        indexes=("name", "keys", "degree", "owner_keys", "grams"),
        counters=(Counter("degree", ("OWNED_BY", "LOCATED_IN", "REPORTS", "HAS_EVENT", "ABOUT")),),
    ),
    NodeType(
        "Bureau",
        ENTITY,
        rows="bureaus",
        indexes=("name", "keys", "grams"),
        counters=(Counter("projects", ("OWNED_BY",), distinct=True), Counter("tasks", ("ASSIGNED_TO",))),
    ),
    NodeType("Place", ENTITY, rows="places", indexes=("name", "keys", "grams")),
    NodeType("Task", DOCUMENT, rows="tasks"),
    NodeType("Event", DOCUMENT, rows="events"),
    NodeType("Year", SHARED, rows="years", indexes=("value",), kept_by="IN_YEAR", fixed=True),
    NodeType(
        "Metric",
        SHARED,
        rows="metrics",
        indexes=("name", "keys", "grams"),
        kept_by="OF",
        counters=(Counter("observations", ("OF",)),),
    ),
    # series: a metric's observations by first year, the buckets its series pages read in order
    NodeType("Observation", DOCUMENT, rows="observations", indexes=("series",)),
)

RELATIONSHIPS: tuple[RelType, ...] = (
    RelType("IN", "Section", "Document"),
    RelType("IN", "Sentence", "Section"),
    RelType("MENTIONED_IN", "Project", "Sentence"),
    RelType("MENTIONED_IN", "Bureau", "Sentence"),
    RelType("MENTIONED_IN", "Place", "Sentence"),
    RelType("MENTIONED_IN", "Task", "Sentence"),
    RelType("ASSIGNED_TO", "Task", "Bureau"),
    RelType("REPORTS", "Task", "Project"),
    RelType("OWNED_BY", "Project", "Bureau"),
    RelType("LOCATED_IN", "Project", "Place"),
    RelType("HAS_EVENT", "Project", "Event"),
    RelType("IN_YEAR", "Event", "Year"),
    RelType("MENTIONED_IN", "Event", "Sentence"),
    RelType("OF", "Observation", "Metric"),
    RelType("IN_YEAR", "Observation", "Year"),
    RelType("MENTIONED_IN", "Observation", "Sentence"),
    RelType("ABOUT", "Observation", "Project"),
    RelType("ABOUT", "Observation", "Place"),
    RelType("NEXT", "Year", "Year", chain=True),
    # a project's phase or part → the project (cypher/link/part_of.cypher, after every write)
    RelType("PART_OF", "Project", "Project", by_writer=False, counted_by="part"),
)

BY_LABEL = {n.label: n for n in NODES}
LABELS = tuple(n.label for n in NODES)
DOC_SCOPED = tuple(n.label for n in NODES if n.scope == DOCUMENT)
ENTITY_LABELS = tuple(n.label for n in NODES if n.scope == ENTITY)
RELATIONSHIP_TYPES = tuple(dict.fromkeys(r.type for r in RELATIONSHIPS))
# The graph's totals, kept by the writer in the same query on one node (label COUNTS, uid
# "counts"): ``labels``/``nodes`` and ``types``/``rels`` are parallel lists, in the order below.
# NEXT (Year → Year) is not kept: it is as small as the years, and counted by the stats query.
COUNTS = "Counts"
COUNTED_LABELS = LABELS
COUNTED_TYPES = tuple(dict.fromkeys(r.type for r in RELATIONSHIPS if r.by_writer and not r.chain))
UNCOUNTED_TYPES = tuple(t for t in RELATIONSHIP_TYPES if t not in COUNTED_TYPES)
# The order the writer keeps for the name-sorted pages (graph/shelves.py): the bookkeeping nodes
# (label SHELF) holding each shelved label's sort keys (label → the property it is sorted by, then
# uid), about SHELF_SIZE to a shelf. Set by the writer's query from the ``shelves`` rows.
SHELF = "Shelf"
SHELVED = {"Document": "file", "Project": "name"}
SHELF_SIZE = 64
SHELF_PARAMS = ("shelf_moves", "shelves")
# The ownership aggregates the writer keeps on each Project it touches (graph/owners.py), set by
# the writer's query from this parameter's {uid, props} rows after the document's facts.
OWNER_AGGREGATES = "project_owners"
# per-row fields of the writer's parameters (the Cypher linter needs them as property keys)
ROW_KEYS = ("props", "source", "target", "uid", "name", "kind", "aliases", "keys", "value", "forms",
            "change")
# An entity's surface forms and, parallel, how many complete documents name it by each (kept by
# the writer in the same query): a replace or delete reads what the OTHER documents call the
# entities it touches from the entities themselves, not from every Document's ``supports``.
FORMS, FORM_DOCS = "forms", "form_docs"
# On the Counts node, parallel: the uncounted shared nodes' uids (Year) and how many relationships
# of their ``kept_by`` type point at each (kept by the writer from the rows' change, ``KEPT_CHANGE``:
# {uid, change}); a replace or delete removes one of the Years its old facts pointed to when it
# is no longer listed, without reading the thousands of relationships a year has.
KEPT, KEPT_USES, KEPT_CHANGE = "kept", "kept_uses", "kept_change"


def scoped(rel: RelType) -> bool:
    """Whether the relationship carries ``by_doc`` itself (no end of it is document-scoped)."""
    ends = (BY_LABEL[rel.start].scope, BY_LABEL[rel.end].scope)
    return rel.by_writer and not rel.chain and DOCUMENT not in ends


def node_param(label: str) -> str:
    rows = BY_LABEL[label].rows
    assert rows, label
    return rows


def rel_param(rel: RelType | tuple[str, str, str]) -> str:
    """``(Project)-[:OWNED_BY]->(Bureau)`` → ``project_owned_by_bureau``."""
    start, type_, end = (rel.start, rel.type, rel.end) if isinstance(rel, RelType) else rel
    return f"{start.lower()}_{type_.lower()}_{end.lower()}"


def shared_param(label: str) -> str:
    """The writer's parameter for the uids of a shared node kind (``kept_by``) that the document's
    OLD facts pointed to: only those can have become orphans (``old_years``)."""
    return f"old_{node_param(label)}"


def kept_shared() -> tuple[NodeType, ...]:
    """The shared node kinds removed when nothing of type ``kept_by`` points at them."""
    return tuple(n for n in NODES if n.scope == SHARED and n.kept_by)


def uncounted_shared() -> tuple[NodeType, ...]:
    """The kept shared kinds without a counter of their ``kept_by`` relationships (Year: a SET on
    a Year would re-index it on every write, see ``fixed``): their counts are kept on the Counts
    node instead (``KEPT``/``KEPT_USES``), which every write sets anyway."""
    return tuple(n for n in kept_shared()
                 if not any(c.types == (n.kept_by,) and not c.distinct for c in n.counters))


def uses_rows(params: dict[str, Any]) -> dict[str, int]:
    """uid → the relationships of ``kept_by`` type a write's rows point at each uncounted shared
    node (:func:`uncounted_shared`)."""
    out: dict[str, int] = {}
    for n in uncounted_shared():
        for rel in writable_relationships():
            if rel.type == n.kept_by and rel.end == n.label:
                for row in params.get(rel_param(rel)) or []:
                    out[row["target"]] = out.get(row["target"], 0) + 1
    return out


def counter_param(label: str) -> str:
    return f"{label.lower()}_counts"


def entity_params(label: str) -> tuple[str, str, str]:
    """A new document's names (merged), exact rows after a replace, uids to drop."""
    rows = node_param(label)
    return rows, f"{label.lower()}_updates", f"drop_{rows}"


def counters() -> list[tuple[str, Counter]]:
    return [(n.label, c) for n in NODES for c in n.counters]


def others_query(label: str, counter: Counter) -> str:
    """The writer's read of a distinct counter's pairs held by other documents (generated)."""
    return f"others_{label.lower()}_{counter.name}"


def counter_keys() -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.name for _, c in counters()))


def writable_relationships() -> tuple[RelType, ...]:
    return tuple(r for r in RELATIONSHIPS if r.by_writer and not r.chain)


def empty_params() -> dict[str, Any]:
    """Every row list of the writer's query, empty (a delete writes nothing new)."""
    out: dict[str, Any] = {}
    for n in NODES:
        if n.scope == ENTITY:
            out.update(dict.fromkeys(entity_params(n.label), None))
        elif n.rows:
            out[n.rows] = None
        if n.counters:
            out[counter_param(n.label)] = None
    for n in kept_shared():
        out[shared_param(n.label)] = None
    for r in writable_relationships():
        out[rel_param(r)] = None
    return {
        **{k: [] for k in out},
        OWNER_AGGREGATES: [],
        KEPT_CHANGE: [],
        **{p: [] for p in SHELF_PARAMS},
        "node_change": [0] * len(COUNTED_LABELS),
        "rel_change": [0] * len(COUNTED_TYPES),
    }


def indexes() -> list[tuple[str, str]]:
    """(label, property) of every node index: keys, ``by_doc`` of what a document owns, extras."""
    return (
        [(n.label, n.key) for n in NODES]
        + [(label, "by_doc") for label in DOC_SCOPED]
        + [(n.label, p) for n in NODES for p in n.indexes]
        + [(COUNTS, "uid")]
        # a shelf by uid (the writer sets it) and by label (a page, the writer's look for a key's
        # shelf); not by the uids it holds: every SET of a shelf would index them all again
        + [(SHELF, "uid"), (SHELF, "of")]
    )


# Node indexes an earlier writer declared and no query reads any more: a store that still has
# one drops it when it opens (each of them is kept up by every write that touches the label).
RETIRED_INDEXES: tuple[tuple[str, str], ...] = (
    ("Project", "owners"),  # replaced by owner_keys: a bureau's projects, rank by rank
)


def counted_relationship_indexes() -> list[tuple[str, str]]:
    """(type, property) of the relationship indexes the stats query counts by (``counted_by``)."""
    return list(dict.fromkeys((r.type, r.counted_by) for r in RELATIONSHIPS if r.counted_by))


def relationship_indexes() -> list[str]:
    """Relationship types indexed on ``by_doc`` (removed by it, not with a node)."""
    return list(dict.fromkeys(r.type for r in RELATIONSHIPS if scoped(r)))
