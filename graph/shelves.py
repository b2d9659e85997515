"""Shelves: the order the writer keeps for the name-sorted pages (``documents``, ``api_projects``).

Neither engine walks an index in order for these pages (FalkorDB's range index reads the whole
range before ORDER BY/LIMIT), so a page that sorted the label read every node of it. The writer
keeps the order instead, on bookkeeping nodes ``(:Shelf {uid, of, low, keys, uids})`` (label
:data:`graph.model.SHELF`), much like the leaves of a B+tree:

* each node of a shelved label (:data:`graph.model.SHELVED`: Document by ``file``, Project by
  ``name``) has one entry: its sort key (:func:`sort_key`: the property, ``SEP``, the uid: unique,
  and ordered as (property, uid) because ``SEP`` sorts below every character of a name) in
  ``keys`` and its uid at the same place of ``uids``; a shelf's keys are sorted;
* an entry lives in the shelf of its label with the greatest ``low`` ≤ its key; a label's first
  shelf has ``low`` ''. A shelf above ``2 * SHELF_SIZE`` entries is split into shelves of
  ``SHELF_SIZE``; an emptied shelf other than the first is removed (its range joins the one below).

A page reads the label's shelves' ``low`` (n / SHELF_SIZE of them), starts at the shelf holding the
cursor and walks the entries in order, looking each node up by uid until the page is full: no
sort over the label, so the LIMIT stops the walk early.

The writer works out a document's moves here, in Python, from where the entries it moves live
(read under the write lock by ``cypher/write/shelf_state.cypher``: an entry's key now follows
from its node's stored property, and a key's shelf is found by ``low`` among its label's shelves,
with its size; no index on ``Shelf.uids``, which every SET of a shelf would fill again), and the
same query that writes the document applies them (``$shelf_moves``: per shelf, the uids out and
the (key, uid) pairs in, merged into the sorted lists by the query; ``$shelves``: shelves set
whole): atomic with it. One row per shelf: FalkorDB evaluates every row of a SET before it
applies any, so two entries moving into one shelf could not be moved row by row. Only a shelf
that splits has its keys read (``shelf_keys``) and sent whole: the parameters of the write stay
small (whole shelves on every write cost some 2 ms, mostly the client decoding them).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graph import model

# below every character of a file or project name (names hold no control characters); not \x01,
# which FalkorDB's index splits a string at (a shelf is looked up by its ``low``, which holds it)
SEP = "\x02"
SHELF_SIZE = model.SHELF_SIZE


def sort_key(value: str | None, uid: str) -> str:
    """The entry's key: orders as (value, uid), a missing value as ''."""
    return f"{value or ''}{SEP}{uid}"


def shelf_uid(of: str, low: str) -> str:
    """A shelf's uid, from its label and its ``low`` (unique: two shelves never share a low)."""
    return f"shelf:{of.lower()}:" + hashlib.sha1(low.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class Shelf:
    of: str
    low: str
    keys: list[str] = field(default_factory=list)
    uids: list[str] = field(default_factory=list)

    @property
    def uid(self) -> str:
        return shelf_uid(self.of, self.low)

    def row(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "props": {"uid": self.uid, "of": self.of, "low": self.low, "keys": self.keys, "uids": self.uids},
        }


def entries(params: dict[str, Any]) -> dict[str, dict[str, str | None]]:
    """The sort key each shelved node the writer's ``params`` touch has once they are written
    (None: the node is gone): the Document, and the projects it drops, merges or rewrites (in the
    order the query applies them: drops first, then merges, then exact rows)."""
    doc_uid = params["doc_uid"]
    file = (params.get("doc_props") or {}).get("file")
    out: dict[str, dict[str, str | None]] = {
        "Document": {doc_uid: None if params.get("delete") else sort_key(file, doc_uid)}
    }
    projects: dict[str, str | None] = {}
    merge, updates, drops = model.entity_params("Project")
    for uid in params.get(drops) or []:
        projects[uid] = None
    for row in params.get(merge) or []:
        projects[row["uid"]] = sort_key(row.get("name"), row["uid"])
    for row in params.get(updates) or []:
        projects[row["uid"]] = sort_key((row.get("props") or {}).get("name"), row["uid"])
    out["Project"] = projects
    return out


@dataclass(slots=True)
class Moves:
    """What a write does to the shelves: ``moves`` per shelf uid, {uid, remove: [uids], add:
    [[key, uid]]} (applied by the query); ``whole``: shelves set whole (a split, a label's first);
    ``split``: uids of shelves that grow past twice SHELF_SIZE, whose keys the caller reads (rows
    for :func:`finish`)."""

    moves: dict[str, dict[str, Any]] = field(default_factory=dict)
    whole: list[Shelf] = field(default_factory=list)
    split: list[str] = field(default_factory=list)

    def params(self) -> dict[str, Any]:
        moves, rows = model.SHELF_PARAMS
        return {
            moves: [{"uid": u, **m} for u, m in sorted(self.moves.items())],
            rows: [s.row() for s in self.whole],
        }


def changes(wanted: dict[str, dict[str, str | None]], stored: Iterable[dict[str, Any]]) -> Moves:
    """The moves that give every uid of ``wanted`` the entry it names (none for None).
    ``stored``: rows of shelf_state: per ``entry`` (uid) either ``role`` same (its key stays), or
    the shelf (uid, low, size) that holds its key now (old) and the one its new key goes to (new);
    a label without shelves (uid null) gets its first, whole."""
    rows = list(stored)
    same = {r["entry"] for r in rows if r["role"] == "same"}
    found = {(r["entry"], r["role"]): r for r in rows if r["role"] != "same" and r.get("uid")}
    out = Moves()
    sizes: dict[str, int] = {}
    firsts: dict[str, Shelf] = {}
    for of, want in wanted.items():
        for uid, key in want.items():
            if uid in same:
                continue
            old = found.get((uid, "old"))
            if old is not None:
                _move(out, sizes, old)["remove"].append(uid)
            if key is None:
                continue
            new = found.get((uid, "new"))
            if new is None:  # no shelf of the label: its first one
                first = firsts.setdefault(of, Shelf(of, ""))
                first.keys.append(key)
                first.uids.append(uid)
                continue
            _move(out, sizes, new)["add"].append([key, uid])
    for shelf_uid, move in out.moves.items():
        if sizes[shelf_uid] - len(move["remove"]) + len(move["add"]) > 2 * SHELF_SIZE:
            out.split.append(shelf_uid)
    for first in firsts.values():
        pairs = sorted(zip(first.keys, first.uids, strict=True))
        out.whole += build(first.of, pairs)
    return out


def finish(out: Moves, stored: Iterable[dict[str, Any]]) -> Moves:
    """Apply the moves of the shelves in ``out.split`` to their keys as stored (rows of
    shelf_keys) and set them whole, cut into shelves of SHELF_SIZE."""
    for r in stored:
        move = out.moves.pop(r["uid"])
        gone = set(move["remove"])
        pairs = [(k, u) for k, u in zip(r["keys"] or [], r["uids"] or [], strict=True) if u not in gone]
        pairs += [(k, u) for k, u in move["add"]]
        out.whole += build(r["of"], pairs, low=r["low"])
    out.split = []
    return out


def _move(out: Moves, sizes: dict[str, int], row: dict[str, Any]) -> dict[str, Any]:
    sizes[row["uid"]] = int(row["size"] or 0)
    return out.moves.setdefault(row["uid"], {"remove": [], "add": []})


def build(of: str, pairs: list[tuple[str, str]], low: str = "") -> list[Shelf]:
    """Shelves of SHELF_SIZE for the sorted (key, uid) ``pairs`` (the first one from ``low``)."""
    pairs = sorted(pairs)
    out = [Shelf(of, low)]
    for k in range(0, len(pairs), SHELF_SIZE):
        chunk = pairs[k : k + SHELF_SIZE]
        shelf = out[0] if k == 0 else Shelf(of, chunk[0][0])
        shelf.keys, shelf.uids = [p[0] for p in chunk], [p[1] for p in chunk]
        if k:
            out.append(shelf)
    return out
