"""Project families: a phase or part (二期, 南坊, 3号地块 …) is PART_OF its project, whatever the
order its documents arrive in, and a project's history, owners and search show the family."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.service import IngestService, Source
from ingest.families import family_links, part_suffix
from ingest.resolve import entity_uid

# --------------------------------------------------------------------------- the grammar

_STEMS = st.text(alphabet="晴川松岭翠湖青柳石桥云杉", min_size=2, max_size=6)
_SUFFIXES = st.sampled_from(
    [
        "一期",
        "二期",
        "三期",
        "十二期",
        "南坊",
        "东院",
        "西区",
        "北区",
        "地块",
        "3号地块",
        "A2地块",
        "东南院",
        "2号楼",
        "3标段",
    ]
)


@settings(deadline=None)  # the first call loads the script converter
@given(_STEMS, _SUFFIXES)
def test_a_name_ending_in_a_part_suffix_splits_into_its_family_and_the_part(stem, suffix):
    assert part_suffix(stem + suffix) == (stem, suffix)


@settings(deadline=None)
@given(_STEMS)
def test_a_name_without_a_part_suffix_is_no_part(stem):
    assert part_suffix(stem) is None
    assert part_suffix(stem + "项目") is None


@settings(deadline=None)
@given(st.text(alphabet="晴川寺里二期三号地块南坊（）()项目工程1 ", max_size=16))
def test_a_part_suffix_is_never_empty(name):
    # stats counts PART_OF through the index on its suffix, which leaves empty strings out
    found = part_suffix(name)
    assert found is None or found[1] != ""


@pytest.mark.parametrize(
    "name, expected",
    [
        ("晴川园三期改造工程", ("晴川园", "三期")),  # the key drops the work words and 工程
        ("松岭大街（二期）环境整治提升项目", ("松岭大街", "二期")),
        ("晴川里项目3号地块", ("晴川里项目", "3号地块")),
        ("二期", None),  # a part alone names no family
        ("南区", None),
        ("上一期", None),
    ],
)
def test_part_suffixes_are_read_on_the_resolution_key(name, expected):
    assert part_suffix(name) == expected


def _project(name, *aliases):
    return (entity_uid("Project", name), name, list(aliases))


def test_a_part_links_to_the_stored_project_its_stem_resolves_to_in_any_order():
    projects = [
        _project("晴川寺"),
        _project("晴川寺二期"),
        _project("晴川寺二期南坊"),
        _project("松岭寺三期"),
        _project("翠湖里项目"),
        _project("翠湖里项目3号地块"),
    ]
    links = family_links(projects)
    assert family_links(list(reversed(projects))) == links
    names = {uid: name for uid, name, _ in projects}
    got = {(names[x.part], names[x.parent], x.suffix) for x in links}
    assert got == {
        ("晴川寺二期", "晴川寺", "二期"),
        ("晴川寺二期南坊", "晴川寺二期", "南坊"),
        ("翠湖里项目3号地块", "翠湖里项目", "3号地块"),
    }  # 松岭寺 is not stored: no link


def test_a_part_whose_direct_parent_is_not_stored_links_to_the_nearest_ancestor():
    projects = [_project("晴川寺"), _project("晴川寺二期南坊")]
    [link] = family_links(projects)
    assert (link.parent, link.suffix) == (entity_uid("Project", "晴川寺"), "二期南坊")


# --------------------------------------------------------------------------- in a store

PARENT = "2024年1月10日\n\n2023年，由区住建委牵头推进晴川里项目建设，晴川里项目完成腾退。\n"
PART = "2024年3月2日\n\n2024年，晴川里项目3号地块完成入市。区商务局负责晴川里项目3号地块招商。\n"


def _part_of(store) -> set[tuple[str, str, str]]:
    rows = store.run_readonly(
        "MATCH (a:Project)-[r:PART_OF]->(b:Project) RETURN a.name AS a, b.name AS b, r.part AS part"
    ).rows
    return {(r["a"], r["b"], r["part"]) for r in rows}


def test_a_part_stored_before_its_parent_is_linked_when_the_parent_arrives_and_unlinked_when_it_goes(
    empty_store,
):
    service = IngestService(empty_store)
    service.ingest([Source("b_part.txt", PART.encode())])
    assert _part_of(empty_store) == set()
    service.ingest([Source("a_parent.txt", PARENT.encode())])
    assert _part_of(empty_store) == {("晴川里项目3号地块", "晴川里项目", "3号地块")}

    history = empty_store.run_named("project_history", {"project": "晴川里项目"}).rows
    assert {(r["year"], r["part"]) for r in history} >= {(2023, None), (2024, "晴川里项目3号地块")}
    owners = empty_store.run_named("project_bureaus", {"project": "晴川里"}).rows
    assert owners[0]["part"] is None and owners[0]["reason"] == "stated"  # its own stated owner first
    assert all(r["part"] in (None, "晴川里项目3号地块") for r in owners)

    found = empty_store.run_named("search", {"q": "晴川里项目3号地块"}).rows
    family = {r["name"]: r for r in found if r["label"] == "Project"}
    assert family["晴川里项目3号地块"]["part_of"] == ["晴川里项目"]
    assert family["晴川里项目"]["parts"] == ["晴川里项目3号地块"]  # the parent is listed with the part

    assert service.delete("a_parent.txt") == "a_parent.txt"
    assert _part_of(empty_store) == set()
    assert empty_store.run_named("project_history", {"project": "晴川里项目3号地块"}).rows


def test_the_same_documents_in_one_run_give_the_same_links(empty_store):
    IngestService(empty_store).ingest(
        [Source("a_parent.txt", PARENT.encode()), Source("b_part.txt", PART.encode())]
    )
    assert _part_of(empty_store) == {("晴川里项目3号地块", "晴川里项目", "3号地块")}
    IngestService(empty_store).relink()
    assert _part_of(empty_store) == {("晴川里项目3号地块", "晴川里项目", "3号地块")}


# --------------------------------------------------------------------------- the corpus


@pytest.fixture(scope="module")
def ingested(corpus_files, tmp_path_factory):
    """The corpus stored as `policykg ingest` stores it (the families step included)."""
    from graph import open_store

    store = open_store(f"falkordb:{tmp_path_factory.mktemp('families') / 'store'}")
    try:
        IngestService(store).ingest([Source.from_path(p) for p in corpus_files])
        yield store
    finally:
        store.close()


def test_the_history_of_a_project_includes_its_phase_s_event_marked_as_from_the_part(ingested):
    rows = ingested.run_named("project_history", {"project": "隆福寺"}).rows
    assert {r["project"] for r in rows} == {"隆福寺"}
    from_part = [r for r in rows if r["part"] == "隆福寺二期"]
    assert any(r["year"] == 2025 and "开街" in r["stage"] for r in from_part), rows
    assert all(r["part"] is None for r in rows if r not in from_part)


@pytest.mark.parametrize("text", ["望坛棚改", "望壇棚改", "东城区望坛棚户区改造项目"])
def test_search_folds_project_types_and_scripts_as_the_registry_does(ingested, text):
    rows = ingested.run_named("search", {"q": text}).rows
    assert rows and rows[0]["name"] == "望坛项目" and rows[0]["rank"] == 0


def test_a_page_for_a_folded_name_finds_its_one_project(ingested):
    from viz.queries import VizQueries

    chosen = VizQueries(ingested).match("望坛棚改").chosen
    assert chosen is not None and chosen.name == "望坛项目"


def test_search_for_a_phase_lists_its_project_too(ingested):
    rows = ingested.run_named("search", {"q": "隆福寺二期"}).rows
    by_name = {r["name"]: r for r in rows if r["label"] == "Project"}
    assert by_name["隆福寺二期"]["part_of"] == ["隆福寺"]
    assert "隆福寺二期" in by_name["隆福寺"]["parts"]


def test_the_api_serves_the_family_history_and_search(ingested):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    client = TestClient(create_app(Settings(store=ingested.url), ingested))
    hits = client.get("/api/v1/search", params={"q": "望坛棚改"}).json()
    assert hits["items"][0]["name"] == "望坛项目"
    uid = next(
        h["uid"]
        for h in client.get("/api/v1/search", params={"q": "隆福寺"}).json()["items"]
        if h["label"] == "Project" and h["name"] == "隆福寺"
    )
    events = client.get(f"/api/v1/projects/{uid}/history").json()["events"]
    assert any(e["part"] == "隆福寺二期" and e["year"] == 2025 for e in events)
    response = client.get(f"/api/v1/projects/{uid}")
    assert response.status_code == 200, response.text
    detail = response.json()
    assert [p["name"] for p in detail["parts"]] == ["隆福寺二期"]


def test_the_links_become_exactly_what_the_names_give(empty_store):
    IngestService(empty_store).ingest(
        [Source("a_parent.txt", PARENT.encode()), Source("b_part.txt", PART.encode())]
    )
    # a link no name gives (written by hand): the next families step takes it away, keeps the true one
    empty_store._write(
        "MATCH (a:Project {name: '晴川里项目'}), (b:Project {name: '晴川里项目3号地块'}) "
        "CREATE (a)-[:PART_OF {part: '二期'}]->(b)",
        {},
    )
    assert len(_part_of(empty_store)) == 2
    assert empty_store.link_families() == 1
    assert _part_of(empty_store) == {("晴川里项目3号地块", "晴川里项目", "3号地块")}


def _stats_part_of(store) -> int:
    return store.stats().relationships.get("PART_OF", 0)


def test_stats_counts_the_links_through_their_index_after_links_and_deletes(empty_store):
    # stats counts PART_OF through the index on its `part` (no writer keeps it): every link
    # carries a non-empty one (a part suffix), so the count is the graph's, also after a delete
    # takes a linked project away without the families step
    assert _stats_part_of(empty_store) == 0
    IngestService(empty_store).ingest(
        [Source("a_parent.txt", PARENT.encode()), Source("b_part.txt", PART.encode())]
    )
    assert _stats_part_of(empty_store) == len(_part_of(empty_store)) == 1
    empty_store._write(
        "MATCH (a:Project {name: '晴川里项目'}), (b:Project {name: '晴川里项目3号地块'}) "
        "CREATE (a)-[:PART_OF {part: '二期'}]->(b)",
        {},
    )
    assert _stats_part_of(empty_store) == 2
    assert empty_store.link_families() == 1
    assert _stats_part_of(empty_store) == 1
    part_doc = next(d["uid"] for d in empty_store.documents() if d["file"] == "b_part.txt")
    assert empty_store.delete_document(part_doc)
    assert _part_of(empty_store) == set()
    assert _stats_part_of(empty_store) == 0
