"""The pages in real headless Chromium (Debian's, driven over the DevTools protocol).

Each test checks what a person would see: the page loads with the network cut off (or, when
served, talks only to the app), every graph finishes its layout and is drawn (the canvas has
coloured pixels), nothing is logged as an error, and a screenshot is kept under tests/artifacts/.
Without Chromium these tests skip locally and FAIL in CI (``CI`` set): run ``make chromium``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store import GraphStore
from viz.browser import ALL_GRAPHS_READY, CANVAS_CHECK, VIEW_CHECK, Chromium, Page, find_chromium
from viz.pages import NeighbourhoodParams, render_entity_page
from viz.queries import VizQueries
from viz.synthetic import build_store, neighbourhood

from .test_viz_routes import corpus_store  # noqa: F401 (a fixture)
from .viz_checks import serve_pages

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
LOCAL = ("file:", "data:", "blob:", "about:")


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    if find_chromium() is None:
        message = "chromium is not installed (make chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with Chromium.launch() as chromium:
        yield chromium


@pytest.fixture
def page(browser: Chromium) -> Iterator[Page]:
    with browser.page() as p:
        p.set_viewport(1440, 1000)
        yield p


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    s = build_store(str(tmp_path_factory.mktemp("vizstore")))
    yield s
    s.close()


def assert_drawn(p: Page, expected_graphs: int) -> list[dict]:
    p.wait_until(ALL_GRAPHS_READY, timeout=60)
    canvases = p.evaluate(CANVAS_CHECK)
    assert len(canvases) == expected_graphs
    for c in canvases:
        # a blank canvas has no pixel at all; a drawn graph has thousands of coloured ones
        assert c["coloured"] > 2000, c
    assert p.evaluate("window.policykgViz.errors") == []
    assert p.console_errors() == []
    assert_in_view(p)
    return canvases


def assert_in_view(p: Page) -> list[dict]:
    """Every graph is fitted: each node shown has its centre on the canvas, the view is not zoomed
    in past 1:1, and the centre node is a dot, not a disc filling the card (the bug where a small
    neighbourhood was shown as one huge circle and a giant label)."""
    views = p.evaluate(VIEW_CHECK)
    for v in views:
        assert v["width"] > 0 and v["height"] > 0, v
        assert 0 < v["scale"] <= 1.0001, v
        assert v["outside"] == [], v
        if v["centreRadius"] is not None:
            assert v["centreRadius"] < 0.25 * v["width"], v
            assert v["centreRadius"] < 0.25 * v["height"], v
            if v["nodes"] <= 300:
                # nor a speck: a layout that flung a node far away fits the view to a dust cloud
                assert v["centreRadius"] >= 2, v
    return views


def open_offline(p: Page, path: Path) -> None:
    p.set_offline(True)
    p.goto(path.as_uri())


def test_entity_page_works_offline_and_draws_both_graphs(page: Page, store: GraphStore):
    q = VizQueries(store)
    centre = q.resolve("望坛")
    assert centre is not None
    html = render_entity_page(q.neighbourhood(centre.uid, NeighbourhoodParams()), q.history(centre.uid))
    path = ARTIFACTS / "viz_entity.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")

    open_offline(page, path)
    assert_drawn(page, 2)
    assert [u for u in page.requests() if not u.startswith(LOCAL)] == []
    # Chinese is rendered with a CJK font, not tofu: the heading's font resolves to Noto CJK
    fonts = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "Noto Sans CJK SC" in fonts
    page.screenshot(ARTIFACTS / "viz_entity.png")
    # the legend's checkboxes hide and show a label without reloading
    shown = "window.policykgViz.graphs['g-neighbourhood'].network.body.data.nodes.length"
    before = page.evaluate(shown)
    page.evaluate("document.querySelector('[data-graph=g-neighbourhood] input[data-label=Document]').click()")
    assert 0 < page.evaluate(shown) < before
    page.evaluate("document.querySelector('[data-graph=g-neighbourhood] input[data-label=Document]').click()")
    assert page.evaluate(shown) == before


def test_tooltip_shows_the_evidence_sentence(page: Page, store: GraphStore):
    path = ARTIFACTS / "viz_entity.html"
    if not path.exists():
        pytest.skip("needs the page of the previous test")
    open_offline(page, path)
    page.wait_until(ALL_GRAPHS_READY, timeout=60)
    # hover the first event of the history: vis-network shows our tooltip card
    x, y, evidence = page.evaluate(
        """(() => {
          document.getElementById('g-history').scrollIntoView({block: 'center'});
          const g = window.policykgViz.graphs['g-history'];
          const ev = g.nodes.get().find(n => n.info && n.info.label === 'Event' && n.info.evidence);
          const p = g.network.canvasToDOM(g.network.getPosition(ev.id));
          const r = document.getElementById('g-history').getBoundingClientRect();
          return [r.left + p.x, r.top + p.y, ev.info.evidence];
        })()"""
    )
    for dx in (-3, 0):  # move onto the node: vis-network opens its popup on pointer moves
        page.call("Input.dispatchMouseEvent", type="mouseMoved", x=x + dx, y=y)
    tip = page.wait_until(
        "(() => { const t = document.querySelector('div.vis-tooltip');"
        " return t && t.style.visibility !== 'hidden' && t.textContent; })()",
        timeout=10,
    )
    assert evidence in tip
    page.screenshot(ARTIFACTS / "viz_tooltip.png", full_page=False)


@pytest.mark.parametrize("size", [1000, 5000])
def test_large_neighbourhoods_stay_usable(page: Page, size: int):
    html = render_entity_page(
        neighbourhood(size, max_depth=3), None, params=NeighbourhoodParams(depth=3, cap=size)
    )
    path = ARTIFACTS / f"viz_large_{size}.html"
    path.write_text(html, encoding="utf-8")
    start = time.perf_counter()
    open_offline(page, path)
    assert_drawn(page, 1)
    elapsed = time.perf_counter() - start
    assert elapsed < 30, f"{size} nodes took {elapsed:.1f} s to lay out and draw"
    page.screenshot(ARTIFACTS / f"viz_large_{size}.png", full_page=False)


# --------------------------------------------------------------------------- served by the app


@pytest.fixture(scope="module")
def server(store: GraphStore) -> Iterator[str]:
    with serve_pages(store) as base:
        yield base

def follow(page: Page, action: str) -> None:
    """Run JS (or a CDP click) that navigates, and wait for the new page's load."""
    start = len(page.events)
    page.evaluate(action)
    page.wait_event("Page.loadEventFired", since=start)


def test_search_leads_to_a_page_and_clicking_a_node_expands_it(page: Page, server: str):
    page.goto(f"{server}/viz/")
    assert page.evaluate("document.querySelectorAll('ol.ranked li').length") > 0
    page.screenshot(ARTIFACTS / "viz_home.png")

    follow(
        page,
        "document.querySelector('.hero input[name=q]').value = '望坛';"
        " document.querySelector('.hero form').submit()",
    )
    assert "/viz/search?q=" in page.evaluate("location.href")
    assert page.evaluate("document.querySelectorAll('ul.results li').length") >= 1
    page.screenshot(ARTIFACTS / "viz_search.png")

    follow(page, "document.querySelector('ul.results a').click()")
    assert "/viz/neighbourhood/" in page.evaluate("location.pathname")
    assert_drawn(page, 1)
    page.screenshot(ARTIFACTS / "viz_neighbourhood.png")

    # click a neighbour in the graph: the browser goes to that node's own neighbourhood page
    x, y, href = page.evaluate(
        """(() => {
          const g = window.policykgViz.graphs['g-neighbourhood'];
          const n = g.nodes.get().find(n => n.href && !n.isCentre && n.info.label === 'Bureau')
                 || g.nodes.get().find(n => n.href && !n.isCentre);
          const p = g.network.canvasToDOM(g.network.getPosition(n.id));
          const r = document.getElementById('g-neighbourhood').getBoundingClientRect();
          return [r.left + p.x, r.top + p.y, n.href];
        })()"""
    )
    start = len(page.events)
    for kind in ("mousePressed", "mouseReleased"):
        page.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)
    page.wait_event("Page.loadEventFired", since=start)
    assert page.evaluate("location.pathname + location.search") == href
    assert_drawn(page, 1)

    # every request went to the app itself
    assert [u for u in page.requests() if not u.startswith((server, *LOCAL))] == []


def test_history_page_is_served_with_its_table(page: Page, server: str, store: GraphStore):
    centre = VizQueries(store).resolve("望坛")
    assert centre is not None
    page.goto(f"{server}/viz/history/{centre.uid}")
    assert_drawn(page, 1)
    assert page.evaluate("document.querySelectorAll('table tbody tr').length") > 3
    page.screenshot(ARTIFACTS / "viz_history.png")


def test_controls_form_reloads_the_neighbourhood_with_new_parameters(
    page: Page, server: str, store: GraphStore
):
    centre = VizQueries(store).resolve("望坛")
    assert centre is not None
    page.goto(f"{server}/viz/neighbourhood/{centre.uid}")
    assert_drawn(page, 1)
    follow(
        page,
        "document.querySelector('form.controls select[name=depth]').value = '1';"
        " document.querySelector('form.controls input[value=Document]').checked = false;"
        " document.querySelector('form.controls').submit()",
    )
    assert "depth=1" in page.evaluate("location.search")
    assert_drawn(page, 1)
    labels = page.evaluate("window.policykgViz.graphs['g-neighbourhood'].nodes.get().map(n => n.info.label)")
    assert "Document" not in labels and "Project" in labels


@pytest.mark.slow
def test_wangtan_page_from_the_corpus_draws_offline(page: Page, corpus_store: GraphStore):  # noqa: F811
    q = VizQueries(corpus_store)
    centre = q.resolve("望坛")
    assert centre is not None
    html = render_entity_page(q.neighbourhood(centre.uid, NeighbourhoodParams()), q.history(centre.uid))
    path = ARTIFACTS / "viz_corpus_wangtan.html"
    path.write_text(html, encoding="utf-8")
    open_offline(page, path)
    assert_drawn(page, 2)
    assert [u for u in page.requests() if not u.startswith(LOCAL)] == []
    page.screenshot(ARTIFACTS / "viz_corpus_wangtan.png")
    views = {v["id"]: v for v in assert_in_view(page)}  # still fitted after the full-page capture
    small = views["g-neighbourhood"]
    assert 5 <= small["nodes"] <= 60, small  # the small neighbourhood this test is about
    assert small["centreRadius"] < 0.1 * small["width"], small


def test_view_stays_fitted_when_the_card_is_resized(page: Page, store: GraphStore):
    """vis-network rescales its camera by new/old size on every resize; shrinking the card (or
    hiding it) and growing it back must still leave the whole graph in view."""
    path = ARTIFACTS / "viz_entity.html"
    if not path.exists():
        pytest.skip("needs the page of the first test")
    open_offline(page, path)
    assert_drawn(page, 2)
    graph = "document.getElementById('g-neighbourhood')"
    for height in ("90px", "0px", "68vh"):
        page.evaluate(f"{graph}.style.height = '{height}'; window.dispatchEvent(new Event('resize'))")
        page.wait_until(f"{graph}.querySelector('canvas').height === {graph}.clientHeight", timeout=10)
        time.sleep(0.1)  # the refit runs just after vis-network's own resize handling
    assert_in_view(page)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["望坛", "东直门交通枢纽", "区住建委", "隆福寺", "东直门"])
def test_real_corpus_pages_are_legible(page: Page, corpus_store: GraphStore, name: str):  # noqa: F811
    """Pages from the real corpus: drawn, every node in view, and at a scale a reader can see."""
    q = VizQueries(corpus_store)
    centre = q.resolve(name)
    assert centre is not None, name
    history = q.history(centre.uid) if centre.label == "Project" else None
    html = render_entity_page(q.neighbourhood(centre.uid, NeighbourhoodParams()), history, centre=centre)
    path = ARTIFACTS / f"viz_corpus_{centre.uid.replace(':', '_')}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    open_offline(page, path)
    assert_drawn(page, 2 if history else 1)
