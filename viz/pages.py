"""Pages as HTML strings: a neighbourhood, a project history (or both, for the CLI), the home
page and the search results. Input is plain records (:mod:`viz.model`), so every page can be
built from a synthetic graph; :mod:`viz.queries` fills the records from the store.

Example::

    html = render_entity_page(subgraph, None, params=NeighbourhoodParams(depth=2), links=FILE_LINKS)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from viz.assets import Assets, inline_assets
from viz.history import history_payload
from viz.model import GNode, History, Subgraph, filter_subgraph, year_key, year_text
from viz.style import MORE, STYLES, TENSES, style_for, swatch_svg
from viz.visdata import graph_payload, to_script_json

TEMPLATES = Path(__file__).resolve().parent / "templates"
DEFAULT_CAP = 300
MAX_CAP = 5000
FORM_LABELS = ("Project", "Bureau", "Place", "Metric", "Observation", "Event", "Task", "Document")


@dataclass(frozen=True, slots=True)
class NeighbourhoodParams:
    depth: int = 2
    cap: int = DEFAULT_CAP
    labels: tuple[str, ...] = ()  # empty: every label
    year_from: int | None = None
    year_to: int | None = None

    def clamped(self) -> NeighbourhoodParams:
        return NeighbourhoodParams(
            depth=min(max(self.depth, 1), 3),
            cap=min(max(self.cap, 1), MAX_CAP),
            labels=tuple(self.labels),
            year_from=self.year_from,
            year_to=self.year_to,
        )

    def query(self) -> dict[str, Any]:
        q: dict[str, Any] = {"depth": self.depth, "cap": self.cap}
        if self.labels:
            q["labels"] = list(self.labels)
        if self.year_from is not None:
            q["year_from"] = self.year_from
        if self.year_to is not None:
            q["year_to"] = self.year_to
        return q


@dataclass(frozen=True, slots=True)
class Links:
    """Where a page's links lead. ``base`` is the pages' root path (``/viz/``); without it (a
    file written by the CLI) nodes do not link anywhere and the search box is not shown."""

    base: str | None = None

    @property
    def home(self) -> str | None:
        return self.base

    @property
    def search(self) -> str | None:
        return f"{self.base}search" if self.base else None

    def neighbourhood(self, uid: str, params: NeighbourhoodParams | None = None) -> str | None:
        if not self.base:
            return None
        url = f"{self.base}neighbourhood/{quote(uid, safe='')}"
        if params is not None:
            url += "?" + urlencode(params.query(), doseq=True)
        return url

    def history(self, uid: str) -> str | None:
        return f"{self.base}history/{quote(uid, safe='')}" if self.base else None


FILE_LINKS = Links()


@dataclass(frozen=True, slots=True)
class Ranked:
    node: GNode
    count: int
    what: str = "条关系"


@dataclass(slots=True)
class PageContext:
    links: Links = FILE_LINKS
    assets: Assets = field(default_factory=inline_assets)


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _base_context(ctx: PageContext, title: str) -> dict[str, Any]:
    return {
        "title": title,
        "links": ctx.links,
        "assets": ctx.assets,
        "generated": "vis-network 9.1.2 (pyvis 0.3.2)",
    }


def _legend(labels: Counter[str]) -> list[dict[str, Any]]:
    order = [*STYLES.keys()]
    items = []
    for label in sorted(labels, key=lambda lab: order.index(lab) if lab in order else 99):
        style = style_for(label)
        items.append(
            {
                "label": label,
                "zh": style.zh,
                "count": labels[label],
                "swatch": Markup(swatch_svg(style)),
                "shape": style.shape,  # the browser tests compare these with the drawn nodes
                "color": style.color,
            }
        )
    return items


def _graph(
    gid: str, payload: dict[str, Any], *, height: str, hint: str, tenses: bool = False, wide: bool = False
) -> dict[str, Any]:
    counts: Counter[str] = Counter(n["info"]["label"] for n in payload["nodes"] if "info" in n)
    tenses = tenses or "Event" in counts  # events are drawn by tense wherever they are drawn
    return {
        "id": gid,
        "json": Markup(to_script_json(payload)),
        "stats": payload["stats"],
        "legend": _legend(counts),
        "tenses": [{"key": k, "zh": zh} for k, (zh, _) in TENSES.items()] if tenses else [],
        "height": height,
        "hint": hint,
        "wide": wide,
    }


def _entity(node: GNode) -> dict[str, Any]:
    aliases = node.props.get("aliases") or []
    return {
        "label": node.label,
        "zh": style_for(node.label).zh,
        "aliases": [a for a in aliases if a != node.name][:12] if isinstance(aliases, list | tuple) else [],
    }


def _history_context(history: History, links: Links) -> dict[str, Any]:
    def link(n: GNode) -> str | None:
        return links.neighbourhood(n.uid)

    payload = history_payload(history, link=link if links.base else None)
    events = sorted(history.events, key=lambda e: (year_key(e.year), e.stage))
    metrics = sorted(history.metrics, key=lambda m: (year_key(m.year), m.name))
    return {
        "graph": _graph(
            "g-history",
            payload,
            height=f"{min(max(160 + 64 * payload['stats']['rows'], 300), 560)}px",
            hint="每列一年，从左到右；跨年事件在年份轴上方。悬停或点击事件查看原文证据。",
            tenses=True,
            wide=True,
        ),
        "events": [
            {
                "year_text": year_text(e.year),
                "stage": e.stage,
                "tense": e.tense if e.tense in TENSES else "done",
                "tense_zh": TENSES.get(e.tense, TENSES["done"])[0],
                "evidence": e.evidence,
                "doc": e.doc,
            }
            for e in events
        ],
        "bureaus": [
            {
                "name": b.name,
                "href": links.neighbourhood(b.uid),
                "basis": (edge.props.get("basis") if edge else None),
                "evidence": edge.evidence if edge else None,
                "doc": edge.doc if edge else None,
            }
            for b, edge in history.bureaus
        ],
        "metrics": [
            {
                "year_text": year_text(m.year),
                "name": m.name,
                "value_text": ("" if m.value is None else f"{m.value:g}") + (m.unit or ""),
                "qualifier": m.qualifier,
                "evidence": m.evidence,
                "doc": m.doc,
            }
            for m in metrics
        ],
    }


def render_entity_page(
    neighbourhood: Subgraph | None,
    history: History | None,
    *,
    params: NeighbourhoodParams = NeighbourhoodParams(),
    ctx: PageContext | None = None,
    centre: GNode | None = None,
    notices: Sequence[str] = (),
) -> str:
    """A page with an entity's neighbourhood, its history (projects), or both."""
    ctx = ctx or PageContext()
    params = params.clamped()
    links = ctx.links
    centre = centre or (history.project if history else None)
    if centre is None and neighbourhood is not None:
        centre = next((n for n in neighbourhood.nodes if n.uid == neighbourhood.centre), None)
    heading = centre.name if centre else "图"
    notes = list(notices)

    graph = None
    if neighbourhood is not None:
        sub = filter_subgraph(
            neighbourhood,
            labels=params.labels or None,
            year_from=params.year_from,
            year_to=params.year_to,
            depth=params.depth,
        )

        def link(n: GNode) -> str | None:
            return links.neighbourhood(n.uid, _keep(params))

        bigger = replace(params, cap=min(params.cap * 2, MAX_CAP))
        more_link = (
            links.neighbourhood(centre.uid, bigger) if centre is not None and params.cap < MAX_CAP else None
        )
        payload = graph_payload(sub, cap=params.cap, link=link if links.base else None, more_link=more_link)
        if neighbourhood.truncated:
            notes.append(f"查询结果已在服务器端截断（上限 {params.cap}）；可缩小深度、类型或年份范围。")
        if payload["stats"]["hidden"]:
            notes.append(
                f"超过节点上限 {params.cap}：另有 {payload['stats']['hidden']} 个节点折叠为“+N”汇总节点。"
            )
        hint = (
            "悬停查看证据；点击节点打开它的邻域（按住 Shift 仅查看详情）。"
            if links.base
            else "悬停或点击节点查看详情与原文证据。"
        )
        stats = payload["stats"]
        if stats["clusters"]:
            notes.append(
                f"节点较多（{stats['nodes']} 个）：同类节点（事件和数值按年份）"
                f"折叠为 {stats['clusters']} 组，图中显示 {stats['shown']} 个；"
                "虚线边框、标有“×数量”的是折叠的一组，点击即展开。"
            )
            hint = "虚线边框、标有“×数量”的节点是折叠的一组：点击展开。" + hint
        graph = _graph("g-neighbourhood", payload, height="68vh", hint=hint)

    nav = []
    if centre is not None and links.base:
        if history is None and centre.label == "Project":
            nav.append({"href": links.history(centre.uid), "text": "项目历程 →"})
        if neighbourhood is None:
            nav.append({"href": links.neighbourhood(centre.uid), "text": "关系网络 →"})
    form = None
    if neighbourhood is not None and links.base and centre is not None:
        chosen = set(params.labels) or set(FORM_LABELS)
        form = {
            "action": links.neighbourhood(centre.uid),
            "depth": params.depth,
            "cap": params.cap,
            "year_from": params.year_from,
            "year_to": params.year_to,
            "label_choices": [
                {"label": lab, "zh": style_for(lab).zh, "checked": lab in chosen} for lab in FORM_LABELS
            ],
        }
    kind = "邻域" if history is None else ("历程" if neighbourhood is None else "邻域与历程")
    return (
        environment()
        .get_template("entity.html")
        .render(
            **_base_context(ctx, f"{heading} · {kind}"),
            heading=heading,
            entity=_entity(centre) if centre else None,
            neighbourhood=graph,
            history=_history_context(history, links) if history else None,
            notices=notes,
            nav=nav,
            form=form,
            graph_page=True,
        )
    )


def _keep(params: NeighbourhoodParams) -> NeighbourhoodParams | None:
    """Parameters carried along when navigating from node to node (None when all default)."""
    return None if params == NeighbourhoodParams() else params


def render_home(projects: Sequence[Ranked], bureaus: Sequence[Ranked], *, ctx: PageContext) -> str:
    links = ctx.links

    def items(ranked: Sequence[Ranked], with_history: bool) -> list[dict[str, Any]]:
        return [
            {
                "name": r.node.name,
                "href": links.neighbourhood(r.node.uid),
                "history": links.history(r.node.uid) if with_history else None,
                "count_text": f"{r.count} {r.what}",
            }
            for r in ranked
        ]

    groups = [
        {"title": "关系最多的项目", "entries": items(projects, True)},
        {"title": "负责项目最多的单位", "entries": items(bureaus, False)},
    ]
    return environment().get_template("home.html").render(**_base_context(ctx, "首页"), groups=groups)


def render_search(query: str, results: Sequence[GNode], *, ctx: PageContext, truncated: bool = False) -> str:
    links = ctx.links
    rows = [
        {
            "label": n.label,
            "zh": style_for(n.label).zh,
            "name": n.name,
            "aliases": [a for a in (n.props.get("aliases") or []) if a != n.name][:8],
            "href": links.neighbourhood(n.uid),
            "history": links.history(n.uid) if n.label == "Project" else None,
        }
        for n in results
        if n.label != MORE
    ]
    return (
        environment()
        .get_template("search.html")
        .render(**_base_context(ctx, f"搜索 {query}"), query=query, results=rows, truncated=truncated)
    )


def render_error(status: int, heading: str, detail: str, *, ctx: PageContext, query: str = "") -> str:
    """An error page in Chinese with the search box (404: no such page or node; 422, 503 …)::

        render_error(404, "没有这个页面", "地址 /viz/x 不存在。", ctx=ctx)
    """
    return (
        environment()
        .get_template("error.html")
        .render(**_base_context(ctx, heading), status=status, heading=heading, detail=detail, query=query)
    )
