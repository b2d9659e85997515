"""Named queries given a cheaper shape for a large store (issue 11) answer what they answered
before: on the real embedded store, after a seeded run of writes, replaces and deletes of
synthetic reports, each query against its previous text (kept here as the reference)."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

import pytest
from falkordb.edge import Edge
from falkordb.node import Node
from falkordb.path import Path
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.base import INTERNAL_PROPS, clean_value
from graph.falkordb_store import plain
from graph.queries import all_named, get_named
from graph.synthetic import SAMPLE_PARAMETERS, synthetic_document
from ingest.types import DocumentFacts, Ownership

DOCS = 36

# viz_edges' Project branch as it was: the task row's `units` of an OWNED_BY edge read by a
# traversal from the edge's project, once per edge (now: the project's rows read once per project)
OLD_VIZ_EDGES_PROJECT = """
MATCH (a:Project)
WHERE a.uid IN $uids
WITH a
MATCH (a)-[r]-(b)
WHERE NOT b:Sentence AND NOT b:Section AND NOT b:Year AND NOT b:Document
  AND (size($labels) = 0 OR any(l IN labels(b) WHERE l IN $labels))
  AND ($year_from IS NULL OR b.year_to IS NULL OR b.year_to >= $year_from)
  AND ($year_to IS NULL OR b.year_from IS NULL OR b.year_from <= $year_to)
WITH a, r, b, startNode(r) AS sn
WITH a, r, b, CASE WHEN type(r) = 'OWNED_BY' AND r.basis = 'table_column' THEN size(reduce(acc = [],
  u IN [(sn)-[r2:OWNED_BY]->(b2:Bureau)
        WHERE r2.basis = 'table_column' AND r2.doc = r.doc AND r2.task = r.task | b2.uid] |
  CASE WHEN u IN acc THEN acc ELSE acc + [u] END)) ELSE 0 END AS units
RETURN a.uid AS at, startNode(r).uid AS source, endNode(r).uid AS target, type(r) AS type,
       r.evidence AS evidence, r.doc AS doc, r.basis AS basis, b AS node,
       CASE WHEN type(r) <> 'OWNED_BY' THEN null WHEN r.basis = 'stated' THEN 'stated'
         WHEN r.basis = 'inferred_via_task' OR r.sole = true OR units = 1 THEN 'sole'
         ELSE 'one_of' END AS reason,
       CASE WHEN type(r) = 'OWNED_BY' AND r.basis = 'table_column' THEN units ELSE null END AS units,
       CASE WHEN type(r) = 'OWNED_BY' THEN r.task ELSE null END AS task
ORDER BY at, type, target, source
LIMIT $limit
"""


# api_metric_series as it was: grouped and ordered by the nine fields (now: by the one `entry`
# string the writer keeps on each Observation, graph/rows.py series_entry)
OLD_API_METRIC_SERIES = """
MATCH (m:Metric {uid: $uid})
OPTIONAL MATCH (m)<-[r:OF]-(o:Observation)
WITH m, o.year_from AS year_from, o.year_to AS year_to, o.period AS period, o.qualifier AS qualifier,
  o.subject AS subject, o.value AS value, o.unit AS unit, o.base_value AS base_value,
  o.base_unit AS base_unit, o.year AS year, collect(r) AS rs
ORDER BY year_from, year_to, period, qualifier, subject, value, unit, base_value, base_unit
SKIP $skip
LIMIT $limit
UNWIND CASE WHEN size(rs) = 0 THEN [null] ELSE rs END AS r
WITH m, year_from, year_to, period, qualifier, subject, value, unit, base_value, base_unit, year, r
ORDER BY r.doc, r.start
WITH m, year_from, year_to, period, qualifier, subject, value, unit, base_value, base_unit, year,
  count(DISTINCT r.doc) AS supports, collect([r.doc, r.sentence_uid, r.evidence, r.start, r.end]) AS evidence
ORDER BY year_from, year_to, period, qualifier, subject, value, unit, base_value, base_unit
WITH m, collect(CASE WHEN supports = 0 THEN null ELSE
  [value, unit, base_value, base_unit, year, year_from, year_to, period, qualifier, subject, supports,
   evidence[$evidence_offset..$evidence_offset + $evidence]] END) AS series
RETURN m.uid AS uid, m.name AS name, coalesce(m.observations, 0) AS observations, series
"""


def _with_task_rows(i: int) -> DocumentFacts:
    """Report ``i`` with its task rows' units as table-column ownership: a row gives each of its
    projects one or two of the report's bureaus (so `units` is 1 or 2, and a reason sole or one_of)."""
    facts = synthetic_document(i)
    names = [b.name for b in facts.bureaus]
    for t in facts.tasks:
        for p in t.projects:
            for b in names[: 1 + (i + len(p)) % 2]:
                facts.ownership.append(
                    Ownership(project=p, bureau=b, basis="table_column", source=t.source, task=t.id)
                )
            # a second row of the same project with other units (the units are counted per row)
            for b in names[-2:] if i % 3 else []:
                facts.ownership.append(
                    Ownership(project=p, bureau=b, basis="table_column", source=t.source, task=f"{t.id}续")
                )
    return facts


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    from graph import open_store

    rng = random.Random(11)
    s = open_store(f"falkordb:{tmp_path_factory.mktemp('shapes-store')}")
    try:
        for i in range(DOCS):
            s.write_document(_with_task_rows(i))
        for i in rng.sample(range(DOCS), 6):  # replaced by a changed version, or deleted
            facts = _with_task_rows(i)
            if i % 2:
                half = facts.ownership[: len(facts.ownership) // 2]
                s.write_document(dataclasses.replace(facts, ownership=half))
            else:
                s.delete_document(facts.document.file)
        yield s
    finally:
        s.close()


def _uids(store: Any, label: str) -> list[str]:
    return [r["uid"] for r in store._read(f"MATCH (n:{label}) RETURN n.uid AS uid ORDER BY uid", {}).rows]


def test_viz_edges_of_projects_are_the_old_rows(store: Any) -> None:
    projects = _uids(store, "Project")
    assert len(projects) > 20
    query = get_named("viz_edges", internal=True)
    units: set[int] = set()
    batches = [[p] for p in projects] + [projects[:7], projects]
    for uids in batches:
        for extra in ({}, {"labels": ["Bureau"]}, {"limit": 3}, {"year_from": 2019, "year_to": 2021}):
            params = query.bind({"uids": uids, **extra})
            old = store._read(OLD_VIZ_EDGES_PROJECT, params).rows
            new = [r for r in store.run_named("viz_edges", {"uids": uids, **extra}).rows if r["at"] in uids]
            assert new[: len(old)] == old
            units |= {r["units"] for r in old if r["units"] is not None}
    assert units == {1, 2}  # the table rows' units were compared, not only nulls


# ---- the answer's values: one pass over what the engine returned (graph.falkordb_store.plain)


def _to_json(value: Any) -> Any:  # the two walks as they were: to_json, then clean_value
    if isinstance(value, Node):
        props = {k: _to_json(v) for k, v in (value.properties or {}).items()}
        return {**props, "_labels": list(value.labels or [])}
    if isinstance(value, Edge):
        return {**{k: _to_json(v) for k, v in (value.properties or {}).items()}, "_type": value.relation}
    if isinstance(value, Path):
        return {
            "nodes": [_to_json(n) for n in value.nodes()],
            "relationships": [_to_json(e) for e in value.edges()],
        }
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_json(v) for k, v in value.items()}
    return value


def _old_value(value: Any) -> Any:
    return clean_value(_to_json(value))


def _values() -> Any:
    keys = st.sampled_from([*sorted(INTERNAL_PROPS)[:6], "uid", "name", "doc", "_labels", "nodes"])
    scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=4)
    props = st.dictionaries(keys, scalars | st.lists(scalars, max_size=3), max_size=6)
    nodes = st.builds(
        lambda p, ls: Node(node_id=1, labels=ls, properties=p),
        props,
        st.lists(st.sampled_from(["Project", "Bureau"]), max_size=2),
    )
    edges = st.builds(lambda p: Edge(1, "OWNED_BY", 2, edge_id=3, properties=p), props)
    paths = st.builds(lambda ns, es: Path(ns, es), st.lists(nodes, max_size=3), st.lists(edges, max_size=2))
    return st.recursive(
        scalars | nodes | edges | paths,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
        max_leaves=20,
    )


def test_an_answers_values_are_what_the_two_walks_gave() -> None:
    @settings(max_examples=400, deadline=None)
    @given(_values())
    def check(value: Any) -> None:
        new, old = plain(value), _old_value(value)
        assert new == old
        assert repr(new) == repr(old)  # the same types, dict keys in the same order

    check()


def test_every_named_query_answers_as_the_two_walks_gave(store: Any) -> None:
    project = _uids(store, "Project")[0]
    bureau = _uids(store, "Bureau")[0]
    samples = {**SAMPLE_PARAMETERS, "uid": project, "uids": [project, bureau]}
    compared = 0
    for name, q in sorted(all_named().items()):
        given = {p.name: samples.get(p.name, "x") for p in q.params if p.required}
        raw = store._graph.ro_query(q.text, q.bind(given))
        columns = [h[1] if isinstance(h, (list, tuple)) else h for h in raw.header]
        columns = [c.decode() if isinstance(c, bytes) else str(c) for c in columns]
        old = [dict(zip(columns, (_old_value(v) for v in row), strict=False)) for row in raw.result_set]
        assert store.run_named(name, given).rows == old
        compared += len(old)
    assert compared > 100


def test_mentions_read_without_the_sentence_label_are_the_old_ones(store: Any) -> None:
    from graph import model

    # the queries leave the end node's label out because the model allows no other end
    assert {r.end for r in model.RELATIONSHIPS if r.type == "MENTIONED_IN"} == {"Sentence"}
    compared = 0
    for name, label in (("api_bureau", "Bureau"), ("api_project", "Project")):
        query = get_named(name, internal=True)
        assert query.text.count("[m:MENTIONED_IN]->()") + query.text.count("[mi:MENTIONED_IN]->()") == 1
        old_text = query.text.replace("MENTIONED_IN]->()", "MENTIONED_IN]->(:Sentence)", 1)
        for uid in _uids(store, label):
            for mentions in (0, 1, 3, 50):
                params = query.bind({"uid": uid, "mentions": mentions})
                old = store._read(old_text, params).rows
                assert store.run_named(name, {"uid": uid, "mentions": mentions}).rows == old
                compared += sum(len(r["mentions"]) for r in old)
    assert compared > 100


# neighbourhood's start as it was: every node of each keyed label a key names, collected
OLD_NEIGHBOURHOOD_STARTS = """UNWIND [$node] + $node_keys AS k
OPTIONAL MATCH (p:Project)
WHERE p.uid = k OR k IN p.keys
WITH collect(DISTINCT p) AS starts
UNWIND [$node] + $node_keys AS k
OPTIONAL MATCH (b:Bureau)
WHERE b.uid = k OR k IN b.keys
WITH starts, collect(DISTINCT b) AS more
WITH starts + more AS starts
UNWIND [$node] + $node_keys AS k
OPTIONAL MATCH (pl:Place)
WHERE pl.uid = k OR k IN pl.keys
WITH starts, collect(DISTINCT pl) AS more
WITH starts + more AS starts
UNWIND [$node] + $node_keys AS k
OPTIONAL MATCH (m:Metric)
WHERE m.uid = k OR k IN m.keys
WITH starts, collect(DISTINCT m) AS more
WITH starts + more AS starts
"""


def test_neighbourhood_starts_where_it_started(store: Any) -> None:
    query = get_named("neighbourhood")
    text = query.text
    old_text = (
        text[: text.index("WITH [$node] + $node_keys AS ks")]
        + OLD_NEIGHBOURHOOD_STARTS
        + text[text.index("OPTIONAL MATCH (d:Document)") :]
    )
    names = store._read(
        "MATCH (n) WHERE n:Project OR n:Bureau OR n:Place OR n:Metric "
        "RETURN n.name AS name, n.aliases AS aliases, n.uid AS uid ORDER BY uid",
        {},
    ).rows
    texts = {"望坛", "望坛项目", "区住建委", "區住建委", "东城区", "no such name", "synthetic_00003.txt"}
    for r in names:
        texts |= {r["name"], r["uid"], r["name"][:2], *(r["aliases"] or [])}
    texts |= set(_uids(store, "Event")[:5] + _uids(store, "Task")[:5] + _uids(store, "Observation")[:5])
    short = 0
    for t in sorted(texts):
        for depth in (1, 2):
            params = query.bind({"node": t, "depth": depth})
            old = store._read(old_text, params).rows
            assert store.run_named("neighbourhood", {"node": t, "depth": depth}).rows == old, (t, depth)
        # a text naming several projects by a shorter form: the start is still the old one
        if (
            len(
                store._read(
                    "MATCH (p:Project) WHERE any(k IN $ks WHERE k IN p.keys) RETURN p.uid",
                    {"ks": params["node_keys"]},
                ).rows
            )
            > 1
        ):
            short += 1
    assert short > 3


def _with_repeated_metrics(i: int) -> DocumentFacts:
    """Report ``i`` also stating some of report 0's and 1's values, as they are or with a field
    missing or changed, so that entries are said by several documents, lack fields, and tie on
    all but one field."""
    facts = synthetic_document(i)
    extra = []
    for k, m in enumerate(synthetic_document(i % 2).metrics[:5]):
        source = dataclasses.replace(m.source, doc=facts.document.file, start=9000 + k, end=9001 + k)
        variant = [m, dataclasses.replace(m, period=None),
                   dataclasses.replace(m, subject=None, qualifier=None),
                   dataclasses.replace(m, value=float(int(m.value))), dataclasses.replace(m, unit="万元"),
                   dataclasses.replace(m, year=None),
                   dataclasses.replace(m, subject="某街道", value=m.value / 100)][(i + k) % 7]
        extra.append(dataclasses.replace(variant, source=source))
    return dataclasses.replace(facts, metrics=[*facts.metrics, *extra])


def test_metric_series_entries_grouped_by_the_kept_string_are_the_old_ones(store: Any, tmp_path: Any) -> None:
    from graph import open_store

    query = get_named("api_metric_series", internal=True)
    entries = 0
    repeated = open_store(f"falkordb:{tmp_path / 'repeated'}")
    try:
        for i in range(14):
            repeated.write_document(_with_repeated_metrics(i))
        repeated.delete_document(synthetic_document(5).document.file)
        for uid in _uids(repeated, "Metric"):
            for params in ({}, {"limit": 2}, {"skip": 1, "limit": 3}, {"evidence": 100},
                           {"evidence": 1, "evidence_offset": 1}):
                bound = query.bind({"uid": uid, **params})
                old = repeated._read(OLD_API_METRIC_SERIES, bound).rows
                assert repeated.run_named("api_metric_series", {"uid": uid, **params}).rows == old
        series = [e for uid in _uids(repeated, "Metric")
                  for e in repeated.run_named("api_metric_series", {"uid": uid}).rows[0]["series"]]
    finally:
        repeated.close()
    # entries said by several documents, and entries missing some of their fields, were compared
    assert any(e[10] > 1 for e in series) and any(None in e[4:10] for e in series)
    for uid in _uids(store, "Metric"):
        for params in ({}, {"limit": 3}, {"skip": 2, "limit": 4}, {"skip": 1000},
                       {"evidence": 0}, {"evidence": 100}, {"evidence": 1, "evidence_offset": 1}):
            bound = query.bind({"uid": uid, **params})
            old = store._read(OLD_API_METRIC_SERIES, bound).rows
            assert store.run_named("api_metric_series", {"uid": uid, **params}).rows == old
            entries += sum(len(r["series"]) for r in old)
    assert entries > 100


# metric_series as it was: every observation of the metrics found, read and sorted
OLD_METRIC_SERIES_BODY = """UNWIND found AS m
WITH m
MATCH (o:Observation)-[:OF]->(m)
WHERE ($subject = '' OR o.subject CONTAINS $subject) AND o.year_to >= $year_from AND o.year_from <= $year_to
WITH m, o, m.name AS metric, o.year_from AS year_from, o.year_to AS year_to, o.doc AS doc, o.start AS start
ORDER BY metric, year_from, year_to, doc, start
SKIP $skip
LIMIT $limit
RETURN m.uid AS metric_uid, metric, o.uid AS uid, o.year AS year, year_from, year_to, o.period AS period, \
o.qualifier AS qualifier, o.value AS value, o.unit AS unit, o.base_value AS base_value, \
o.base_unit AS base_unit, o.subject AS subject, doc, o.evidence AS evidence, start, o.end AS end
ORDER BY metric, year_from, year_to, doc, start
"""


def _old_metric_series() -> str:
    """The query's metric lookup (its head, up to the found metrics) and the old body."""
    text = get_named("metric_series").text
    head = text[: text.index("WITH by_uid + [x IN hits WHERE NOT x IN by_uid] AS found")]
    return head + "WITH by_uid + [x IN hits WHERE NOT x IN by_uid] AS found\n" + OLD_METRIC_SERIES_BODY


def test_metric_series_read_bucket_by_bucket_gives_the_pages_of_the_full_sort(tmp_path: Any) -> None:
    """Every page of every metric (by uid, by name, by a part of names several metrics share),
    with the subject and year filters, equals the full sort's, on a store where values repeat,
    lack fields and years, and a document was deleted."""
    from graph import open_store

    old = _old_metric_series()
    s = open_store(f"falkordb:{tmp_path / 'series'}")
    try:
        for i in range(14):
            s.write_document(_with_repeated_metrics(i))
        s.delete_document(synthetic_document(5).document.file)
        names = [r["name"] for r in s._read("MATCH (m:Metric) RETURN m.name AS name ORDER BY name", {}).rows]
        texts = [*_uids(s, "Metric"), *names, "总值", "地区", "no such metric", "率"]
        filters = [{}, {"subject": "某街道"}, {"subject": "东城"}, {"year_from": 2016}, {"year_to": 2015},
                   {"year_from": 2015, "year_to": 2016}, {"year_from": 2030}]
        pages = [{}, {"limit": 1}, {"limit": 3}, {"skip": 2, "limit": 5}, {"skip": 7, "limit": 2}]
        pages.append({"skip": 10_000})
        rows = 0
        for text in texts:
            for f in filters:
                for page in pages:
                    params = {"metric": text, **f, **page}
                    want = s._read(old, get_named("metric_series").bind(params)).rows
                    assert s.run_named("metric_series", params).rows == want, params
                    rows += len(want)
        assert rows > 1000
    finally:
        s.close()


def test_a_store_written_before_the_entries_gets_them_when_it_opens(tmp_path: Any) -> None:
    from graph import open_store
    from graph.rows import SERIES_FIELDS, series_bucket, series_entry

    path = f"falkordb:{tmp_path / 'before'}"
    s = open_store(path)
    try:
        for i in range(6):
            s.write_document(_with_repeated_metrics(i))
        metrics = _uids(s, "Metric")
        answers = [s.run_named("api_metric_series", {"uid": uid}).rows for uid in metrics]
        series = [s.run_named("metric_series", {"metric": uid}).rows for uid in metrics]
        assert all(series)
        # as a writer before them left it
        s._write("MATCH (o:Observation) SET o.entry = null, o.series = null", {})
        kept = "MATCH (o:Observation) WHERE o.entry IS NOT NULL OR o.series IS NOT NULL RETURN count(o) AS n"
        assert s._read(kept, {}).rows[0]["n"] == 0
        assert not any(s.run_named("metric_series", {"metric": uid}).rows for uid in metrics)
    finally:
        s.close()
    s = open_store(path)
    try:
        fields = ", ".join(f"o.{f} AS {f}" for f in SERIES_FIELDS)
        rows = s._read(
            "MATCH (o:Observation)-[:OF]->(m) "
            f"RETURN o.entry AS entry, o.series AS series, m.uid AS metric, {fields}",
            {},
        ).rows
        assert rows and all(r["entry"] == series_entry(r) for r in rows)
        assert all(r["series"] == series_bucket(r["metric"], r["year_from"]) for r in rows)
        assert [s.run_named("api_metric_series", {"uid": uid}).rows for uid in metrics] == answers
        assert [s.run_named("metric_series", {"metric": uid}).rows for uid in metrics] == series
    finally:
        s.close()


# ---- a bureau's projects looked up rank by rank (Project.owner_keys, graph/owners.py)

# the head of bureau_projects and api_bureau_projects as it was: every project of the bureau
# found through `owners`, its position in that list and its rank worked out before the sort
OLD_BUREAU_PROJECTS_HEAD = """WITH DISTINCT b
WITH b, b.uid AS bu
MATCH (p:Project)
WHERE bu IN p.owners
WITH b, p, [j IN range(0, size(p.owners) - 1) WHERE p.owners[j] = b.uid][0] AS i
WITH b, p, i, p.owner_rank[i] AS rank, p.name AS name
ORDER BY rank, name
LIMIT $limit
"""
OLD_API_BUREAU_PROJECTS_HEAD = """MATCH (b:Bureau {uid: $uid})
WITH b, b.uid AS bu
OPTIONAL MATCH (p:Project)
WHERE bu IN p.owners
WITH b, p, coalesce([j IN range(0, size(coalesce(p.owners, [])) - 1) WHERE p.owners[j] = b.uid][0], 0) AS i
WITH b, p, i, CASE WHEN p IS NULL THEN 3 ELSE p.owner_rank[i] END AS rank
WHERE $after_name IS NULL OR rank > $after_rank OR (rank = $after_rank AND (p.name > $after_name
  OR (p.name = $after_name AND p.uid > $after_uid)))
WITH b, p, i, rank
ORDER BY rank, p.name, p.uid
LIMIT $limit
"""


# where each query's lookup of the bureau's projects starts, and the line it hands over to
_HEAD_BOUNDS = {
    "bureau_projects": ("WITH DISTINCT b\n", "WITH b, p, i, rank, p.owner_units[i] AS units"),
    "api_bureau_projects": ("MATCH (b:Bureau {uid: $uid})", "WITH b, p, i, rank, $evidence_offset"),
}


def _old_text(name: str, old_head: str) -> str:
    """The query as it was: today's text with its lookup of the bureau's projects put back."""
    text = get_named(name, internal=name.startswith("api_")).text
    first, after = _HEAD_BOUNDS[name]
    start, end = text.index(first), text.index(after)
    return text[:start] + old_head + text[end:]


def test_a_bureaus_projects_rank_by_rank_are_the_old_pages(store: Any) -> None:
    bureaus = _uids(store, "Bureau")
    old_bp = _old_text("bureau_projects", OLD_BUREAU_PROJECTS_HEAD)
    old_api = _old_text("api_bureau_projects", OLD_API_BUREAU_PROJECTS_HEAD)
    reasons: set[str] = set()
    pages = 0
    for uid in [*bureaus, "bureau:none"]:
        for extra in ({}, {"limit": 1}, {"limit": 3}, {"evidence": 0}, {"evidence": 8}):
            params = {"bureau": uid, **extra}
            old = store._read(old_bp, get_named("bureau_projects").bind(params)).rows
            assert store.run_named("bureau_projects", params).rows == old
            reasons |= {r["reason"] for r in old}
        query = get_named("api_bureau_projects", internal=True)
        pagings = ({"limit": 2}, {"limit": 5, "evidence": 7},
                   {"limit": 4, "evidence_offset": 2, "evidence": 2})
        for extra in pagings:
            after: dict[str, Any] = {}
            for _ in range(200):  # every keyset page, to the null row past the last one
                params = {"uid": uid, **extra, **after}
                old = store._read(old_api, query.bind(params)).rows
                new = store.run_named("api_bureau_projects", params).rows
                assert new == old
                pages += 1
                if not new or new[-1]["uid"] is None:
                    break
                last = new[-1]
                after = {"after_rank": last["rank"], "after_name": last["name"], "after_uid": last["uid"]}
            else:
                raise AssertionError("the keyset pages did not end")
    assert reasons == {"stated", "sole", "one_of"}  # every rank was compared
    assert pages > 3 * len(bureaus)


def test_a_bureau_without_projects_is_one_null_row_as_before(tmp_path: Any) -> None:
    from graph import open_store

    old_api = _old_text("api_bureau_projects", OLD_API_BUREAU_PROJECTS_HEAD)
    query = get_named("api_bureau_projects", internal=True)
    s = open_store(f"falkordb:{tmp_path / 'lonely'}")
    try:
        facts = _with_task_rows(3)
        s.write_document(dataclasses.replace(facts, ownership=[]))  # bureaus named, owning nothing
        bureaus = _uids(s, "Bureau")
        assert bureaus
        for uid in bureaus:
            for after in ({}, {"after_rank": 2, "after_name": "x", "after_uid": "y"},
                          {"after_rank": 3, "after_name": "x", "after_uid": "y"}, {"after_name": "x"}):
                params = {"uid": uid, **after}
                old = s._read(old_api, query.bind(params)).rows
                assert s.run_named("api_bureau_projects", params).rows == old
                past = after.get("after_rank", 0) >= 3 or after == {"after_name": "x"}
                assert len(old) == (0 if past else 1)
    finally:
        s.close()


def test_a_store_written_before_the_owner_keys_gets_them_and_loses_the_old_index(tmp_path: Any) -> None:
    from graph import open_store

    path = f"falkordb:{tmp_path / 'before'}"
    s = open_store(path)
    try:
        for i in range(8):
            s.write_document(_with_task_rows(i))
        bureaus = _uids(s, "Bureau")
        answers = [s.run_named("bureau_projects", {"bureau": uid}).rows for uid in bureaus]
        assert any(answers)
        # as a writer before them left the store: no owner_keys, an index on owners
        s._write("MATCH (p:Project) SET p.owner_keys = null", {})
        s._write("DROP INDEX FOR (n:Project) ON (n.owner_keys)", {})
        s._write("CREATE INDEX FOR (n:Project) ON (n.owners)", {})
    finally:
        s.close()
    s = open_store(path)
    try:
        indexed = s._read("CALL db.indexes() YIELD label, properties WHERE label = 'Project' "
                          "RETURN properties", {}).rows[0]["properties"]
        assert "owner_keys" in indexed and "owners" not in indexed
        assert [s.run_named("bureau_projects", {"bureau": uid}).rows for uid in bureaus] == answers
    finally:
        s.close()
