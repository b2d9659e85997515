"""HTTP behaviour of the API that needs no graph: errors as problem+json, negotiation, cursors,
configuration switches, auth, upload limits, CORS, offline docs.

A small stand-in store serves these; everything about the graph's content is tested end to end
over the real corpus in ``test_api_e2e.py``.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient

from api.app import create_app
from api.pagination import encode_cursor
from api.settings import Settings
from graph.store import GraphStore, QueryError, QueryResult, StoredSource, StoreStats, WriteSummary
from ingest.types import DocumentFacts, Facts

PROJECTS = [
    {"uid": f"project:{i:016x}", "name": f"项目{i:02d}", "kind": "棚改", "aliases": [f"别名{i}"]}
    for i in range(7)
]


class StandInStore(GraphStore):
    """Answers the API's list query from a fixed table; everything else as told."""

    url = "standin:"

    def __init__(self) -> None:
        self.readonly_error: BaseException | None = None
        self.alive = True
        self.deleted: list[str] = []

    def write_document(self, facts: DocumentFacts) -> WriteSummary:
        return WriteSummary(document=facts.document.id, nodes=1, relationships=0)

    def delete_document(self, doc: str) -> bool:
        self.deleted.append(doc)
        return doc in ("known.txt", "document:known")

    def run_named(self, name: str, params: dict[str, Any] | None = None) -> QueryResult:
        params = params or {}
        if name == "api_projects":
            rows = sorted(PROJECTS, key=lambda r: (r["name"], r["uid"]))
            if params.get("after_name") is not None:
                key = (params["after_name"], params["after_uid"])
                rows = [r for r in rows if (r["name"], r["uid"]) > key]
            return QueryResult(columns=["uid", "name", "kind", "aliases"], rows=rows[: params["limit"]])
        if name == "api_project":
            return QueryResult(columns=[], rows=[])
        raise QueryError("not_found", name)

    def run_readonly(
        self, query: str, params: dict[str, Any] | None = None, *, timeout_ms: int = 1000, row_cap: int = 1000
    ) -> QueryResult:
        if self.readonly_error is not None:
            raise self.readonly_error
        rows = [{"n": i, "label": f"行{i}", "nested": {"a": i}} for i in range(5)]
        return QueryResult(columns=["n", "label", "nested"], rows=rows[:row_cap], truncated=row_cap < 5)

    def stats(self) -> StoreStats:
        return StoreStats(labels={"Project": len(PROJECTS)}, relationships={})

    def export_facts(self) -> Facts:
        return Facts()

    def documents(self) -> list[dict[str, Any]]:
        return [{"uid": f"document:{i}", "file": f"{i:03d}.txt", "title": None} for i in range(3)]

    def stored_sources(self) -> list[StoredSource]:  # the delete goes through the ingest service
        return [StoredSource(uid="document:known", name="known.txt", sha256="0" * 64)]

    def ping(self) -> bool:
        return self.alive

    def close(self) -> None:
        pass


@pytest.fixture
def store() -> StandInStore:
    return StandInStore()


def client_for(store: GraphStore, **settings: Any) -> TestClient:
    return TestClient(
        create_app(Settings(store="standin:", **settings), store), raise_server_exceptions=False
    )


@pytest.fixture
def client(store: StandInStore) -> TestClient:
    return client_for(store)


def assert_problem(response: Any, status: int, kind: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == status
    assert body["detail"]
    if kind:
        assert body["type"].endswith(f"#{kind}")
    return body


# --------------------------------------------------------------------------- errors


def test_unknown_path_is_a_problem_pointing_at_the_api(client: TestClient) -> None:
    body = assert_problem(client.get("/api/v1/nothing-here"), 404, "not-found")
    assert "/api/v1" in body["detail"]


def test_wrong_method_is_a_405_problem_with_allow(client: TestClient) -> None:
    response = client.put("/api/v1/projects")
    assert_problem(response, 405, "method-not-allowed")
    assert "GET" in response.headers.get("allow", "")


def test_invalid_parameter_names_the_parameter(client: TestClient) -> None:
    body = assert_problem(client.get("/api/v1/projects?limit=0"), 422, "invalid-request")
    assert "limit" in body["detail"]
    assert body["errors"][0]["loc"] == ["query", "limit"]


def test_missing_entity_is_a_404_problem_naming_the_uid(client: TestClient) -> None:
    body = assert_problem(client.get("/api/v1/projects/project:nope"), 404, "not-found")
    assert "project:nope" in body["detail"]


def test_every_problem_type_is_listed(client: TestClient) -> None:
    kinds = {k["kind"]: k for k in client.get("/api/v1/problems").json()}
    for kind in (
        "query-write",
        "query-syntax",
        "query-timeout",
        "cypher-disabled",
        "bad-cursor",
        "too-large",
    ):
        assert kind in kinds
    assert kinds["query-timeout"]["status"] == 422
    assert kinds["query-write"]["status"] == 403


@pytest.mark.parametrize(
    ("error", "status", "kind"),
    [
        (QueryError("write", "would write"), 403, "query-write"),
        (QueryError("syntax", "bad"), 400, "query-syntax"),
        (QueryError("timeout", "slow"), 422, "query-timeout"),
        (QueryError("parameter", "x"), 422, "query-parameter"),
        (QueryError("disabled", "LOAD CSV"), 403, "query-not-allowed"),
        (redis.ResponseError("Query timed out"), 422, "query-timeout"),
        (redis.ResponseError("errMsg: Invalid input 'X'"), 400, "query-syntax"),
        (redis.ResponseError("Type mismatch: expected Integer but was String"), 400, "query-failed"),
        (redis.ConnectionError("socket closed"), 503, "store-unavailable"),
    ],
)
def test_engine_errors_become_problems_never_500(
    store: StandInStore, client: TestClient, error: BaseException, status: int, kind: str
) -> None:
    store.readonly_error = error
    assert_problem(client.post("/api/v1/cypher", json={"query": "RETURN 1"}), status, kind)


def test_cypher_body_must_be_a_query_object(client: TestClient) -> None:
    assert_problem(client.post("/api/v1/cypher", json={"q": "RETURN 1"}), 422, "invalid-request")
    assert_problem(
        client.post("/api/v1/cypher", content=b"not json", headers={"content-type": "application/json"}),
        422,
        "invalid-request",
    )
    assert_problem(client.post("/api/v1/cypher", json={"query": ""}), 422, "invalid-request")


# --------------------------------------------------------------------------- configuration


def test_cypher_can_be_switched_off(store: StandInStore) -> None:
    client = client_for(store, cypher_enabled=False)
    body = assert_problem(client.post("/api/v1/cypher", json={"query": "RETURN 1"}), 403, "cypher-disabled")
    assert "POLICYKG_API_CYPHER" in body["detail"]
    assert client.get("/api/v1/health").json()["cypher"] is False


def test_settings_read_from_the_environment() -> None:
    settings = Settings.from_env(
        {
            "POLICYKG_API_CYPHER": "0",
            "POLICYKG_API_TOKEN": "s3cret",
            "POLICYKG_CORS_ORIGINS": "http://a, http://b",
            "POLICYKG_API_TIMEOUT_MS": "250",
            "POLICYKG_API_ROW_CAP": "10",
        }
    )
    assert not settings.cypher_enabled
    assert settings.writes_enabled
    assert settings.cors_origins == ("http://a", "http://b")
    assert (settings.timeout_ms, settings.row_cap) == (250, 10)
    defaults = Settings.from_env({})
    assert defaults.cypher_enabled and not defaults.writes_enabled
    assert (defaults.timeout_ms, defaults.row_cap, defaults.max_upload_bytes) == (
        1000,
        1000,
        10 * 1024 * 1024,
    )
    with pytest.raises(ValueError, match="POLICYKG_API_ROW_CAP"):
        Settings.from_env({"POLICYKG_API_ROW_CAP": "many"})


def test_row_cap_sets_truncated(store: StandInStore) -> None:
    body = client_for(store, row_cap=2).post("/api/v1/cypher", json={"query": "RETURN 1"}).json()
    assert body["truncated"] is True
    assert body["row_count"] == 2


def test_cors_only_for_configured_origins(store: StandInStore) -> None:
    allowed = client_for(store, cors_origins=("http://viz.example",))
    response = allowed.get("/api/v1/health", headers={"origin": "http://viz.example"})
    assert response.headers["access-control-allow-origin"] == "http://viz.example"
    response = allowed.get("/api/v1/health", headers={"origin": "http://evil.example"})
    assert "access-control-allow-origin" not in response.headers
    closed = client_for(store)
    assert (
        "access-control-allow-origin"
        not in closed.get("/api/v1/health", headers={"origin": "http://a"}).headers
    )


def test_health_is_503_when_the_store_does_not_answer(store: StandInStore, client: TestClient) -> None:
    store.alive = False
    response = client.get("/api/v1/health")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


# --------------------------------------------------------------------------- writes and auth


def test_write_endpoints_do_not_exist_without_a_token(client: TestClient) -> None:
    assert_problem(client.post("/api/v1/documents", files={"file": ("a.txt", b"x")}), 405)
    assert_problem(client.delete("/api/v1/documents/known.txt"), 405)
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "post" not in paths["/api/v1/documents"]


def test_writes_need_the_bearer_token(store: StandInStore) -> None:
    client = client_for(store, token="s3cret")
    response = client.delete("/api/v1/documents/known.txt")
    assert_problem(response, 401, "unauthorized")
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert_problem(
        client.delete("/api/v1/documents/known.txt", headers={"authorization": "Bearer wrong"}),
        403,
        "forbidden",
    )
    assert store.deleted == []
    ok = client.delete("/api/v1/documents/known.txt", headers={"authorization": "Bearer s3cret"})
    assert ok.status_code == 200 and ok.json() == {"document": "known.txt", "deleted": True}
    assert_problem(
        client.delete("/api/v1/documents/unknown.txt", headers={"authorization": "Bearer s3cret"}),
        404,
        "not-found",
    )


def test_upload_over_the_limit_is_413_before_ingest(store: StandInStore) -> None:
    client = client_for(store, token="s3cret", max_upload_bytes=1000)
    auth = {"authorization": "Bearer s3cret"}
    big = b"x" * 200_000  # over the limit plus the multipart slack: refused on Content-Length
    body = assert_problem(
        client.post("/api/v1/documents", files={"file": ("big.txt", big)}, headers=auth), 413, "too-large"
    )
    assert "1,000" in body["detail"]
    medium = "望坛".encode() * 400  # over the file limit, under the body limit: refused on the file's size
    assert_problem(client.post("/api/v1/documents", files={"file": ("m.txt", medium)}, headers=auth), 413)


def test_upload_streamed_without_length_is_cut_at_the_limit(store: StandInStore) -> None:
    client = client_for(store, token="s3cret", max_upload_bytes=1000)

    def chunks():
        boundary = b"--b0undary\r\n"
        yield boundary + b'Content-Disposition: form-data; name="file"; filename="s.txt"\r\n\r\n'
        for _ in range(100):
            yield b"y" * 10_000

    response = client.post(
        "/api/v1/documents",
        content=chunks(),
        headers={"authorization": "Bearer s3cret", "content-type": "multipart/form-data; boundary=b0undary"},
    )
    assert_problem(response, 413)


def test_empty_upload_is_a_bad_document(store: StandInStore) -> None:
    client = client_for(store, token="s3cret")
    body = assert_problem(
        client.post(
            "/api/v1/documents", files={"file": ("e.txt", b"")}, headers={"authorization": "Bearer s3cret"}
        ),
        422,
        "bad-document",
    )
    assert "empty" in body["detail"]


# --------------------------------------------------------------------------- formats and cursors


def test_json_by_default_csv_on_request(client: TestClient) -> None:
    assert client.get("/api/v1/projects").headers["content-type"].startswith("application/json")
    for response in (
        client.get("/api/v1/projects?format=csv"),
        client.get("/api/v1/projects", headers={"accept": "text/csv"}),
    ):
        assert response.headers["content-type"].startswith("text/csv")
        lines = response.text.splitlines()
        assert lines[0] == "uid,name,kind,aliases"
        assert len(lines) == 1 + len(PROJECTS)
    prefers_json = client.get("/api/v1/projects", headers={"accept": "application/json, text/csv;q=0.5"})
    assert prefers_json.headers["content-type"].startswith("application/json")
    explicit = client.get("/api/v1/projects?format=json", headers={"accept": "text/csv"})
    assert explicit.headers["content-type"].startswith("application/json")


def test_csv_of_ad_hoc_rows_flattens_nested_values(client: TestClient) -> None:
    response = client.post("/api/v1/cypher?format=csv", json={"query": "RETURN 1"})
    lines = response.text.splitlines()
    assert lines[0] == "n,label,nested.a"  # flat: a nested object's fields are columns, no JSON in cells
    assert lines[1] == "0,行0,0"


def test_cursor_pages_through_everything_once(client: TestClient) -> None:
    seen: list[str] = []
    url = "/api/v1/projects?limit=3"
    pages = 0
    while url:
        response = client.get(url)
        body = response.json()
        seen += [p["uid"] for p in body["items"]]
        pages += 1
        if body["next_cursor"]:
            assert 'rel="next"' in response.headers["link"]
            url = f"/api/v1/projects?limit=3&cursor={body['next_cursor']}"
        else:
            assert "link" not in response.headers
            url = ""
    assert seen == sorted(p["uid"] for p in PROJECTS)
    assert pages == 3


@pytest.mark.parametrize(
    "cursor", ["garbage", "e30", encode_cursor(["a", "b"], "other-scope"), "!!!", "x" * 900]
)
def test_forged_or_foreign_cursor_is_a_400(client: TestClient, cursor: str) -> None:
    assert_problem(client.get("/api/v1/projects", params={"cursor": cursor}), 400, "bad-cursor")


def test_cursor_is_bound_to_its_filters(client: TestClient) -> None:
    cursor = client.get("/api/v1/projects?limit=2").json()["next_cursor"]
    assert_problem(
        client.get("/api/v1/projects", params={"limit": 2, "cursor": cursor, "kind": "街区"}),
        400,
        "bad-cursor",
    )


# --------------------------------------------------------------------------- docs


def test_docs_are_served_offline(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    external = [u for u in re.findall(r"""(?:src|href)=["']([^"']+)""", page.text) if "//" in u]
    assert external == [], f"/docs loads from outside the app: {external}"
    assert "cdn" not in page.text.lower()
    for asset in re.findall(r"""(?:src|href)=["']([^"']+)""", page.text):
        assert client.get(asset).status_code == 200, asset
    assert client.get("/api/v1/openapi.json").json()["openapi"].startswith("3.")


def test_openapi_declares_problem_responses_and_csv(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert "Problem" in spec["components"]["schemas"]
    get_projects = spec["paths"]["/api/v1/projects"]["get"]
    assert "text/csv" in get_projects["responses"]["200"]["content"]
    assert "application/problem+json" in get_projects["responses"]["default"]["content"]
    cypher = spec["paths"]["/api/v1/cypher"]["post"]
    for status in ("400", "403", "422"):
        assert "application/problem+json" in cypher["responses"][status]["content"]


# --------------------------------------------------------------------------- the cost guard


@pytest.mark.parametrize(
    "query",
    [
        "MATCH (p:Project)-[:OWNED_BY]->(b:Bureau) WHERE NOT (p)-[:LOCATED_IN]->() RETURN p.name, b.name",
        "UNWIND range(1, 1000) AS x RETURN x",
        "RETURN range(0, 100, 5), -1, 1 - -2",
        "RETURN '((((((((((((((((((((' AS s // ))))))))))))))))))))",
        "MATCH (n) WHERE ((n.x = 1 AND (n.y = 2 OR n.z = 3))) RETURN {a: [1, {b: [2]}]}",
        "RETURN CASE WHEN true THEN [x IN range(1, 10) | x * 2] ELSE [] END",
    ],
)
def test_cost_guard_lets_ordinary_queries_through(query: str) -> None:
    from graph.cost_guard import guard_cost

    guard_cost(query)


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("RETURN " + "(" * 13 + "1" + ")" * 13, "nests"),
        ("RETURN " + "-" * 14 + "1", "nests"),
        ("RETURN " + "NOT " * 14 + "true", "nests"),
        ("RETURN -(-(-(-(-(-(-(1)))))))", "nests"),
        ("UNWIND range(1, 1000000000) AS x RETURN x", "1,000,000,000 elements"),
        ("UNWIND range(1, 10000) AS a UNWIND range(1, 10000) AS b RETURN count(*)", "100,000,000 elements"),
        ("RETURN range(1, $n)", "literal"),
        ("RETURN range(1, 1000 * 1000 * 1000)", "literal"),
    ],
)
def test_cost_guard_refuses_what_the_engine_cannot_bound(query: str, words: str) -> None:
    # the guard lives in graph/ (FalkorDB's weakness); test_api_e2e sees its 422 through the real store
    from graph.cost_guard import guard_cost

    with pytest.raises(QueryError) as err:
        guard_cost(query)
    assert err.value.reason == "too_complex"
    assert words in err.value.detail
