"""Synthetic graphs shaped like the real one (projects, bureaus, places, events, metrics,
documents, with evidence on every edge), for the tests and the benchmark."""

from __future__ import annotations

import random
from typing import Any

from graph.store import GraphStore, QueryError, QueryResult, StoreStats, WriteSummary
from ingest.types import DocumentFacts, Facts
from viz.model import GEdge, GNode, History, HistoryEvent, HistoryMetric, Subgraph, in_range

_STAGES = ("启动征收", "拆迁收尾", "安置房建设", "主体结构封顶", "竣工验收", "回迁入住", "土地入市")
_PLACES = ("景山街道", "永定门外街道", "天坛街道", "龙潭街道", "东花市街道", "前门街道")
_BUREAUS = ("区住建委", "区发展改革委", "区财政局", "区规划自然资源分局", "区城市管理委", "区商务局")


def neighbourhood(n: int, *, seed: int = 1, max_depth: int | None = None) -> Subgraph:
    """``n`` nodes around the project 望坛棚改项目, every edge with a sentence and a doc; with
    ``max_depth``, no node is further than that from the centre (a page's whole depth range)."""
    rng = random.Random(seed)
    centre = GNode(
        "project:wangtan",
        "Project",
        "望坛棚改项目",
        {"aliases": ["望坛", "望壇", "望坛项目"], "kind": "棚改"},
    )
    nodes = [centre]
    depth = {centre.uid: 0}
    edges: list[GEdge] = []
    labels = ("Project", "Bureau", "Place", "Metric", "Event", "Document", "Task", "Observation")
    i = 0
    while len(nodes) < n:
        i += 1
        label = labels[i % len(labels)]
        parent = nodes[0] if i < 40 or rng.random() < 0.15 else nodes[rng.randrange(len(nodes))]
        if max_depth is not None:
            while depth[parent.uid] >= max_depth:
                parent = nodes[rng.randrange(len(nodes))]
        year = rng.choice((2017, 2018, 2019, 2020, 2021, 2022, "2017-2021"))
        name = {
            "Project": f"项目{i}号地块",
            "Bureau": f"{rng.choice(_BUREAUS)}{i}",
            "Place": f"{rng.choice(_PLACES)}{i}",
            "Metric": f"指标{i}",
            "Event": f"{rng.choice(_STAGES)}",
            "Document": f"{i:03d}_report.txt",
            "Task": f"重点任务第{i}项",
            "Observation": f"{rng.randint(1, 900)}亿元",
        }[label]
        props: dict[str, object] = {"year": year} if label in ("Event", "Observation") else {}
        node = GNode(f"{label.lower()}:{i}", label, name, props)
        nodes.append(node)
        depth[node.uid] = depth[parent.uid] + 1
        rel = {
            "Bureau": "OWNED_BY",
            "Place": "LOCATED_IN",
            "Event": "HAS_EVENT",
            "Document": "MENTIONED_IN",
            "Task": "REPORTS",
            "Observation": "ABOUT",
            "Metric": "OF",
            "Project": "LOCATED_IN",
        }[label]
        edges.append(
            GEdge(
                parent.uid,
                node.uid,
                rel,
                evidence=f"{parent.name}由{name}牵头推进，{year}年完成阶段目标。",
                doc=f"{i % 17:03d}_doc.txt",
                year=year,
            )
        )
        if rng.random() < 0.2 and len(nodes) > 3:
            other = nodes[rng.randrange(1, len(nodes) - 1)]
            edges.append(GEdge(node.uid, other.uid, "MENTIONED_IN", evidence="同段提及。", doc="001_doc.txt"))
    return Subgraph(nodes=nodes, edges=edges, centre=centre.uid)


def history() -> History:
    project = GNode("project:wangtan", "Project", "望坛棚改项目", {"aliases": ["望坛", "望壇"]})
    ev = [
        HistoryEvent(
            2017, "启动征收", "done", "2017年，望坛棚改项目启动征收，签约率达到99.7%。", "000_a.txt"
        ),
        HistoryEvent(2018, "拆迁收尾", "done", "望坛项目拆迁收尾工作全面完成。", "001_b.txt"),
        HistoryEvent(2019, "安置房建设", "done", "望坛安置房开工建设。", "002_c.txt"),
        HistoryEvent(2021, "主体结构封顶", "expected", "预计年底前安置房主体结构封顶。", "004_e.txt"),
        HistoryEvent(2022, "回迁入住", "planned", "2022年推进望坛项目回迁入住。", "005_f.txt"),
        HistoryEvent(2022, "土地入市", "planned", "推动望坛地块土地入市。", "005_f.txt"),
        HistoryEvent("2017-2021", "棚户区改造", "done", "过去五年，完成望坛等棚改项目。", "003_d.txt"),
    ]
    bureaus = [
        (
            GNode("bureau:zjw", "Bureau", "北京市东城区住房和城乡建设委员会", {"aliases": ["区住建委"]}),
            GEdge(
                "project:wangtan",
                "bureau:zjw",
                "OWNED_BY",
                "主责单位：区住建委",
                "003_d.txt",
                2021,
                {"basis": "table_column"},
            ),
        ),
        (
            GNode("bureau:yd", "Bureau", "永定门外街道办事处", {}),
            GEdge(
                "project:wangtan",
                "bureau:yd",
                "OWNED_BY",
                "永外街道配合实施。",
                "002_c.txt",
                2019,
                {"basis": "stated"},
            ),
        ),
    ]
    metrics = [
        HistoryMetric("完成投资", 35.2, "亿元", 2019, "实际", "全年完成投资35.2亿元。", "002_c.txt"),
        HistoryMetric("签约率", 99.7, "%", 2017, "实际", "签约率达到99.7%。", "000_a.txt"),
    ]
    return History(project=project, events=ev, bureaus=bureaus, metrics=metrics)


class SyntheticStore(GraphStore):
    """A read-only in-memory stand-in answering the named queries the pages use, over
    :func:`neighbourhood` and :func:`history`: for tests of the routes without a database."""

    url = "synthetic:"

    def __init__(self, n: int = 120, seed: int = 1):
        sub = neighbourhood(n, seed=seed)
        h = history()
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: list[GEdge] = []
        for node in sub.nodes:
            self._add(node)
        self.edges.extend(sub.edges)
        for node, edge in h.bureaus:
            self._add(node)
            if edge:
                self.edges.append(edge)
        for i, ev in enumerate(h.events):
            uid = f"event:h{i}"
            self._add(
                GNode(
                    uid,
                    "Event",
                    ev.stage,
                    {
                        "stage": ev.stage,
                        "year": ev.year,
                        "tense": ev.tense,
                        "evidence": ev.evidence,
                        "doc": ev.doc,
                    },
                )
            )
            self.edges.append(GEdge(h.project.uid, uid, "HAS_EVENT", ev.evidence, ev.doc, ev.year))
        for i, m in enumerate(h.metrics):
            uid = f"observation:h{i}"
            self._add(
                GNode(
                    uid,
                    "Observation",
                    m.name,
                    {
                        "name": m.name,
                        "value": m.value,
                        "unit": m.unit,
                        "year": m.year,
                        "qualifier": m.qualifier,
                        "evidence": m.evidence,
                        "doc": m.doc,
                    },
                )
            )
            self.edges.append(GEdge(uid, h.project.uid, "ABOUT", m.evidence, m.doc, m.year))
        self.nodes[h.project.uid]["aliases"] = list(h.project.props.get("aliases", []))

    def _add(self, node: GNode) -> None:
        props = {k: v for k, v in node.props.items() if v is not None}
        self.nodes.setdefault(
            node.uid, {"uid": node.uid, "name": node.name, **props, "_labels": [node.label]}
        )

    def _label(self, uid: str) -> str:
        return self.nodes[uid]["_labels"][0]

    def run_named(self, name: str, params: dict[str, Any] | None = None) -> QueryResult:
        p = dict(params or {})
        handler = getattr(self, "_q_" + name, None)
        if handler is None:
            raise QueryError("not_found", f"no named query {name!r}")
        rows: list[dict[str, Any]] = handler(**p)
        limit = p.get("limit")
        truncated = isinstance(limit, int) and len(rows) > limit
        if isinstance(limit, int):
            rows = rows[:limit]
        return QueryResult(columns=list(rows[0]) if rows else [], rows=rows, truncated=truncated)

    # ---- the queries
    def _q_viz_node(self, uid: str) -> list[dict[str, Any]]:
        return [{"node": self.nodes[uid]}] if uid in self.nodes else []

    def _incident(self, uids: list[str]) -> list[tuple[str, GEdge, str]]:
        wanted = set(uids)
        out = []
        for e in self.edges:
            if e.source in wanted:
                out.append((e.source, e, e.target))
            if e.target in wanted:
                out.append((e.target, e, e.source))
        return out

    def _q_viz_edges(
        self,
        uids: list[str],
        labels: list[str] | None = None,
        year_from: int | None = None,
        year_to: int | None = None,
        limit: int = 2000,
    ) -> list[dict[str, Any]]:
        rows = []
        for at, e, other in self._incident(uids):
            lab = self._label(other)
            if e.type == "MENTIONED_IN" or lab in ("Document", "Year", "Sentence", "Section"):
                continue
            if labels and lab not in labels:
                continue
            if lab in ("Event", "Observation") and not in_range(
                self.nodes[other].get("year"), year_from, year_to
            ):
                continue
            rows.append(
                {
                    "at": at,
                    "source": e.source,
                    "target": e.target,
                    "type": e.type,
                    "evidence": e.evidence,
                    "doc": e.doc,
                    "basis": e.props.get("basis"),
                    "node": self.nodes[other],
                }
            )
        return rows

    def _q_viz_mentions(
        self, uids: list[str], labels: list[str] | None = None, limit: int = 2000
    ) -> list[dict[str, Any]]:
        rows = []
        for at, e, other in self._incident(uids):
            if self._label(other) != "Document" and self._label(at) != "Document":
                continue
            if self._label(at) == "Document" and labels and self._label(other) not in labels:
                continue
            rows.append(
                {
                    "at": at,
                    "source": e.source,
                    "target": e.target,
                    "type": "MENTIONED_IN",
                    "evidence": e.evidence,
                    "doc": e.doc,
                    "mentions": 1,
                    "node": self.nodes[other],
                }
            )
        return rows

    def _q_search(self, q: str, limit: int = 50) -> list[dict[str, Any]]:
        hits = [
            n
            for n in self.nodes.values()
            if self._label(n["uid"]) in ("Project", "Bureau", "Place", "Metric")
            and (q in n["name"] or any(q in a for a in n.get("aliases", [])))
        ]
        return [{"node": n} for n in sorted(hits, key=lambda n: (len(n["name"]), n["uid"]))]

    def _q_viz_project_events(self, uid: str, limit: int = 500) -> list[dict[str, Any]]:
        return [
            {"event": self.nodes[e.target]}
            for e in self.edges
            if e.source == uid and e.type == "HAS_EVENT" and e.target.startswith("event:h")
        ]

    def _q_viz_project_bureaus(self, uid: str, limit: int = 100) -> list[dict[str, Any]]:
        return [
            {
                "bureau": self.nodes[e.target],
                "evidence": e.evidence,
                "doc": e.doc,
                "basis": e.props.get("basis"),
            }
            for e in self.edges
            if e.source == uid and e.type == "OWNED_BY"
        ]

    def _q_viz_project_metrics(self, uid: str, limit: int = 200) -> list[dict[str, Any]]:
        return [
            {"observation": self.nodes[e.source], "metric": self.nodes[e.source].get("name")}
            for e in self.edges
            if e.target == uid and e.type == "ABOUT" and e.source.startswith("observation:h")
        ]

    def _degree(self, uid: str) -> int:
        return sum(1 for e in self.edges if uid in (e.source, e.target))

    def _q_viz_top_projects(self, limit: int = 15) -> list[dict[str, Any]]:
        ps = [n for n in self.nodes.values() if self._label(n["uid"]) == "Project"]
        ranked = sorted(ps, key=lambda n: (-self._degree(n["uid"]), n["name"]))
        return [{"node": n, "degree": self._degree(n["uid"])} for n in ranked]

    def _q_viz_top_bureaus(self, limit: int = 15) -> list[dict[str, Any]]:
        bs = [n for n in self.nodes.values() if self._label(n["uid"]) == "Bureau"]
        count = {
            b["uid"]: sum(1 for e in self.edges if e.target == b["uid"] and e.type == "OWNED_BY") for b in bs
        }
        ranked = sorted(bs, key=lambda b: (-count[b["uid"]], b["name"]))
        return [{"node": b, "projects": count[b["uid"]]} for b in ranked]

    # ---- the rest of the interface is not needed by the pages
    def write_document(self, facts: DocumentFacts, source: bytes | None = None) -> WriteSummary:
        raise NotImplementedError

    def delete_document(self, doc: str) -> bool:
        raise NotImplementedError

    def run_readonly(
        self, query: str, params: dict[str, Any] | None = None, *, timeout_ms: int = 1000, row_cap: int = 1000
    ) -> QueryResult:
        raise QueryError("disabled", "the synthetic store runs named queries only")

    def stats(self) -> StoreStats:
        return StoreStats()

    def export_facts(self) -> Facts:
        return Facts()

    def documents(self) -> list[dict[str, Any]]:
        return []

    def ping(self) -> bool:
        return True

    def close(self) -> None:
        pass


def build_store(directory: str, documents: int = 20) -> GraphStore:
    """An embedded FalkorDB store at ``directory`` holding the store's own synthetic documents
    (:mod:`graph.synthetic`): the real engine and the real named queries, for tests and benchmarks."""
    from graph import open_store
    from graph.synthetic import synthetic_document

    store = open_store(f"falkordb:{directory}")
    try:
        for i in range(documents):
            store.write_document(synthetic_document(i))
    except BaseException:
        store.close()
        raise
    return store
