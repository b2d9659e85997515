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
                "provenance": provenance(o[3:]),
            }
            for o in row["owners"]
        ],
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
    keys = ("year", "year_from", "year_to", "stage", "tense")
    return {
        "project": {"uid": row["uid"], "name": row["name"], "label": "Project"},
        "events": [
            {**dict(zip(keys, e[:5], strict=True)), "provenance": provenance(e[5:])} for e in row["events"]
        ],
    }


def series(row: dict[str, Any]) -> dict[str, Any]:
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
    return {
        "metric": {"uid": row["uid"], "name": row["name"], "label": "Metric"},
        "observations": [
            {**dict(zip(keys, o[:10], strict=True)), "provenance": provenance(o[10:])}
            for o in row["observations"]
        ],
    }


def bureau_project(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "project": {k: row[k] for k in ("uid", "name", "kind", "aliases")},
        "evidence": [{"basis": e[0], "provenance": provenance(e[1:])} for e in row["evidence"]],
    }
