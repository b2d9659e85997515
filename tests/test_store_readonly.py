"""Ad-hoc queries: engine-level read-only, server-side timeout, row cap, errors that explain."""

from __future__ import annotations

import pytest

from graph.store import QueryError
from graph.synthetic import synthetic_document


@pytest.fixture
def store(empty_store):
    for i in range(3):
        empty_store.write_document(synthetic_document(i))
    return empty_store


@pytest.mark.parametrize("query", [
    "CREATE (n:Project {uid: 'x'})",
    "MATCH (n:Project) SET n.name = 'x'",
    "MATCH (n:Project) DETACH DELETE n",
    "MERGE (n:Bureau {uid: 'y'}) RETURN n",
    "MATCH (n:Project) REMOVE n.name",
    "CREATE INDEX FOR (n:Project) ON (n.kind)",
    "MATCH (n:Project) WITH n LIMIT 1 CREATE (n)-[:OWNED_BY]->(:Bureau {uid: 'z'})",
])
def test_a_query_that_would_write_is_refused_and_changes_nothing(store, query):
    before = store.stats()
    with pytest.raises(QueryError) as err:
        store.run_readonly(query)
    assert err.value.reason == "write"
    assert store.stats() == before


def test_a_malformed_query_is_a_syntax_error(store):
    with pytest.raises(QueryError) as err:
        store.run_readonly("MATCH (n RETURN n")
    assert err.value.reason == "syntax"
    with pytest.raises(QueryError) as err:
        store.run_readonly("")
    assert err.value.reason == "syntax"


@pytest.mark.parametrize("query", [
    "RETURN " + "(" * 30 + "1" + ")" * 30,
    "UNWIND range(1, 1000000000) AS x RETURN count(x)",
])
def test_text_the_engine_could_not_bound_is_refused_before_it_runs(store, query):
    # without the guard the first blocks FalkorDB's parser for minutes, the second builds a
    # billion-element list before the timeout is looked at
    with pytest.raises(QueryError) as err:
        store.run_readonly(query, timeout_ms=200)
    assert err.value.reason == "too_complex"
    assert store.run_readonly("RETURN 1 AS one").rows == [{"one": 1}]


def test_a_long_query_is_stopped_by_the_server_timeout(store):
    with pytest.raises(QueryError) as err:
        store.run_readonly("MATCH (a), (b), (c), (d) RETURN count(*)", timeout_ms=50)
    assert err.value.reason == "timeout"
    assert store.ping()  # the server is still there and answers


def test_the_row_cap_truncates_and_says_so(store):
    result = store.run_readonly("UNWIND range(1, 50) AS x RETURN x", row_cap=10)
    assert len(result.rows) == 10
    assert result.truncated is True
    full = store.run_readonly("UNWIND range(1, 50) AS x RETURN x", row_cap=100)
    assert len(full.rows) == 50 and full.truncated is False


def test_parameters_are_passed_as_parameters(store):
    tricky = "x' OR 1=1 //\"\n"
    result = store.run_readonly("RETURN $v AS v", {"v": tricky})
    assert result.rows == [{"v": tricky}]


def test_nodes_and_relationships_come_back_as_plain_dicts(store):
    row = store.run_readonly(
        "MATCH (p:Project)-[o:OWNED_BY]->(b:Bureau) RETURN p, o, b LIMIT 1").rows[0]
    assert row["p"]["_labels"] == ["Project"] and row["b"]["_labels"] == ["Bureau"]
    assert row["o"]["_type"] == "OWNED_BY"
    assert {"doc", "sentence_uid", "start", "end", "basis", "evidence"} <= set(row["o"])
    assert "keys" not in row["p"] and "search" not in row["p"]


def test_a_query_over_the_memory_cap_is_refused_and_the_server_lives_on(tmp_path, monkeypatch):
    from graph import open_store

    monkeypatch.setenv("POLICYKG_FALKORDB_QUERY_MEM_MB", "8")  # read when the server starts
    with open_store(f"falkordb:{tmp_path / 'store'}") as store:
        with pytest.raises(QueryError) as err:
            store.run_readonly("UNWIND range(1, 1000000) AS x WITH collect(toString(x) + "
                               "'abcdefghijabcdefghijabcdefghij') AS l RETURN size(l)", timeout_ms=5000)
        assert err.value.reason == "too_complex" and "memory" in err.value.detail
        assert store.run_readonly("RETURN 1 AS one").rows == [{"one": 1}]


def test_a_server_that_died_is_started_again_by_the_next_query(store):
    import psutil

    before = store.stats()
    psutil.Process(store.server.pid()).kill()  # what an engine crash or an OOM kill does
    assert store.run_readonly("RETURN 1 AS one").rows == [{"one": 1}]
    assert store.stats() == before  # every acknowledged write was in the append-only file


def test_a_query_that_crashes_the_engine_is_refused_and_the_store_lives_on(store):
    before = store.stats()
    crash = ("MATCH (d:Document) UNWIND d.supports AS e WITH e WHERE e STARTS WITH 'project:' "
             "RETURN substring(e, 30) AS s LIMIT 3")  # a segfault in FalkorDB 4.16.3
    try:
        store.run_readonly(crash)
    except QueryError as err:
        assert err.reason == "crashed" and "restarted" in err.detail
    assert store.run_readonly("RETURN 1 AS one").rows == [{"one": 1}]
    assert store.stats() == before


def test_a_user_query_under_which_the_server_stops_twice_is_blamed_and_refused(store):
    import redis

    calls = []

    def stops_the_server():
        calls.append(1)
        raise redis.ConnectionError("Connection closed by server.")

    with pytest.raises(QueryError) as err:
        store._revived(stops_the_server, blame_query=True)
    assert err.value.reason == "crashed" and len(calls) == 2  # retried once after a restart
    assert store.run_readonly("RETURN 1 AS one").rows == [{"one": 1}]
