"""JSON by default; CSV for tables with ``?format=csv`` or ``Accept: text/csv``.

For CSV, a nested object's fields become ``parent.field`` columns where no column is named for the
object itself; lists and deeper values are written as JSON text in their cell.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import Response

CSV_MEDIA_TYPE = "text/csv"


class Format(StrEnum):
    json = "json"
    csv = "csv"


FormatParam = Annotated[
    Format | None,
    Query(
        alias="format",
        description="`csv` for a CSV table (as `Accept: text/csv`); JSON otherwise.",
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
        return fmt is Format.csv
    accept = request.headers.get("accept")
    if not accept or "csv" not in accept:
        return False
    return _quality(accept, CSV_MEDIA_TYPE) > _quality(accept, "application/json")


def _flatten(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and not prefix:
            out.update(_flatten(value, f"{name}."))
        else:
            out[name] = value
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def csv_text(rows: Iterable[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    """CSV of ``rows``: the given ``columns`` (a nested field as ``parent.field``), or every field of
    the rows with nested objects flattened one level."""
    rows = list(rows)
    if columns is None:
        seen: dict[str, None] = {}
        for r in rows:
            seen.update(dict.fromkeys(_flatten(r)))
        columns = list(seen)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    for r in rows:
        flat = _flatten(r) if any(c not in r for c in columns) else r
        writer.writerow([_cell(r[c] if c in r else flat.get(c)) for c in columns])
    return buf.getvalue()


def csv_response(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[str] | None = None,
    *,
    headers: dict[str, str] | None = None,
) -> Response:
    return Response(csv_text(rows, columns), media_type=f"{CSV_MEDIA_TYPE}; charset=utf-8", headers=headers)


def csv_openapi(description: str = "The same rows as CSV (UTF-8, header row).") -> dict[str, Any]:
    """The ``text/csv`` alternative of a 200 response, for a route's ``responses``."""
    return {"content": {CSV_MEDIA_TYPE: {"schema": {"type": "string"}}}, "description": description}
