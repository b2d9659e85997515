"""The API's manners: flat CSV (with a BOM for Excel), 406 where CSV is not offered, ``/`` to the
pages, ``/openapi.json``, ``/health`` with counts, bad parameters refused with 4xx naming them,
only the public named queries served, and ``/documents/{uid}/text`` indexed by every span.

Every document here is written by the test from sentences we made up (or is one of samples/).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from api.app import create_app
from api.formats import csv_text, flat_rows
from api.settings import Settings
from graph.queries import CYPHER_DIR, INTERNAL_DIR, named_queries
from graph.service import IngestService, Source
from graph.store import GraphStore, QueryError
from tests.documents_support import web_page, write_docx, write_pdf

REPO = Path(__file__).resolve().parent.parent
API = "/api/v1"


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """samples/ (our demo documents) in a real embedded store."""
    from graph import open_store

    store = open_store(f"falkordb:{tmp_path_factory.mktemp('manners-store')}")
    sources = [Source.from_path(p) for p in sorted((REPO / "samples").glob("0*"))]
    report = IngestService(store).ingest(sources)
    assert not report.failed
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(scope="module")
def client(sample_store: GraphStore) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(store=sample_store.url), sample_store)) as c:
        yield c


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _is_json_container(cell: str) -> bool:
    if not cell.startswith(("[", "{")):
        return False
    try:
        return isinstance(json.loads(cell), list | dict)
    except ValueError:
        return False


# --------------------------------------------------------------------------- flat CSV


def test_flat_rows_spread_evidence_into_columns_one_row_per_piece():
    rows = [
        {
            "uid": "p1",
            "aliases": ["甲", "乙"],
            "evidence": [
                {"doc": "a.txt", "start": 1, "end": 5, "basis": "stated"},
                {"doc": "b.txt", "start": 7, "end": 9, "basis": "table_column"},
            ],
        },
        {"uid": "p2", "aliases": [], "evidence": []},
    ]
    columns, records = flat_rows(rows, ["uid", "aliases", "evidence"])
    assert columns == ["uid", "aliases", "evidence.doc", "evidence.start", "evidence.end", "evidence.basis"]
    assert records[0] == {
        "uid": "p1",
        "aliases": "甲 | 乙",
        "evidence.doc": "a.txt",
        "evidence.start": "1",
        "evidence.end": "5",
        "evidence.basis": "stated",
    }
    assert records[1]["uid"] == "p1" and records[1]["evidence.doc"] == "b.txt"
    assert len(records) == 3 and records[2]["uid"] == "p2" and records[2].get("evidence.doc", "") == ""


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=8)
_leaf = st.one_of(st.none(), st.booleans(), st.integers(-(10**6), 10**6), _text)
_value = st.recursive(
    _leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from("abc"), inner, max_size=3)
    ),
    max_leaves=12,
)


def _leaves(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for v in value.values():
            yield from _leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from _leaves(v)
    else:
        yield value


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.dictionaries(st.sampled_from(["uid", "name", "evidence", "aliases"]), _value, min_size=1),
        min_size=1,
        max_size=4,
    )
)
def test_no_cell_of_the_csv_holds_json_and_every_text_leaf_is_kept(rows: list[dict[str, Any]]):
    text = csv_text(rows)
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    strings = {v for r in rows for v in _leaves(r) if isinstance(v, str)}
    assert [c for c in cells if _is_json_container(c) and c not in strings and "|" not in c] == []
    body = "\n".join(cells)
    for leaf in strings:
        assert leaf in body
    numbers = {str(v) for r in rows for v in _leaves(r) if isinstance(v, int) and not isinstance(v, bool)}
    assert all(n in body for n in numbers)


def test_named_query_csv_has_evidence_columns_and_no_json(client: TestClient):
    url = f"{API}/queries/bureau_projects?bureau=区住建委"
    body = client.get(url).json()
    pieces = sum(max(1, len(r["evidence"])) for r in body["rows"])
    response = client.get(f"{url}&format=csv")
    assert response.status_code == 200 and response.headers["content-type"] == "text/csv; charset=utf-8"
    assert not response.content.startswith(b"\xef\xbb\xbf")
    records = _csv(response.text)
    assert {"evidence.doc", "evidence.evidence", "evidence.start", "evidence.end"} <= set(records[0])
    assert "evidence" not in records[0]
    assert len(records) == pieces > len(body["rows"])  # one row per piece of evidence
    assert not any(_is_json_container(v) for r in records for v in r.values())
    first = body["rows"][0]
    assert records[0]["project"] == first["project"]
    assert records[0]["evidence.evidence"] == first["evidence"][0]["evidence"]
    assert records[0]["aliases"] == " | ".join(first["aliases"])


def test_every_csv_route_answers_flat_csv(client: TestClient, sample_store: GraphStore):
    project = sample_store.run_named("search", {"q": "望坛", "label": "Project"}).rows[0]["uid"]
    bureau = sample_store.run_named("search", {"q": "区住建委", "label": "Bureau"}).rows[0]["uid"]
    metric = client.get(f"{API}/metrics").json()["items"][0]["uid"]
    for url in (
        f"{API}/projects",
        f"{API}/bureaus",
        f"{API}/metrics",
        f"{API}/documents",
        f"{API}/search?q=望坛",
        f"{API}/projects/{project}/history",
        f"{API}/bureaus/{bureau}/projects",
        f"{API}/metrics/{metric}/series",
        f"{API}/queries/project_history?project=望坛",
    ):
        response = client.get(url + ("&" if "?" in url else "?") + "format=csv")
        assert response.status_code == 200, (url, response.text)
        records = _csv(response.text)
        assert records, url
        assert not any(_is_json_container(v) for r in records for v in r.values()), url
    evidence = _csv(client.get(f"{API}/bureaus/{bureau}/projects?format=csv").text)
    assert "evidence.provenance.evidence" in evidence[0] and "evidence" not in evidence[0]


def test_csv_excel_is_the_same_csv_with_a_bom(client: TestClient):
    url = f"{API}/queries/bureau_projects"
    plain = client.get(url, params={"bureau": "区住建委", "format": "csv"})
    excel = client.get(url, params={"bureau": "区住建委", "format": "csv-excel"})
    assert excel.status_code == 200 and excel.headers["content-type"] == "text/csv; charset=utf-8"
    assert excel.content.startswith(b"\xef\xbb\xbf")
    assert excel.content[3:] == plain.content
    assert excel.content.decode("utf-8-sig") == plain.text
    listed = client.get(f"{API}/projects?format=csv-excel")
    assert listed.content.startswith(b"\xef\xbb\xbf") and listed.content[3:].startswith(b"uid,")


def _openapi_gets(client: TestClient) -> list[tuple[str, bool]]:
    spec = client.get("/openapi.json").json()
    out = []
    for path, ops in spec["paths"].items():
        if "get" in ops and path.startswith(API):
            params = {p["name"] for p in ops["get"].get("parameters", []) if p["in"] == "query"}
            out.append((path, "format" in params))
    return out


def test_csv_where_offered_and_406_with_a_reason_everywhere_else(
    client: TestClient, sample_store: GraphStore
):
    project = sample_store.run_named("search", {"q": "望坛", "label": "Project"}).rows[0]["uid"]
    bureau = sample_store.run_named("search", {"q": "区住建委", "label": "Bureau"}).rows[0]["uid"]
    metric = client.get(f"{API}/metrics").json()["items"][0]["uid"]
    document = client.get(f"{API}/documents").json()["items"][0]["uid"]
    fill = {"{uid}": project, "{name}": "stats"}
    routes = _openapi_gets(client)
    assert sum(offered for _, offered in routes) >= 8 and sum(not o for _, o in routes) >= 6
    for path, offered in routes:
        url = path
        if path.startswith(f"{API}/bureaus/"):
            url = url.replace("{uid}", bureau)
        elif path.startswith(f"{API}/metrics/"):
            url = url.replace("{uid}", metric)
        elif path.startswith(f"{API}/documents/"):
            url = url.replace("{uid}", document)
        for key, value in fill.items():
            url = url.replace(key, value)
        query = {"format": "csv"}
        if path == f"{API}/search":
            query["q"] = "望坛"
        response = client.get(url, params=query)
        if offered:
            assert response.status_code in (200, 422), (url, response.text)  # 422: a required parameter
            continue
        assert response.status_code == 406, (url, response.status_code, response.text[:200])
        problem = response.json()
        assert problem["type"].endswith("#not-acceptable") and "format=csv" in problem["detail"]
    detail = f"{API}/documents/{document}"
    assert client.get(detail, headers={"accept": "text/csv"}).status_code == 406
    assert client.get(detail, headers={"accept": "text/csv, application/json;q=0.5"}).status_code == 200
    assert client.get(detail, params={"format": "json"}).status_code == 200
    assert client.get(detail, params={"format": "xml"}).status_code == 406


# --------------------------------------------------------------------------- front door, health


def test_the_root_leads_to_the_pages_and_openapi_json_is_at_the_root(client: TestClient):
    root = client.get("/", follow_redirects=False)
    assert root.status_code in (302, 307) and root.headers["location"] == "/viz/"
    assert client.get("/").status_code == 200 and "<html" in client.get("/").text
    top = client.get("/openapi.json")
    assert top.status_code == 200 and top.json() == client.get(f"{API}/openapi.json").json()
    assert "/api/v1/documents/{uid}/text" in top.json()["paths"]


def test_health_reports_real_counts(client: TestClient, sample_store: GraphStore):
    body = client.get(f"{API}/health").json()
    stats = sample_store.stats()
    assert body["status"] == "ok"
    assert (body["nodes"], body["relationships"], body["documents"]) == (stats.nodes, stats.edges, 3)
    assert body["nodes"] > 0 and body["relationships"] > 0


def test_health_of_an_empty_store_counts_zeros(empty_store: GraphStore):
    with TestClient(create_app(Settings(store=empty_store.url), empty_store)) as c:
        body = c.get(f"{API}/health").json()
    assert (body["status"], body["nodes"], body["relationships"], body["documents"]) == ("ok", 0, 0, 0)


# --------------------------------------------------------------------------- bad parameters


BAD_LIMITS = ["-5", "0", "100001", "99999999999999999999", "abc", "1.5", ""]


@pytest.mark.parametrize("limit", BAD_LIMITS)
def test_a_bad_limit_is_422_naming_it_on_named_queries_and_lists(client: TestClient, limit: str):
    urls = [
        f"{API}/queries/{name}"
        for name, q in named_queries().items()
        if any(p.name == "limit" for p in q.params)
    ]
    urls += [f"{API}/projects", f"{API}/bureaus", f"{API}/metrics", f"{API}/documents", f"{API}/search"]
    assert len(urls) >= 12
    required = {
        "bureau": "区住建委",
        "project": "望坛",
        "metric": "地区生产总值",
        "doc": "x.txt",
        "node": "望坛",
        "q": "望坛",
    }
    for url in urls:
        name = url.rsplit("/", 1)[1]
        params = (
            {p.name: required[p.name] for p in named_queries()[name].params if p.required}
            if url.startswith(f"{API}/queries/")
            else ({"q": "望坛"} if name == "search" else {})
        )
        response = client.get(url, params={**params, "limit": limit})
        assert response.status_code == 422, (url, limit, response.status_code, response.text[:300])
        assert "limit" in response.json()["detail"], response.text
        assert "syntax" not in response.text.lower()


def test_a_bad_limit_is_a_parameter_error_in_the_store_and_the_cli(sample_store: GraphStore):
    from typer.testing import CliRunner

    from policykg.cli import app

    for bad in (-5, 0, 10**20, "abc"):
        with pytest.raises(QueryError) as err:
            sample_store.run_named("bureaus_ranked", {"limit": bad})
        assert err.value.reason == "parameter" and "limit" in err.value.detail
    result = CliRunner().invoke(
        app, ["query", "bureaus_ranked", "-p", "limit=-5", "--store", sample_store.url]
    )
    assert result.exit_code == 2 and "limit" in result.output


ODD_VALUES = [
    "-1",
    "0",
    "3",
    "4",
    "99999999999999999999",
    "",
    " ",
    "abc",
    "1e400",
    "nan",
    "'",
    "\\",
    "x" * 5000,
    "望坛'; MATCH (n) DETACH DELETE n //",
    "null",
    "[]",
    "{}",
    "%00",
]


def test_no_odd_parameter_value_answers_5xx(client: TestClient, sample_store: GraphStore):
    before = sample_store.stats().nodes
    statuses: dict[int, int] = {}
    for name, query in named_queries().items():
        base = {p.name: "望坛" for p in query.params if p.required}
        for p in query.params:
            for value in ODD_VALUES:
                response = client.get(f"{API}/queries/{name}", params={**base, p.name: value})
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                assert response.status_code < 500, (name, p.name, value[:40], response.text[:300])
                if response.status_code >= 400:
                    problem = response.json()
                    assert problem["detail"] and problem["status"] == response.status_code
    assert statuses.get(422, 0) > 50 and statuses.get(200, 0) > 10
    assert sample_store.stats().nodes == before


# --------------------------------------------------------------------------- public queries only


def test_only_the_public_queries_are_listed_and_served(client: TestClient, sample_store: GraphStore):
    public = {p.stem for p in CYPHER_DIR.glob("*.cypher")}
    internal = {p.stem for p in INTERNAL_DIR.glob("*.cypher")}
    assert {"api_projects", "viz_node", "count_nodes", "document_source"} <= internal
    assert not public & internal
    assert not any(n.startswith(("api_", "viz_")) for n in public)
    listed = {q["name"] for q in client.get(f"{API}/queries").json()}
    assert listed == public == set(named_queries())
    spec = client.get("/openapi.json").json()["paths"]
    for name in internal:
        assert f"{API}/queries/{name}" not in spec
        response = client.get(f"{API}/queries/{name}")
        assert response.status_code == 404 and name in response.json()["detail"]
    # the resource routes and the pages still run them through the store
    assert sample_store.run_named("api_projects", {"limit": 5}).rows


# --------------------------------------------------------------------------- a document's text

_REPORT = (
    "关于某区2031年计划执行情况的报告\n"
    "一、上半年计划执行情况\n"
    "上半年，全区完成固定资产投资12.5亿元，同比增长6.3%。\n"
    "甲街区更新项目由区某某委员会牵头实施，完成居民签约320户。\n"
    "二、下半年工作安排\n"
    "下半年将启动乙片区环境整治工程，计划新增绿地面积3.2万平方米。\n"
    "丙地块保障房项目完成主体结构封顶，交付住房600套。"
)
_TABLE = [
    ["序号", "项目内容", "主责单位", "进展情况"],
    ["1", "丁街区更新项目", "区住建委", "完成居民签约200户，启动腾退。"],
    ["2", "戊片区综合整治工程", "区城管委", "完成立面整治1.2万平方米。"],
]


def _spans(value: Any) -> Iterator[dict[str, Any]]:
    """Every provenance record (doc, start, end, evidence) in the exported facts."""
    if isinstance(value, dict):
        if {"doc", "start", "end", "evidence"} <= set(value):
            yield value
        for v in value.values():
            yield from _spans(v)
    elif isinstance(value, list):
        for v in value:
            yield from _spans(v)


@pytest.fixture(scope="module")
def documents_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """A PDF (two pages, page numbers), a Word file with a task table, a saved web page and a GBK
    text file, ingested into a real store."""
    from graph import open_store

    folder = tmp_path_factory.mktemp("manners-docs")
    pdf = write_pdf(_REPORT, folder / "report.pdf", page_breaks=(4,), page_numbers=True)
    word = write_docx(
        "某区2031年重点任务进展情况\n以下为主责项目进展。", folder / "tasks.docx", table=_TABLE, table_after=1
    )
    page = folder / "news.html"
    page.write_text(
        web_page(_REPORT.split("\n", 1)[1], "某区召开计划执行情况通报会", "2031-07-20"), encoding="utf-8"
    )
    gbk = folder / "gbk_report.txt"
    gbk.write_bytes(("某区2031年上半年工作情况通报\n" + _REPORT.split("\n", 2)[2]).encode("gbk"))
    store = open_store(f"falkordb:{tmp_path_factory.mktemp('manners-text-store')}")
    report = IngestService(store).ingest([Source.from_path(p) for p in (pdf, word, page, gbk)])
    assert not report.failed, [(o.name, o.cause) for o in report.failed]
    try:
        yield store
    finally:
        store.close()


def test_every_span_of_a_pdf_docx_html_document_slices_its_served_text(documents_store: GraphStore):
    facts = documents_store.export_facts().to_json()
    spans = list(_spans(facts))
    with TestClient(create_app(Settings(store=documents_store.url), documents_store)) as c:
        docs = {d["file"]: d["uid"] for d in c.get(f"{API}/documents").json()["items"]}
        assert set(docs) == {"report.pdf", "tasks.docx", "news.html", "gbk_report.txt"}
        checked: dict[str, int] = {}
        for file, uid in docs.items():
            response = c.get(f"{API}/documents/{uid}/text")
            assert response.status_code == 200, response.text
            assert response.headers["content-type"] == "text/plain; charset=utf-8"
            text = response.text
            assert response.content == text.encode("utf-8")
            assert c.get(f"{API}/documents/{file}/text").text == text  # by file name too
            mine = [s for s in spans if s["doc"] == file]
            for s in mine:
                assert text[s["start"] : s["end"]] == s["evidence"], (file, s)
            checked[file] = len(mine)
            if file != "gbk_report.txt":
                assert "<" not in text and "%PDF" not in text and "- 1 -" not in text, file
    assert all(n >= 3 for n in checked.values()), checked
    assert "版权所有" not in c.get(f"{API}/documents/{docs['news.html']}/text").text  # the footer is out


def test_a_span_off_by_one_would_be_caught(documents_store: GraphStore):
    """The check above can fail: one character off, a span's slice is not its evidence."""
    span = next(
        s
        for s in _spans(documents_store.export_facts().to_json())
        if s["doc"] == "report.pdf" and s["start"] > 0
    )
    with TestClient(create_app(Settings(store=documents_store.url), documents_store)) as c:
        text = c.get(f"{API}/documents/report.pdf/text").text
    assert text[span["start"] : span["end"]] == span["evidence"]
    assert text[span["start"] - 1 : span["end"] - 1] != span["evidence"]


def test_an_unknown_document_text_is_404_in_chinese_and_english(documents_store: GraphStore):
    with TestClient(create_app(Settings(store=documents_store.url), documents_store)) as c:
        for ref in ("document:0000000000000000", "nope.pdf", "a%00b"):
            response = c.get(f"{API}/documents/{ref}/text")
            assert response.status_code == 404, (ref, response.text)
            assert response.headers["content-type"].startswith("application/problem+json")
            detail = response.json()["detail"]
            assert "没有这个文档" in detail and "no document" in detail, detail
