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

import csv
import io
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import Response

from api.problems import ProblemError

CSV_MEDIA_TYPE = "text/csv"
JOIN = " | "  # the items of a list of plain values, in one cell
BOM = "\ufeff"


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


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):  # a map inside a list of plain values: its values, in order
        return JOIN.join(_scalar(v) for v in value.values())
    if isinstance(value, list | tuple):
        return JOIN.join(_scalar(v) for v in value)
    return str(value)


def _records(value: Any, name: str) -> list[dict[str, str]]:
    """The flat records (column → cell) of one value under the column ``name``.

    A plain value or a list of plain values is one record with one cell; an object is one record
    per row of its widest list of objects, its single-row fields repeated; a list of objects is the
    records of its items, one after another (none: one empty record).
    """
    if isinstance(value, dict):
        return _combine([_records(v, f"{name}.{k}" if name else str(k)) for k, v in value.items()])
    if isinstance(value, list | tuple) and any(isinstance(v, dict) for v in value):
        return [r for item in value for r in _records(item, name)]
    return [{name: _scalar(value)}]


def _combine(parts: list[list[dict[str, str]]]) -> list[dict[str, str]]:
    """Records side by side: a part of one record repeats on every row, longer parts line up
    row by row (a shorter one leaves its cells empty below its end)."""
    height = max((len(p) for p in parts), default=1) or 1
    rows: list[dict[str, str]] = [{} for _ in range(height)]
    for part in parts:
        for i, row in enumerate(rows):
            if len(part) == 1:
                row.update(part[0])
            elif i < len(part):
                row.update(part[i])
            else:
                row.update(dict.fromkeys(part[0], ""))
    return rows


def flat_rows(
    rows: Iterable[dict[str, Any]], columns: Sequence[str] | None = None
) -> tuple[list[str], list[dict[str, str]]]:
    """The columns and flat records of ``rows`` (see the module's doc). ``columns`` names the
    fields to keep, in order; each becomes itself or its ``column.key`` columns."""
    records = [r for row in rows for r in _records(dict(row), "")]
    seen: dict[str, None] = {}
    for r in records:
        seen.update(dict.fromkeys(r))
    for name in list(seen):  # an empty list where other rows have objects: their columns stand
        if any(k.startswith(f"{name}.") for k in seen) and not any(r.get(name) for r in records):
            del seen[name]
    if columns is None:
        return list(seen), records
    out: list[str] = []
    for c in columns:
        expanded = [k for k in seen if k == c or k.startswith(f"{c}.")]
        out.extend(expanded or [c])
    return out, records


def csv_text(
    rows: Iterable[dict[str, Any]], columns: Sequence[str] | None = None, *, bom: bool = False
) -> str:
    """Flat CSV of ``rows``: a header row, then the records (``\\r\\n`` line ends, RFC 4180)."""
    names, records = flat_rows(rows, columns)
    buf = io.StringIO()
    if bom:
        buf.write(BOM)
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(names)
    for r in records:
        writer.writerow([r.get(c, "") for c in names])
    return buf.getvalue()


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
