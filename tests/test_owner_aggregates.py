"""The ownership aggregates the writer keeps on each Project (graph/owners.py, issue 11): the
rules on hand-made facts, and in a real store after writes, replaces and deletes in any order
they equal what the OWNED_BY facts give; a store written before they were kept gets them when it
opens. The documents are graph.synthetic's (our own words) with task rows added here."""

from __future__ import annotations

import dataclasses
import random

import pytest

from graph import open_store
from graph.owners import KEYS, SAMPLE, owner_props, owner_rows
from graph.queries import internal_queries
from graph.synthetic import BUREAUS, synthetic_document
from ingest.types import DocumentFacts, Ownership


def _edge(bureau, basis, doc, start, task=None, sole=None, relation=None):
    return {
        "bureau": bureau,
        "basis": basis,
        "doc": doc,
        "start": start,
        "end": start + 4,
        "task": task,
        "sole": sole,
        "relation": relation,
        "evidence": f"{doc}:{start}",
        "sentence_uid": f"s{start}",
    }


def _pair(props, bureau):
    i = props["owners"].index(bureau)
    return {
        k: props[k][i]
        for k in KEYS
        if k.startswith("owner_") and not k.startswith("owner_ev") and k != "owner_sole_tasks"
    }


def test_a_stated_fact_makes_the_pair_stated_whatever_else_says_it():
    props = owner_props(
        [
            _edge("b:a", "table_column", "a.txt", 10, task="任务1"),
            _edge("b:b", "table_column", "a.txt", 10, task="任务1"),
            _edge("b:a", "stated", "z.txt", 5, relation="牵头"),
        ]
    )
    a = _pair(props, "b:a")
    assert (a["owner_rank"], a["owner_units"], a["owner_doc"], a["owner_relation"]) == (0, 1, "z.txt", "牵头")
    assert a["owner_bases"] == "stated|table_column" and a["owner_supports"] == 2
    b = _pair(props, "b:b")
    assert (b["owner_rank"], b["owner_units"], b["owner_task"]) == (2, 2, "任务1")


def test_a_task_row_counts_its_units_once_in_its_first_document():
    # thirty reports repeating a row of two units: still two units, not sixty
    edges = [
        _edge(b, "table_column", f"r{k:02d}.txt", 3, task="任务9") for k in range(30) for b in ("b:a", "b:b")
    ]
    # a later document gives the row a third unit: the first document's count stands
    edges.append(_edge("b:c", "table_column", "r99.txt", 3, task="任务9"))
    props = owner_props(edges)
    assert [_pair(props, b)["owner_units"] for b in ("b:a", "b:b", "b:c")] == [2, 2, 2]
    assert _pair(props, "b:a")["owner_supports"] == 30 and _pair(props, "b:a")["owner_documents"] == 30
    assert props["owner_sole_tasks"] == []


def test_the_only_unit_of_a_row_is_sole_and_its_evidence_ranks_first():
    props = owner_props(
        [
            _edge("b:a", "table_column", "b.txt", 1, task="任务2"),
            _edge("b:a", "table_column", "a.txt", 7, task="任务3"),
            _edge("b:x", "table_column", "a.txt", 7, task="任务3"),
        ]
    )
    a = _pair(props, "b:a")
    assert (a["owner_rank"], a["owner_units"], a["owner_task"], a["owner_doc"]) == (1, 1, "任务2", "b.txt")
    assert props["owner_sole_tasks"] == ["任务2"]
    i = props["owners"].index("b:a") * 2 * SAMPLE
    assert props["owner_ev_doc"][i : i + 2] == ["b.txt", "a.txt"]  # strongest first
    assert props["owner_ev_doc"][i + SAMPLE : i + SAMPLE + 2] == ["a.txt", "b.txt"]  # by document
    assert props["owner_ev_start"][i + 2 : i + SAMPLE] == [-1] * (SAMPLE - 2)  # padded


def test_no_facts_no_owners():
    assert owner_props([]) == {k: [] for k in KEYS}
    assert owner_rows(["project:x"], []) == [{"uid": "project:x", "props": {k: [] for k in KEYS}}]


def _with_rows(i: int, variant: int = 0) -> DocumentFacts:
    """Synthetic report ``i`` plus a task row giving each of its projects two or three units
    (``variant`` changes the row, as a corrected report would)."""
    facts = synthetic_document(i, projects_in_pool=9)
    extra = []
    for k, p in enumerate(facts.projects):
        units = BUREAUS[(k + variant) % 3 : (k + variant) % 3 + 2 + (i + variant) % 2]
        extra += [
            Ownership(
                project=p.name,
                bureau=b[0],
                basis="table_column",
                source=p.mentions[0],
                task=f"重点任务第{k + variant}项",
            )
            for b in units
        ]
    return dataclasses.replace(facts, ownership=facts.ownership + extra)


def _check(store) -> int:
    write = internal_queries("write")
    edges = store._read(write["owner_all_edges"].text, {}).rows
    expected = {r["uid"]: r["props"] for r in owner_rows({e["project"] for e in edges}, edges)}
    stored = {r["uid"]: {k: r[k] for k in KEYS} for r in store._read(write["owner_state"].text, {}).rows}
    stored = {u: p for u, p in stored.items() if p["owners"]}
    assert stored == expected
    return len(expected)


@pytest.mark.slow
def test_writes_replaces_and_deletes_in_any_order_keep_the_aggregates_true(tmp_path):
    rng = random.Random(11)
    with open_store(f"falkordb:{tmp_path / 'store'}") as store:
        for i in range(8):
            store.write_document(_with_rows(i))
        assert _check(store) > 3
        for step in range(12):
            i = rng.randrange(8)
            if step % 3 == 2:
                store.delete_document(f"synthetic_{i:05d}.txt")
            else:
                store.write_document(_with_rows(i, variant=rng.randrange(3)))
            _check(store)
        for i in range(8):
            store.delete_document(f"synthetic_{i:05d}.txt")
        assert _check(store) == 0


@pytest.mark.slow
def test_a_store_written_before_the_aggregates_were_kept_gets_them_when_it_opens(tmp_path):
    write = internal_queries("write")
    url = f"falkordb:{tmp_path / 'store'}"
    with open_store(url) as store:
        for i in range(5):
            store.write_document(_with_rows(i))
        answer = store.run_named("bureau_projects", {"bureau": BUREAUS[0][1][0]}).rows
        assert answer
        uids = [r["uid"] for r in store._read(write["owner_state"].text, {}).rows]
        store._write(
            write["owner_aggregates"].text, {"rows": [{"uid": u, "props": dict.fromkeys(KEYS)} for u in uids]}
        )
        assert store._read(write["owner_missing"].text, {}).rows
        assert store.run_named("bureau_projects", {"bureau": BUREAUS[0][1][0]}).rows == []
    with open_store(url) as store:
        assert not store._read(write["owner_missing"].text, {}).rows
        _check(store)
        assert store.run_named("bureau_projects", {"bureau": BUREAUS[0][1][0]}).rows == answer


def test_the_queries_read_the_sample_where_the_writer_puts_it():
    from graph.queries import all_named

    for name in ("bureau_projects", "project_bureaus", "api_bureau_projects"):
        text = all_named()[name].text
        assert f"i * {2 * SAMPLE}" in text and f"<= {SAMPLE} AS sampled" in text, name
