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

The writer works out a document's shelf changes here, in Python, from the shelves the entries it
moves live in (read under the write lock by ``cypher/write/shelf_state.cypher``: an entry's key now
follows from its node's stored property, and a key's shelf is found by ``low`` among its label's
shelves; no index on ``Shelf.uids``, which every SET of a shelf would fill again), and the same
query that writes the document sets them (``$shelves``, ``$drop_shelves``): atomic with it.
FalkorDB evaluates every row of a SET before it applies any, so two entries moving into one shelf
in one query could not be done row by row in Cypher; here each touched shelf is one row.
"""

from __future__ import annotations

import bisect
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
        return {"uid": self.uid, "props": {"uid": self.uid, "of": self.of, "low": self.low,
                                           "keys": self.keys, "uids": self.uids}}


def entries(params: dict[str, Any]) -> dict[str, dict[str, str | None]]:
    """The sort key each shelved node the writer's ``params`` touch has once they are written
    (None: the node is gone): the Document, and the projects it drops, merges or rewrites (in the
    order the query applies them: drops first, then merges, then exact rows)."""
    doc_uid = params["doc_uid"]
    file = (params.get("doc_props") or {}).get("file")
    out: dict[str, dict[str, str | None]] = {
        "Document": {doc_uid: None if params.get("delete") else sort_key(file, doc_uid)}}
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


def changes(wanted: dict[str, dict[str, str | None]], stored: Iterable[dict[str, Any]]
            ) -> tuple[list[dict[str, Any]], list[str]]:
    """The shelves to set and the shelf uids to delete so that every uid of ``wanted`` has the
    entry it gives (none for None). ``stored``: rows of shelf_state: the shelves that hold the
    uids whose key changes, the uids whose key stays (``same``) and the shelves the changed keys
    go to (a label without shelves gets its first)."""
    shelves: dict[str, Shelf] = {}
    same = {r["same"] for r in stored if r.get("same")}  # held under the key they keep
    wanted = {of: {uid: key for uid, key in want.items() if uid not in same} for of, want in wanted.items()}
    for r in stored:
        if r.get("same"):
            continue
        shelves.setdefault(r["uid"], Shelf(r["of"], r["low"], list(r["keys"] or []), list(r["uids"] or [])))
    touched: set[str] = set()
    for of, want in wanted.items():
        mine = sorted((s for s in shelves.values() if s.of == of), key=lambda s: s.low)
        where = {u: s for s in mine for u in s.uids}
        for uid, key in want.items():
            held = where.get(uid)
            if held is not None:
                old = held.keys[held.uids.index(uid)]
                if old == key:
                    continue
                i = held.uids.index(uid)
                del held.keys[i], held.uids[i]
                touched.add(held.uid)
            if key is None:
                continue
            if not mine:  # a label without shelves: its first one
                first = Shelf(of, "")
                shelves[first.uid] = first
                mine.insert(0, first)
            target = [s for s in mine if s.low <= key][-1]
            i = bisect.bisect_left(target.keys, key)
            target.keys.insert(i, key)
            target.uids.insert(i, uid)
            where[uid] = target
            touched.add(target.uid)
    rows: list[dict[str, Any]] = []
    drops: list[str] = []
    for uid in sorted(touched):
        s = shelves[uid]
        if not s.keys and s.low != "":
            drops.append(s.uid)
            continue
        rows += [part.row() for part in split(s)]
    return rows, drops


def split(shelf: Shelf) -> list[Shelf]:
    """The shelf as it is, or, above twice SHELF_SIZE entries, cut into shelves of SHELF_SIZE
    (the first keeps its low, and so its uid)."""
    if len(shelf.keys) <= 2 * SHELF_SIZE:
        return [shelf]
    return build(shelf.of, list(zip(shelf.keys, shelf.uids, strict=True)), low=shelf.low)


def build(of: str, pairs: list[tuple[str, str]], low: str = "") -> list[Shelf]:
    """Shelves of SHELF_SIZE for the sorted (key, uid) ``pairs`` (the first one from ``low``)."""
    pairs = sorted(pairs)
    out = [Shelf(of, low)]
    for k in range(0, len(pairs), SHELF_SIZE):
        chunk = pairs[k:k + SHELF_SIZE]
        shelf = out[0] if k == 0 else Shelf(of, chunk[0][0])
        shelf.keys, shelf.uids = [p[0] for p in chunk], [p[1] for p in chunk]
        if k:
            out.append(shelf)
    return out

