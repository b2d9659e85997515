"""The API end to end over the real embedded store holding the real corpus (``corpus_store``).

Reads go through the app in process (Starlette's test client); writes get a store of their own
(``empty_store``), so the shared corpus store is never changed by these tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.store import GraphStore

pytestmark = pytest.mark.slow

API = "/api/v1"
TOKEN = "test-token"


@pytest.fixture(scope="module")
def client(corpus_store: GraphStore) -> Iterator[TestClient]:
    app = create_app(Settings(store=corpus_store.url), corpus_store)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def all_pages(client: TestClient, url: str, limit: int = 7) -> list[dict[str, Any]]:
    """Every item of a list, following next_cursor."""
    items: list[dict[str, Any]] = []
    path, _, query = url.partition("?")
    filters = dict(parse_qsl(query))
    params: dict[str, Any] = {**filters, "limit": limit}
    for _ in range(1000):
        response = client.get(path, params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        if not body["next_cursor"]:
            return items
        params = {**filters, "limit": limit, "cursor": body["next_cursor"]}
    raise AssertionError("pagination never ended")


def originals(corpus_files: list[Path]) -> dict[str, str]:
    from ingest.read import read_document

    return {p.name: read_document(p).text for p in corpus_files}


def assert_provenance(prov: dict[str, Any], texts: dict[str, str]) -> None:
    """A fact's provenance names a corpus document and ``text[start:end] == evidence``."""
    assert prov["doc"] in texts, prov
    assert isinstance(prov["start"], int) and isinstance(prov["end"], int), prov
    assert texts[prov["doc"]][prov["start"] : prov["end"]] == prov["evidence"], prov


@pytest.fixture(scope="module")
def texts(corpus_files: list[Path]) -> dict[str, str]:
    return originals(corpus_files)


def uid_of(client: TestClient, url: str, name_part: str) -> str:
    items = [i for i in all_pages(client, url, limit=200) if name_part in i["name"]]
    assert items, f"nothing named like {name_part!r} in {url}"
    return items[0]["uid"]


# --------------------------------------------------------------------------- resources


def test_health_reports_the_store_size(client: TestClient, corpus_store: GraphStore) -> None:
    body = client.get(f"{API}/health?stats=true").json()
    assert body["status"] == "ok"
    assert body["nodes"] == corpus_store.stats().nodes > 0
    plain = client.get(f"{API}/health").json()  # the counts without asking: the engines keep them
    stats = corpus_store.stats()
    assert (plain["nodes"], plain["relationships"]) == (stats.nodes, stats.edges)
    assert plain["documents"] == len(corpus_store.documents()) > 0


def test_projects_paginate_over_every_project_once(client: TestClient, corpus_store: GraphStore) -> None:
    items = all_pages(client, f"{API}/projects", limit=17)
    uids = [p["uid"] for p in items]
    assert len(uids) == len(set(uids)) == corpus_store.stats().labels["Project"]
    assert [(p["name"], p["uid"]) for p in items] == sorted((p["name"], p["uid"]) for p in items)


@pytest.mark.parametrize("spelling", ["区住建委", "區住建委", "北京市东城区住房和城乡建设委员会"])
def test_projects_filtered_by_bureau_in_any_spelling(client: TestClient, spelling: str) -> None:
    bureau = next(b["uid"] for b in all_pages(client, f"{API}/bureaus", 100) if "区住建委" in b["aliases"])
    expected = {p["project"]["uid"] for p in all_pages(client, f"{API}/bureaus/{bureau}/projects")}
    got = {p["uid"] for p in all_pages(client, f"{API}/projects?bureau={spelling}")}
    assert expected and got == expected
    assert {p["uid"] for p in all_pages(client, f"{API}/projects?bureau={bureau}")} == expected


def test_projects_filtered_by_name_in_any_script(client: TestClient) -> None:
    simplified = {p["uid"] for p in all_pages(client, f"{API}/projects?q=望坛")}
    traditional = {p["uid"] for p in all_pages(client, f"{API}/projects?q=望壇")}
    assert simplified and simplified == traditional


def test_projects_filtered_by_year_and_kind(client: TestClient) -> None:
    in_2021 = all_pages(client, f"{API}/projects?year=2021")
    assert in_2021
    for p in in_2021[:5]:
        years = {e["year"] for e in client.get(f"{API}/projects/{p['uid']}/history").json()["events"]}
        assert 2021 in years or any(isinstance(y, str) and "2021" in y for y in years)
    kinds = {p["kind"] for p in all_pages(client, f"{API}/projects") if p["kind"]}
    kind = sorted(kinds)[0]
    assert {p["kind"] for p in all_pages(client, f"{API}/projects?kind={kind}")} == {kind}


def test_project_owners_carry_their_provenance(client: TestClient, texts: dict[str, str]) -> None:
    bureaus = all_pages(client, f"{API}/bureaus", limit=100)
    busiest = max(bureaus, key=lambda b: b["projects"])
    project = client.get(f"{API}/bureaus/{busiest['uid']}/projects").json()["items"][0]["project"]["uid"]
    body = client.get(f"{API}/projects/{project}").json()
    assert body["owners"], body
    for owner in body["owners"]:
        assert owner["bureau"]["uid"].startswith("bureau:")
        assert owner["basis"] in ("table_column", "stated", "inferred_via_task")
        assert_provenance(owner["provenance"], texts)
    for mention in body["mentions"]:
        assert_provenance(mention, texts)


def test_project_history_is_ordered_by_year_with_evidence(client: TestClient, texts: dict[str, str]) -> None:
    project = uid_of(client, f"{API}/projects", "望坛")
    events = client.get(f"{API}/projects/{project}/history").json()["events"]
    assert len({str(e["year"]) for e in events}) >= 2
    firsts = [int(str(e["year"])[:4]) for e in events]
    assert firsts == sorted(firsts)
    for e in events:
        assert e["tense"] in ("done", "planned", "expected")
        assert_provenance(e["provenance"], texts)
    csv = client.get(f"{API}/projects/{project}/history?format=csv")
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[0].startswith("year,")


def test_bureau_projects_give_every_piece_of_evidence(client: TestClient, texts: dict[str, str]) -> None:
    bureaus = all_pages(client, f"{API}/bureaus", limit=100)
    busiest = max(bureaus, key=lambda b: b["projects"])
    rows = all_pages(client, f"{API}/bureaus/{busiest['uid']}/projects", limit=5)
    assert len(rows) == busiest["projects"]
    for row in rows:
        assert row["evidence"]
        for ev in row["evidence"]:
            assert_provenance(ev["provenance"], texts)
    detail = client.get(f"{API}/bureaus/{busiest['uid']}").json()
    assert detail["projects"] == busiest["projects"]


def test_metric_series_values_carry_their_provenance(
    client: TestClient, corpus_store: GraphStore, texts: dict[str, str]
) -> None:
    metrics = all_pages(client, f"{API}/metrics", limit=100)
    assert metrics
    richest = max(metrics, key=lambda m: m["observations"])
    series = client.get(f"{API}/metrics/{richest['uid']}/series", params={"evidence": 100}).json()
    assert series["metric"]["uid"] == richest["uid"]
    assert series["total"] == richest["observations"] >= 1
    assert series["next_offset"] is None
    fact = ("value", "unit", "year", "period", "qualifier", "subject")
    # the same facts as every observation the public query lists, each distinct fact once, with
    # every document that states it
    rows = corpus_store.run_named("metric_series", {"metric": richest["uid"], "limit": 100_000}).rows
    docs: dict[tuple[Any, ...], set[str]] = {}
    for r in rows:
        docs.setdefault(tuple(str(r[k]) for k in fact), set()).add(r["doc"])
    got = {tuple(str(o[k]) for k in fact): o for o in series["observations"]}
    assert len(got) == len(series["observations"])
    assert set(got) == set(docs)
    for key, o in got.items():
        assert o["value"] is not None and o["unit"]
        assert o["supports"] == len(docs[key])
        assert {e["doc"] for e in o["evidence"]} == docs[key]
        assert o["provenance"] == o["evidence"][0]
        order = [(e["doc"], e["start"]) for e in o["evidence"]]
        assert order == sorted(order)
        for e in o["evidence"]:
            assert_provenance(e, texts)
    # a page at a time: the pages put together are the whole series
    paged: list[dict[str, Any]] = []
    offset: int | None = 0
    while offset is not None:
        page = client.get(
            f"{API}/metrics/{richest['uid']}/series", params={"offset": offset, "limit": 2, "evidence": 100}
        ).json()
        assert len(page["observations"]) <= 2
        paged += page["observations"]
        offset = page["next_offset"]
    assert sorted(map(str, paged)) == sorted(map(str, series["observations"]))
    one = client.get(f"{API}/metrics/{richest['uid']}/series", params={"evidence": 1}).json()
    assert all(len(o["evidence"]) == 1 for o in one["observations"])


def test_documents_list_and_detail(client: TestClient, corpus_files: list[Path]) -> None:
    docs = all_pages(client, f"{API}/documents", limit=2)
    assert [d["file"] for d in docs] == sorted(p.name for p in corpus_files)
    detail = client.get(f"{API}/documents/{docs[0]['uid']}").json()
    assert detail["file"] == docs[0]["file"]
    assert detail["counts"]["sentences"] > 0
    assert client.get(f"{API}/documents/{docs[0]['file']}").json()["uid"] == docs[0]["uid"]
    assert client.get(f"{API}/documents/none.txt").status_code == 404


@pytest.mark.parametrize("q", ["望壇", "望坛项目", "东城区望坛", "区住建委", "區住建委"])
def test_search_finds_any_name_alias_or_script(client: TestClient, q: str) -> None:
    hits = client.get(f"{API}/search", params={"q": q}).json()["items"]
    assert hits, q
    assert hits[0]["label"] in ("Project", "Bureau")


def test_every_named_query_is_listed_with_typed_parameters(client: TestClient) -> None:
    from graph.queries import named_queries

    listed = {q["name"]: q for q in client.get(f"{API}/queries").json()}
    assert set(listed) == set(named_queries())
    for name in ("bureau_projects", "project_history", "search", "stats"):
        assert name in listed
        assert listed[name]["summary"]
    spec = client.get(f"{API}/openapi.json").json()
    op = spec["paths"][f"{API}/queries/bureau_projects"]["get"]
    assert "bureau" in {p["name"] for p in op["parameters"]}


def test_named_query_runs_with_query_string_parameters(client: TestClient) -> None:
    body = client.get(f"{API}/queries/bureau_projects", params={"bureau": "區住建委", "limit": 3}).json()
    assert 0 < body["row_count"] <= 3
    generic = client.get(f"{API}/queries/stats").json()
    assert generic["row_count"] > 0
    csv = client.get(f"{API}/queries/stats", headers={"accept": "text/csv"})
    assert csv.headers["content-type"].startswith("text/csv")


@pytest.mark.parametrize(
    ("url", "status", "kind"),
    [
        (f"{API}/queries/no_such_query", 404, "query-not-found"),
        (f"{API}/queries/bureau_projects", 422, "invalid-request"),  # the required bureau is missing
        (f"{API}/queries/bureau_projects?bureau=x&limit=many", 422, "invalid-request"),
        (f"{API}/queries/stats?unexpected=1", 200, None),
    ],
)
def test_named_query_errors_are_problems(client: TestClient, url: str, status: int, kind: str | None) -> None:
    response = client.get(url)
    assert response.status_code == status, response.text
    if kind:
        assert response.json()["type"].endswith(f"#{kind}")


def test_ad_hoc_cypher_reads_with_parameters(client: TestClient) -> None:
    body = client.post(
        f"{API}/cypher",
        json={
            "query": "MATCH (b:Bureau) WHERE b.name CONTAINS $part RETURN b.name AS name ORDER BY name",
            "params": {"part": "住房"},
        },
    ).json()
    assert body["columns"] == ["name"]
    assert any("住房和城乡建设" in r["name"] for r in body["rows"])
    capped = client.post(f"{API}/cypher", json={"query": "MATCH (s:Sentence) RETURN s.uid AS uid"}).json()
    assert capped["row_count"] == 1000 and capped["truncated"] is True


# --------------------------------------------------------------------------- hostile ad-hoc Cypher

WRITES = [
    "CREATE (n:Evil) RETURN n",
    "CREATE (:Evil)",
    "MERGE (n:Project {uid: 'evil'}) RETURN n",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:Project) DELETE n",
    "MATCH ()-[r]->() DELETE r",
    "MATCH (:Project)-[r:OWNED_BY]->(:Bureau) DELETE r RETURN count(*)",
    "MATCH (p:Project) SET p.name = 'evil' RETURN p",
    "MATCH (p:Project) SET p += {evil: true}",
    "MATCH (p:Project) REMOVE p.name RETURN p",
    "MATCH (p:Project) SET p:Evil RETURN p",
    "MATCH (p:Project) REMOVE p:Project RETURN p",
    "MATCH (d:Document) SET d.complete = false",
    "UNWIND range(1, 10) AS i CREATE (:Evil {i: i})",
    "FOREACH (i IN range(1, 10) | CREATE (:Evil {i: i}))",
    "MATCH (p:Project) FOREACH (x IN [1] | SET p.evil = true)",
    "CALL { CREATE (n:Evil) RETURN n } RETURN n",
    "MATCH (p:Project) CALL { WITH p CREATE (p)-[:EVIL]->(:Evil) } RETURN count(*)",
    "MATCH (a:Project), (b:Bureau) CREATE (a)-[:EVIL]->(b)",
    "MATCH (a:Project) WITH a LIMIT 1 MERGE (a)-[:EVIL]->(e:Evil) RETURN e",
    "OPTIONAL MATCH (n) MERGE (m:Evil) RETURN m",
    "RETURN 1 AS x UNION MATCH (n) SET n.evil = 1 RETURN 1 AS x",
    "CREATE (:Evil)-[:R]->(:Evil) WITH 1 AS x MATCH (n) RETURN count(n)",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "LOAD CSV WITH HEADERS FROM 'https://example.com/x.csv' AS row CREATE (:Evil {v: row.v})",
    "USING PERIODIC COMMIT LOAD CSV FROM 'file:///x.csv' AS l CREATE (:Evil)",
    "CREATE INDEX FOR (n:Evil) ON (n.x)",
    "CREATE INDEX ON :Evil(x)",
    "DROP INDEX ON :Project(uid)",
    "DROP INDEX FOR (p:Project) ON (p.uid)",
    "CREATE CONSTRAINT FOR (n:Evil) REQUIRE n.x IS UNIQUE",
    "CALL db.idx.fulltext.createNodeIndex('Evil', 'name')",
    "CALL db.idx.fulltext.drop('Project')",
    "CALL dbms.security.createUser('evil', 'evil', false)",
    "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {})",
    "MATCH (n) RETURN count(n); CREATE (:Evil)",
    "RETURN 1; MATCH (n) DETACH DELETE n",
    "MATCH (n) /* only reading */ CREATE (:Evil) RETURN 1",
    "// a harmless comment\nCREATE (:Evil)",
    "/* MATCH (n) RETURN n */ MERGE (:Evil)",
    "MATCH (n) RETURN n // ;\nCREATE (:Evil)",
    "cReAtE (:Evil)",
    "match (n) detach delete n",
    "MaTcH (p:Project) sEt p.name = 'evil'",
    "ＣＲＥＡＴＥ (:Evil)",
    "ＭＡＴＣＨ (n) ＤＥＴＡＣＨ ＤＥＬＥＴＥ n",
    "CRE\u200bATE (:Evil)",
    "PROFILE CREATE (:Evil)",
    "EXPLAIN CREATE (:Evil)",
    "GRAPH.DELETE policykg",
]

RUNAWAY = [
    "MATCH (a)-[*]-(b)-[*]-(c) RETURN count(*)",
    "MATCH p=(a)-[*]-(b) RETURN count(p)",
    "MATCH (a), (b), (c), (d) RETURN count(*)",
    "UNWIND range(1, 1000000000) AS x RETURN count(x)",
    "UNWIND range(1, 100000000) AS x RETURN x",
    "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*)",
    "UNWIND range(1, 1000) AS a UNWIND range(1, 1000) AS b UNWIND range(1, 1000) AS c RETURN count(*)",
    "WITH [x IN range(1, 100000000) | x] AS l RETURN size(l)",
    "RETURN size(range(1, 2000000000))",
    "RETURN size(reduce(s = '', x IN range(1, 10000000) | s + 'x')) AS n",
    "RETURN range(1, $n)",
    "RETURN 1 + " + "(" * 30 + "1" + ")" * 30,
    "RETURN " + "-" * 60 + "1",
    "RETURN " + "NOT " * 40 + "true",
    "RETURN " + "[" * 25 + "1" + "]" * 25,
    "MATCH (n) RETURN n",
    "MATCH (n)-[r]->(m) RETURN n, r, m",
]

ODD = [
    "MATCH (n RETURN n",
    "RETURN 1/0",
    "MATCH (n) RETURN n SKIP -1",
    "RETURN '\u0000'",
    "CALL db.labels()",
    "CALL db.indexes()",
    # FalkorDB 4.16 segfaults on this read: the store restarts its server and refuses the query
    "MATCH (d:Document) UNWIND d.supports AS e WITH e WHERE e STARTS WITH 'project:' "
    "RETURN substring(e, 30) AS s LIMIT 3",
    "MATCH (n) WHERE n.name = $name RETURN n",
    "",
    " ",
    ";",
    "RETURN $missing",
]


@pytest.mark.parametrize("query", WRITES + RUNAWAY + ODD)
def test_hostile_cypher_is_refused_or_bounded_and_changes_nothing(
    client: TestClient, corpus_store: GraphStore, query: str
) -> None:
    before = corpus_store.stats()
    params = {"name": "x' }) DETACH DELETE n //", "n": 10**12} if "$" in query else {}
    response = client.post(f"{API}/cypher", json={"query": query, "params": params})
    assert response.status_code < 500, response.text
    if response.status_code == 200:
        assert response.json()["row_count"] <= 1000
    else:
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["detail"]
    if query in WRITES:
        assert response.status_code in (400, 403, 422), response.text
    assert corpus_store.stats() == before
    assert client.post(f"{API}/cypher", json={"query": "MATCH (n:Evil) RETURN count(n) AS n"}).json()[
        "rows"
    ] == [{"n": 0}]


def test_enough_hostile_queries() -> None:
    assert len(WRITES) + len(RUNAWAY) + len(ODD) >= 50


@pytest.mark.parametrize(
    ("query", "status", "kind"),
    [
        ("CREATE (:Evil)", 403, "query-write"),
        ("MATCH (n) DETACH DELETE n", 403, "query-write"),
        ("MATCH (n RETURN n", 400, "query-syntax"),
        ("MATCH (a), (b), (c), (d) RETURN count(*)", 422, "query-timeout"),
        ("UNWIND range(1, 1000000000) AS x RETURN count(x)", 422, "query-too-complex"),
        ("RETURN " + "(" * 30 + "1" + ")" * 30, 422, "query-too-complex"),
    ],
)
def test_hostile_cypher_gets_the_documented_status(
    client: TestClient, query: str, status: int, kind: str
) -> None:
    response = client.post(f"{API}/cypher", json={"query": query})
    assert response.status_code == status, response.text
    assert response.json()["type"].endswith(f"#{kind}")


# --------------------------------------------------------------------------- writes over HTTP


@pytest.fixture
def writer(empty_store: GraphStore) -> Iterator[TestClient]:
    app = create_app(Settings(store=empty_store.url, token=TOKEN), empty_store)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_upload_ingests_a_document_and_delete_removes_it(
    writer: TestClient, empty_store: GraphStore, corpus_files: list[Path]
) -> None:
    auth = {"authorization": f"Bearer {TOKEN}"}
    path = corpus_files[3]
    before = empty_store.stats()
    response = writer.post(f"{API}/documents", files={"file": (path.name, path.read_bytes())}, headers=auth)
    assert response.status_code == 201, response.text
    written = response.json()
    assert response.headers["location"] == f"{API}/documents/{written['document']}"
    assert written["nodes"] > 0 and written["relationships"] > 0
    docs = writer.get(f"{API}/documents").json()["items"]
    assert [d["file"] for d in docs] == [path.name]
    again = writer.post(f"{API}/documents", files={"file": (path.name, path.read_bytes())}, headers=auth)
    assert again.status_code == 201
    stats = empty_store.stats()
    assert stats.nodes == written["nodes"]
    assert writer.delete(f"{API}/documents/{docs[0]['uid']}").status_code == 401
    deleted = writer.delete(f"{API}/documents/{docs[0]['uid']}", headers=auth)
    assert deleted.status_code == 200 and deleted.json()["deleted"] is True
    assert empty_store.stats() == before
    assert writer.delete(f"{API}/documents/{docs[0]['uid']}", headers=auth).status_code == 404


def test_upload_takes_the_manifest_fields_and_the_date_anchors_relative_time(
    writer: TestClient, empty_store: GraphStore
) -> None:
    auth = {"authorization": f"Bearer {TOKEN}"}
    content = "去年，星河湾棚改项目完成签约800户。\n".encode()
    fields = {"date": "2031-05-02", "url": "http://example.org/a", "publisher": "某日报",
              "district": "某山区"}
    response = writer.post(f"{API}/documents", files={"file": ("a.txt", content)}, data=fields, headers=auth)
    assert response.status_code == 201, response.text
    [doc] = writer.get(f"{API}/documents").json()["items"]
    assert (doc["date"], doc["url"], doc["publisher"], doc["district"]) == (
        "2031-05-02", "http://example.org/a", "某日报", "某山区")
    years = {m.value: m.year for m in empty_store.export_facts().metrics}
    assert years[800] == 2030
    bad = writer.post(f"{API}/documents", files={"file": ("b.txt", content)}, data={"date": "May"},
                      headers=auth)
    assert bad.status_code == 422 and "date" in bad.json()["detail"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20),
        ("zeros.txt", b"\x00" * 5000),
        ("half.txt", "望坛项目".encode() + b"\xe6\x9c"),
    ],
)
def test_a_bad_file_gets_the_ingests_cause(
    writer: TestClient, empty_store: GraphStore, name: str, content: bytes
) -> None:
    response = writer.post(
        f"{API}/documents", files={"file": (name, content)}, headers={"authorization": f"Bearer {TOKEN}"}
    )
    assert 400 <= response.status_code < 500, response.text
    body = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert name in body["detail"]
    assert empty_store.stats().nodes == 0


# --------------------------------------------------------------------------- the contract


def test_openapi_has_a_response_model_for_every_operation(client: TestClient) -> None:
    spec = client.get(f"{API}/openapi.json").json()
    for path, ops in spec["paths"].items():
        if not path.startswith(API):
            continue  # the viz pages (HTML) are mounted beside the API
        for method, op in ops.items():
            ok = op["responses"].get("200") or op["responses"].get("201")
            assert ok, f"{method} {path}"
            if path == f"{API}/documents/{{uid}}/text":  # the one plain-text answer
                assert list(ok["content"]) == ["text/plain"], ok
                continue
            assert "application/json" in ok["content"], f"{method} {path}: {ok}"
            schema = ok["content"]["application/json"]["schema"]
            assert schema and schema != {}, f"{method} {path} has no response model"
            assert op.get("summary"), f"{method} {path}"


# --------------------------------------------------------------------------- policykg serve


def test_policykg_serve_answers_and_stops_its_store(tmp_path: Path) -> None:
    import os
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    store_dir = tmp_path / "store"
    cli = Path(sys.executable).with_name("policykg")
    env = {**os.environ, "POLICYKG_API_CYPHER": "0"}
    env.pop("POLICYKG_API_TOKEN", None)
    proc = subprocess.Popen(
        [
            str(cli),
            "serve",
            "--store",
            f"falkordb:{store_dir}",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        health = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                health = httpx.get(f"{base}{API}/health", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        assert health is not None and health.status_code == 200, proc.stderr.read() if proc.poll() else ""
        assert health.json()["cypher"] is False
        refused = httpx.post(f"{base}{API}/cypher", json={"query": "RETURN 1"})
        assert refused.status_code == 403
        assert "text/html" in httpx.get(f"{base}/docs").headers["content-type"]
        server_pid = int((store_dir / "falkordb.pid").read_text().strip())
    finally:
        proc.terminate()
        assert proc.wait(timeout=60) in (0, -15)  # uvicorn re-raises SIGTERM after shutting down
    assert not (store_dir / "falkordb.sock").exists(), "the store's server outlived policykg serve"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(server_pid):
        time.sleep(0.05)
    assert not _alive(server_pid), "the FalkorDB server outlived policykg serve"


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:  # a zombie waits only to be reaped
            return fh.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_a_project_lists_its_places_with_provenance(client: TestClient, texts: dict[str, str]) -> None:
    uid = uid_of(client, f"{API}/projects?q=东直门交通枢纽", "东直门交通枢纽")
    body = client.get(f"{API}/projects/{uid}").json()
    assert "东直门" in {p["place"]["name"] for p in body["places"]}, body["places"]
    for p in body["places"]:
        assert p["basis"] == "name"
        assert_provenance(p["provenance"], texts)
        assert body["name"][:2] in p["provenance"]["evidence"] or any(
            a[:2] in p["provenance"]["evidence"] for a in body["aliases"])
