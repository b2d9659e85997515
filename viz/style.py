"""Colours, shapes and names per node label, and the legend swatches drawn from them.

One table (:data:`STYLES`) serves the graph (vis-network node options) and the legend (small
inline SVGs of the same shape and colour), so the two cannot drift apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

FONT_STACK = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif'
BACKGROUND = "#ffffff"
MORE = "More"  # the label of "N more" summary nodes


@dataclass(frozen=True, slots=True)
class LabelStyle:
    label: str
    zh: str  # the label's Chinese name, shown in the legend
    color: str
    shape: str  # a vis-network shape; "box" draws the label inside it, the others below it
    size: int
    ink: str | None = None  # the label's colour inside a box (None: a label outside the shape)

    def node_options(self) -> dict[str, object]:
        """vis-network options for a node of this label."""
        border = _darker(self.color)
        opts: dict[str, object] = {
            "shape": self.shape,
            "size": self.size,
            "color": {
                "background": self.color,
                "border": border,
                "highlight": {"background": self.color, "border": "#111827"},
                "hover": {"background": self.color, "border": "#111827"},
            },
            "borderWidth": 1.5,
        }
        if self.ink:
            opts["font"] = {"color": self.ink, "strokeWidth": 0}
            opts["margin"] = {"top": 4, "bottom": 4, "left": 7, "right": 7}
        return opts


STYLES: dict[str, LabelStyle] = {
    s.label: s
    for s in (
        LabelStyle("Project", "项目", "#2f6fde", "dot", 20),
        LabelStyle("Bureau", "单位", "#e8833a", "hexagon", 18),
        LabelStyle("Place", "地点", "#2a9d8f", "triangle", 16),
        LabelStyle("Metric", "指标", "#8e5cc7", "diamond", 16),
        LabelStyle("Observation", "数值", "#b69ce0", "diamond", 11),
        # a box with "2019 回迁" inside, as the history's timeline draws events (by tense there)
        LabelStyle("Event", "事件", "#d9485f", "box", 15, ink="#ffffff"),
        LabelStyle("Task", "任务", "#b58a00", "triangleDown", 14),
        LabelStyle("Document", "文件", "#5b6b7f", "square", 14),
        LabelStyle("Section", "章节", "#94a3b8", "square", 10),
        LabelStyle("Sentence", "句子", "#c3cad5", "dot", 7),
        LabelStyle("Year", "年份", "#1e293b", "box", 12, ink="#ffffff"),  # the timeline's year axis
        LabelStyle(MORE, "更多", "#f3f4f6", "box", 12),
    )
}
FALLBACK = LabelStyle("Other", "其他", "#9ca3af", "dot", 12)

# Tense of an event: how its node is drawn on the history page.
TENSES: dict[str, tuple[str, str]] = {
    "done": ("已完成", "solid"),
    "planned": ("计划", "dashed"),
    "expected": ("预计", "outlined"),
}


def tense_options(tense: str) -> dict[str, Any]:
    """How an event's box is drawn by its tense, the same in the neighbourhood and the timeline:
    done filled, planned white with a dashed border, expected with a thick border (the legend's
    colour is the fill of the one and the border of the others)::

        tense_options("planned")["shapeProperties"]  # {"borderDashes": [6, 4]}
    """
    event = STYLES["Event"].color
    if tense == "planned":
        return {
            "color": {"background": "#ffffff", "border": event},
            "font": {"color": "#7f1d2d"},
            "borderWidth": 2,
            "shapeProperties": {"borderDashes": [6, 4]},
        }
    if tense == "expected":
        return {
            "color": {"background": "#fff5f6", "border": event},
            "font": {"color": "#7f1d2d"},
            "borderWidth": 3.5,
        }
    return {
        "color": {"background": event, "border": "#a3283c"},
        "font": {"color": "#ffffff"},
        "borderWidth": 1.5,
    }


EDGE_NAMES: dict[str, str] = {
    "OWNED_BY": "主责",
    "ASSIGNED_TO": "分配给",
    "REPORTS": "涉及",
    "HAS_EVENT": "事件",
    "IN_YEAR": "年份",
    "OF": "指标",
    "ABOUT": "关于",
    "LOCATED_IN": "位于",
    "MENTIONED_IN": "提及",
    "IN": "属于",
    "NEXT": "下一年",
    "PART_OF": "分期/部分",
}


def style_for(label: str) -> LabelStyle:
    return STYLES.get(label, FALLBACK)


def edge_caption(rel_type: str) -> str:
    return EDGE_NAMES.get(rel_type, rel_type.lower())


def _darker(hex_color: str, factor: float = 0.72) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(c * factor) for c in (r, g, b)))


def _polygon(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def _regular(n: int, r: float, start_deg: float, cx: float = 9, cy: float = 9) -> list[tuple[float, float]]:
    step = 2 * math.pi / n
    start = math.radians(start_deg)
    return [(cx + r * math.cos(start + i * step), cy + r * math.sin(start + i * step)) for i in range(n)]


def _star(cx: float = 9, cy: float = 9, outer: float = 8, inner: float = 3.4) -> list[tuple[float, float]]:
    pts = []
    for i in range(10):
        r = outer if i % 2 == 0 else inner
        a = math.radians(-90 + i * 36)
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


def swatch_svg(style: LabelStyle, *, dashed: bool = False, hollow: bool = False) -> str:
    """A small 18×18 inline SVG of the node's shape (trusted markup: no user text inside)."""
    fill = "#ffffff" if hollow else style.color
    stroke = _darker(style.color) if style.label != MORE else "#6b7280"
    dash = ' stroke-dasharray="3 2"' if dashed or style.label == MORE else ""
    attrs = f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dash}'
    shape = style.shape
    if shape == "dot":
        body = f'<circle cx="9" cy="9" r="7" {attrs}/>'
    elif shape == "square":
        body = f'<rect x="2.5" y="2.5" width="13" height="13" {attrs}/>'
    elif shape == "box":
        body = f'<rect x="2.5" y="4.5" width="13" height="9" rx="2" {attrs}/>'
    elif shape == "hexagon":
        body = f'<polygon points="{_polygon(_regular(6, 8, 0))}" {attrs}/>'
    elif shape == "triangle":
        body = f'<polygon points="{_polygon(_regular(3, 8.5, -90, cy=10.5))}" {attrs}/>'
    elif shape == "triangleDown":
        body = f'<polygon points="{_polygon(_regular(3, 8.5, 90, cy=7.5))}" {attrs}/>'
    elif shape == "diamond":
        body = f'<polygon points="{_polygon(_regular(4, 8, -90))}" {attrs}/>'
    elif shape == "star":
        body = f'<polygon points="{_polygon(_star())}" {attrs}/>'
    else:
        body = f'<circle cx="9" cy="9" r="7" {attrs}/>'
    return f'<svg class="swatch" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">{body}</svg>'
