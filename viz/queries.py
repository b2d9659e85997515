"""The store → page records. Reads ONLY through ``GraphStore.run_named``.

Queries used: ``cypher/internal/viz_*.cypher`` (written for these pages: node, edges, mentions,
project_events, project_bureaus, project_metrics, top_projects, top_bureaus) and the shared
``search`` (``api_search`` while ``search`` is missing). Search rows are read tolerantly (a node
map with ``_labels``, or ``uid``/``label``/``name`` columns).

Example::

    q = VizQueries(store)
    centre = q.resolve("望坛")
    sub = q.neighbourhood(centre.uid, NeighbourhoodParams(depth=2))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graph.store import GraphStore, QueryError
from viz.model import GEdge, GNode, History, HistoryEvent, HistoryMetric, Subgraph
from viz.pages import NeighbourhoodParams, Ranked

NODE_LABELS = (
    "Project",
    "Bureau",
    "Place",
    "Metric",
    "Observation",
    "Event",
    "Task",
    "Document",
    "Year",
    "Section",
    "Sentence",
)
SEARCH_QUERIES = ("search", "api_search")
FETCH_FACTOR = 4  # rows fetched per page node: enough to count what the cap folds away
_HIDDEN_PROPS = {
    "keys",
    "search",
    "docs",
    "doc_aliases",
    "by_doc",
    "sentence_uid",
    "start",
    "end",
    "fingerprint",
    "writer",
    "complete",
    "sha256",
    "year_from",
    "year_to",
    "encoding",
}


def is_node(value: Any) -> bool:
    return isinstance(value, Mapping) and "_labels" in value and "uid" in value


def node_from(value: Mapping[str, Any]) -> GNode:
    """A node map from a query result (properties plus ``_labels``) → GNode with a display name."""
    labels = list(value.get("_labels") or [])
    label = next((lab for lab in labels if lab in NODE_LABELS), labels[0] if labels else "Other")
    props = {k: v for k, v in value.items() if not k.startswith("_") and k not in _HIDDEN_PROPS}
    return GNode(str(value["uid"]), label, display_name(label, value), props)


def display_name(label: str, p: Mapping[str, Any]) -> str:
    if label == "Event":
        return f"{p.get('stage') or '事件'}"
    if label == "Observation":
        value = p.get("value")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return f"{p.get('name') or ''} {value if value is not None else ''}{p.get('unit') or ''}".strip()
    if label == "Document":
        return str(p.get("title") or p.get("file") or p.get("uid"))
    if label == "Year":
        return str(p.get("value") or p.get("uid"))
    if label == "Task":
        return str(p.get("id") or p.get("text") or p.get("uid"))
    return str(p.get("name") or p.get("heading") or p.get("uid"))


def _first_node(row: Mapping[str, Any], *columns: str) -> Mapping[str, Any] | None:
    for c in columns:
        if is_node(row.get(c)):
            return row[c]
    return next((v for v in row.values() if is_node(v)), None)


class VizQueries:
    def __init__(self, store: GraphStore):
        self.store = store

    def _rows(self, name: str, params: dict[str, Any]) -> tuple[list[dict[str, Any]], bool]:
        result = self.store.run_named(name, params)
        return result.rows, result.truncated

    # ---- single nodes and search
    def node(self, uid: str) -> GNode | None:
        rows, _ = self._rows("viz_node", {"uid": uid})
        found = _first_node(rows[0], "node") if rows else None
        return node_from(found) if found else None

    def search(self, q: str, limit: int = 50) -> tuple[list[GNode], bool]:
        """Entities whose name, alias or script variant matches ``q`` (the shared ``search``)."""
        q = q.strip()
        if not q:
            return [], False
        rows, truncated = self._search_rows(q, limit)
        nodes: list[GNode] = []
        seen: set[str] = set()
        for row in rows:
            n = _search_node(row)
            if n and n.uid not in seen:
                seen.add(n.uid)
                nodes.append(n)
        return nodes[:limit], truncated or len(nodes) > limit

    def _search_rows(self, q: str, limit: int) -> tuple[list[dict[str, Any]], bool]:
        """The shared ``search`` query (``api_search`` while it is missing), whatever its parameter
        is called."""
        last: QueryError | None = None
        for name in SEARCH_QUERIES:
            for params in ({"q": q, "limit": limit}, {"q": q}, {"name": q, "limit": limit}, {"name": q}):
                try:
                    return self._rows(name, params)
                except QueryError as err:
                    if err.reason not in ("parameter", "not_found"):
                        raise
                    last = err
                    if err.reason == "not_found":
                        break
        assert last is not None
        raise last

    def resolve(self, name: str) -> GNode | None:
        """The best node for a name: an exact uid, else the search's first hit (projects first).
        Pages reached by a link use it; a person typing a name gets :meth:`match` instead."""
        if ":" in name and (n := self.node(name)) is not None:
            return n
        hits, _ = self.search(name, limit=20)
        return sorted(hits, key=lambda n: _match_rank(name, n))[0] if hits else None

    def match(self, name: str, limit: int = 20) -> Match:
        """The entity a typed name means, or the candidates when it could mean several.

        A uid, a single hit, or a single entity whose name (else alias) is exactly ``name``
        wins; otherwise nothing is chosen and every hit is a candidate, best first::

            m = VizQueries(store).match("隆福")
            m.chosen is None and [n.name for n in m.candidates]  # ['隆福寺', '隆福寺二期', …]
        """
        if ":" in name and (n := self.node(name)) is not None:
            return Match(n, [n])
        hits, truncated = self.search(name, limit=limit)
        ranked = sorted(hits, key=lambda n: _match_rank(name, n))
        by_name = [n for n in ranked if n.name == name]
        by_alias = [n for n in ranked if name in _aliases(n)]
        # the one entity whose folded name is the text's (望坛棚改 → 望坛项目, as the registry folds)
        by_key = [n for n in ranked if n.props.get("rank") == 0]
        for group in (ranked if len(ranked) == 1 else [], by_name, by_alias, by_key):
            if len(group) == 1:
                return Match(group[0], ranked, truncated)
        return Match(None, ranked, truncated)

    # ---- neighbourhood
    def neighbourhood(self, uid: str, params: NeighbourhoodParams) -> Subgraph | None:
        """BFS one hop per query up to ``params.depth``; each hop bounded server-side."""
        params = params.clamped()
        centre = self.node(uid)
        if centre is None:
            return None
        budget = max(params.cap * FETCH_FACTOR, 50)
        nodes: dict[str, GNode] = {centre.uid: centre}
        edges: list[GEdge] = []
        seen_edges: set[tuple[Any, ...]] = set()  # the next hop meets an edge again from its other end
        frontier = [centre.uid]
        truncated = False
        labels = list(params.labels)
        for _hop in range(params.depth):
            if not frontier or len(nodes) >= budget:
                truncated = truncated or bool(frontier)
                break
            limit = budget - len(edges) if budget > len(edges) else 1
            common = {"uids": frontier, "labels": labels, "limit": limit}
            rows, cut = self._rows(
                "viz_edges", {**common, "year_from": params.year_from, "year_to": params.year_to}
            )
            # one branch per label in the query: the union's order and cap are applied here
            rows = sorted(rows, key=_edge_order)[:limit]
            mrows, mcut = self._rows("viz_mentions", common)
            mrows = sorted(mrows, key=_mention_order)[:limit]
            truncated = truncated or cut or mcut or len(rows) >= limit or len(mrows) >= limit
            new: list[str] = []
            for row in [*rows, *mrows]:
                other = row.get("node")
                if not is_node(other):
                    continue
                n = node_from(other)
                if n.uid not in nodes:
                    nodes[n.uid] = n
                    new.append(n.uid)
                edge = _edge_from(row)
                key = (edge.source, edge.target, edge.type, edge.evidence, edge.doc,
                       tuple(sorted(edge.props.items())))
                if key not in seen_edges:
                    seen_edges.add(key)
                    edges.append(edge)
            # documents are hubs: only the centre's own document page expands one
            frontier = [u for u in new if nodes[u].label != "Document"]
        return Subgraph(nodes=list(nodes.values()), edges=edges, centre=centre.uid, truncated=truncated)

    # ---- history
    def history(self, uid: str) -> History | None:
        project = self.node(uid)
        if project is None or project.label != "Project":
            return None
        events = [_event_from(r) for r in self._rows("viz_project_events", {"uid": uid})[0]]
        bureaus: list[tuple[GNode, GEdge | None]] = []
        for r in self._rows("viz_project_bureaus", {"uid": uid})[0]:
            b = _first_node(r, "bureau")
            if b is not None:
                bn = node_from(b)
                keys = ("reason", "why", "task", "units", "part", "basis", "facts")
                props = {k: r[k] for k in keys if r.get(k) is not None}
                bureaus.append(
                    (bn, GEdge(uid, bn.uid, "OWNED_BY", r.get("evidence"), r.get("doc"), None, props))
                )
        metrics = [_metric_from(r) for r in self._rows("viz_project_metrics", {"uid": uid})[0]]
        return History(
            project=project,
            events=[e for e in events if e],
            bureaus=_dedupe_bureaus(bureaus),
            metrics=[m for m in metrics if m],
        )

    # ---- home
    def top(self, limit: int = 12) -> tuple[list[Ranked], list[Ranked]]:
        projects = []
        for r in self._rows("viz_top_projects", {"limit": limit})[0]:
            n = _first_node(r, "node")
            if n is not None:
                projects.append(Ranked(node_from(n), int(r.get("degree") or 0), "条关系"))
        bureaus = []
        for r in self._rows("viz_top_bureaus", {"limit": limit})[0]:
            n = _first_node(r, "node")
            if n is not None:
                bureaus.append(Ranked(node_from(n), int(r.get("projects") or 0), "个项目"))
        return projects, bureaus[:limit]


@dataclass(frozen=True, slots=True)
class Match:
    """What a typed name resolves to: ``chosen`` (None when ambiguous or unknown) and the hits."""

    chosen: GNode | None
    candidates: list[GNode]
    truncated: bool = False


_RANK = {"Project": 0, "Bureau": 1, "Place": 2, "Metric": 3}


def _aliases(n: GNode) -> list[str]:
    aliases = n.props.get("aliases") or []
    return [str(a) for a in aliases] if isinstance(aliases, list | tuple) else []


def _match_rank(name: str, n: GNode) -> tuple[int, int, int, str]:
    """Exact names first, then exact aliases, then the rest; projects before bureaus …"""
    exact = 0 if n.name == name else 1 if name in _aliases(n) else 2
    return (exact, _RANK.get(n.label, 9), len(n.name), n.uid)


def _edge_from(row: Mapping[str, Any]) -> GEdge:
    props = {k: row[k] for k in ("reason", "task", "units", "basis", "mentions") if row.get(k) is not None}
    node = row.get("node") or {}
    return GEdge(
        str(row["source"]),
        str(row["target"]),
        str(row.get("type") or "RELATED"),
        evidence=row.get("evidence"),
        doc=row.get("doc"),
        year=node.get("year") if isinstance(node, Mapping) else None,
        props=props,
    )


def _search_node(row: Mapping[str, Any]) -> GNode | None:
    n = _first_node(row, "node", "entity", "n")
    if n is not None:
        return node_from(n)
    if row.get("uid"):
        label = row.get("label") or (row.get("labels") or ["Other"])[0]
        if isinstance(label, list):
            label = label[0] if label else "Other"
        props = {
            k: v for k, v in row.items() if k not in ("uid", "label", "labels", "name") and v is not None
        }
        return GNode(str(row["uid"]), str(label), str(row.get("name") or row["uid"]), props)
    return None


def _event_from(row: Mapping[str, Any]) -> HistoryEvent | None:
    ev = _first_node(row, "event", "e", "node")
    src: Mapping[str, Any] = ev if ev is not None else row
    stage = src.get("stage") or row.get("stage")
    if not stage:
        return None
    return HistoryEvent(
        year=src.get("year", row.get("year")),
        stage=str(stage),
        tense=str(src.get("tense") or row.get("tense") or "done"),
        evidence=src.get("evidence") or row.get("evidence"),
        doc=src.get("doc") or row.get("doc"),
        uid=src.get("uid"),
        part=row.get("part"),
    )


def _metric_from(row: Mapping[str, Any]) -> HistoryMetric | None:
    o = _first_node(row, "observation", "node")
    if o is None:
        return None
    value = o.get("value")
    return HistoryMetric(
        name=str(row.get("metric") or o.get("name") or "指标"),
        value=float(value) if isinstance(value, int | float) else None,
        unit=o.get("unit"),
        year=o.get("year"),
        qualifier=o.get("qualifier"),
        evidence=o.get("evidence"),
        doc=o.get("doc"),
        uid=o.get("uid"),
        part=row.get("part"),
    )


def _dedupe_bureaus(items: Iterable[tuple[GNode, GEdge | None]]) -> list[tuple[GNode, GEdge | None]]:
    out: dict[str, tuple[GNode, GEdge | None]] = {}
    for node, edge in items:
        if node.uid not in out or (out[node.uid][1] is None and edge is not None):
            out[node.uid] = (node, edge)
    return list(out.values())


def _edge_order(row: dict[str, Any]) -> tuple[str, str, str, str]:
    return tuple(str(row.get(k) or "") for k in ("at", "type", "target", "source"))  # type: ignore[return-value]


def _mention_order(row: dict[str, Any]) -> tuple[str, str, str]:
    return tuple(str(row.get(k) or "") for k in ("at", "source", "target"))  # type: ignore[return-value]
