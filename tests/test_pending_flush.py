"""FalkorDB's pending matrix entries (graph/falkordb_store.py PENDING_FLUSH_EVERY): the engine
merges a matrix's new entries into it only when a read fetches the matrix, so the writer runs
cypher/write/flush_pending.cypher, a read that fetches every relationship type's matrix and the
node-labels matrix, every few writes. On the real embedded store: the read is one the engine
accepts as read-only, it reaches every declared relationship type, and the writer runs it by
itself. (What it saves is measured, not asserted: bench/store.py, docs/scale.md.)"""

from __future__ import annotations

import re

import pytest

import graph.falkordb_store as falkordb_store
from graph import model, open_store
from graph.queries import internal_queries
from graph.synthetic import synthetic_document

FLUSH = internal_queries("write")["flush_pending"].text


@pytest.fixture
def store(tmp_path):
    s = open_store(f"falkordb:{tmp_path / 'store'}")
    try:
        yield s
    finally:
        s.close()


def test_the_read_fetches_every_declared_relationship_type_and_the_labels() -> None:
    types = re.search(r"-\[r:([A-Z_|]+)\]-", FLUSH)
    assert types is not None
    assert sorted(types[1].split("|")) == sorted(model.RELATIONSHIP_TYPES)
    assert "labels(d)" in FLUSH


def test_the_read_runs_read_only_on_an_empty_store_and_a_written_one(store) -> None:
    # _read sends GRAPH.RO_QUERY: the engine refuses a query that would write
    assert store._read(FLUSH, {}).rows == []
    for i in range(3):
        store.write_document(synthetic_document(i))
    (row,) = store._read(FLUSH, {}).rows
    assert row["labels"] == ["Document"]
    assert row["relationships"] > 0  # the document's sections are IN it


def test_the_writer_runs_it_every_few_writes(store, monkeypatch) -> None:
    monkeypatch.setattr(falkordb_store, "PENDING_FLUSH_EVERY", 3)
    store._writes_unflushed = 0
    flushes: list[int] = []  # how many writes had finished when the read ran
    done: list[str] = []
    read = store._read

    def spy(query, params, *args, **kwargs):
        if query == FLUSH:
            flushes.append(len(done))
        return read(query, params, *args, **kwargs)

    monkeypatch.setattr(store, "_read", spy)
    for i in range(7):
        store.write_document(synthetic_document(i))
        done.append("write")
    # inside the third and the sixth write, after their query
    assert flushes == [2, 5]
    store.delete_document(synthetic_document(0).document.id)  # a delete is a write too
    done.append("delete")
    store.write_document(synthetic_document(0))
    assert flushes == [2, 5, 8]
