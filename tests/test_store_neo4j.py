"""The Neo4j 5 backend. The server tests run only when NEO4J_URI names a server (e.g. after
`docker compose up -d neo4j`, with NEO4J_URI=neo4j://localhost:7687 NEO4J_USER=neo4j
NEO4J_PASSWORD=…); the error mapping and value conversion are checked everywhere."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest

from graph.neo4j_store import classify
from graph.synthetic import synthetic_document

NEO4J_URI = os.environ.get("NEO4J_URI")
needs_server = pytest.mark.skipif(
    not NEO4J_URI, reason="NEO4J_URI is not set: no Neo4j server to test against "
                          "(start one with `docker compose up -d neo4j` and set NEO4J_URI/NEO4J_PASSWORD)")


@pytest.mark.parametrize(("code", "reason"), [
    ("Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration", "timeout"),
    ("Neo.ClientError.Transaction.TransactionTimedOut", "timeout"),
    ("Neo.ClientError.Statement.AccessMode", "write"),
    ("Neo.ClientError.Statement.SyntaxError", "syntax"),
    ("Neo.ClientError.Statement.ParameterMissing", "parameter"),
])
def test_neo4j_errors_map_to_query_error_reasons(code, reason):
    assert classify(SimpleNamespace(code=code, message="m")).reason == reason  # type: ignore[arg-type]


@pytest.fixture
def neo4j_store():
    from graph import open_store

    store = open_store(NEO4J_URI)
    try:
        for doc in store.documents():
            store.delete_document(doc["uid"])
        yield store
    finally:
        store.close()


@pytest.mark.neo4j
@needs_server
def test_neo4j_writes_idempotently_and_deletes(neo4j_store):
    docs = [synthetic_document(i) for i in range(4)]
    for d in docs:
        neo4j_store.write_document(d)
    before = neo4j_store.stats()
    for d in docs:
        neo4j_store.write_document(d)
    assert neo4j_store.stats() == before
    neo4j_store.delete_document(docs[0].document.file)
    neo4j_store.write_document(docs[0])
    assert neo4j_store.stats() == before


@pytest.mark.neo4j
@needs_server
def test_neo4j_gives_the_same_answers_as_the_embedded_store(neo4j_store, empty_store):
    from graph.queries import named_queries

    for i in range(4):
        neo4j_store.write_document(synthetic_document(i))
        empty_store.write_document(synthetic_document(i))
    assert neo4j_store.stats() == empty_store.stats()
    samples = {"bureau": "區住建委", "project": "望坛", "metric": "生产总值", "q": "住建",
               "doc": "synthetic_00001.txt", "node": "望坛"}
    for name in ("bureau_projects", "project_bureaus", "project_history", "metric_series", "search",
                 "document_facts", "bureaus_ranked"):
        q = named_queries()[name]
        params = {p.name: samples[p.name] for p in q.params if p.required}
        assert neo4j_store.run_named(name, params).rows == empty_store.run_named(name, params).rows, name
    assert neo4j_store.export_facts().to_json() == empty_store.export_facts().to_json()


@pytest.mark.neo4j
@needs_server
def test_neo4j_refuses_writes_in_ad_hoc_queries(neo4j_store):
    from graph.store import QueryError

    for query in ("CREATE (n:Project {uid: 'x'})", "MATCH (n) DETACH DELETE n"):
        with pytest.raises(QueryError) as err:
            neo4j_store.run_readonly(query)
        assert err.value.reason == "write"
    with pytest.raises(QueryError) as err:
        neo4j_store.run_readonly("MATCH (n RETURN n")
    assert err.value.reason == "syntax"
