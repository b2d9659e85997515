"""FalkorDB index upkeep (graph/falkordb_store.py INDEX_SLACK): every SET re-indexes a node and
the engine keeps the old entry, so the writer builds a label's index again once its stale
entries pile up. On the real embedded store: the rebuild drops the stale entries, keeps the
unique constraint, changes no answer, and the writer runs it by itself."""

from __future__ import annotations

import pytest

import graph.falkordb_store as falkordb_store
from graph import schema
from graph.falkordb_store import GRAPH_NAME
from graph.queries import all_named
from graph.synthetic import SAMPLE_PARAMETERS, synthetic_document

DOCS = 24


def _states(store) -> dict[str, schema.IndexState]:
    return {s.label: s for s in schema.falkordb_index_states(store._db.connection, GRAPH_NAME)}


def _answers(store) -> dict[str, list]:
    params = SAMPLE_PARAMETERS
    out = {}
    for name, q in sorted(all_named().items()):
        if all(p.name in params for p in q.params if p.required):
            out[name] = store.run_named(name, {p.name: params[p.name] for p in q.params if p.required}).rows
    return out


@pytest.fixture
def store(tmp_path, monkeypatch):
    from graph import open_store

    monkeypatch.setattr(falkordb_store, "INDEX_CHECK_EVERY", 10**9)  # only when the test asks
    s = open_store(f"falkordb:{tmp_path / 'store'}")
    try:
        for i in range(DOCS):
            s.write_document(synthetic_document(i))
        yield s
    finally:
        s.close()


def test_writes_leave_stale_entries_and_a_rebuild_drops_them_answering_the_same(store) -> None:
    before = _states(store)
    # a bureau is written into by most reports: far more entries than nodes
    assert before["Bureau"].garbage > 10 * before["Bureau"].documents
    answers = _answers(store)
    assert answers["bureau_projects"] and answers["project_history"]

    rebuilt = store.compact_indexes(slack=0)

    # the writer sets a shelf (graph/shelves.py) for most documents: its index is kept up too, and
    # the pages that walk the shelves answer the same (``documents`` is among the answers)
    assert "Bureau" in rebuilt and "Counts" in rebuilt and "Shelf" in rebuilt
    assert answers["documents"]
    after = _states(store)
    for label in rebuilt:
        assert after[label].garbage == 0
        assert after[label].documents == before[label].documents
        assert after[label].properties == before[label].properties
    assert _answers(store) == answers
    query = "CALL db.constraints() YIELD label, properties RETURN label, properties"
    constraints = schema._falkordb_rows(store._db.connection, GRAPH_NAME, query)
    assert ("Bureau", "uid") in constraints and ("Project", "uid") in constraints


def test_the_unique_constraint_still_refuses_a_second_node_with_a_uid(store) -> None:
    store.compact_indexes(slack=0)
    uid = store.run_named("search", {"q": "住建", "label": "Bureau"}).rows[0]["uid"]
    with pytest.raises(Exception, match=r"(?i)unique|constraint"):
        store._graph.query("CREATE (:Bureau {uid: $uid})", {"uid": uid})


def test_a_label_with_few_stale_entries_is_left_alone(store) -> None:
    store.compact_indexes(slack=0)
    store.write_document(synthetic_document(DOCS))
    # one document adds a few entries: below twice the nodes plus the slack
    assert store.compact_indexes() == []


def test_the_writer_rebuilds_by_itself_every_few_writes(store, monkeypatch) -> None:
    monkeypatch.setattr(falkordb_store, "INDEX_CHECK_EVERY", 4)
    monkeypatch.setattr(falkordb_store, "INDEX_SLACK", 0)
    assert _states(store)["Counts"].garbage > 0
    store._writes_unchecked = 0
    for i in range(DOCS, DOCS + 4):
        store.write_document(synthetic_document(i))
    # the check ran right after the fourth write
    assert _states(store)["Counts"].garbage == 0
