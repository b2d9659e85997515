"""Plain records the pages are drawn from, and what is done to them before drawing.

A page never sees the store: :mod:`viz.queries` fills these records from named-query results,
the tests and the benchmark build them directly. Everything here is pure and deterministic.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from viz.style import MORE

YearValue = int | str | None  # 2022, "2017-2021" for a span, or unknown


@dataclass(frozen=True, slots=True)
class GNode:
    uid: str
    label: str  # Project, Bureau, Place, Metric, Document … (More for a summary node)
    name: str
    props: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class GEdge:
    source: str  # uid
    target: str  # uid
    type: str  # OWNED_BY, HAS_EVENT …
    evidence: str | None = None  # the sentence the fact was read from
    doc: str | None = None  # its document (file name)
    year: YearValue = None
    props: Mapping[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Subgraph:
    """Nodes and edges around ``centre`` (a uid), as given or as cut down for a page."""

    nodes: list[GNode]
    edges: list[GEdge]
    centre: str | None = None
    truncated: bool = False  # the store's cap cut the result before it reached us
    hidden: int = 0  # nodes folded into "N more" summary nodes here


@dataclass(frozen=True, slots=True)
class HistoryEvent:
    year: YearValue
    stage: str
    tense: str  # done | planned | expected
    evidence: str | None = None
    doc: str | None = None
    uid: str | None = None
    part: str | None = None  # the phase or part of the project it is of (PART_OF)


@dataclass(frozen=True, slots=True)
class HistoryMetric:
    name: str
    value: float | None
    unit: str | None
    year: YearValue
    qualifier: str | None = None
    evidence: str | None = None
    doc: str | None = None
    uid: str | None = None
    part: str | None = None  # the phase or part of the project it is about (PART_OF)


@dataclass(slots=True)
class History:
    project: GNode
    events: list[HistoryEvent]
    bureaus: list[tuple[GNode, GEdge | None]] = field(default_factory=list)  # with the ownership edge
    metrics: list[HistoryMetric] = field(default_factory=list)


# --------------------------------------------------------------------------- years


def year_bounds(year: YearValue) -> tuple[int, int] | None:
    """``2022`` → (2022, 2022); ``"2017-2021"`` → (2017, 2021); anything else → None."""
    if year is None or isinstance(year, bool):
        return None
    if isinstance(year, int):
        return (year, year)
    text = str(year).strip().replace("—", "-").replace("–", "-").replace("至", "-")
    parts = [p.strip().rstrip("年") for p in text.split("-") if p.strip()]
    try:
        nums = [int(p) for p in parts]
    except ValueError:
        return None
    if not nums:
        return None
    return (min(nums), max(nums))


def year_key(year: YearValue) -> tuple[int, int, str]:
    """Sort key: by first year, then by last year; unknown years last."""
    b = year_bounds(year)
    if b is None:
        return (10**6, 10**6, str(year))
    return (b[0], b[1], "")


def year_text(year: YearValue) -> str:
    b = year_bounds(year)
    if b is None:
        return "年份不明" if year in (None, "") else str(year)
    return str(b[0]) if b[0] == b[1] else f"{b[0]}–{b[1]}"


def in_range(year: YearValue, year_from: int | None, year_to: int | None) -> bool:
    """A year (or span) overlaps [year_from, year_to]; an unknown year is always kept."""
    b = year_bounds(year)
    if b is None:
        return True
    lo = year_from if year_from is not None else -(10**6)
    hi = year_to if year_to is not None else 10**6
    return b[1] >= lo and b[0] <= hi


# --------------------------------------------------------------------------- transforms

_YEARED_LABELS = ("Event", "Observation", "Year")


def dedupe(sub: Subgraph) -> Subgraph:
    """One node per uid (first wins), one edge per (source, type, target, doc), no dangling edges."""
    nodes: dict[str, GNode] = {}
    for n in sub.nodes:
        nodes.setdefault(n.uid, n)
    seen: set[tuple[str, str, str, str | None]] = set()
    edges = []
    for e in sub.edges:
        key = (e.source, e.type, e.target, e.doc)
        if key in seen or e.source not in nodes or e.target not in nodes:
            continue
        seen.add(key)
        edges.append(e)
    return replace(sub, nodes=list(nodes.values()), edges=edges)


def depths(sub: Subgraph) -> dict[str, int]:
    """Hops from the centre, ignoring direction (nodes not reached are absent)."""
    if sub.centre is None:
        return {n.uid: 0 for n in sub.nodes}
    adj = _adjacency(sub.edges)
    dist = {sub.centre: 0}
    queue = deque([sub.centre])
    while queue:
        u = queue.popleft()
        for v in adj.get(u, ()):
            if v not in dist:
                dist[v] = dist[u] + 1
                queue.append(v)
    return dist


def _adjacency(edges: Iterable[GEdge]) -> dict[str, list[str]]:
    adj: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        adj[e.source].append(e.target)
        adj[e.target].append(e.source)
    return adj


def filter_subgraph(
    sub: Subgraph,
    *,
    labels: Iterable[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    depth: int | None = None,
) -> Subgraph:
    """Keep the labels asked for (the centre always stays), edges and dated nodes in the year
    range, nodes within ``depth`` hops; then drop what is no longer connected to the centre."""
    wanted = set(labels) if labels else None
    keep_nodes = []
    for n in sub.nodes:
        if n.uid != sub.centre:
            if wanted is not None and n.label not in wanted:
                continue
            if n.label in _YEARED_LABELS and not in_range(n.props.get("year"), year_from, year_to):
                continue
        keep_nodes.append(n)
    kept = {n.uid for n in keep_nodes}
    edges = [
        e for e in sub.edges if e.source in kept and e.target in kept and in_range(e.year, year_from, year_to)
    ]
    out = replace(sub, nodes=keep_nodes, edges=edges)
    if sub.centre is None or sub.centre not in kept:
        return out
    dist = depths(out)
    limit = depth if depth is not None else 10**6
    nodes = [n for n in out.nodes if dist.get(n.uid, limit + 1) <= limit]
    reached = {n.uid for n in nodes}
    return replace(out, nodes=nodes, edges=[e for e in edges if e.source in reached and e.target in reached])


MAX_SUMMARIES = 12  # "+N" nodes per page, at most: beyond, one per label


def apply_cap(sub: Subgraph, cap: int) -> Subgraph:
    """At most ``cap`` real nodes: the nearest to the centre first (then the best connected).
    The rest are folded, per (nearest kept neighbour, label), into one "N more" summary node;
    when that would make more than :data:`MAX_SUMMARIES` of them, per label at the centre."""
    if len(sub.nodes) <= cap:
        return sub
    dist = depths(sub)
    degree: dict[str, int] = defaultdict(int)
    for e in sub.edges:
        degree[e.source] += 1
        degree[e.target] += 1
    far = 10**6
    order = sorted(
        sub.nodes,
        key=lambda n: (n.uid != sub.centre, dist.get(n.uid, far), -degree[n.uid], n.label, n.name, n.uid),
    )
    kept_nodes = order[: max(cap, 1)]
    kept = {n.uid for n in kept_nodes}
    adj = _adjacency(sub.edges)

    groups: dict[tuple[str, str], int] = defaultdict(int)
    for n in order[len(kept_nodes) :]:
        anchors = [v for v in adj.get(n.uid, ()) if v in kept]
        anchor = (
            min(anchors, key=lambda v: (dist.get(v, far), v))
            if anchors
            else (sub.centre or kept_nodes[0].uid)
        )
        groups[(anchor, n.label)] += 1

    if len(groups) > MAX_SUMMARIES:
        # a summary per neighbour makes a page of "+1" nodes (a document's page had 166 of them):
        # past a dozen, one per label, at the centre
        by_label: dict[tuple[str, str], int] = defaultdict(int)
        for (_, label), count in groups.items():
            by_label[(sub.centre or kept_nodes[0].uid, label)] += count
        groups = by_label
    nodes = list(kept_nodes)
    edges = [e for e in sub.edges if e.source in kept and e.target in kept]
    for (anchor, label), count in sorted(groups.items()):
        uid = f"more:{anchor}:{label}"
        nodes.append(GNode(uid, MORE, f"+{count}", {"count": count, "of_label": label, "anchor": anchor}))
        edges.append(GEdge(anchor, uid, "MORE"))
    hidden = sum(groups.values())
    return replace(sub, nodes=nodes, edges=edges, hidden=sub.hidden + hidden)


def radial_layout(sub: Subgraph, ring: float = 260.0) -> dict[str, tuple[float, float]]:
    """Fixed positions for large pages (physics off): a radial tree. The centre sits at the
    origin, each ring holds the nodes at one distance, and every node gets a slice of its
    parent's angle in proportion to the size of its own subtree, so branches stay together.
    O(nodes + edges); nodes not connected to the centre form an outer ring."""
    import math

    if not sub.nodes:
        return {}
    root = sub.centre if sub.centre is not None else sub.nodes[0].uid
    adj = _adjacency(sub.edges)
    # the BFS tree: each node's parent is the node it was first reached from
    children: dict[str, list[str]] = defaultdict(list)
    level = {root: 0}
    order = [root]
    queue = deque([root])
    while queue:
        u = queue.popleft()
        for v in sorted(adj.get(u, ())):
            if v not in level:
                level[v] = level[u] + 1
                children[u].append(v)
                order.append(v)
                queue.append(v)
    size: dict[str, int] = {}
    for u in reversed(order):  # leaves first
        size[u] = 1 + sum(size[c] for c in children[u])
    per_ring: dict[int, int] = defaultdict(int)
    for d in level.values():
        per_ring[d] += 1
    # rings far enough apart, and long enough for their nodes (about 16 px each)
    radius = {d: max(ring * d, per_ring[d] * 16 / (2 * math.pi)) for d in per_ring}
    for d in sorted(radius)[1:]:
        radius[d] = max(radius[d], radius[d - 1] + ring * 0.6)

    pos: dict[str, tuple[float, float]] = {root: (0.0, 0.0)}
    span: dict[str, tuple[float, float]] = {root: (0.0, 2 * math.pi)}
    for u in order:
        lo, hi = span[u]
        total = sum(size[c] for c in children[u]) or 1
        start = lo
        for c in children[u]:
            width = (hi - lo) * size[c] / total
            span[c] = (start, start + width)
            mid = start + width / 2
            r = radius[level[c]]
            pos[c] = (round(r * math.cos(mid), 1), round(r * math.sin(mid), 1))
            start += width
    stray = [n.uid for n in sub.nodes if n.uid not in pos]
    if stray:
        r = max(radius.values(), default=0.0) + ring
        for i, u in enumerate(stray):
            a = 2 * math.pi * i / len(stray)
            pos[u] = (round(r * math.cos(a), 1), round(r * math.sin(a), 1))
    return pos


# --------------------------------------------------------------------------- clusters

CLUSTER_ABOVE = 80  # pages with more nodes than this are drawn with some of them collapsed
CLUSTER_TARGET = 50  # collapse groups until about this many nodes (and clusters) are shown


@dataclass(frozen=True, slots=True)
class ClusterPlan:
    """A group of nodes drawn as one node until clicked: all of one label (and one year, for
    dated labels such as events), at one distance class from the centre."""

    key: str  # "cluster:Event:2019:far"
    label: str
    year: YearValue
    members: tuple[str, ...]  # uids, in the page's order


def plan_clusters(
    sub: Subgraph, *, above: int = CLUSTER_ABOVE, target: int = CLUSTER_TARGET
) -> list[ClusterPlan]:
    """Which nodes to collapse so that a page of more than ``above`` nodes shows about ``target``.

    Nodes are grouped by label (and year, for events and values) and by whether they touch the
    centre; the largest groups away from the centre collapse first, the centre's own neighbours
    last; the centre and the "+N" summary nodes never. Deterministic: ties go by the key::

        plan_clusters(sub)  # [ClusterPlan("cluster:Event:2019:far", "Event", 2019, ("event:3", …)), …]
    """
    shown = [n for n in sub.nodes if n.label != MORE]
    if len(shown) <= above:
        return []
    dist = depths(sub)
    groups: dict[tuple[str, str, str], list[GNode]] = defaultdict(list)
    years: dict[tuple[str, str, str], YearValue] = {}
    for n in shown:
        if n.uid == sub.centre:
            continue
        year = n.props.get("year") if n.label in _YEARED_LABELS else None
        bounds = year_bounds(year)
        ring = "near" if dist.get(n.uid) == 1 else "far"
        key = (n.label, year_text(year) if bounds else "", ring)
        groups[key].append(n)
        years[key] = year if bounds else None
    order = sorted(groups, key=lambda k: (k[2] == "near", -len(groups[k]), k))
    visible = len(sub.nodes)
    plans = []
    for key in order:
        if visible <= target:
            break
        members = groups[key]
        if len(members) < 2:
            continue
        label, year, ring = key
        plans.append(
            ClusterPlan(
                key=":".join(("cluster", label, year or "-", ring)),
                label=label,
                year=years[key],
                members=tuple(n.uid for n in members),
            )
        )
        visible -= len(members) - 1
    return plans
