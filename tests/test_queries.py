"""Named queries: the header runner, and real answers over the real corpus in the embedded store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graph.keys import variants
from graph.queries import get_named, named_queries, parse_query
from graph.store import QueryError

REQUIRED_QUERIES = {"bureau_projects", "project_bureaus", "project_history", "neighbourhood", "metric_series",
                    "search", "document_facts", "bureaus_ranked", "stats"}
ZHUJIANWEI = "北京市东城区住房和城乡建设委员会"
DOC_003 = "003_f56275b4641689bc.txt"


# --------------------------------------------------------------------------- the runner


def test_the_required_named_queries_exist_with_documented_parameters():
    queries = named_queries()
    assert set(queries) >= REQUIRED_QUERIES
    for name in REQUIRED_QUERIES:
        q = queries[name]
        assert q.summary
        for p in q.params:
            assert p.doc, f"{name}.{p.name} has no description"


def test_parameters_are_converted_to_their_declared_types():
    q = parse_query(
        "// name: t\n// summary: s\n// param: a: int = 5 — an int\n// param: b: float\n"
        "// param: c: bool = false\n// param: d: list = \"x,y\"\n// param: e: name = null\n"
        "// param: f: str = \"\"\nRETURN 1", "t.cypher")
    bound = q.bind({"b": "2.5", "c": "yes", "e": "區住建委"})
    assert bound["a"] == 5 and bound["b"] == 2.5 and bound["c"] is True
    assert bound["d"] == ["x", "y"] and bound["f"] == ""
    assert bound["e"] == "區住建委" and bound["e_key"] == "区住建委" and "住建委" in bound["e_keys"]
    assert q.bind({"b": 1, "e": None})["e_keys"] == []


def test_a_page_of_skip_and_limit_also_gets_where_it_ends():
    paged = parse_query(
        "// name: t\n// summary: s\n// param: skip: int = 0 — skipped\n"
        "// param: limit: int = 50 — at most\nRETURN 1", "t.cypher")
    assert paged.bind({})["reach"] == 50 and paged.bind({"skip": "20", "limit": 5})["reach"] == 25
    limited = parse_query(
        "// name: t\n// summary: s\n// param: limit: int = 50 — at most\nRETURN 1", "t.cypher")
    assert "reach" not in limited.bind({})


@pytest.mark.parametrize(("values", "message"), [
    ({}, "needs the parameter b"),
    ({"b": "abc"}, "b: expected float"),
    ({"b": 1, "a": "1.5"}, "a: expected int"),
    ({"b": 1, "c": "maybe"}, "c: expected bool"),
    ({"b": 1, "zzz": 1}, "takes no parameter zzz"),
])
def test_a_bad_parameter_is_a_parameter_error(values, message):
    q = parse_query("// name: t\n// param: a: int = 5\n// param: b: float\n// param: c: bool = false\n"
                    "RETURN 1", "t.cypher")
    with pytest.raises(QueryError) as err:
        q.bind(values)
    assert err.value.reason == "parameter"
    assert message in err.value.detail


def test_an_unknown_named_query_is_not_found():
    with pytest.raises(QueryError) as err:
        get_named("no_such_query")
    assert err.value.reason == "not_found"


# --------------------------------------------------------------------------- the real corpus

SAMPLE_PARAMS: dict[str, Any] = {
    "bureau": "区住建委", "project": "望坛", "metric": "地区生产总值", "q": "住建", "doc": DOC_003,
    "node": "望坛", "uid": "bureau:none", "uids": "bureau:none",
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_runs_on_the_embedded_store(corpus_store, name):
    query = named_queries()[name]
    params = {p.name: SAMPLE_PARAMS.get(p.name, "x") for p in query.params if p.required}
    result = corpus_store.run_named(name, params)
    assert result.columns
    json.dumps(result.rows, ensure_ascii=False)  # JSON-ready



def _gold(gold_path: Path) -> dict:
    return json.loads(gold_path.read_text(encoding="utf-8"))


def _gold_names(gold: dict, name: str) -> list[str]:
    """A gold project's name with the aliases the gold lists for it (the scorer's contract)."""
    for p in gold["projects"]:
        if p["name"] == name:
            return [name, *(p.get("aliases") or [])]
    return [name]


def _same(score, a: str | list[str], names: list[str]) -> bool:
    """The gold's lenient name match (script, prefixes, 项目/工程 suffix) over any of the names."""
    keys = set().union(*(score.variants(x) for x in ([a] if isinstance(a, str) else a)))
    return any(keys & score.variants(n) for n in names)


def _project_names(row: dict) -> list[str]:
    return [row["project"], *(row.get("aliases") or [])]


@pytest.mark.slow
def test_bureau_projects_finds_every_project_of_the_bureaus_task_rows(corpus_store, gold_path, gold_scorer):
    score, gold = gold_scorer, _gold(gold_path)
    expected = sorted({o["project"] for o in gold["ownership"]
                       if o["bureau"] == ZHUJIANWEI and o["doc"] == DOC_003})
    rows = corpus_store.run_named("bureau_projects", {"bureau": "区住建委"}).rows
    missing = [p for p in expected
               if not any(_same(score, _gold_names(gold, p), _project_names(r)) for r in rows)]
    assert missing == [], f"区住建委's task-row projects not found: {missing}"


@pytest.mark.slow
def test_bureau_projects_lists_only_projects_of_the_bureaus_task_rows(corpus_store, gold_path, gold_scorer):
    score, gold = gold_scorer, _gold(gold_path)
    expected = sorted({o["project"] for o in gold["ownership"] if o["bureau"] == ZHUJIANWEI})
    rows = corpus_store.run_named("bureau_projects", {"bureau": "区住建委"}).rows
    expected_names = [n for p in expected for n in _gold_names(gold, p)]
    extra = [r["project"] for r in rows
             if not any(_same(score, n, expected_names) for n in _project_names(r))]
    assert extra == [], f"区住建委 is given projects no task row of it reports: {extra}"


@pytest.mark.slow
@pytest.mark.parametrize("spelling", ["區住建委", "住建委", ZHUJIANWEI, "东城区住房和城乡建设委员会"])
def test_a_bureau_is_found_by_any_name_alias_or_script(corpus_store, spelling):
    by_alias = corpus_store.run_named("bureau_projects", {"bureau": "区住建委"}).rows
    assert by_alias
    assert corpus_store.run_named("bureau_projects", {"bureau": spelling}).rows == by_alias
    uid = by_alias[0]["bureau_uid"]
    assert corpus_store.run_named("bureau_projects", {"bureau": uid}).rows == by_alias


@pytest.mark.slow
def test_project_bureaus_gives_every_unit_of_the_projects_task_row(corpus_store, gold_path, gold_scorer):
    score, gold = gold_scorer, _gold(gold_path)
    project = "皇城景山街区申请式退租"
    expected = sorted({o["bureau"] for o in gold["ownership"] if o["project"] == project})
    rows = corpus_store.run_named("project_bureaus", {"project": project}).rows
    got = [r["bureau"] for r in rows]
    missing = [b for b in expected if not _same(score, b, got)]
    assert missing == [], f"{project}: units not found {missing} (got {got})"
    for r in rows:
        assert all(e["evidence"] and e["doc"] for e in r["evidence"])


@pytest.mark.slow
def test_project_history_spans_several_years_from_different_documents(corpus_store, gold_path):
    gold = _gold(gold_path)
    expected = {(str(e["year"]), e["doc"]) for e in gold["events"] if e["project"] == "望坛项目"}
    rows = corpus_store.run_named("project_history", {"project": "望壇"}).rows
    got = {(str(r["year"]), r["doc"]) for r in rows}
    assert expected - got == set(), f"望坛 events missing (year, doc): {sorted(expected - got)}"
    assert len({r["doc"] for r in rows}) >= 4
    starts = [r["year_from"] for r in rows]
    assert starts == sorted(starts)
    assert {r["tense"] for r in rows} >= {"done", "planned"}
    for r in rows:
        assert r["evidence"] and r["sentence_uid"]


@pytest.mark.slow
def test_project_history_honours_the_year_range(corpus_store):
    rows = corpus_store.run_named("project_history",
                                  {"project": "望坛", "year_from": 2024, "year_to": 2024}).rows
    assert rows
    assert all(r["year_from"] <= 2024 <= r["year_to"] for r in rows)


@pytest.mark.slow
def test_metric_series_gives_the_values_of_every_year(corpus_store, gold_path):
    gold = _gold(gold_path)
    expected = {(float(m["value"]), m["unit"], str(m["year"])) for m in gold["metrics"]
                if m["name"] == "地区生产总值"}
    rows = corpus_store.run_named("metric_series", {"metric": "地区生产总值"}).rows
    got = {(float(r["value"]), r["unit"], str(r["year"])) for r in rows}
    assert expected - got == set(), f"地区生产总值 values missing: {sorted(expected - got)}"
    assert len({r["year_from"] for r in rows}) >= 4


@pytest.mark.slow
@pytest.mark.parametrize(("q", "label", "name"), [
    ("區住建委", "Bureau", ZHUJIANWEI),
    ("住建委", "Bureau", ZHUJIANWEI),
    ("望壇", "Project", "望坛项目"),
    ("望 坛", "Project", "望坛项目"),
])
def test_search_finds_a_name_from_any_alias_script_or_part(corpus_store, q, label, name):
    rows = corpus_store.run_named("search", {"q": q}).rows
    wanted = set(variants(name))
    assert any(r["label"] == label and wanted & set(variants(r["name"])) for r in rows), rows[:5]
    assert rows[0]["label"] == label  # the exact match ranks first


@pytest.mark.slow
def test_document_facts_evidence_is_the_original_text_at_its_offsets(corpus_store, corpus_files):
    from ingest.read import read_document

    for path in corpus_files:
        original = read_document(path).text
        rows = corpus_store.run_named("document_facts", {"doc": path.name}).rows
        assert rows, f"{path.name}: no facts"
        bad = [r for r in rows if r["doc"] == path.name and original[r["start"]:r["end"]] != r["evidence"]]
        assert bad == [], f"{path.name}: {len(bad)} facts whose evidence is not text[start:end]"


@pytest.mark.slow
def test_document_facts_of_the_task_table_hold_its_ownership(corpus_store, corpus_run):
    facts = next(d for d in corpus_run.documents if d.document.file == DOC_003)
    rows = corpus_store.run_named("document_facts", {"doc": DOC_003}).rows
    stored = {(r["subject"], r["object"]) for r in rows if r["fact"] == "ownership"}
    assert stored == {(o.project, o.bureau) for o in facts.ownership}


@pytest.mark.slow
def test_bureaus_ranked_agrees_with_bureau_projects(corpus_store):
    rows = corpus_store.run_named("bureaus_ranked", {"limit": 5}).rows
    assert rows and rows[0]["projects"] >= rows[-1]["projects"]
    top = rows[0]
    owned = corpus_store.run_named("bureau_projects", {"bureau": top["uid"], "limit": 1000}).rows
    assert len(owned) == top["projects"]


@pytest.mark.slow
def test_neighbourhood_respects_depth_cap_labels_and_years(corpus_store):
    one = corpus_store.run_named("neighbourhood", {"node": "望坛"}).rows[0]
    labels = {label for n in one["nodes"] for label in n["_labels"]}
    assert {"Project", "Event"} <= labels
    assert all(d["distance"] == 1 for d in one["distances"])
    assert one["relationships"] and all(r["type"] for r in one["relationships"])
    uids = {n["uid"] for n in one["nodes"]}
    assert all(r["source"] in uids and r["target"] in uids for r in one["relationships"])
    capped = corpus_store.run_named("neighbourhood", {"node": "望坛", "depth": 3, "limit": 7}).rows[0]
    assert len(capped["nodes"]) <= 8  # the cap, plus the start node
    only = corpus_store.run_named("neighbourhood", {"node": "区住建委", "depth": 2,
                                                    "labels": "Project,Bureau"}).rows[0]
    assert {lab for n in only["nodes"] for lab in n["_labels"]} <= {"Project", "Bureau"}
    dated = corpus_store.run_named("neighbourhood", {"node": "望坛", "depth": 2, "year_from": 2024,
                                                     "year_to": 2024}).rows[0]
    for n in dated["nodes"]:
        if "year_from" in n:
            assert n["year_from"] <= 2024 <= n["year_to"]
        if n["_labels"] == ["Year"]:
            assert n["value"] == 2024


@pytest.mark.slow
def test_the_stats_query_agrees_with_store_stats(corpus_store):
    stats = corpus_store.stats()
    assert stats.labels["Document"] == 5
    assert set(stats.labels) >= {"Document", "Section", "Sentence", "Project", "Bureau", "Event", "Year",
                                 "Metric", "Observation", "Task"}
    rows = corpus_store.run_named("stats").rows
    assert sum(r["count"] for r in rows if r["kind"] == "node") == stats.nodes


def test_name_variants_fold_script_prefix_and_suffix():
    assert "住建委" in variants("區住建委")
    assert "望坛" in variants("望壇項目")
