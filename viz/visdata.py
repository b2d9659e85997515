"""Subgraph → the JSON that vis-network draws: nodes, edges and options.

pyvis builds the pieces (its ``Node``/``Edge`` records and its ``Network`` physics options);
the page template receives them as JSON. We do not call ``Network.add_node``/``add_edge``: they
check membership in lists (quadratic: about 1.5 s for 5,000 nodes), nor
``Network.generate_html``, whose template links Bootstrap from a CDN.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pyvis.edge import Edge
from pyvis.network import Network
from pyvis.node import Node

from viz.model import (
    ClusterPlan,
    GEdge,
    GNode,
    Subgraph,
    apply_cap,
    plan_clusters,
    radial_layout,
    year_bounds,
    year_text,
)
from viz.style import FONT_STACK, MORE, edge_caption, style_for, tense_options

# Above these sizes the page trades looks for speed.
PHYSICS_FULL = 300  # barnesHut until stable, smooth curved edges
PHYSICS_MAX = 1500  # barnesHut for a bounded number of iterations, then frozen; above: fixed layout

Linker = Callable[[GNode], str | None]

_SKIP_PROPS = {"uid", "name", "_labels", "_type", "aliases", "search_key", "key"}


def short(text: str, limit: int = 16) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def node_caption(n: GNode) -> str:
    """The label drawn on a node: its name, shortened; an event reads "2019 回迁" (year + stage),
    so that two events of the same stage can be told apart."""
    if n.label == MORE:
        return f"{n.name} {style_for(str(n.props.get('of_label', ''))).zh}"
    if n.label == "Event" and year_bounds(n.props.get("year")) is not None:
        return f"{year_text(n.props.get('year'))} {short(n.name, 10)}"
    return short(n.name)


def node_info(n: GNode) -> dict[str, Any]:
    """What the tooltip and the details panel show (rendered as text by the page's script)."""
    fields: list[list[str]] = []
    aliases = n.props.get("aliases")
    if isinstance(aliases, list | tuple) and aliases:
        fields.append(["别名", "、".join(str(a) for a in aliases[:12])])
    for key, value in n.props.items():
        if key in _SKIP_PROPS or value in (None, "", [], {}):
            continue
        if n.label == MORE and key == "anchor":
            continue
        text = year_text(value) if key == "year" else _text(value)
        fields.append([key, text])
    return {
        "label": n.label,
        "zh": style_for(n.label).zh,
        "name": n.name,
        "uid": n.uid,
        "fields": fields[:14],
    }


def edge_info(e: GEdge) -> dict[str, Any]:
    info: dict[str, Any] = {"type": e.type, "caption": edge_caption(e.type)}
    if e.evidence:
        info["evidence"] = e.evidence
    if e.doc:
        info["doc"] = e.doc
    if e.year not in (None, ""):
        info["year"] = year_text(e.year)
    extra = [
        [k, _text(v)]
        for k, v in e.props.items()
        if k not in ("doc", "evidence", "year", "_type") and v not in (None, "")
    ]
    if extra:
        info["fields"] = extra[:8]
    return info


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return "、".join(map(str, value))
    return str(value)


def vis_node(
    n: GNode, *, centre: bool, link: str | None, pos: tuple[float, float] | None = None
) -> dict[str, Any]:
    style = style_for(n.label)
    opts = style.node_options()
    if n.label == "Event":  # by tense, as on the timeline
        tense = tense_options(str(n.props.get("tense") or "done"))
        opts["color"] = {**opts["color"], **tense["color"]}  # type: ignore[dict-item]
        opts["font"] = {**opts["font"], **tense["font"]}  # type: ignore[dict-item]
        opts["borderWidth"] = tense["borderWidth"]
        if "shapeProperties" in tense:
            opts["shapeProperties"] = tense["shapeProperties"]
    if n.label == MORE:
        opts.update(shapeProperties={"borderDashes": [4, 3]}, font={"color": "#374151", "size": 13})
        opts["color"] = {"background": "#f3f4f6", "border": "#6b7280"}
    if centre:
        opts["size"] = style.size + 10
        opts["borderWidth"] = 3
        opts["font"] = {"size": 17, "color": "#111827", "strokeWidth": 4}
    shape = opts.pop("shape")
    record = Node(n.uid, shape, node_caption(n), **opts).options
    record["info"] = node_info(n)
    if centre:
        record["isCentre"] = True
    if link:
        record["href"] = link
    if pos is not None:
        record["x"], record["y"] = round(pos[0], 1), round(pos[1], 1)
    return record


def cluster_node(plan: ClusterPlan, members: list[GNode]) -> dict[str, Any]:
    """The node a collapsed group is drawn as until clicked: the members' shape and colour (so
    the legend still holds), larger, with a dashed border and "2019 事件 ×7" as its label."""
    style = style_for(plan.label)
    opts = style.node_options()
    caption = f"{style.zh} ×{len(members)}"
    if year_bounds(plan.year) is not None:
        caption = f"{year_text(plan.year)} {caption}"
    inside = opts.get("font")
    font = {**inside, "size": 14} if isinstance(inside, dict) else {"size": 14, "color": "#111827"}
    opts.update(
        size=style.size + 8,
        borderWidth=2.5,
        shapeProperties={"borderDashes": [5, 3]},
        font=font,
    )
    names = [short(m.name, 12) for m in members[:12]]
    fields = [["节点数", str(len(members))], ["包括", "、".join(names) + ("…" if len(members) > 12 else "")]]
    info = {
        "label": plan.label,
        "zh": style.zh,
        "name": f"{caption}（点击展开）",
        "uid": plan.key,
        "fields": fields,
        "cluster": True,
    }
    return {"id": plan.key, "label": caption, **opts, "info": info}


def owner_caption(edge: GEdge | None) -> str:
    """Why a unit owns a project, as a page reads it (the queries' ``reason``): 主责（明确）
    stated in a sentence, 主责（唯一单位） the sole unit of a task row, 主责（5个单位之一） one of
    a task row's units; a part's owner adds the part (·隆福寺二期)."""
    props = edge.props if edge else {}
    reason, units = props.get("reason"), props.get("units")
    part = f"·{short(str(props['part']), 8)}" if props.get("part") else ""
    caption = edge_caption("OWNED_BY")
    if reason == "stated":
        return f"{caption}（明确）{part}"
    if reason == "sole":
        return f"{caption}（唯一单位）{part}"
    if reason == "one_of" and units:
        return f"{caption}（{units}个单位之一）{part}"
    return caption + part


def vis_edge(e: GEdge, i: int) -> dict[str, Any]:
    opts: dict[str, Any] = {"id": f"e{i}"}
    if e.type == "MORE":
        opts.update(dashes=True, label="")
    elif e.type == "MENTIONED_IN":  # provenance: quiet dashed lines, the sentence in the tooltip
        opts.update(dashes=[3, 4], color={"color": "#cbd2db", "highlight": "#475569", "hover": "#475569"})
    else:
        opts["label"] = owner_caption(e) if e.type == "OWNED_BY" else edge_caption(e.type)
    record = Edge(e.source, e.target, directed=e.type != "MORE", **opts).options
    record["info"] = edge_info(e)
    return record


def options(node_count: int, *, fixed_layout: bool = False) -> dict[str, Any]:
    """vis-network options: pyvis's barnesHut physics, bounded by the page's size."""
    net = Network(directed=True, cdn_resources="in_line")
    net.barnes_hut(
        gravity=-5200,
        central_gravity=0.25,
        spring_length=150,
        spring_strength=0.035,
        damping=0.35,
        overlap=0.15,
    )
    opts: dict[str, Any] = json.loads(net.options.to_json())
    big = node_count > PHYSICS_FULL
    physics = opts["physics"]
    physics["solver"] = "barnesHut"
    physics["stabilization"].update(
        iterations=100 if big else 300, updateInterval=25, fit=True, onlyDynamicEdges=False
    )
    physics["minVelocity"] = 1.0
    physics["maxVelocity"] = 40
    physics["timestep"] = 0.5
    if fixed_layout or node_count > PHYSICS_MAX:
        physics["enabled"] = False
    opts["edges"] = {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
        "color": {"color": "#a3acb9", "highlight": "#1f2937", "hover": "#1f2937", "inherit": False},
        "font": {
            "face": FONT_STACK,
            "size": 10,
            "color": "#6b7280",
            "strokeWidth": 3,
            "strokeColor": "#ffffff",
            "align": "middle",
        },
        "smooth": {"enabled": not big, "type": "continuous", "roundness": 0.3},
        "width": 1,
        "hoverWidth": 0.6,
        "selectionWidth": 1.2,
        # edge captions only once zoomed in (10 px × zoom ≥ 9): fitted, they crowd the labels
        "scaling": {"label": {"enabled": True, "drawThreshold": 9}},
    }
    opts["nodes"] = {
        "font": {
            "face": FONT_STACK,
            "size": 13,
            "color": "#1f2937",
            "strokeWidth": 3,
            "strokeColor": "#ffffff",
        },
        "scaling": {"label": {"enabled": True, "drawThreshold": 6}},
    }
    opts["interaction"].update(
        hover=True,
        tooltipDelay=150,
        hideEdgesOnDrag=big,
        hideEdgesOnZoom=node_count > PHYSICS_MAX,
        navigationButtons=False,
        keyboard=False,
        multiselect=False,
    )
    # No Kamada-Kawai start (improvedLayout): vis-network 9.1's solver diverges on some graphs
    # (东直门交通枢纽项目's 37 nodes were flung 180,000 units apart, and the fitted view was a speck).
    # A seeded random start and the stabilisation above lay out every graph, the same way each time.
    opts["layout"] = {"improvedLayout": False, "randomSeed": 7}
    return opts


def graph_payload(
    sub: Subgraph, *, cap: int, link: Linker | None = None, more_link: str | None = None
) -> dict[str, Any]:
    """Cap the subgraph and turn it into {nodes, edges, options, stats} for the template.
    ``link`` gives each node's page; ``more_link`` is where the "+N" summary nodes lead (the same
    page with a larger cap)."""
    capped = apply_cap(sub, cap)
    n = len(capped.nodes)
    positions = radial_layout(capped) if n > PHYSICS_MAX else {}
    nodes = [
        vis_node(
            node,
            centre=node.uid == capped.centre,
            link=(more_link if node.label == MORE else link(node) if link else None),
            pos=positions.get(node.uid),
        )
        for node in capped.nodes
    ]
    edges = [vis_edge(e, i) for i, e in enumerate(capped.edges)]
    labels = sorted({node.label for node in capped.nodes if node.label != MORE})
    # above ~80 nodes, groups are drawn collapsed (vis-network clusters, opened by a click)
    plans = plan_clusters(capped)
    by_uid = {node.uid: node for node in capped.nodes}
    records = {r["id"]: r for r in nodes}
    clusters = []
    for plan in plans:
        for uid in plan.members:
            records[uid]["cluster"] = plan.key
        clusters.append(
            {
                "id": plan.key,
                "members": list(plan.members),
                "node": cluster_node(plan, [by_uid[u] for u in plan.members]),
            }
        )
    collapsed = sum(len(p.members) for p in plans)
    return {
        "nodes": nodes,
        "edges": edges,
        "clusters": clusters,
        "options": options(n),
        "stats": {
            "nodes": n,
            "edges": len(edges),
            "hidden": capped.hidden,
            "truncated": capped.truncated,
            "labels": labels,
            "physics": "full" if n <= PHYSICS_FULL else ("bounded" if n <= PHYSICS_MAX else "off"),
            "clusters": len(clusters),
            "collapsed": collapsed,
            "shown": n - collapsed + len(clusters),
        },
    }


def to_script_json(data: Any) -> str:
    """JSON safe inside a <script type="application/json"> element (no "</script>", no "<!--")."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
