"""viz.pages: self-contained offline HTML, escaping, legend, caps, history layout (no browser)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from viz.model import GEdge, GNode, History, HistoryEvent, Subgraph, filter_subgraph
from viz.pages import (
    FILE_LINKS,
    Links,
    NeighbourhoodParams,
    PageContext,
    Ranked,
    render_entity_page,
    render_home,
    render_search,
)
from viz.style import FONT_STACK, MORE
from viz.synthetic import history, neighbourhood

EVIL = '</script><script>alert("x")</script><img src=x onerror=alert(1)> & “引号”'


class Elements(HTMLParser):
    """Every element's tag, attributes and (for scripts/styles) text."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None], str]] = []
        self._open: list[int] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), ""))
        if tag in ("script", "style"):
            self._open.append(len(self.elements) - 1)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._open:
            self._open.pop()

    def handle_data(self, data):
        if self._open:
            i = self._open[-1]
            tag, attrs, text = self.elements[i]
            self.elements[i] = (tag, attrs, text + data)


def parse(html: str) -> list[tuple[str, dict[str, str | None], str]]:
    p = Elements()
    p.feed(html)
    return p.elements


def external_sources(html: str) -> list[str]:
    """src/href of script, link, img, iframe elements that leave the page's own origin."""
    out = []
    for tag, attrs, text in parse(html):
        for key in ("src", "href"):
            value = attrs.get(key) or ""
            if tag in ("script", "link", "img", "iframe", "source") and re.match(r"^\s*(https?:)?//", value):
                out.append(value)
        if tag == "style" and re.search(r"url\(\s*['\"]?\s*(https?:)?//", text):
            out.append("css url()")
        if tag == "style" and "@import" in text:
            out.append("css @import")
    return out


def graph_data(html: str, gid: str) -> dict:
    for tag, attrs, text in parse(html):
        if tag == "script" and attrs.get("id") == f"{gid}-data":
            return json.loads(text)
    raise AssertionError(f"no data for {gid}")


@pytest.fixture(scope="module")
def page() -> str:
    return render_entity_page(neighbourhood(150), history())


def test_page_is_self_contained_with_vis_network_inlined(page: str):
    assert external_sources(page) == []
    assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']?https?://", page)
    scripts = [(a, t) for tag, a, t in parse(page) if tag == "script"]
    assert all("src" not in a for a, _ in scripts)
    assert any("vis-network" in t[:400] or "vis.Network" in t for _, t in scripts)
    assert "bootstrap" not in page.lower()


def test_page_declares_a_cjk_font_stack_and_chinese_text(page: str):
    assert '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif' in page
    options = graph_data(page, "g-neighbourhood")["options"]
    assert options["nodes"]["font"]["face"] == options["edges"]["font"]["face"] == FONT_STACK
    assert '<html lang="zh-CN">' in page
    assert "望坛棚改项目" in page


def test_nodes_carry_shapes_colours_tooltips_and_edges_carry_labels(page: str):
    data = graph_data(page, "g-neighbourhood")
    shapes = {n["info"]["label"]: n["shape"] for n in data["nodes"]}
    assert shapes["Project"] == "dot" and shapes["Bureau"] == "hexagon" and shapes["Place"] == "triangle"
    assert all(n["color"]["background"].startswith("#") for n in data["nodes"])
    fact_edges = [e for e in data["edges"] if e["info"]["type"] == "OWNED_BY"]
    assert fact_edges and all(e["label"] == "主责" for e in fact_edges)
    assert all(e["info"]["evidence"] and e["info"]["doc"] for e in fact_edges)
    assert all("year" in e["info"] for e in fact_edges)


def test_legend_lists_each_label_with_a_swatch(page: str):
    legend = re.search(r'<ul class="legend" data-graph="g-neighbourhood">(.*?)</ul>', page, re.S)
    assert legend
    for zh in ("项目", "单位", "地点", "指标", "事件", "文件"):
        assert zh in legend.group(1)
    assert legend.group(1).count("<svg") >= 6


def test_evidence_is_escaped_everywhere():
    sub = Subgraph(
        [GNode("p:1", "Project", "项目<b>甲</b>"), GNode("b:1", "Bureau", "区住建委")],
        [GEdge("p:1", "b:1", "OWNED_BY", evidence=EVIL, doc="<doc>.txt", year=2022)],
        centre="p:1",
    )
    h = History(project=sub.nodes[0], events=[HistoryEvent(2022, "收尾" + EVIL, "planned", EVIL, "a.txt")])
    html = render_entity_page(sub, h)
    scripts = [(a, t) for tag, a, t in parse(html) if tag == "script"]
    # only our four scripts: vis-network, viz.js and two JSON data blocks, none injected
    assert len(scripts) == 4
    assert "alert" not in "".join(
        t for a, t in scripts if a.get("type") != "application/json" and "vis" not in t[:50]
    )
    assert "<img" not in html.split("<body>", 1)[1].replace("&lt;img", "")
    data = graph_data(html, "g-neighbourhood")
    assert any(e["info"].get("evidence") == EVIL for e in data["edges"])  # the text survives intact
    assert "&lt;/script&gt;&lt;script&gt;alert(&#34;x&#34;)" in html  # the table shows it as text
    assert "项目&lt;b&gt;甲&lt;/b&gt;" in html


def test_file_pages_have_no_links_and_served_pages_link_every_node():
    sub = neighbourhood(40)
    file_page = graph_data(render_entity_page(sub, None), "g-neighbourhood")
    assert not any("href" in n for n in file_page["nodes"])
    served = render_entity_page(sub, None, ctx=PageContext(links=Links(base="/viz/")))
    nodes = graph_data(served, "g-neighbourhood")["nodes"]
    assert all(n["href"].startswith("/viz/neighbourhood/") for n in nodes)
    assert 'action="/viz/search"' in served
    assert 'action="/viz/neighbourhood/project%3Awangtan"' in served  # the controls form
    assert external_sources(served) == []


def test_navigation_keeps_the_chosen_parameters():
    params = NeighbourhoodParams(depth=3, cap=100, labels=("Project", "Bureau"), year_from=2018)
    html = render_entity_page(
        neighbourhood(40), None, params=params, ctx=PageContext(links=Links(base="/viz/"))
    )
    hrefs = [n["href"] for n in graph_data(html, "g-neighbourhood")["nodes"]]
    assert all(
        "depth=3" in h and "cap=100" in h and "labels=Bureau" in h and "year_from=2018" in h for h in hrefs
    )


def test_cap_folds_extra_nodes_and_says_so():
    sub = neighbourhood(1000)
    within = len(filter_subgraph(sub, depth=3).nodes)
    html = render_entity_page(sub, None, params=NeighbourhoodParams(depth=3, cap=300))
    data = graph_data(html, "g-neighbourhood")
    real = [n for n in data["nodes"] if n["info"]["label"] != MORE]
    more = [n for n in data["nodes"] if n["info"]["label"] == MORE]
    assert len(real) == 300
    assert more and all(n["label"].startswith("+") for n in more)
    assert data["stats"]["hidden"] == within - 300 > 0
    assert "超过节点上限 300" in html


def test_physics_is_bounded_for_large_pages_and_off_for_very_large_ones():
    small = graph_data(render_entity_page(neighbourhood(100), None), "g-neighbourhood")
    assert small["options"]["physics"]["enabled"] is True
    assert small["options"]["physics"]["stabilization"]["iterations"] <= 400
    mid = graph_data(
        render_entity_page(neighbourhood(1000), None, params=NeighbourhoodParams(depth=3, cap=1000)),
        "g-neighbourhood",
    )
    assert mid["options"]["physics"]["stabilization"]["iterations"] <= 150
    assert mid["options"]["edges"]["smooth"]["enabled"] is False
    big = graph_data(
        render_entity_page(neighbourhood(3000), None, params=NeighbourhoodParams(depth=3, cap=3000)),
        "g-neighbourhood",
    )
    assert big["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in big["nodes"])


def test_history_lays_years_out_left_to_right_with_tense_styles():
    html = render_entity_page(None, history())
    data = graph_data(html, "g-history")
    years = sorted((n["x"], int(n["label"])) for n in data["nodes"] if n["info"]["label"] == "Year")
    assert [y for _, y in years] == sorted(y for _, y in years)
    assert len({x for x, _ in years}) == len(years)
    x_of = {y: x for x, y in years}
    events = {n["info"]["name"]: n for n in data["nodes"] if n["info"]["label"] == "Event"}
    assert events["启动征收"]["x"] == x_of[2017] and events["回迁入住"]["x"] == x_of[2022]
    assert events["回迁入住"]["shapeProperties"]["borderDashes"]  # planned: dashed
    assert events["启动征收"]["color"]["background"] != "#ffffff"  # done: filled
    assert (
        events["主体结构封顶"]["borderWidth"] > 2 and "shapeProperties" not in events["主体结构封顶"]
    )  # expected
    span = events["棚户区改造"]  # 2017–2021: above the axis, reaching from 2017 to 2021
    assert span["y"] < 0 and span["x"] == (x_of[2017] + x_of[2021]) / 2
    assert data["options"]["physics"]["enabled"] is False
    # the same history as a table, in year order, with the evidence
    table = re.search(r"<table>.*?</table>", html, re.S).group(0)
    rows = re.findall(r'<td class="year">(.*?)</td>', table)
    assert rows == ["2017", "2017–2021", "2018", "2019", "2021", "2022", "2022"]
    assert "2017年，望坛棚改项目启动征收" in table
    assert "北京市东城区住房和城乡建设委员会" in html and "完成投资" in html


def test_home_and_search_pages_link_to_the_entity_pages():
    ctx = PageContext(links=Links(base="/viz/"))
    p = GNode("project:1", "Project", "望坛棚改项目", {"aliases": ["望坛", "望壇"]})
    b = GNode("bureau:1", "Bureau", "区住建委")
    home = render_home([Ranked(p, 12)], [Ranked(b, 3, "个项目")], ctx=ctx)
    assert 'href="/viz/neighbourhood/project%3A1"' in home and 'href="/viz/history/project%3A1"' in home
    assert 'action="/viz/search"' in home and external_sources(home) == []
    results = render_search("<望坛>", [p, b], ctx=ctx)
    assert "&lt;望坛&gt;" in results and "<望坛>" not in results
    assert 'href="/viz/history/project%3A1"' in results and "望壇" in results
    assert "没有找到" in render_search("无此项", [], ctx=ctx)


def test_file_links_are_empty():
    assert FILE_LINKS.neighbourhood("x") is None and FILE_LINKS.search is None


def test_summary_nodes_lead_to_the_same_page_with_a_larger_cap():
    ctx = PageContext(links=Links(base="/viz/"))
    html = render_entity_page(neighbourhood(400), None, params=NeighbourhoodParams(depth=3, cap=50), ctx=ctx)
    more = [n for n in graph_data(html, "g-neighbourhood")["nodes"] if n["info"]["label"] == MORE]
    assert more and all(n["href"] == "/viz/neighbourhood/project%3Awangtan?depth=3&cap=100" for n in more)


def legend_items(html: str, gid: str) -> dict[str, tuple[str, str]]:
    """The legend of one graph: label → (shape, colour) as it declares them."""
    block = re.search(rf'<ul class="legend" data-graph="{gid}">(.*?)</ul>', html, re.S)
    assert block, gid
    item = r'<li data-shape="([^"]+)" data-color="([^"]+)">.*?data-label="([^"]+)"'
    items = re.findall(item, block.group(1))
    return {label: (shape, colour) for shape, colour, label in items}


def drawn_colours(node: dict) -> set[str]:
    colour = node.get("color") or {}
    return {colour.get("background"), colour.get("border")} if isinstance(colour, dict) else {colour}


@pytest.mark.parametrize("gid", ["g-neighbourhood", "g-history"])
def test_legend_is_true_to_the_drawing(page: str, gid: str):
    """Each label in a legend is drawn in the shape and colour the legend shows, in the
    neighbourhood and in the timeline alike (events are boxes in both)."""
    legend = legend_items(page, gid)
    nodes = graph_data(page, gid)["nodes"]
    assert {n["info"]["label"] for n in nodes} == set(legend)
    for n in nodes:
        shape, colour = legend[n["info"]["label"]]
        assert n["shape"] == shape, n["info"]
        assert colour in drawn_colours(n), n["info"]
    assert legend["Event"][0] == "box"
    assert legend_items(page, "g-neighbourhood")["Event"] == legend_items(page, "g-history")["Event"]


def test_events_are_labelled_with_their_year_and_stage():
    centre = GNode("project:p", "Project", "示例棚改项目")
    events = [GNode(f"event:{y}", "Event", "回迁", {"year": y}) for y in (2019, 2021)]
    undated = GNode("event:x", "Event", "签约", {})
    sub = Subgraph(
        nodes=[centre, *events, undated],
        edges=[GEdge("project:p", e.uid, "HAS_EVENT") for e in [*events, undated]],
        centre="project:p",
    )
    hist = History(centre, [HistoryEvent(2019, "回迁", "done"), HistoryEvent(2021, "回迁", "planned")])
    html = render_entity_page(sub, hist)
    drawn = {n["id"]: n["label"] for n in graph_data(html, "g-neighbourhood")["nodes"]}
    assert drawn["event:2019"] == "2019 回迁" and drawn["event:2021"] == "2021 回迁"
    assert drawn["event:x"] == "签约"
    timeline = [n["label"] for n in graph_data(html, "g-history")["nodes"] if n["info"]["label"] == "Event"]
    assert sorted(timeline) == ["2019 回迁", "2021 回迁"]


def test_events_are_drawn_by_tense_alike_in_the_neighbourhood_and_the_timeline():
    centre = GNode("project:p", "Project", "示例街区更新项目")
    planned = GNode("event:p", "Event", "开工", {"year": 2026, "tense": "planned"})
    done = GNode("event:d", "Event", "签约", {"year": 2024, "tense": "done"})
    sub = Subgraph(
        [centre, planned, done],
        [GEdge("project:p", e.uid, "HAS_EVENT") for e in (planned, done)],
        centre="project:p",
    )
    hist = History(centre, [HistoryEvent(2026, "开工", "planned"), HistoryEvent(2024, "签约", "done")])
    html = render_entity_page(sub, hist)
    around = {n["label"]: n for n in graph_data(html, "g-neighbourhood")["nodes"]}
    timeline = {n["label"]: n for n in graph_data(html, "g-history")["nodes"]}
    for caption in ("2026 开工", "2024 签约"):
        a, t = around[caption], timeline[caption]
        assert a["shape"] == t["shape"] == "box"
        assert (a["color"]["background"], a["color"]["border"]) == (
            t["color"]["background"],
            t["color"]["border"],
        )
        assert a.get("shapeProperties") == t.get("shapeProperties")
    assert around["2026 开工"]["shapeProperties"]["borderDashes"]
    assert 'class="tense tense-planned"' in html.split('id="g-history"')[0]  # the neighbourhood's key


def test_large_pages_plan_clusters_and_say_how_to_open_them():
    html = render_entity_page(neighbourhood(120, max_depth=3), None, params=NeighbourhoodParams(depth=3))
    data = graph_data(html, "g-neighbourhood")
    assert data["clusters"] and data["stats"]["shown"] <= 60
    members = {uid for c in data["clusters"] for uid in c["members"]}
    assert {n["id"] for n in data["nodes"] if n.get("cluster")} == members
    for c in data["clusters"]:
        node = c["node"]
        assert f"×{len(c['members'])}" in node["label"] and node["shapeProperties"]["borderDashes"]
        assert node["info"]["cluster"] is True
    assert "点击即展开" in html and "折叠为" in html
    small = render_entity_page(neighbourhood(60, max_depth=3), None)
    assert graph_data(small, "g-neighbourhood")["clusters"] == [] and "点击即展开" not in small
