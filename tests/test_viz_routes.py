"""The /viz pages over HTTP and ``policykg viz``: on an in-memory stand-in and on the embedded
FalkorDB store holding synthetic documents (the real engine and the real viz_*.cypher queries)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from graph.store import GraphStore
from viz.routes import router
from viz.synthetic import SyntheticStore, build_store

SCRIPT_OR_LINK_SRC = re.compile(r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.I)


def make_app(store: GraphStore | None) -> FastAPI:
    app = FastAPI()
    app.state.store = store
    app.include_router(router, prefix="/viz")
    return app


@pytest.fixture(scope="module")
def falkor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    store = build_store(str(tmp_path_factory.mktemp("vizstore")))
    yield store
    store.close()


@pytest.fixture(params=["synthetic", "falkordb"])
def client(request: pytest.FixtureRequest) -> TestClient:
    store = SyntheticStore() if request.param == "synthetic" else request.getfixturevalue("falkor")
    return TestClient(make_app(store))


def first_link(html: str, kind: str) -> str:
    m = re.search(rf'href="(/viz/{kind}/[^"?]+)', html)
    assert m, f"no {kind} link"
    return m.group(1)


def test_home_shows_search_and_entry_points(client: TestClient):
    r = client.get("/viz/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert 'action="/viz/search"' in r.text
    assert "关系最多的项目" in r.text and "负责项目最多的单位" in r.text
    assert "/viz/neighbourhood/project%3A" in r.text and "/viz/neighbourhood/bureau%3A" in r.text
    assert not SCRIPT_OR_LINK_SRC.search(r.text)


def test_search_finds_an_alias_and_leads_to_the_pages(client: TestClient):
    r = client.get("/viz/search", params={"q": "望坛"})
    assert r.status_code == 200
    assert "望坛棚改项目" in r.text
    page = client.get(first_link(r.text, "neighbourhood"))
    assert page.status_code == 200 and 'id="g-neighbourhood"' in page.text
    hist = client.get(first_link(r.text, "history"))
    assert hist.status_code == 200 and 'id="g-history"' in hist.text and "<table>" in hist.text


def test_search_with_no_hit_says_so(client: TestClient):
    r = client.get("/viz/search", params={"q": "没有这个名字"})
    assert r.status_code == 200 and "没有找到" in r.text


def test_neighbourhood_honours_depth_cap_labels_and_years(client: TestClient):
    uid = first_link(client.get("/viz/search", params={"q": "望坛"}).text, "neighbourhood")
    r = client.get(uid, params={"depth": 3, "cap": 20, "labels": ["Project", "Event"], "year_from": 2019})
    assert r.status_code == 200
    data = re.search(r'id="g-neighbourhood-data">(.*?)</script>', r.text, re.S).group(1)
    payload = json.loads(data)
    labels = {n["info"]["label"] for n in payload["nodes"]}
    assert labels <= {"Project", "Event", "More"}
    assert sum(1 for n in payload["nodes"] if n["info"]["label"] != "More") <= 20
    assert 'value="3" selected' in r.text and 'value="20"' in r.text


def test_served_pages_load_their_scripts_from_the_app(client: TestClient):
    uid = first_link(client.get("/viz/").text, "neighbourhood")
    html = client.get(uid).text
    srcs = re.findall(r'<script src="([^"]+)"', html) + re.findall(
        r'<link rel="stylesheet" href="([^"]+)"', html
    )
    assert sorted(srcs) == sorted(
        [
            "/viz/static/vis-network.min.js",
            "/viz/static/viz.js",
            "/viz/static/vis-network.css",
            "/viz/static/viz.css",
        ]
    )
    for src in srcs:
        r = client.get(src)
        assert r.status_code == 200 and len(r.content) > 1000
    assert client.get("/viz/static/../pyproject.toml").status_code == 404
    assert client.get("/viz/static/nothing.js").status_code == 404


def test_unknown_uid_is_a_404_page(client: TestClient):
    assert client.get("/viz/neighbourhood/project:nope").status_code == 404
    assert client.get("/viz/history/project:nope").status_code == 404


def test_out_of_range_parameters_are_refused(client: TestClient):
    assert client.get("/viz/neighbourhood/project:x", params={"depth": 4}).status_code == 422
    assert client.get("/viz/neighbourhood/project:x", params={"cap": 0}).status_code == 422


def test_without_a_store_the_pages_answer_503():
    with TestClient(make_app(None)) as c:
        assert c.get("/viz/").status_code == 503


def test_cli_writes_an_offline_page_with_neighbourhood_and_history(falkor: GraphStore, tmp_path: Path):
    from policykg.cli import app

    out = tmp_path / "wangtan.html"
    # the full name: in this store two projects carry the alias 望坛 (see the next test but one)
    r = CliRunner().invoke(app, ["viz", "望坛棚改项目", "--store", falkor.url, "-o", str(out)])
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    assert 'id="g-neighbourhood"' in html and 'id="g-history"' in html
    assert "望坛棚改项目" in html
    assert not SCRIPT_OR_LINK_SRC.search(html)


def test_cli_exit_codes(falkor: GraphStore, tmp_path: Path):
    from policykg.cli import app

    runner = CliRunner()
    missing = runner.invoke(
        app, ["viz", "没有这个名字", "--store", falkor.url, "-o", str(tmp_path / "x.html")]
    )
    assert missing.exit_code == 1
    bad = runner.invoke(
        app, ["viz", "望坛棚改项目", "--depth", "5", "--store", falkor.url, "-o", str(tmp_path / "y.html")]
    )
    assert bad.exit_code == 2


def test_empty_form_fields_mean_the_defaults(client: TestClient):
    uid = first_link(client.get("/viz/search", params={"q": "望坛"}).text, "neighbourhood")
    r = client.get(uid, params={"depth": "1", "cap": "", "year_from": "", "year_to": ""})
    assert r.status_code == 200 and 'value="1" selected' in r.text and 'value="300"' in r.text
    assert client.get(uid, params={"year_from": "二〇二二"}).status_code == 422


@pytest.fixture(scope="module")
def corpus_store(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    from graph import open_store
    from ingest.pipeline import extract_paths

    result = extract_paths(sorted(corpus_dir.glob("*.txt")))
    store = open_store(f"falkordb:{tmp_path_factory.mktemp('corpus')}")
    for facts in result.documents:
        store.write_document(facts)
    yield store
    store.close()


@pytest.mark.slow
def test_cli_page_of_wangtan_from_the_corpus(corpus_store: GraphStore, tmp_path: Path):
    """The user's example: ``policykg viz 望坛 -o wangtan.html`` over the real documents."""
    from policykg.cli import app

    out = tmp_path / "wangtan.html"
    r = CliRunner().invoke(app, ["viz", "望坛", "--store", corpus_store.url, "-o", str(out)])
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    assert not SCRIPT_OR_LINK_SRC.search(html)
    history = json.loads(re.search(r'id="g-history-data">(.*?)</script>', html, re.S).group(1))
    events = [n for n in history["nodes"] if n["info"]["label"] == "Event"]
    assert events and all(n["info"].get("evidence") and n["info"].get("doc") for n in events)
    assert any("望坛" in n["info"]["evidence"] or "望壇" in n["info"]["evidence"] for n in events)
    years = [
        int(n["label"])
        for n in sorted(history["nodes"], key=lambda n: n["x"])
        if n["info"]["label"] == "Year"
    ]
    assert years == sorted(years)


@pytest.mark.slow
def test_served_pages_over_the_corpus(corpus_store: GraphStore):
    c = TestClient(make_app(corpus_store))
    home = c.get("/viz/")
    assert home.status_code == 200
    for q in ("望坛", "望壇", "住建委"):  # a name, its Traditional form, an abbreviation
        r = c.get("/viz/search", params={"q": q})
        assert r.status_code == 200 and "/viz/neighbourhood/" in r.text, q
        page = c.get(first_link(r.text, "neighbourhood"))
        assert page.status_code == 200 and 'id="g-neighbourhood-data"' in page.text


def test_cli_ambiguous_name_lists_the_candidates_and_exits_2(falkor: GraphStore, tmp_path: Path):
    """Two projects of this store carry the alias 望坛: nothing is picked silently; each candidate
    is a ``name<TAB>type<TAB>uid`` line, and its uid or its exact name then writes the page."""
    from policykg.cli import app

    out = tmp_path / "project.html"
    r = CliRunner().invoke(app, ["viz", "望坛", "--store", falkor.url, "-o", str(out)])
    assert r.exit_code == 2, r.output
    assert not out.exists()
    lines = [line.split("\t") for line in r.stdout.splitlines() if line.count("\t") == 2]
    assert len(lines) >= 2
    assert all(uid.startswith("project:") and kind.startswith("Project") for _, kind, uid in lines)
    name, _, uid = lines[0]
    for chosen in (uid, name):
        r = CliRunner().invoke(app, ["viz", chosen, "--store", falkor.url, "-o", str(out)])
        assert r.exit_code == 0, r.output
        assert name in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "path", ["/viz/nothing/here", "/viz/neighbourhood/project:nope", "/viz/history/project:nope"]
)
def test_missing_pages_answer_a_chinese_404_with_the_search_box(client: TestClient, path: str):
    r = client.get(path)
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert '<html lang="zh-CN">' in r.text and "没有这个" in r.text
    assert r.text.count('action="/viz/search"') == 2  # the header's box and the page's own
    assert 'href="/viz/"' in r.text and "not found" not in r.text.lower()


def test_bad_parameters_are_explained_in_chinese(client: TestClient):
    r = client.get("/viz/neighbourhood/project:nope", params={"depth": "9"})
    assert r.status_code == 422 and "depth 应在 1 到 3 之间" in r.text
