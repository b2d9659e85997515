"""The name-sorted pages walk the writer's order (graph/shelves.py, issue 11): on the real
embedded store, after a seeded random run of writes, replaces and deletes of small synthetic
reports, with shelves small enough to split often, every keyset page of ``documents``,
``api_projects`` and ``api_projects_related`` is the page a plain sort of the label gives (the
queries as they were before the shelves, kept here as the reference)."""

from __future__ import annotations

import random
from typing import Any

import pytest

from graph import model, shelves
from graph.queries import get_named
from graph.synthetic import synthetic_document

# the pages as they were: every node of the label read and sorted
PLAIN_DOCUMENTS = """
MATCH (d:Document)
WHERE d.complete = true AND d.file > $after
RETURN d.uid AS uid, d.file AS file, d.title AS title, d.date AS date, d.kind AS kind,
       d.sha256 AS sha256, d.encoding AS encoding, d.url AS url, d.publisher AS publisher,
       d.district AS district
ORDER BY file
LIMIT $limit
"""
PLAIN_PROJECTS = """
MATCH (p:Project)
WITH p, $q_keys AS q_keys
WHERE ($kind IS NULL OR p.kind = $kind)
  AND ($q IS NULL OR any(k IN q_keys WHERE p.search CONTAINS k))
  AND ($after_name IS NULL OR p.name > $after_name OR (p.name = $after_name AND p.uid > $after_uid))
RETURN p.uid AS uid, p.name AS name, p.kind AS kind, p.aliases AS aliases
ORDER BY name, uid
LIMIT $limit
"""


def _plain(store: Any, name: str, text: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    return store._read(text, get_named(name, internal=True).bind(params)).rows


def _check_documents(store: Any, rng: random.Random) -> None:
    everything = _plain(store, "documents", PLAIN_DOCUMENTS, {"limit": 100_000})
    assert store.run_named("documents", {"limit": 100_000}).rows == everything
    files = [r["file"] for r in everything]
    for limit in (1, 3, 7):
        after, walked = "", []
        while True:
            page = store.run_named("documents", {"after": after, "limit": limit}).rows
            assert page == _plain(store, "documents", PLAIN_DOCUMENTS, {"after": after, "limit": limit})
            walked += page
            if len(page) < limit:
                break
            after = page[-1]["file"]
        assert walked == everything
    # cursors between, before and after the stored names
    for after in ["", "s", "synthetic_", "zzz", *(f[:-1] for f in rng.sample(files, min(3, len(files))))]:
        params = {"after": after, "limit": 5}
        want = _plain(store, "documents", PLAIN_DOCUMENTS, params)
        assert store.run_named("documents", params).rows == want


def _check_projects(store: Any, rng: random.Random) -> None:
    everything = _plain(store, "api_projects", PLAIN_PROJECTS, {"limit": 100_000})
    kinds = sorted({r["kind"] for r in everything if r["kind"]})
    filters = [{}, {"kind": rng.choice(kinds)} if kinds else {}, {"q": "望坛"}, {"q": "号", "kind": "地块"}]
    for name in ("api_projects", "api_projects_related"):
        for f in filters:
            for limit in (1, 4, 50):
                cursor: dict[str, Any] = {}
                walked: list[dict[str, Any]] = []
                while True:
                    params = {**f, **cursor, "limit": limit}
                    page = store.run_named(name, params).rows
                    assert page == _plain(store, "api_projects", PLAIN_PROJECTS, params), (name, params)
                    walked += page
                    if len(page) < limit:
                        break
                    cursor = {"after_name": page[-1]["name"], "after_uid": page[-1]["uid"]}
                assert walked == _plain(store, "api_projects", PLAIN_PROJECTS, {**f, "limit": 100_000})
    # a cursor name that is no project's, and a name without its uid
    for r in rng.sample(everything, min(3, len(everything))):
        for cursor in (
            {"after_name": r["name"][:-1], "after_uid": "x"},
            {"after_name": r["name"]},
            {"after_name": r["name"], "after_uid": r["uid"]},
        ):
            params = {**cursor, "limit": 5}
            assert store.run_named("api_projects", params).rows == _plain(
                store, "api_projects", PLAIN_PROJECTS, params
            )


def _check_shelves(store: Any) -> None:
    """Every node of a shelved label has one entry, in the shelf its key belongs to, sorted;
    no shelf is above twice the shelf size, none but the first is empty."""
    rows = store._read(
        "MATCH (s:Shelf) RETURN s.of AS of, s.low AS low, s.keys AS keys, s.uids AS uids ORDER BY of, low", {}
    ).rows
    for of, prop in model.SHELVED.items():
        mine = [r for r in rows if r["of"] == of]
        nodes = store._read(f"MATCH (n:{of}) RETURN n.uid AS uid, n.{prop} AS value", {}).rows
        want = sorted((shelves.sort_key(r["value"], r["uid"]), r["uid"]) for r in nodes)
        if not nodes and not mine:
            continue
        assert mine[0]["low"] == ""
        got = [(k, u) for r in mine for k, u in zip(r["keys"], r["uids"], strict=True)]
        assert got == want
        for here, after in zip(mine, [*mine[1:], None], strict=True):
            assert 0 < len(here["keys"]) <= 2 * shelves.SHELF_SIZE or here["low"] == ""
            assert all(here["low"] <= k and (after is None or k < after["low"]) for k in here["keys"])


@pytest.fixture
def small_shelves(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shelves, "SHELF_SIZE", 3)  # splits after 7 entries


def test_pages_walk_the_writers_order_as_a_sort_would(tmp_path, small_shelves) -> None:
    from graph import open_store

    rng = random.Random(11)
    with open_store(f"falkordb:{tmp_path / 'store'}") as s:
        _check_documents(s, rng)  # an empty store
        _check_projects(s, rng)
        stored: set[int] = set()
        for step in range(70):
            action = rng.random()
            i = rng.randrange(40)
            if action < 0.6 or not stored:
                s.write_document(synthetic_document(i, projects_in_pool=30))
                stored.add(i)
            elif action < 0.8:  # replace with other facts: projects named or no longer named
                s.write_document(synthetic_document(i, seed=rng.randrange(1000), projects_in_pool=30))
                stored.add(i)
            else:
                gone = rng.choice(sorted(stored))
                assert s.delete_document(f"synthetic_{gone:05d}.txt")
                stored.discard(gone)
            if step % 10 == 9:
                _check_shelves(s)
                _check_documents(s, rng)
                _check_projects(s, rng)
        counts = s._read("MATCH (s:Shelf) RETURN s.of AS of, count(s) AS n", {}).rows
        assert all(r["n"] > 2 for r in counts)  # split, and split again
        for i in sorted(stored)[::2]:  # deletes down to a few entries: emptied shelves go
            assert s.delete_document(f"synthetic_{i:05d}.txt")
        _check_shelves(s)
        _check_documents(s, rng)
        _check_projects(s, rng)


def test_a_store_without_shelves_gets_them_when_it_opens(tmp_path, small_shelves, monkeypatch) -> None:
    from graph import falkordb_store, open_store

    url = f"falkordb:{tmp_path / 'store'}"
    with open_store(url) as s:
        for i in range(12):
            s.write_document(synthetic_document(i))
        s._write("MATCH (s:Shelf) DELETE s", {})
        assert s.run_named("documents", {}).rows == []  # the pages walk the shelves
    monkeypatch.setattr(falkordb_store, "writable", lambda _: False)
    with open_store(url) as s:  # read-only: its private copy gets them
        assert s.readonly
        _check_shelves(s)
        _check_documents(s, random.Random(1))
    monkeypatch.undo()
    monkeypatch.setattr(shelves, "SHELF_SIZE", 3)
    with open_store(url) as s:
        _check_shelves(s)
        s._write("MATCH (d:Document {file: 'synthetic_00003.txt'}) DETACH DELETE d", {})  # an older writer
        s._write("MATCH (s:Shelf {of: 'Project', low: ''}) SET s.keys = [], s.uids = []", {})
    with open_store(url) as s:
        _check_shelves(s)
        _check_documents(s, random.Random(2))
        _check_projects(s, random.Random(3))


def test_moves_go_to_the_shelves_read_and_a_full_shelf_is_cut() -> None:
    key = shelves.sort_key
    rows = [
        {"entry": "u1", "role": "same", "uid": None},
        {"entry": "d1", "role": "new", "uid": None},
        {"entry": "u2", "role": "old", "uid": "s1", "of": "Project", "low": "", "size": 5},
        {"entry": "u2", "role": "new", "uid": "s2", "of": "Project", "low": "m", "size": 128},
        {"entry": "u3", "role": "new", "uid": "s2", "of": "Project", "low": "m", "size": 128},
        {"entry": "v5", "role": "old", "uid": "s2", "of": "Project", "low": "m", "size": 128},
        {"entry": "v6", "role": "old", "uid": "s2", "of": "Project", "low": "m", "size": 128},
        {"entry": "v6", "role": "new", "uid": "s2", "of": "Project", "low": "m", "size": 128},
    ]
    moves = shelves.changes(
        {
            "Project": {
                "u1": key("a", "u1"),
                "u2": key("n", "u2"),
                "u3": key("o", "u3"),
                "v5": None,
                "v6": key("m2", "v6"),
            },
            "Document": {"d1": key("f", "d1")},
        },
        rows,
    )
    added = [[key(n, u), u] for n, u in (("n", "u2"), ("o", "u3"), ("m2", "v6"))]
    assert moves.moves == {"s1": {"remove": ["u2"], "add": []}, "s2": {"remove": ["v5", "v6"], "add": added}}
    assert moves.split == ["s2"]  # 129 entries: above twice the shelf size
    assert [(s.of, s.low, s.uids) for s in moves.whole] == [("Document", "", ["d1"])]  # a label's first
    stored = [(key(f"m{i:03d}", f"v{i}"), f"v{i}") for i in range(128)]
    moves = shelves.finish(
        moves,
        [
            {
                "uid": "s2",
                "of": "Project",
                "low": "m",
                "keys": [k for k, _ in stored],
                "uids": [u for _, u in stored],
            }
        ],
    )
    assert "s2" not in moves.moves and moves.split == []
    cut = [s for s in moves.whole if s.of == "Project"]
    assert cut[0].low == "m" and [len(s.keys) for s in cut] == [64, 64, 1]
    kept = [k for k, u in stored if u not in ("v5", "v6")]
    want = sorted([*kept, key("n", "u2"), key("o", "u3"), key("m2", "v6")])
    assert [k for s in cut for k in s.keys] == want
    assert all(s.low == s.keys[0] for s in cut[1:])
