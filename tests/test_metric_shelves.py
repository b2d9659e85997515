"""A metric's series pages walk the writer's order (graph/shelves.py metric_keys, issue 11): on the
real embedded store, after a seeded random run of writes, replaces and deletes of small synthetic
reports whose metrics share values (entries said by several documents), lack fields (nulls sort
last) and tie on the leading sort keys, with shelves small enough to split and empty, every page
of ``api_metric_series`` and ``metric_series`` is the page the queries as they were before the
order was kept give (kept here as the reference: every observation of the metric grouped or
sorted), row for row."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

import pytest

from graph import shelves
from graph.queries import get_named
from graph.synthetic import synthetic_document
from ingest.types import DocumentFacts

# the pages as they were: every observation of the metric grouped (or sorted), then the page cut
PLAIN_API_METRIC_SERIES = """
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
PLAIN_METRIC_SERIES = """
OPTIONAL MATCH (u:Metric {uid: $metric})
WITH collect(u) AS by_uid
UNWIND CASE WHEN $metric_key = '' THEN [null] ELSE [substring($metric_key, 0, 2)] END AS g
OPTIONAL MATCH (n:Metric)
WHERE g IN n.grams AND n.search CONTAINS $metric_key
WITH by_uid, collect(n) AS hits
WITH by_uid + [x IN hits WHERE NOT x IN by_uid] AS found
UNWIND found AS m
WITH m
MATCH (o:Observation)-[:OF]->(m)
WHERE ($subject = '' OR o.subject CONTAINS $subject) AND o.year_to >= $year_from AND o.year_from <= $year_to
WITH m, o, m.name AS metric, o.year_from AS year_from, o.year_to AS year_to, o.doc AS doc, o.start AS start
ORDER BY metric, year_from, year_to, doc, start
SKIP $skip
LIMIT $limit
RETURN m.uid AS metric_uid, metric, o.uid AS uid, o.year AS year, year_from, year_to,
  o.period AS period, o.qualifier AS qualifier, o.value AS value, o.unit AS unit,
  o.base_value AS base_value, o.base_unit AS base_unit, o.subject AS subject, doc,
  o.evidence AS evidence, start, o.end AS end
ORDER BY metric, year_from, year_to, doc, start
"""


def _variant(i: int, v: int) -> DocumentFacts:
    """Report ``i``, version ``v``: its metrics' values drawn from a few (so that documents say the
    same entry), some fields missing, some negative or whole numbers."""
    facts = synthetic_document(i, seed=7 + v)
    rng = random.Random(1000 * v + i)
    metrics = []
    for m in facts.metrics:
        m = dataclasses.replace(m, value=rng.choice([12.5, 3.0, 250.0, -4.25, 0.0, 1e6]))
        if rng.random() < 0.6:  # the same years in many reports: entries tie on the leading keys
            m = dataclasses.replace(m, year=rng.choice([2020, "2016-2020"]))
        roll = rng.random()
        if roll < 0.15:
            m = dataclasses.replace(m, qualifier=None)
        elif roll < 0.3:
            m = dataclasses.replace(m, subject=None)
        elif roll < 0.4:
            m = dataclasses.replace(m, base_value=m.value * 1e8, base_unit="元")
        elif roll < 0.5:
            m = dataclasses.replace(m, year=None)
        elif roll < 0.6:
            m = dataclasses.replace(m, period=rng.choice(["上半年", "全年", "全年累计"]))
        metrics.append(m)
    return dataclasses.replace(facts, metrics=metrics)


def _plain(store: Any, name: str, text: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    return store._read(text, get_named(name, internal=True).bind(params)).rows


def _check_metric_shelves(store: Any) -> None:
    """Each metric's two orders hold every observation of it once, sorted, in the shelf its key
    belongs to; none above twice the shelf size, none but the first empty."""
    rows = store._read(
        "MATCH (s:Shelf) WHERE NOT s.of IN ['Document', 'Project'] "
        "RETURN s.of AS of, s.low AS low, s.keys AS keys, s.uids AS uids ORDER BY of, low",
        {},
    ).rows
    obs = store._read(
        "MATCH (o:Observation)-[:OF]->(m:Metric) RETURN o.uid AS uid, m.uid AS metric, "
        "o.year_from AS year_from, o.year_to AS year_to, o.period AS period, "
        "o.qualifier AS qualifier, o.subject AS subject, o.value AS value, o.unit AS unit, "
        "o.base_value AS base_value, o.base_unit AS base_unit, o.year AS year, o.doc AS doc, "
        "o.start AS start",
        {},
    ).rows
    want: dict[str, list[tuple[str, str]]] = {}
    for r in obs:
        for prefix, key in zip(
            (shelves.ENTRIES, shelves.SERIES), shelves.metric_keys(r, r["uid"]), strict=True
        ):
            want.setdefault(prefix + r["metric"], []).append((key, r["uid"]))
    for of in sorted({r["of"] for r in rows} | set(want)):
        mine = [r for r in rows if r["of"] == of]
        got = [(k, u) for r in mine for k, u in zip(r["keys"], r["uids"], strict=True)]
        assert got == sorted(want.get(of, [])), of
        assert mine[0]["low"] == ""
        for here, after in zip(mine, [*mine[1:], None], strict=True):
            assert 0 < len(here["keys"]) <= 2 * shelves.SHELF_SIZE or here["low"] == ""
            assert all(here["low"] <= k and (after is None or k < after["low"]) for k in here["keys"])


def _check_pages(store: Any, rng: random.Random) -> int:
    """Every page of both series queries against the reference; the entries said more than once."""
    metrics = store._read("MATCH (m:Metric) RETURN m.uid AS uid, m.name AS name ORDER BY uid", {}).rows
    shared = 0
    for m in [*metrics, {"uid": "no-such-metric", "name": "无此指标"}]:
        name = "api_metric_series"
        everything = _plain(
            store, name, PLAIN_API_METRIC_SERIES, {"uid": m["uid"], "limit": 100_000, "evidence": 100}
        )
        assert store.run_named(name, {"uid": m["uid"], "limit": 100_000, "evidence": 100}).rows == everything
        if everything:
            shared += sum(1 for e in everything[0]["series"] if e[10] > 1)
        for limit in (1, 2, 5):
            for skip in range(0, 1 + len(everything[0]["series"] if everything else []) + 1, limit):
                params = {
                    "uid": m["uid"],
                    "skip": skip,
                    "limit": limit,
                    "evidence_offset": rng.choice([0, 1]),
                    "evidence": rng.choice([1, 3]),
                }
                got = store.run_named(name, params).rows
                assert got == _plain(store, name, PLAIN_API_METRIC_SERIES, params), params
        for params in (
            {"metric": m["name"]},
            {"metric": m["uid"]},
            {"metric": m["name"][:2]},
            {"metric": "区"},
            {"metric": m["name"], "subject": "东城"},
            {"metric": m["name"], "year_from": 2017},
            {"metric": m["name"], "year_to": 2018, "year_from": 2016},
        ):
            name = "metric_series"
            whole = _plain(store, name, PLAIN_METRIC_SERIES, {**params, "limit": 100_000})
            assert store.run_named(name, {**params, "limit": 100_000}).rows == whole, params
            for limit in (1, 4):
                for skip in range(0, len(whole) + 1, limit):
                    page = {**params, "skip": skip, "limit": limit}
                    assert store.run_named(name, page).rows == _plain(
                        store, name, PLAIN_METRIC_SERIES, page
                    ), page
    return shared


@pytest.fixture
def small_shelves(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shelves, "SHELF_SIZE", 2)  # splits after 5 entries


@pytest.mark.slow
def test_series_pages_walk_the_writers_order_as_the_grouping_would(tmp_path, small_shelves) -> None:
    from graph import open_store

    rng = random.Random(5)
    shared = 0
    with open_store(f"falkordb:{tmp_path / 'store'}") as s:
        _check_pages(s, rng)  # an empty store
        stored: set[int] = set()
        for step in range(48):
            action = rng.random()
            i = rng.randrange(14)
            if action < 0.55 or not stored:
                s.write_document(_variant(i, 0))
                stored.add(i)
            elif action < 0.8:  # replace: other values, other fields
                s.write_document(_variant(i, rng.randrange(1, 5)))
                stored.add(i)
            else:
                gone = rng.choice(sorted(stored))
                assert s.delete_document(f"synthetic_{gone:05d}.txt")
                stored.discard(gone)
            if step % 8 == 7:
                _check_metric_shelves(s)
                shared += _check_pages(s, rng)
        counts = s._read(
            "MATCH (s:Shelf) WHERE s.of STARTS WITH 'entries:' RETURN s.of AS of, count(s) AS n", {}
        ).rows
        assert max(r["n"] for r in counts) > 2  # split, and split again
        assert shared > 0  # entries said by more than one document
        for i in sorted(stored)[::2]:  # deletes down to a few entries: emptied shelves go
            assert s.delete_document(f"synthetic_{i:05d}.txt")
        _check_metric_shelves(s)
        _check_pages(s, rng)


def test_a_store_without_metric_orders_gets_them_when_it_opens(tmp_path, small_shelves, monkeypatch) -> None:
    from graph import falkordb_store, open_store

    url = f"falkordb:{tmp_path / 'store'}"
    with open_store(url) as s:
        for i in range(9):
            s.write_document(_variant(i, i % 3))
        s._write("MATCH (s:Shelf) WHERE NOT s.of IN ['Document', 'Project'] DELETE s", {})
        uid = s._read("MATCH (m:Metric {name: '地区生产总值'}) RETURN m.uid AS uid", {}).rows[0]["uid"]
        assert s.run_named("api_metric_series", {"uid": uid}).rows == []  # the pages walk the order
    monkeypatch.setattr(falkordb_store, "writable", lambda _: False)
    with open_store(url) as s:  # read-only: its private copy gets them
        assert s.readonly
        _check_metric_shelves(s)
        _check_pages(s, random.Random(1))
    monkeypatch.undo()
    monkeypatch.setattr(shelves, "SHELF_SIZE", 2)
    with open_store(url) as s:
        _check_metric_shelves(s)
        # an older writer: a document's observations written without their entries
        s._write("MATCH (s:Shelf) WHERE s.of STARTS WITH 'series:' SET s.keys = [], s.uids = []", {})
    with open_store(url) as s:
        _check_metric_shelves(s)
        _check_pages(s, random.Random(2))


def test_a_keys_order_is_the_order_by_of_its_fields() -> None:
    values = [None, -1e9, -4.25, -0.0, 0, 1, 2.5, 3, 1e6, float("inf")]
    numbers = [v for v in values if v is not None]
    assert sorted(numbers) == [
        v for _, v in sorted(zip([shelves.encode(v) for v in numbers], numbers, strict=True))
    ]
    assert all(shelves.encode(v) < shelves.NULL for v in [*numbers, "", "a", "地区"])
    rows = [
        {"year_from": 2019, "period": "全年", "value": 3.0},
        {"year_from": 2019, "period": "全年累计"},
        {"year_from": 2019, "period": "全年", "value": 12.5},
        {"year_from": 2018},
        {"year_from": None, "period": "a"},
        {"year_from": 2019, "period": None},
    ]
    by_key = sorted(rows, key=lambda r: shelves.metric_keys(r, "u")[0])
    assert by_key == [rows[3], rows[0], rows[2], rows[1], rows[5], rows[4]]
