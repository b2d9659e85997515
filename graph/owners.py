"""The ownership aggregates the writer keeps on each Project (issue 11: answers that aggregate).

A project's owners are read by every ownership answer (``bureau_projects``, ``project_bureaus``,
``GET /bureaus/{uid}/projects``): which units own it, why (``reason``: stated, sole, one_of),
through which task row and among how many units, how many facts and documents support it. Worked
out from every OWNED_BY edge at each read, that cost grew with the number of documents repeating
a fact (thirty reports of the same row: thirty times the edges). The writer keeps them instead,
on the Project node, as parallel lists (one entry per owning bureau, ordered by the bureau's uid;
both engines store lists of plain values, not maps), recomputed from the project's edges in the
same query that writes a document (graph/base.py: a write, a replace and a delete touch exactly
the projects of the document's old and new facts):

``owners``            the bureaus' uids;
``owner_keys``        each pair's rank and bureau as one string, ``f"{rank}{uid}"`` (indexed: a
                      bureau's projects of rank r are ``toString(r) + b.uid IN p.owner_keys``, so
                      a page in rank order looks each rank up and never works out a project's
                      position in ``owners`` before the page is cut);
``owner_rank``        0 stated, 1 sole (the only unit of a task row, or inferred_via_task), 2 one_of;
``owner_units``       the units of the task row that says so (1 unless one_of);
``owner_supports``    the OWNED_BY facts (edges) of the pair; ``owner_documents`` their documents;
``owner_doc``, ``owner_task``, ``owner_relation``: the strongest fact's document, task row and
                      stated role ('' for none: a list holds no null);
``owner_bases``       the bases of the pair's facts, strongest first, joined by '|';
``owner_sole_tasks``  the project's task rows that name one unit (their facts rank as sole).

The rules are those the queries applied to the edges: a task row's units are counted once per
task, in its first document (by name, then offset) that reports the project under it; a fact's
rank is 0 if stated, 1 if inferred_via_task, marked sole or of a task row with one unit, else 2;
the pair's strongest fact is the first of its facts by (rank, document, offset).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# A sample of each pair's evidence, SAMPLE pieces in each of two orders: strongest first (rank,
# then document and offset: bureau_projects, project_bureaus) and by document and offset
# (GET /bureaus/{uid}/projects). Pair i's pieces are at i * 2 * SAMPLE (+ SAMPLE for the second
# order), padded with '' and -1; a page of evidence within the sample reads no OWNED_BY fact.
SAMPLE = 5
EVIDENCE_KEYS = (
    "owner_ev_basis",
    "owner_ev_doc",
    "owner_ev_sentence",
    "owner_ev_text",
    "owner_ev_start",
    "owner_ev_end",
)
KEYS = (
    "owners",
    "owner_keys",
    "owner_rank",
    "owner_units",
    "owner_supports",
    "owner_documents",
    "owner_doc",
    "owner_task",
    "owner_relation",
    "owner_bases",
    "owner_sole_tasks",
    *EVIDENCE_KEYS,
)
EDGE_FIELDS = (
    "bureau",
    "basis",
    "doc",
    "start",
    "end",
    "task",
    "sole",
    "relation",
    "evidence",
    "sentence_uid",
)


def _order(e: Mapping[str, Any]) -> tuple:
    return (
        e.get("doc") or "",
        e.get("start") or 0,
        e.get("end") or 0,
        e.get("basis") or "",
        e.get("task") or "",
        e.get("relation") or "",
        e.get("bureau") or "",
    )


def task_units(edges: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Each task row's units: the distinct bureaus its first document gives the project."""
    tabled = sorted(
        (e for e in edges if e.get("basis") == "table_column" and e.get("task") is not None), key=_order
    )
    first: dict[str, str] = {}
    for e in tabled:
        first.setdefault(e["task"], e.get("doc") or "")
    units: dict[str, set[str]] = {t: set() for t in first}
    for e in tabled:
        if (e.get("doc") or "") == first[e["task"]]:
            units[e["task"]].add(e["bureau"])
    return {t: len(b) for t, b in units.items()}


def edge_rank(e: Mapping[str, Any], units: Mapping[str, int]) -> int:
    if e.get("basis") == "stated":
        return 0
    if e.get("basis") == "inferred_via_task" or e.get("sole") is True:
        return 1
    if e.get("basis") == "table_column" and units.get(e.get("task")) == 1:  # type: ignore[arg-type]
        return 1
    return 2


def owner_props(edges: Iterable[Mapping[str, Any]]) -> dict[str, list]:
    """The aggregates (:data:`KEYS`) of one project from all its OWNED_BY edges (each a mapping
    with :data:`EDGE_FIELDS`, ``bureau`` the uid of the edge's end)."""
    edges = [e for e in edges if e.get("bureau")]
    units = task_units(edges)
    by_bureau: dict[str, list[Mapping[str, Any]]] = {}
    for e in edges:
        by_bureau.setdefault(e["bureau"], []).append(e)
    out: dict[str, list] = {k: [] for k in KEYS}
    for bureau in sorted(by_bureau):
        ranked = sorted(by_bureau[bureau], key=lambda e: (edge_rank(e, units), *_order(e)))
        best = ranked[0]
        rank = edge_rank(best, units)
        best_units = units.get(best.get("task"), 0) if best.get("basis") == "table_column" else 0  # type: ignore[arg-type]
        out["owners"].append(bureau)
        out["owner_keys"].append(f"{rank}{bureau}")
        out["owner_rank"].append(rank)
        out["owner_units"].append(best_units if rank == 2 else 1)
        out["owner_supports"].append(len(ranked))
        out["owner_documents"].append(len({e.get("doc") for e in ranked}))
        out["owner_doc"].append(best.get("doc") or "")
        out["owner_task"].append(best.get("task") or "")
        out["owner_relation"].append(best.get("relation") or "")
        out["owner_bases"].append("|".join(dict.fromkeys(e.get("basis") or "" for e in ranked)))
        for order in (ranked, sorted(ranked, key=_order)):
            sample = order[:SAMPLE]
            sample += [{}] * (SAMPLE - len(sample))
            for e in sample:
                out["owner_ev_basis"].append(e.get("basis") or "")
                out["owner_ev_doc"].append(e.get("doc") or "")
                out["owner_ev_sentence"].append(e.get("sentence_uid") or "")
                out["owner_ev_text"].append(e.get("evidence") or "")
                out["owner_ev_start"].append(e.get("start", -1) if e else -1)
                out["owner_ev_end"].append(e.get("end", -1) if e else -1)
    out["owner_sole_tasks"] = sorted(t for t, n in units.items() if n == 1)
    return out


def owner_rows(touched: Iterable[str], edges: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``{uid, props}`` for each touched project from the edges it holds after the write (each
    edge mapping also names its ``project``)."""
    by_project: dict[str, list[Mapping[str, Any]]] = {u: [] for u in touched}
    for e in edges:
        if e.get("project") in by_project:
            by_project[e["project"]].append(e)
    return [{"uid": u, "props": owner_props(by_project[u])} for u in sorted(by_project)]
