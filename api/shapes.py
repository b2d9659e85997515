"""Rows of the API's named queries → the response models' shapes.

The ``cypher/internal/api_*.cypher`` queries return facts as flat lists (FalkorDB builds and the client
parses a flat list of values faster than nested maps: about 30 % of a 1-hop query's time); the
order of each list is given in the query's summary and mirrored here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

PROV = ("doc", "sentence", "evidence", "start", "end")


def provenance(values: Sequence[Any]) -> dict[str, Any]:
    """``[doc, sentence uid, evidence, start, end]`` → a Provenance."""
    return dict(zip(PROV, values, strict=True))


def project(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **row,
        "owners": [
            {
                "bureau": {"uid": o[0], "name": o[1], "label": "Bureau"},
                "basis": o[2],
                "provenance": provenance(o[3:8]),
                **dict(zip(("reason", "why", "task", "units", "part"), o[8:13], strict=True)),
            }
            for o in row["owners"]
        ],
        "parts": [
            {"uid": x[0], "name": x[1], "label": "Project", "part": x[2]} for x in row.get("parts") or []
        ],
        "part_of": [{"uid": x[0], "name": x[1], "label": "Project", "part": x[2]}
                    for x in row.get("part_of") or []],
        "places": [
            {
                "place": {"uid": p[0], "name": p[1], "label": "Place"},
                "basis": p[2],
                "provenance": provenance(p[3:]),
            }
            for p in row["places"]
        ],
        "mentions": [provenance(m) for m in row["mentions"]],
    }


def bureau(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "mentions": [provenance(m) for m in row["mentions"]]}


def history(row: dict[str, Any]) -> dict[str, Any]:
    """One entry per distinct event (``[year, year_from, year_to, stage, tense, supports,
    evidence, part]``); the entry a project without events gives (supports 0) is dropped, and so is an
    event whose page of evidence is past its end."""
    keys = ("year", "year_from", "year_to", "stage", "tense")
    events = []
    for e in row["events"]:
        evidence = [provenance(v) for v in e[6] or []]
        if e[5] and evidence:
            events.append({**dict(zip(keys, e[:5], strict=True)), "supports": e[5],
                           "provenance": evidence[0], "evidence": evidence, "part": e[7]})
    return {"project": {"uid": row["uid"], "name": row["name"], "label": "Project"}, "events": events}


def series(row: dict[str, Any]) -> dict[str, Any]:
    """One entry per distinct fact (``[value, unit, base_value, base_unit, year, year_from, year_to,
    period, qualifier, subject, supports, evidence]``); an entry whose page of evidence is past its
    end is dropped."""
    keys = (
        "value",
        "unit",
        "base_value",
        "base_unit",
        "year",
        "year_from",
        "year_to",
        "period",
        "qualifier",
        "subject",
    )
    observations = []
    for o in row["series"]:
        evidence = [provenance(v) for v in o[11] or []]
        if o[10] and evidence:
            observations.append(
                {
                    **dict(zip(keys, o[:10], strict=True)),
                    "supports": o[10],
                    "provenance": evidence[0],
                    "evidence": evidence,
                }
            )
    return {
        "metric": {"uid": row["uid"], "name": row["name"], "label": "Metric"},
        "total": row["observations"],
        "entries": len(row["series"]),
        "observations": observations,
    }


def bureau_project(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "project": {k: row[k] for k in ("uid", "name", "kind", "aliases")},
        **{k: row.get(k) for k in ("reason", "why", "task", "units", "rank")},
        "supports": row["supports"],
        "documents": row["documents"],
        "evidence": [{"basis": e[0], "provenance": provenance(e[1:])} for e in row["evidence"]],
    }
