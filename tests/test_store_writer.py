"""The writer: idempotent, whole or nothing, replace on re-write, delete with orphan removal."""

from __future__ import annotations

import dataclasses

import pytest

from graph.rows import year_range
from graph.store import StoreError
from graph.synthetic import synthetic_document
from ingest.types import Entity, Metric


def _counts(store) -> tuple[dict[str, int], dict[str, int]]:
    s = store.stats()
    return s.labels, s.relationships


def test_rewriting_the_same_documents_leaves_node_and_relationship_counts_unchanged(empty_store):
    docs = [synthetic_document(i) for i in range(6)]
    for d in docs:
        empty_store.write_document(d)
    before = _counts(empty_store)
    for d in reversed(docs):
        summary = empty_store.write_document(d)
        assert summary.replaced is False  # unchanged fingerprint: nothing written
    assert _counts(empty_store) == before


def test_a_changed_document_replaces_its_old_facts(empty_store):
    doc = synthetic_document(3)
    empty_store.write_document(doc)
    before = _counts(empty_store)
    changed = dataclasses.replace(doc, metrics=doc.metrics[:1], events=doc.events[:2])
    summary = empty_store.write_document(changed)
    assert summary.replaced is True
    labels, _ = _counts(empty_store)
    assert labels["Observation"] == 1
    assert labels["Event"] == 2
    assert before[0]["Observation"] > 1
    empty_store.write_document(doc)  # and back: the original counts again
    assert _counts(empty_store) == before


def test_writing_and_deleting_a_document_restores_the_previous_graph(empty_store):
    for i in range(4):
        empty_store.write_document(synthetic_document(i))
    before = _counts(empty_store)
    export_before = empty_store.export_facts().to_json()
    extra = synthetic_document(4)
    empty_store.write_document(extra)
    assert _counts(empty_store) != before
    assert empty_store.delete_document(extra.document.file) is True
    assert _counts(empty_store) == before
    assert empty_store.export_facts().to_json() == export_before
    assert empty_store.delete_document(extra.document.file) is False


def test_deleting_a_document_removes_entities_no_other_document_supports(empty_store):
    a, b = synthetic_document(0), synthetic_document(1)
    only_a = Entity(id="project:only-in-a", label="Project", name="只在甲文件的试点项目",
                    aliases=["甲试点"], kind="试点")
    a.projects.append(only_a)
    empty_store.write_document(a)
    empty_store.write_document(b)
    assert empty_store.run_named("search", {"q": "甲试点"}).rows
    empty_store.delete_document(a.document.id)
    assert not empty_store.run_named("search", {"q": "甲试点"}).rows
    shared = {p.name for p in a.projects} & {p.name for p in b.projects}
    assert shared, "the synthetic documents share projects"
    for name in shared:
        assert empty_store.run_named("search", {"q": name, "label": "Project"}).rows


def test_an_alias_goes_with_the_last_document_that_used_it(empty_store):
    a, b = synthetic_document(0), synthetic_document(1)
    name = next(p.name for p in a.projects if p.name in {q.name for q in b.projects})
    for p in a.projects:
        if p.name == name:
            p.aliases.append("甲文件独有的别名")
    empty_store.write_document(a)
    empty_store.write_document(b)
    hit = empty_store.run_named("search", {"q": "甲文件独有的别名"}).rows
    assert [r["name"] for r in hit] == [name]
    empty_store.delete_document(a.document.sha256)
    assert not empty_store.run_named("search", {"q": "甲文件独有的别名"}).rows
    assert empty_store.run_named("search", {"q": name}).rows


def test_a_write_that_fails_midway_leaves_nothing_behind(empty_store, monkeypatch):
    empty_store.write_document(synthetic_document(0))
    before = _counts(empty_store)
    broken = synthetic_document(1)
    original = type(empty_store)._apply

    def corrupt(self, plan):
        # a nested map is no property value: the query fails at the observations, late in the query
        for row in plan.params["observation_of_metric"]:
            row["props"] = {**row["props"], "bad": {"nested": 1}}
        return original(self, plan)

    monkeypatch.setattr(type(empty_store), "_apply", corrupt)
    with pytest.raises(StoreError):
        empty_store.write_document(broken)
    monkeypatch.undo()
    assert _counts(empty_store) == before
    assert broken.document.id not in {d["uid"] for d in empty_store.documents()}


def test_a_year_span_links_every_year_of_the_span(empty_store):
    doc = synthetic_document(0)
    span = next(e for e in doc.events if isinstance(e.year, str))
    empty_store.write_document(doc)
    lo, hi = year_range(span.year)
    rows = empty_store.run_readonly(
        "MATCH (e:Event {stage: $stage, year: $year})-[r:IN_YEAR]->(y:Year) "
        "RETURN y.value AS year, r.span AS span ORDER BY year",
        {"stage": span.stage, "year": span.year}).rows
    assert sorted({r["year"] for r in rows}) == list(range(lo, hi + 1))
    assert {r["span"] for r in rows} == {span.year}
    chain = empty_store.run_readonly(
        "MATCH (a:Year)-[:NEXT]->(b:Year) RETURN a.value AS a, b.value AS b", {}).rows
    assert all(r["b"] == r["a"] + 1 for r in chain)
    assert {r["a"] for r in chain} >= set(range(lo, hi))


def test_year_range_reads_single_years_and_spans():
    assert year_range(2022) == (2022, 2022)
    assert year_range("2017-2021") == (2017, 2021)
    assert year_range("2022年") == (2022, 2022)
    assert year_range(None) is None
    assert year_range("明年") is None


def test_every_node_has_a_content_uid_and_no_engine_id_leaves_the_store(empty_store):
    empty_store.write_document(synthetic_document(2))
    missing = empty_store.run_readonly("MATCH (n) WHERE n.uid IS NULL RETURN count(n) AS c", {}).rows
    assert missing == [{"c": 0}]
    result = empty_store.run_readonly("MATCH (n)-[r]->(m) RETURN n, r, m LIMIT 50", {}, row_cap=50)
    for row in result.rows:
        for value in row.values():
            assert "id" not in value or value.get("_labels") == ["Task"]  # Task.id is the row's label
            assert "uid" in value or "_type" in value


def test_uids_are_the_same_in_two_stores(tmp_path):
    from graph import open_store

    uids = []
    for name in ("a", "b"):
        with open_store(f"falkordb:{tmp_path / name}") as store:
            store.write_document(synthetic_document(1))
            uids.append(sorted(r["uid"] for r in store.run_readonly(
                "MATCH (n) RETURN n.uid AS uid", {}, row_cap=100000).rows))
    assert uids[0] == uids[1]


def test_metric_with_a_subject_naming_a_project_is_about_that_project(empty_store):
    doc = synthetic_document(0)
    project = doc.projects[0]
    src = doc.sentences[0].source()
    doc.metrics.append(Metric(name="完成投资", value=12.5, unit="亿元", year=2020, period="全年",
                              qualifier="实际", subject=project.name, source=src))
    empty_store.write_document(doc)
    rows = empty_store.run_readonly(
        "MATCH (o:Observation)-[:ABOUT]->(p:Project) RETURN o.name AS metric, p.name AS project", {}).rows
    assert rows == [{"metric": "完成投资", "project": project.name}]


@pytest.mark.slow
def test_the_corpus_written_twice_or_deleted_and_rewritten_gives_the_same_graph(empty_store, corpus_run):
    for facts in corpus_run.documents:
        empty_store.write_document(facts)
    before = _counts(empty_store)
    for facts in corpus_run.documents:
        empty_store.write_document(facts)
    assert _counts(empty_store) == before
    victim = corpus_run.documents[3]
    assert empty_store.delete_document(victim.document.file)
    assert _counts(empty_store) != before
    empty_store.write_document(victim)
    assert _counts(empty_store) == before


@pytest.mark.slow
def test_exported_facts_score_like_the_extracted_facts(empty_store, corpus_run, gold_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("gold_score", gold_path.parent / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    for facts in corpus_run.documents:
        empty_store.write_document(facts)
    gold = score.load_gold([str(gold_path)])
    extracted = corpus_run.facts().to_json()
    exported = empty_store.export_facts().to_json()
    assert score.score(exported, gold, set()) == score.score(extracted, gold, set())
    for kind in ("ownership", "events", "metrics"):
        assert len(exported[kind]) == len(extracted[kind]), kind


@pytest.mark.slow
def test_documents_ingested_in_separate_runs_share_one_node_per_entity(empty_store, corpus_files):
    """A run that sees only 望坛项目 and one that sees only 望坛 may name the project differently;
    the node is the same (its uid comes from the resolution key, not the display name)."""
    from ingest.pipeline import extract_paths

    for path in corpus_files:  # one run per file: no run sees the others' names
        (facts,) = extract_paths([path]).documents
        empty_store.write_document(facts)
    found = empty_store.run_readonly(
        "MATCH (p:Project) WHERE p.name STARTS WITH '望坛' RETURN p.uid AS uid, p.name AS name").rows
    assert len(found) == 1, found
    docs = empty_store.run_named("project_history", {"project": "望壇"}).rows
    assert len({r["doc"] for r in docs}) >= 4


@pytest.mark.slow
def test_a_later_run_links_against_the_task_table_already_stored(tmp_path, corpus_files):
    """Ingesting the task table, then a report in a run of its own, gives the report the same
    inferred_via_task ownership as ingesting both in one run (GraphStore.link_context), the units
    that rows with several units give by their numbered items (1. 2. …) included (``sole``)."""
    from graph import open_store
    from ingest.pipeline import extract_paths

    table = next(p for p in corpus_files if p.name.startswith("003_"))
    report = next(p for p in corpus_files if p.name.startswith("000_"))
    query = ("MATCH (p:Project)-[o:OWNED_BY {basis: 'inferred_via_task'}]->(b:Bureau) WHERE o.doc = $doc "
             "RETURN p.uid AS project, b.uid AS bureau, o.start AS start ORDER BY project, bureau, start")
    with open_store(f"falkordb:{tmp_path / 'together'}") as together:
        for facts in extract_paths([table, report]).documents:
            together.write_document(facts)
        expected = together.run_readonly(query, {"doc": report.name}, row_cap=100_000).rows
    with open_store(f"falkordb:{tmp_path / 'apart'}") as apart:
        for facts in extract_paths([table]).documents:
            apart.write_document(facts)
        context = apart.link_context(exclude_files=[report.name])
        assert context.task_owners and context.project_names
        for facts in extract_paths([report], context=context).documents:
            apart.write_document(facts)
        got = apart.run_readonly(query, {"doc": report.name}, row_cap=100_000).rows
    (alone,) = extract_paths([report]).documents  # what the report says on its own
    assert not [o for o in alone.ownership if o.basis == "inferred_via_task"]
    assert len(expected) >= 2
    assert got == expected


@pytest.mark.slow
def test_a_report_stored_before_the_task_table_is_named_and_an_ingest_again_links_it(tmp_path, corpus_files):
    """A task table does not reach back into a report stored before it: the store names the
    report (GraphStore.unlinked_documents, printed by ``policykg ingest``), and once the report
    is ingested again its ownership is that of one run over both."""
    from graph import open_store
    from ingest.pipeline import extract_paths

    table = next(p for p in corpus_files if p.name.startswith("003_"))
    report = next(p for p in corpus_files if p.name.startswith("000_"))
    query = ("MATCH (p:Project)-[o:OWNED_BY]->(b:Bureau) WHERE o.doc = $doc "
             "RETURN p.uid AS project, b.uid AS bureau, o.basis AS basis, o.start AS start "
             "ORDER BY project, bureau, basis, start")
    with open_store(f"falkordb:{tmp_path / 'together'}") as together:
        for facts in extract_paths([table, report]).documents:
            together.write_document(facts)
        expected = together.run_readonly(query, {"doc": report.name}, row_cap=100_000).rows
        assert together.unlinked_documents(extract_paths([table]).task_row_projects()) == []
    with open_store(f"falkordb:{tmp_path / 'reversed'}") as store:
        for facts in extract_paths([report]).documents:
            store.write_document(facts)
        run = extract_paths([table], context=store.link_context(exclude_files=[table.name]))
        for facts in run.documents:
            store.write_document(facts)
        (unlinked,) = store.unlinked_documents(run.task_row_projects(), exclude_files=[table.name])
        assert unlinked.file == report.name and len(unlinked.projects) >= 2
        assert store.unlinked_documents(run.task_row_projects(), exclude_files=[report.name]) == []
        assert store.run_readonly(query, {"doc": report.name}, row_cap=100_000).rows != expected

        again = extract_paths([report], context=store.link_context(exclude_files=[report.name]))
        for facts in again.documents:
            store.write_document(facts)
        assert store.run_readonly(query, {"doc": report.name}, row_cap=100_000).rows == expected
        assert store.unlinked_documents(run.task_row_projects(), exclude_files=[table.name]) == []


def test_manifest_metadata_is_stored_and_exported_with_the_document(empty_store):
    doc = synthetic_document(2)
    info = dataclasses.replace(doc.document, url="http://example.org/x", publisher="某日报",
                               district="某山区", properties={"outlet": "转载"})
    empty_store.write_document(dataclasses.replace(doc, document=info))
    [exported] = empty_store.export_facts().documents
    assert (exported.url, exported.publisher, exported.district) == (
        "http://example.org/x", "某日报", "某山区")
    assert exported.properties == {"outlet": "转载"}
    [listed] = empty_store.documents()
    assert listed["district"] == "某山区" and listed["url"] == "http://example.org/x"
