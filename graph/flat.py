"""Rows as flat records for a spreadsheet: what the API's CSV and ``policykg query --csv`` write.

A nested object's fields become ``parent.field`` columns, a list of plain values is one cell (its
items joined by `` | ``), and a list of objects (the evidence of a fact) becomes rows: one row per
item, its fields as ``field.key`` columns, the row's other cells repeated on each. No cell holds
JSON.

Example::

    columns, records = flat_rows(rows, ["project", "evidence"])
    text = csv_text(rows, ["project", "evidence"], bom=True)   # for Excel
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

JOIN = " | "  # the items of a list of plain values, in one cell
BOM = "\ufeff"  # a UTF-8 byte-order mark: Excel reads the file as UTF-8 only with it


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


