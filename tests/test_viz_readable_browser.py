"""Pages that stay readable, in headless Chromium at 1400×900 (issue 10, item 6).

Each page is checked as a person would see it: drawn, every node and every label on the canvas,
labels not drawn over one another (the share of overlapping labels under
:data:`tests.viz_checks.MAX_OVERLAP_SHARE`, measured from vis-network's own label boxes), no
label too small to be drawn, the legend true to every node shown, nothing logged as an error.
A screenshot of each is kept as ``tests/artifacts/readable_*.png``.

The real pages (home, search, 望坛, 区住建委, the 404 page) are served by the app over the store
built from ../shared/corpus; the 88- and 500-node pages are synthetic (:func:`viz.synthetic.neighbourhood`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from graph.store import GraphStore
from viz.browser import Chromium, Page
from viz.pages import NeighbourhoodParams, render_entity_page
from viz.queries import VizQueries
from viz.synthetic import neighbourhood

from .test_viz_browser import ARTIFACTS, assert_drawn, browser, open_offline  # noqa: F401 (a fixture)
from .test_viz_routes import corpus_store  # noqa: F401 (a fixture)
from .viz_checks import LABEL_CHECK, LEGEND_CHECK, MAX_OVERLAP_SHARE, MIN_FONT_PX, serve_pages

pytestmark = pytest.mark.browser

SCREEN = (1400, 900)


@pytest.fixture
def screen(browser: Chromium) -> Iterator[Page]:  # noqa: F811
    with browser.page() as p:
        p.set_viewport(*SCREEN)
        yield p


@pytest.fixture(scope="module")
def corpus_server(corpus_store: GraphStore) -> Iterator[str]:  # noqa: F811
    with serve_pages(corpus_store) as base:
        yield base


def shoot(p: Page, name: str, *, at: str | None = None) -> None:
    """A 1400×900 screenshot of what the reader sees (scrolled to ``at``, a CSS selector)."""
    if at:
        p.evaluate(f"document.querySelector({at!r}).scrollIntoView({{block: 'start'}})")
    p.screenshot(ARTIFACTS / f"readable_{name}.png", full_page=False)


def assert_readable(p: Page, graphs: int) -> list[dict]:
    """Drawn and fitted (see test_viz_browser.assert_drawn), labels apart and on the canvas, the
    legend true to the drawing."""
    assert_drawn(p, graphs)
    reports = p.evaluate(LABEL_CHECK)
    assert len(reports) == graphs
    for r in reports:
        assert r["labels"] > 0, r
        assert r["overlapping"] <= MAX_OVERLAP_SHARE * r["labels"], r
        assert r["outside"] == [], r
        assert r["font_px"] >= MIN_FONT_PX, r
    assert p.evaluate(LEGEND_CHECK) == []
    return reports


def no_page_errors(p: Page) -> None:
    assert p.console_errors() == []
    assert p.evaluate("document.documentElement.scrollWidth") <= SCREEN[0]  # no sideways scrolling


# --------------------------------------------------------------------------- the real corpus


@pytest.mark.slow
def test_home_and_search_read_at_1400(screen: Page, corpus_server: str):
    screen.goto(f"{corpus_server}/viz/")
    assert screen.evaluate("document.querySelectorAll('ol.ranked li').length") > 0
    no_page_errors(screen)
    shoot(screen, "home")

    screen.goto(f"{corpus_server}/viz/search?q={quote('望坛')}")
    names = screen.evaluate("[...document.querySelectorAll('ul.results li')].map(li => li.textContent)")
    assert any("望坛" in n for n in names)
    no_page_errors(screen)
    shoot(screen, "search")


@pytest.mark.slow
def test_wangtan_neighbourhood_and_history_are_readable(
    screen: Page,
    corpus_server: str,
    corpus_store: GraphStore,  # noqa: F811
):
    centre = VizQueries(corpus_store).resolve("望坛")
    assert centre is not None and centre.label == "Project"
    screen.goto(f"{corpus_server}/viz/neighbourhood/{quote(centre.uid)}")
    assert_readable(screen, 1)
    no_page_errors(screen)
    shoot(screen, "wangtan")

    screen.goto(f"{corpus_server}/viz/history/{quote(centre.uid)}")
    assert_readable(screen, 1)
    no_page_errors(screen)
    labels = screen.evaluate(
        "window.policykgViz.graphs['g-history'].nodes.get()"
        ".filter(n => n.info.label === 'Event').map(n => n.label)"
    )
    assert labels and all(re.match(r"^\d{4}(–\d{4})? \S", s) or " · " in s for s in labels), labels
    shoot(screen, "wangtan_history", at="#g-history")


@pytest.mark.slow
def test_bureau_neighbourhood_of_about_fifty_nodes_keeps_labels_apart(
    screen: Page,
    corpus_server: str,
    corpus_store: GraphStore,  # noqa: F811
):
    """区住建委: about 50 nodes, drawn without clusters; before labels were pulled apart, 10 of its
    52 labels were drawn over another."""
    centre = VizQueries(corpus_store).resolve("区住建委")
    assert centre is not None and centre.label == "Bureau"
    screen.goto(f"{corpus_server}/viz/neighbourhood/{quote(centre.uid)}")
    (report,) = assert_readable(screen, 1)
    no_page_errors(screen)
    assert 40 <= report["labels"] <= 80 and report["clusters"] == 0, report
    events = screen.evaluate(
        "window.policykgViz.graphs['g-neighbourhood'].nodes.get()"
        ".filter(n => n.info.label === 'Event').map(n => n.label)"
    )
    assert events and all(re.match(r"^\d{4}", s) for s in events), events  # "2023 拆除", not "拆除"
    shoot(screen, "bureau")


@pytest.mark.slow
def test_the_largest_document_page_of_the_corpus_is_readable(
    screen: Page,
    corpus_server: str,
    corpus_store: GraphStore,  # noqa: F811
):
    """A document names hundreds of entities (the issue's 487-node page): the cap folds the rest
    into a few "+N" nodes, clusters bring what is drawn to about 50, labels are drawn apart."""
    q = VizQueries(corpus_store)
    sizes = {}
    for doc in corpus_store.documents():
        sub = q.neighbourhood(doc["uid"], NeighbourhoodParams())
        sizes[doc["uid"]] = len(sub.nodes) if sub else 0
    uid = max(sizes, key=lambda u: (sizes[u], u))
    assert sizes[uid] > 300, sizes
    screen.goto(f"{corpus_server}/viz/neighbourhood/{quote(uid)}")
    (report,) = assert_readable(screen, 1)
    no_page_errors(screen)
    assert report["clusters"] > 0 and report["labels"] <= 60, report
    more = screen.evaluate(
        "window.policykgViz.graphs['g-neighbourhood'].nodes.get().filter(n => n.info.label === 'More').length"
    )
    assert 0 < more <= 12
    shoot(screen, "document")


@pytest.mark.slow
def test_404_page_is_chinese_with_a_search_box_that_works(screen: Page, corpus_server: str):
    screen.goto(f"{corpus_server}/viz/no/such/page")
    assert screen.evaluate("document.documentElement.lang") == "zh-CN"
    assert "没有这个页面" in screen.evaluate("document.querySelector('main h1').textContent")
    # the browser logs the page's own 404 status; anything else would be a fault of the page
    errors = [e for e in screen.console_errors() if "status of 404" not in e]
    assert errors == []
    shoot(screen, "404")
    start = len(screen.events)
    screen.evaluate(
        "document.querySelector('main input[name=q]').value = '望坛';"
        " document.querySelector('main form').submit()"
    )
    screen.wait_event("Page.loadEventFired", since=start)
    assert "/viz/search?q=" in screen.evaluate("location.href")
    assert screen.evaluate("document.querySelectorAll('ul.results li').length") >= 1


# --------------------------------------------------------------------------- large synthetic pages


def click_node(p: Page, gid: str, node_id: str) -> None:
    x, y = p.evaluate(
        f"""(() => {{
          const net = window.policykgViz.graphs[{gid!r}].network;
          const at = net.canvasToDOM(net.getPosition({node_id!r}));
          const r = document.getElementById({gid!r}).getBoundingClientRect();
          return [r.left + at.x, r.top + at.y];
        }})()"""
    )
    for kind in ("mousePressed", "mouseReleased"):
        p.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)


@pytest.mark.parametrize("size", [88, 500])
def test_large_pages_collapse_into_clusters_that_open_on_click(screen: Page, size: int):
    html = render_entity_page(
        neighbourhood(size, max_depth=3), None, params=NeighbourhoodParams(depth=3, cap=max(size, 300))
    )
    path = ARTIFACTS / f"readable_{size}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    open_offline(screen, path)
    (report,) = assert_readable(screen, 1)
    assert report["clusters"] > 0 and report["labels"] <= 60, report
    notice = screen.evaluate("document.querySelector('.notice').textContent")
    assert "点击即展开" in notice and f"{size} 个" in notice  # the hint
    shoot(screen, str(size))

    # hiding a type in the legend and showing it again leaves the same groups collapsed
    box = "document.querySelector('[data-graph=g-neighbourhood] input[data-label=Event]')"
    for _ in range(2):
        screen.evaluate(f"{box}.click()")
    (again,) = screen.evaluate(LABEL_CHECK)
    assert (again["labels"], again["clusters"]) == (report["labels"], report["clusters"]), again
    assert again["overlapping"] <= MAX_OVERLAP_SHARE * again["labels"], again

    # the largest cluster opens where it is clicked; labels stay apart and in view
    gid = "g-neighbourhood"
    cluster = screen.evaluate(
        f"""(() => {{
          const net = window.policykgViz.graphs[{gid!r}].network;
          const ids = net.body.nodeIndices.filter(i => net.clustering.isCluster(i));
          ids.sort((a, b) => net.getNodesInCluster(b).length - net.getNodesInCluster(a).length);
          return ids[0];
        }})()"""
    )
    members = screen.evaluate(f"window.policykgViz.graphs[{gid!r}].network.getNodesInCluster({cluster!r})")
    click_node(screen, gid, cluster)
    screen.wait_until(f"window.policykgViz.graphs[{gid!r}].network.body.nodes[{cluster!r}] === undefined")
    (opened,) = screen.evaluate(LABEL_CHECK)
    assert opened["labels"] == report["labels"] - 1 + len(members), opened
    assert opened["overlapping"] <= MAX_OVERLAP_SHARE * opened["labels"], opened
    assert opened["outside"] == [] and opened["font_px"] >= MIN_FONT_PX, opened
    assert screen.evaluate(LEGEND_CHECK) == []
    assert screen.console_errors() == []
    shoot(screen, f"{size}_opened")
