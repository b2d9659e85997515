"""The graph model's one declaration (graph/model.py): the generated Cypher is up to date, the
writer, the indexes and the deletes follow it, and the counts the writer keeps equal what a scan
of the graph gives after writes, replaces and deletes."""

from __future__ import annotations

import dataclasses
import random
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from graph import model
from graph.rows import plan_delete, plan_document
from graph.schema import falkordb_indexes, neo4j_statements
from graph.synthetic import synthetic_document

REPO = Path(__file__).resolve().parent.parent


def _gen():
    from graph import codegen

    return codegen


def test_the_generated_cypher_files_are_what_the_declaration_gives():
    stale = _gen().stale()
    assert stale == [], f"run .venv/bin/python tools/gen_cypher.py: {[str(p) for p in stale]}"


def test_a_change_to_the_declaration_changes_the_writer_query(monkeypatch):
    gen = _gen()
    before = gen.outputs()
    extra = model.RelType("ABOUT", "Event", "Place")
    monkeypatch.setattr(model, "RELATIONSHIPS", (*model.RELATIONSHIPS, extra))
    after = gen.outputs()
    path = REPO / "cypher" / "write" / "apply_document.cypher"
    assert after[path] != before[path]
    assert "$event_about_place" in after[path]
    assert "MATCH (b:Place {uid: row.target})" in after[path]


def test_every_row_list_the_writer_builds_is_a_parameter_of_its_query():
    from graph.queries import internal_queries

    declared = {p.name for p in internal_queries("write")["apply_document"].params}
    counts = {model.counter_param(lab) for lab, _ in model.counters()}  # added by the store
    plan = plan_document(synthetic_document(3), None)
    assert set(plan.params) | counts == declared
    deleted = plan_delete(plan.doc_uid, [])
    assert set(deleted.params) | counts == declared
    assert all(
        v == [] for k, v in deleted.params.items() if isinstance(v, list) and not k.endswith("_change")
    )
    # every declared relationship kind is filled by the synthetic document but the rare ones
    filled = {k for k, v in plan.params.items() if isinstance(v, list) and v}
    assert {model.rel_param(r) for r in model.writable_relationships()} - filled <= {
        "project_located_in_place",
        "observation_about_project",
        "observation_about_place",
    }


def test_indexes_cover_every_key_by_doc_and_relationship_removed_by_its_document():
    idx = set(falkordb_indexes())
    assert {(label, "uid") for label in model.LABELS} <= idx
    assert {(label, "by_doc") for label in model.DOC_SCOPED} <= idx
    assert set(model.relationship_indexes()) == {"OWNED_BY", "LOCATED_IN"}
    assert any("located_in_doc" in s for s in neo4j_statements())


def _scan_counts(store):
    """The counters as a scan of the whole graph gives them."""
    _, rels = store.dump_graph()
    degree: Counter[str] = Counter()
    owners: dict[str, set[str]] = defaultdict(set)
    tasks: Counter[str] = Counter()
    (project_degree,) = [c for lab, c in model.counters() if lab == "Project"]
    for r in rels:
        if r["type"] in project_degree.types:
            for end in (r["source"], r["target"]):
                if end.startswith("project:"):
                    degree[end] += 1
        if r["type"] == "OWNED_BY":
            owners[r["target"]].add(r["source"])
        if r["type"] == "ASSIGNED_TO":
            tasks[r["target"]] += 1
    return degree, {b: len(ps) for b, ps in owners.items()}, tasks


def _kept_counts(store):
    degree = {
        r["node"]["uid"]: r["degree"] for r in store.run_named("viz_top_projects", {"limit": 100000}).rows
    }
    bureaus = store.run_named("bureaus_ranked", {"limit": 100000}).rows
    return (degree, {r["uid"]: r["projects"] for r in bureaus}, {r["uid"]: r["tasks"] for r in bureaus})


def _assert_counts_agree(store):
    degree, projects, tasks = _scan_counts(store)
    kept_degree, kept_projects, kept_tasks = _kept_counts(store)
    assert {u: n for u, n in kept_degree.items() if n} == dict(degree)
    assert {u: n for u, n in kept_projects.items() if n} == projects
    assert {u: n for u, n in kept_tasks.items() if n} == dict(tasks)
    _, rels = store.dump_graph()
    observed = Counter(r["target"] for r in rels if r["type"] == "OF")
    kept = {r["uid"]: r["observations"] for r in store.run_named("api_metrics", {"limit": 1000}).rows}
    assert kept == dict(observed)


def test_kept_counts_equal_a_scan_after_writes_replaces_and_deletes(empty_store):
    store = empty_store
    for i in range(8):
        store.write_document(synthetic_document(i))
    _assert_counts_agree(store)
    # the same documents again (nothing written), then new versions of two of them
    for i in range(8):
        store.write_document(synthetic_document(i))
    for i in (2, 5):
        changed = synthetic_document(i, seed=11)
        info = dataclasses.replace(changed.document, id=synthetic_document(i).document.id)
        store.write_document(dataclasses.replace(changed, document=info))
    _assert_counts_agree(store)
    # a project owned by the same bureau in several documents counts once, and still once when
    # one of those documents goes
    assert store.delete_document(synthetic_document(3).document.id)
    assert store.delete_document(synthetic_document(4).document.id)
    _assert_counts_agree(store)
    for i in range(8):
        store.delete_document(synthetic_document(i).document.id)
    assert store.stats().nodes == 0
    assert store.run_named("bureaus_ranked").rows == []


def _documents_counted(store) -> tuple[int, int]:
    """count_documents' answer, and the complete documents a scan finds."""
    kept = store.run_named("count_documents", {}).rows[0]["documents"]
    scan = store.run_readonly("MATCH (d:Document) WHERE d.complete = true RETURN count(d) AS n").rows
    return kept, scan[0]["n"]


def test_the_document_count_the_writer_keeps_equals_a_scan_in_any_order(empty_store):
    store, rng = empty_store, random.Random(5)
    assert _documents_counted(store) == (0, 0)
    for step in range(16):
        i = rng.randrange(6)
        doc = synthetic_document(i)
        if step % 4 == 3:
            store.delete_document(doc.document.id)
        elif step % 4 == 2:  # a new version of a stored document (a replace)
            changed = synthetic_document(i, seed=step)
            store.write_document(dataclasses.replace(changed, document=doc.document))
        else:
            store.write_document(doc)
        kept, scan = _documents_counted(store)
        assert kept == scan
    assert scan > 0
    # a store without the kept totals (opened read-only, written before them) reads its documents
    store._write("MATCH (c:Counts) DELETE c", {})
    assert store.run_named("count_documents", {}).rows == [{"documents": scan}]


@pytest.mark.parametrize("name", ["stats"])
def test_stats_counts_every_declared_label_and_type_without_a_scan(empty_store, name):
    store = empty_store
    for i in range(3):
        store.write_document(synthetic_document(i))
    stats = store.stats()
    nodes, rels = store.dump_graph(with_text=True)
    assert stats.nodes == len(nodes)
    assert stats.edges == len(rels)
    assert Counter(r["type"] for r in rels) == Counter(stats.relationships)


def test_a_store_without_kept_totals_counts_them_when_it_opens(tmp_path):
    from graph import open_store

    url = f"falkordb:{tmp_path}/store"
    store = open_store(url)
    for i in range(3):
        store.write_document(synthetic_document(i))
    before = store.stats()
    store._write("MATCH (c:Counts) DELETE c", {})  # as a store written before the totals were kept
    assert store.stats().nodes == 0
    store.close()
    reopened = open_store(url)
    try:
        assert reopened.stats() == before
        reopened.write_document(synthetic_document(3))
        nodes, rels = reopened.dump_graph(with_text=True)
        assert (reopened.stats().nodes, reopened.stats().edges) == (len(nodes), len(rels))
    finally:
        reopened.close()
