"""A project's history as a fixed layout: one column per year, left to right.

The year axis runs across the middle (Year boxes joined by arrows). Each single-year event hangs
below its year's column, drawn by tense (done: filled, planned: dashed border, expected: thick
outline); events over a span (2017–2021) are boxes above the axis reaching from their first to
their last year; the project's metrics sit under the events of their year; the responsible
bureaus stand under the project at the left. Physics is off: positions are the layout.
"""

from __future__ import annotations

from typing import Any

from viz.model import History, HistoryEvent, HistoryMetric, year_bounds, year_key, year_text
from viz.style import FONT_STACK, STYLES, TENSES, edge_caption, tense_options
from viz.visdata import Linker, edge_info, node_info, options, owner_caption, short

COLUMN = 150
ROW = 58
METRIC_COLOR = STYLES["Observation"].color
TENSE_ORDER = {"done": 0, "expected": 1, "planned": 2}
FONT = {"face": FONT_STACK, "strokeWidth": 0}


def years(history: History) -> list[int]:
    """The columns: every year an event or a metric names, span bounds included, in order."""
    out: set[int] = set()
    for item in [*history.events, *history.metrics]:
        b = year_bounds(item.year)
        if b:
            out.update(b)
    return sorted(out)


def tense_style(tense: str) -> dict[str, Any]:
    """vis-network options drawing an event box by its tense (:func:`viz.style.tense_options`)."""
    opts = tense_options(tense)
    return {**opts, "font": {**FONT, "size": 13, **opts["font"]}}


def event_caption(ev: HistoryEvent) -> str:
    """"2019 回迁": the year and the stage, as the neighbourhood labels events (the stage alone
    when the year is unknown)."""
    stage = short(ev.stage, 10)
    text = f"{year_text(ev.year)} {stage}" if year_bounds(ev.year) is not None else stage
    return f"{text}\n（{short(ev.part, 10)}）" if ev.part else text  # an event of a phase or part


def _event_node(ev: HistoryEvent, uid: str, x: float, y: float, width: float | None = None) -> dict[str, Any]:
    tense = ev.tense if ev.tense in TENSES else "done"
    zh, _ = TENSES[tense]
    node: dict[str, Any] = {
        "id": uid,
        "label": event_caption(ev) if width is None else f"{short(ev.stage, 20)} · {year_text(ev.year)}",
        "shape": "box",
        "x": x,
        "y": y,
        "margin": {"top": 6, "bottom": 6, "left": 8, "right": 8},
        "widthConstraint": {"maximum": COLUMN - 18}
        if width is None
        else {"minimum": width, "maximum": width},
        **tense_style(tense),
    }
    info: dict[str, Any] = {
        "label": "Event",
        "zh": "事件",
        "name": ev.stage,
        "uid": ev.uid or uid,
        "fields": [["年份", year_text(ev.year)], ["时态", f"{zh} ({tense})"]]
        + ([["所属分期/部分", ev.part]] if ev.part else []),
    }
    if ev.evidence:
        info["evidence"] = ev.evidence
    if ev.doc:
        info["doc"] = ev.doc
    node["info"] = info
    return node


def _metric_node(m: HistoryMetric, uid: str, x: float, y: float) -> dict[str, Any]:
    value = "" if m.value is None else f"{m.value:g}"
    fields = [["数值", f"{value}{m.unit or ''}"], ["年份", year_text(m.year)]]
    if m.part:
        fields.append(["所属分期/部分", m.part])
    if m.qualifier:
        fields.append(["限定", m.qualifier])
    info: dict[str, Any] = {
        "label": "Observation",
        "zh": "数值",
        "name": m.name,
        "uid": m.uid or uid,
        "fields": fields,
    }
    if m.evidence:
        info["evidence"] = m.evidence
    if m.doc:
        info["doc"] = m.doc
    return {
        "id": uid,
        "label": f"{short(m.name, 9)}\n{value}{m.unit or ''}",
        "shape": "diamond",
        "size": 8,
        "x": x,
        "y": y,
        "color": {"background": METRIC_COLOR, "border": "#6d4fa3"},
        "font": {**FONT, "size": 12, "color": "#4c1d95"},
        "info": info,
    }


def _lanes(spans: list[tuple[int, int]]) -> list[int]:
    """Greedy interval packing: the lane of each span so that none overlap in a lane."""
    ends: list[int] = []
    lanes = []
    for lo, hi in spans:
        for i, end in enumerate(ends):
            if lo > end:
                ends[i] = hi
                lanes.append(i)
                break
        else:
            ends.append(hi)
            lanes.append(len(ends) - 1)
    return lanes


def history_payload(history: History, *, link: Linker | None = None) -> dict[str, Any]:
    cols = years(history)
    x_of = {y: i * COLUMN for i, y in enumerate(cols)}
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []

    for i, y in enumerate(cols):  # the year axis
        nodes.append(
            {
                "id": f"year:{y}",
                "label": str(y),
                "shape": "box",
                "x": x_of[y],
                "y": 0,
                "color": {"background": STYLES["Year"].color, "border": STYLES["Year"].color},
                "font": {**FONT, "size": 15, "color": "#ffffff"},
                "margin": {"top": 5, "bottom": 5, "left": 10, "right": 10},
                "info": {"label": "Year", "zh": "年份", "name": str(y), "uid": f"year:{y}", "fields": []},
            }
        )
        if i:
            edges.append(
                {
                    "id": f"axis{i}",
                    "from": f"year:{cols[i - 1]}",
                    "to": f"year:{y}",
                    "arrows": "to",
                    "width": 2,
                    "color": {"color": "#64748b"},
                    "info": {"type": "NEXT", "caption": "下一年"},
                }
            )

    ordered = sorted(history.events, key=lambda e: (year_key(e.year), TENSE_ORDER.get(e.tense, 3), e.stage))
    singles = [e for e in ordered if (b := year_bounds(e.year)) and b[0] == b[1]]
    spans = [e for e in ordered if (b := year_bounds(e.year)) and b[0] != b[1]]
    undated = [e for e in ordered if year_bounds(e.year) is None]

    depth = dict.fromkeys(cols, 0)
    for j, ev in enumerate(singles):  # below the axis, in their column
        y = year_bounds(ev.year)[0]  # type: ignore[index]
        depth[y] += 1
        uid = f"event:{j}"
        nodes.append(_event_node(ev, uid, x_of[y], depth[y] * ROW + 8))
        edges.append(
            {
                "id": f"ev{j}",
                "from": f"year:{y}",
                "to": uid,
                "arrows": "",
                "width": 1,
                "color": {"color": "#cbd5e1"},
                "info": {"type": "IN_YEAR", "caption": edge_caption("IN_YEAR")},
            }
        )
    bounds = [year_bounds(e.year) for e in spans]
    lanes = _lanes([b for b in bounds if b])
    for j, (ev, lane) in enumerate(zip(spans, lanes, strict=True)):
        lo, hi = bounds[j]  # type: ignore[misc]
        width = x_of[hi] - x_of[lo] + COLUMN - 24
        nodes.append(_event_node(ev, f"span:{j}", (x_of[lo] + x_of[hi]) / 2, -(lane + 1) * ROW, width))
    for j, m in enumerate(sorted(history.metrics, key=lambda m: (year_key(m.year), m.name))):
        b = year_bounds(m.year)
        if b is None:
            continue
        y = b[0]
        depth[y] += 1
        nodes.append(_metric_node(m, f"metric:{j}", x_of[y], depth[y] * ROW + 14))

    # the project, its bureaus, and undated events at the left
    px = -COLUMN * 1.4
    project = history.project
    pnode: dict[str, Any] = {
        "id": project.uid,
        "label": short(project.name, 12),
        "shape": "dot",
        "size": 20,
        "x": px,
        "y": 0,
        "color": {"background": STYLES["Project"].color, "border": "#1e4fa8"},
        "borderWidth": 3,
        "font": {
            "face": FONT_STACK,
            "size": 15,
            "color": "#111827",
            "strokeWidth": 4,
            "strokeColor": "#ffffff",
        },
        "info": node_info(project),
    }
    if link:
        pnode["href"] = link(project)
    nodes.append(pnode)
    if cols:
        edges.append(
            {
                "id": "axis0",
                "from": project.uid,
                "to": f"year:{cols[0]}",
                "arrows": "to",
                "dashes": True,
                "color": {"color": "#94a3b8"},
                "info": {"type": "HAS_EVENT", "caption": "历程"},
            }
        )
    row = 1
    for k, ev in enumerate(undated):
        nodes.append(_event_node(ev, f"undated:{k}", px, -(k + 1) * ROW))
    bstyle = STYLES["Bureau"]
    for k, (bureau, edge) in enumerate(history.bureaus):
        bnode: dict[str, Any] = {
            **bstyle.node_options(),
            "id": bureau.uid,
            "label": short(bureau.name, 12),
            "size": 13,
            "x": px,
            "y": (row + k) * ROW + 30,
            "font": {
                "face": FONT_STACK,
                "size": 12,
                "color": "#1f2937",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            "info": node_info(bureau),
        }
        if link:
            bnode["href"] = link(bureau)
        nodes.append(bnode)
        info = edge_info(edge) if edge else {"type": "OWNED_BY", "caption": edge_caption("OWNED_BY")}
        edges.append(
            {
                "id": f"own{k}",
                "from": project.uid,
                "to": bureau.uid,
                "arrows": "to",
                "label": owner_caption(edge),
                "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.3 + 0.05 * k},
                "color": {"color": "#e8a06a"},
                "font": {"size": 10, "color": "#9a4a12"},
                "info": info,
            }
        )

    opts = options(len(nodes), fixed_layout=True)
    opts["layout"] = {"improvedLayout": False}
    opts["interaction"].update(dragNodes=False, hideEdgesOnDrag=False, zoomView=True)
    opts["edges"]["smooth"] = {"enabled": False}
    opts["nodes"]["scaling"] = {"label": {"enabled": False}}
    opts["edges"]["scaling"] = {"label": {"enabled": False}}
    return {
        "nodes": nodes,
        "edges": edges,
        "keepLayout": True,  # the columns are the layout: the page may separate labels, not rescale
        "options": opts,
        "stats": {
            "nodes": len(nodes),
            "edges": len(edges),
            "hidden": 0,
            "truncated": False,
            "labels": ["Project", "Bureau", "Event", "Observation"],
            "physics": "off",
            "years": cols,
            "rows": max(max(depth.values(), default=0), len(history.bureaus) + 1)
            + max(lanes, default=-1)
            + 2,
        },
    }
