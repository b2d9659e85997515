"""Named queries whose answers would grow with the store (issue 11): the exact project first in
``project_history``, pages of ``project_history``, ``metric_series`` and ``documents``, and the
API's metric series as one entry per distinct value. On the real embedded store, over synthetic
reports (``graph.synthetic``); the latency figures are bench/store.py's, never asserted here."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from graph.store import GraphStore
from graph.synthetic import synthetic_document

DOCS = 40


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    from graph import open_store

    s = open_store(f"falkordb:{tmp_path_factory.mktemp('scale-store')}")
    try:
        for i in range(DOCS):
            facts = synthetic_document(i)
            if i == 7:  # report 7 (a 2018 report, as report 0) states report 0's first value again
                same = synthetic_document(0).metrics[0]
                facts.metrics[0] = dataclasses.replace(facts.metrics[0], value=same.value)
            s.write_document(facts)
        yield s
    finally:
        s.close()


def _pages(store: GraphStore, name: str, params: dict[str, Any], size: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for skip in range(0, 10_000, size):
        rows = store.run_named(name, {**params, "skip": skip, "limit": size}).rows
        out += rows
        if len(rows) < size:
            return out
    raise AssertionError("paging never ended")


def test_project_history_takes_the_project_named_exactly(store: GraphStore) -> None:
    rows = store.run_named("project_history", {"project": "望坛棚改项目"}).rows
    assert rows and {r["project"] for r in rows} == {"望坛棚改项目"}
    uid = rows[0]["project_uid"]
    assert store.run_named("project_history", {"project": uid}).rows == rows
    # a shorter form names every project called so (望坛 is an alias of each 望坛… project)
    loose = store.run_named("project_history", {"project": "望坛"}).rows
    assert len({r["project"] for r in loose}) > 1
    assert {r["uid"] for r in rows} < {r["uid"] for r in loose}


def test_project_bureaus_takes_the_project_named_exactly(store: GraphStore) -> None:
    rows = store.run_named("project_bureaus", {"project": "望坛棚改项目"}).rows
    assert rows and {r["project"] for r in rows} == {"望坛棚改项目"}
    assert store.run_named("project_bureaus", {"project": rows[0]["project_uid"]}).rows == rows
    # a shorter form names every project called so, as project_history reads it
    loose = store.run_named("project_bureaus", {"project": "望坛", "limit": 10_000}).rows
    assert len({r["project"] for r in loose}) > 1
    assert {(r["project_uid"], r["uid"]) for r in rows} < {(r["project_uid"], r["uid"]) for r in loose}


def test_project_history_and_metric_series_page(store: GraphStore) -> None:
    for name, params in (
        ("project_history", {"project": "望坛"}),
        ("metric_series", {"metric": "地区生产总值"}),
    ):
        whole = store.run_named(name, {**params, "limit": 100_000}).rows
        assert len(whole) > 7
        assert _pages(store, name, params, 3) == whole


def test_metric_series_observations_in_year_order(store: GraphStore) -> None:
    rows = store.run_named("metric_series", {"metric": "地区生产总值", "limit": 100_000}).rows
    assert len(rows) == DOCS
    keys = [(r["year_from"], r["year_to"], r["doc"], r["start"]) for r in rows]
    assert keys == sorted(keys)
    assert all(r["value"] is not None and r["evidence"] and r["uid"] for r in rows)


def test_documents_page_by_file(store: GraphStore) -> None:
    files = sorted(f"synthetic_{i:05d}.txt" for i in range(DOCS))
    rows = store.run_named("documents", {"limit": 100_000}).rows
    assert [r["file"] for r in rows] == files
    assert all(r["uid"] and r["title"] and r["sha256"] for r in rows)
    page = store.run_named("documents", {"after": files[9], "limit": 5}).rows
    assert [r["file"] for r in page] == files[10:15]


def test_api_metric_series_is_one_entry_per_distinct_value(store: GraphStore) -> None:
    metric = store.run_named("search", {"q": "地区生产总值", "label": "Metric"}).rows[0]["uid"]
    observations = store.run_named("metric_series", {"metric": metric, "limit": 100_000}).rows
    row = store.run_named("api_metric_series", {"uid": metric, "evidence": 100}).rows[0]
    assert row["observations"] == len(observations) == DOCS
    entries = row["series"]
    assert len(entries) == DOCS - 1  # reports 0 and 7 state the same value: one entry
    twice = [e for e in entries if e[10] == 2]
    assert len(twice) == 1
    assert [ev[0] for ev in twice[0][11]] == ["synthetic_00000.txt", "synthetic_00007.txt"]
    years = [(e[5], e[6]) for e in entries]
    assert years == sorted(years)
    # a page of entries, a page of each entry's evidence
    paged = [
        e
        for skip in range(0, DOCS, 4)
        for e in store.run_named(
            "api_metric_series", {"uid": metric, "skip": skip, "limit": 4, "evidence": 100}
        ).rows[0]["series"]
    ]
    assert paged == entries
    second = store.run_named("api_metric_series", {"uid": metric, "evidence": 1, "evidence_offset": 1}).rows[
        0
    ]
    assert [e[11] for e in second["series"] if e[11]] == [twice[0][11][1:]]
    none = store.run_named("api_metric_series", {"uid": "metric:none"}).rows
    assert none == []


def test_top_projects_from_the_degree_index_are_the_full_sort(store: GraphStore) -> None:
    def top(limit: int) -> list[tuple[str, int]]:
        rows = store.run_named("viz_top_projects", {"limit": limit}).rows
        return [(r["node"]["name"], r["degree"]) for r in rows]

    every = top(100_000)  # more than reach any floor: the branch that sorts every project
    assert len(every) == store.stats().labels["Project"]
    assert every == sorted(every, key=lambda x: (-x[1], x[0]))
    assert any(d >= 16 for _, d in every) and any(d < 16 for _, d in every)
    for limit in (1, 3, 15, 40):
        assert top(limit) == every[:limit]


_SCAN = (
    "MATCH (n) WHERE (n:Project OR n:Bureau OR n:Place OR n:Metric) "
    "AND any(k IN $keys WHERE n.search CONTAINS k) RETURN n.uid AS uid"
)


def _names(store: GraphStore) -> list[str]:
    rows = store.run_readonly(
        "MATCH (n) WHERE n:Project OR n:Bureau OR n:Place OR n:Metric "
        "RETURN n.name AS name, n.aliases AS aliases",
        row_cap=100_000,
    ).rows
    return sorted({a for r in rows for a in [r["name"], *(r["aliases"] or [])] if a})


def _found_as_a_scan_finds(store: GraphStore, text: str) -> None:
    from graph.queries import get_named

    keys = get_named("api_search", internal=True).bind({"q": text})["q_keys"]
    scan = {r["uid"] for r in store.run_readonly(_SCAN, {"keys": keys}, row_cap=100_000).rows}
    got = [r["uid"] for r in store.run_named("api_search", {"q": text, "limit": 100_000}).rows]
    assert len(got) == len(set(got)), text
    assert set(got) == scan, text  # (no PART_OF among synthetic projects: no family rows)
    top = store.run_named("search", {"q": text, "limit": 100_000}).rows
    assert {r["uid"] for r in top} == scan, text


def test_search_from_the_grams_index_finds_what_a_scan_of_every_name_finds(store: GraphStore) -> None:
    import random

    rng = random.Random(3)
    names = _names(store)
    texts = {"x", "区", "區住建委", "望坛棚改", "项目"}
    for name in rng.sample(names, min(25, len(names))):
        texts.add(name)
        for size in (1, 2, 3, 5):
            start = rng.randrange(max(1, len(name) - size + 1))
            texts.add(name[start : start + size])
    for text in sorted(t for t in texts if t.strip()):
        _found_as_a_scan_finds(store, text)


def test_a_store_written_before_the_grams_gets_them_when_it_opens(tmp_path) -> None:
    from graph import open_store

    url = f"falkordb:{tmp_path / 'store'}"
    with open_store(url) as s:
        for i in range(3):
            s.write_document(synthetic_document(i))
        for label in ("Project", "Bureau", "Place", "Metric"):
            s._write(f"MATCH (n:{label}) REMOVE n.grams", {})
        assert s.run_named("api_search", {"q": "住建"}).rows == []  # the search starts from the grams
    with open_store(url) as s:
        missing = s.run_readonly("MATCH (n:Project) WHERE n.grams IS NULL RETURN count(n) AS c").rows
        assert missing == [{"c": 0}]
        _found_as_a_scan_finds(s, "住建")
        _found_as_a_scan_finds(s, "望坛")
        assert s.run_named("api_search", {"q": "住建"}).rows


def _keyset_pages(store: GraphStore, name: str, params: dict[str, Any], size: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    after: dict[str, Any] = {}
    for _ in range(10_000):
        rows = store.run_named(name, {**params, **after, "limit": size}).rows
        out += rows
        if len(rows) < size:
            return out
        after = {"after_name": rows[-1]["name"], "after_uid": rows[-1]["uid"]}
    raise AssertionError("paging never ended")


def test_project_pages_by_name_find_what_a_scan_of_every_project_finds(store: GraphStore) -> None:
    """The project pages with a name (GET /projects?q=) start from the grams index; their rows,
    page by page, are a scan's of every project, with and without a kind."""
    import random

    from tests.test_shelves import PLAIN_PROJECTS, _plain

    def scan(params: dict[str, Any]) -> list[dict[str, Any]]:
        return _plain(store, "api_projects", PLAIN_PROJECTS, {**params, "limit": 100_000})

    rng = random.Random(5)
    names = _names(store)
    texts = {"x", "区", "望坛棚改", "项目", "棚改", "號"}
    for name in rng.sample(names, min(15, len(names))):
        for size in (1, 2, 4):
            start = rng.randrange(max(1, len(name) - size + 1))
            texts.add(name[start : start + size])
    kinds = sorted({r["kind"] for r in store.run_readonly("MATCH (p:Project) RETURN p.kind AS kind").rows})
    checked = 0
    for text in sorted(t for t in texts if t.strip()):
        for kind in (None, kinds[0], "无此类"):
            want = scan({"q": text, "kind": kind})
            checked += bool(want)
            for name in ("api_projects", "api_projects_related"):
                assert _keyset_pages(store, name, {"q": text, "kind": kind}, 7) == want, (name, text, kind)
    assert checked > 10
    for kind in kinds:  # a kind alone: the scan branch
        want = scan({"kind": kind})
        assert want and _keyset_pages(store, "api_projects", {"kind": kind}, 7) == want
    assert _keyset_pages(store, "api_projects", {"kind": "无此类"}, 7) == []


_LABEL_SCAN = (
    "MATCH (n) WHERE labels(n)[0] = $label AND ($keys IS NULL OR any(k IN $keys WHERE n.search CONTAINS k)) "
    "RETURN n.uid AS uid ORDER BY n.name, n.uid"
)


@pytest.mark.parametrize(("name", "label"), [("api_bureaus", "Bureau"), ("api_metrics", "Metric")])
def test_unit_and_metric_pages_by_name_find_what_a_scan_finds(
    store: GraphStore, name: str, label: str
) -> None:
    """GET /bureaus?q= and /metrics?q= start from the grams index too; every keyset page is a
    scan's, and without a name the page is every node of the label in order."""
    from graph.queries import get_named

    rows = store.run_readonly(f"MATCH (n:{label}) RETURN n.name AS name, n.aliases AS aliases").rows
    names = sorted({a for r in rows for a in [r["name"], *(r["aliases"] or [])] if a})
    texts = {"x", "区", "總值", "住建委", "区住建委", "区生产总值", "区教委"}
    texts |= {n[i : i + k] for n in names for k in (1, 2, 3) for i in (0, len(n) // 2)}
    found = 0
    for text in sorted([None, *(t for t in texts if t.strip())], key=lambda t: t or ""):
        keys = None if text is None else get_named(name, internal=True).bind({"q": text})["q_keys"]
        scan = [r["uid"] for r in store.run_readonly(_LABEL_SCAN, {"label": label, "keys": keys}).rows]
        found += bool(scan)
        for size in (1, 2, 50):
            assert [r["uid"] for r in _keyset_pages(store, name, {"q": text}, size)] == scan, (text, size)
    assert found > 5


_HUBS = {"Year", "Metric", "Document", "Section", "Bureau", "Place"}
_ALL_LABELS = "Project,Bureau,Place,Task,Event,Year,Metric,Observation,Document,Sentence"


@pytest.mark.parametrize("labels", [None, _ALL_LABELS])
def test_neighbourhood_goes_on_through_no_hub_and_gives_every_relationship_among_its_nodes(
    store: GraphStore, labels: str | None
) -> None:
    params = {"node": "望坛棚改项目", "depth": 2, **({"labels": labels} if labels else {})}
    row = store.run_named("neighbourhood", params).rows[0]
    labels_of = {n["uid"]: set(n["_labels"]) for n in row["nodes"]}
    distance = {d["uid"]: d["distance"] for d in row["distances"]}
    pairs = {(r["source"], r["target"]) for r in row["relationships"]}
    # a bureau or a place ends a path as the other hubs do: each node two hops away is linked to
    # one hop-1 node that is no hub
    via = {u for u, d in distance.items() if d == 1 and not labels_of[u] & _HUBS}
    second = [u for u, d in distance.items() if d == 2]
    assert second
    for u in second:
        assert any((u, v) in pairs or (v, u) in pairs for v in via), u
    # every relationship among the nodes (a unit's mentions too, when sentences are asked for)
    uids = sorted(labels_of)
    every = store.run_readonly(
        "MATCH (a)-[r]->(b) WHERE a.uid IN $uids AND b.uid IN $uids RETURN a.uid AS a, b.uid AS b",
        {"uids": uids},
        row_cap=100_000,
    ).rows
    assert {(r["a"], r["b"]) for r in every} == pairs
