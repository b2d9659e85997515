"""JSON by default; CSV for tables with ``?format=csv`` or ``Accept: text/csv``.

CSV is flat, for a spreadsheet: a nested object's fields become ``parent.field`` columns, a list of
plain values is one cell (its items joined by `` | ``), and a list of objects (the evidence of a
fact, a bureau's projects) becomes rows: one row per item, its fields as ``field.key`` columns, the
row's other cells repeated on each. No cell holds JSON. ``?format=csv-excel`` is the same CSV with a
UTF-8 byte-order mark, which Excel needs to read UTF-8 (without it Chinese text shows as mojibake).

Routes that offer CSV declare the ``format`` parameter; asking another route for CSV (``?format=``
other than ``json``, or an ``Accept`` that takes CSV and not JSON) answers 406 ``not-acceptable``
(:func:`refuse_unoffered_format`, installed on the app) instead of silently answering JSON.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import Response

from api.problems import ProblemError
from graph.flat import csv_text, flat_rows

__all__ = ["Format", "FormatParam", "csv_response", "csv_text", "flat_rows", "wants_csv"]

CSV_MEDIA_TYPE = "text/csv"


class Format(StrEnum):
    json = "json"
    csv = "csv"
    csv_excel = "csv-excel"


FormatParam = Annotated[
    Format | None,
    Query(
        alias="format",
        description=(
            "`csv` for a flat CSV table (as `Accept: text/csv`); `csv-excel` for the same with a UTF-8 "
            "byte-order mark, for Excel; JSON otherwise."
        ),
    ),
]


def _quality(accept: str, media: str) -> float:
    best = 0.0
    kind = media.split("/")[0]
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        name = fields[0].lower()
        if name not in (media, f"{kind}/*", "*/*"):
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        specific = 0.001 if name == media else 0.0  # an exact match beats a wildcard of equal q
        best = max(best, q + specific)
    return best


def wants_csv(request: Request, fmt: Format | None) -> bool:
    if fmt is not None:
        return fmt is not Format.json
    accept = request.headers.get("accept")
    if not accept or "csv" not in accept:
        return False
    return _quality(accept, CSV_MEDIA_TYPE) > _quality(accept, "application/json")


def csv_response(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[str] | None = None,
    *,
    headers: dict[str, str] | None = None,
    fmt: Format | None = None,
) -> Response:
    """The CSV answer; with a byte-order mark for ``fmt`` ``csv-excel``."""
    bom = fmt is Format.csv_excel
    return Response(
        csv_text(rows, columns, bom=bom), media_type=f"{CSV_MEDIA_TYPE}; charset=utf-8", headers=headers
    )


def _offers_format(route: Any) -> bool:
    """Whether a route declares the ``format`` query parameter (itself or in a dependency)."""
    cached = getattr(route, "_policykg_offers_format", None)
    if cached is not None:
        return bool(cached)
    stack = [getattr(route, "dependant", None)]
    found = False
    while stack and not found:
        dependant = stack.pop()
        if dependant is None:
            continue
        found = any(getattr(p, "alias", None) == "format" for p in dependant.query_params)
        stack.extend(dependant.dependencies)
    route._policykg_offers_format = found
    return found


async def refuse_unoffered_format(request: Request) -> None:
    """406 for CSV asked of an API route that answers JSON only (a detail, /health, /queries)."""
    if not request.url.path.startswith("/api/"):
        return
    route = request.scope.get("route")
    if route is None or _offers_format(route):
        return
    fmt = request.query_params.get("format")
    if fmt is not None and fmt.strip().lower() != Format.json:
        raise ProblemError(
            "not-acceptable",
            f"format={fmt} is not offered at {request.url.path}, which has one form only (JSON, or the "
            "text of /documents/{uid}/text); CSV (format=csv or csv-excel) is offered by the lists, "
            "histories, series, search and queries",
        )
    accept = request.headers.get("accept") or ""
    if "csv" in accept and _quality(accept, CSV_MEDIA_TYPE) > 0 and _quality(accept, "application/json") == 0:
        raise ProblemError(
            "not-acceptable",
            f"Accept: {accept} takes no JSON, and {request.url.path} does not answer CSV; CSV is "
            "offered by the lists, histories, series, search and queries",
        )


def csv_openapi(
    description: str = "The same rows as flat CSV (UTF-8, header row; `csv-excel`: with a BOM).",
) -> dict[str, Any]:
    """The ``text/csv`` alternative of a 200 response, for a route's ``responses``."""
    return {"content": {CSV_MEDIA_TYPE: {"schema": {"type": "string"}}}, "description": description}
