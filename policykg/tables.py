"""Rows as a terminal table that fits the terminal (or ``COLUMNS`` in a pipe; 80 by default).

One line per row: a list of evidence records shows its first sentence and how many more, a list
of names is joined with commas, long cells are cut with an ellipsis, and uid columns are left out
when the table cannot otherwise give each column a readable width. What was cut is said on
standard error, with the way to get everything: ``--json`` (or ``--csv``).

Cells are plain text, never Rich markup: a sentence with ``[1]`` in it prints as written.

Example::

    print_rows(["project", "evidence"], rows, title="bureau_projects: 2 row(s)")
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

READABLE = 12  # the width (in terminal cells) a column needs to be readable
EVIDENCE_WEIGHT = 2  # an evidence column gets this many shares of the width the wide columns split
_OVERHEAD = 3  # a column's padding and divider in the SIMPLE_HEAD box


def cell_text(value: Any) -> str:
    """One line of text for a value of a query's row.

    >>> cell_text([{"doc": "a.txt", "evidence": "第一句。"}, {"doc": "b.txt", "evidence": "第二句。"}])
    '第一句。 (+1)'
    >>> cell_text(["区住建委", "區住建委"])
    '区住建委, 區住建委'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        for key in ("evidence", "name", "title", "uid"):
            if isinstance(value.get(key), str):
                return cell_text(value[key])
        return ", ".join(f"{k}={cell_text(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        if value and all(isinstance(v, dict) for v in value):
            more = f" (+{len(value) - 1})" if len(value) > 1 else ""
            return cell_text(value[0]) + more
        return ", ".join(cell_text(v) for v in value)
    return " ".join(str(value).split())  # line breaks and tabs: one line


# Columns left out first when the table is cramped, tier by tier (the last of a tier first):
# identifiers, then offsets and the bounds a stated year already shows.
_SPARE = (
    lambda c: c == "uid" or c.endswith("_uid"),
    lambda c: c in ("start", "end", "year_from", "year_to", "rank", "sentence"),
)


def allot(natural: Sequence[int], total: int, weights: Sequence[int] | None = None) -> list[int]:
    """Widths for columns whose widest cells are ``natural``, in ``total`` cells: a narrow column
    gets all it needs, the wide ones share what is left by their weights (water-filling).

    >>> allot([4, 30, 50], 40)
    [4, 18, 18]
    >>> allot([4, 30, 50], 40, weights=[1, 1, 2])
    [4, 12, 24]
    """
    weights = list(weights or [1] * len(natural))
    widths = [0] * len(natural)
    order = sorted(range(len(natural)), key=lambda i: natural[i] / weights[i])
    left = max(total, 0)
    while order:
        unit = left / sum(weights[i] for i in order)
        first = order[0]
        if natural[first] <= unit * weights[first]:
            order.pop(0)
            widths[first] = natural[first]
            left -= natural[first]
            continue
        for i in order:
            widths[i] = int(unit * weights[i])
        for i in order[: left - sum(widths[i] for i in order)]:  # the cells rounding left over
            widths[i] += 1
        break
    return widths


def fit_columns(
    columns: Sequence[str], texts: list[list[str]], width: int
) -> tuple[list[int], list[int], bool]:
    """The columns to show in ``width`` cells, their widths, and whether any cell will be cut.

    Spare columns (uids, then offsets) are left out while some shown column would get less than
    a readable width."""
    natural = [max([cell_len(c), *(cell_len(t[i]) for t in texts)], default=1) for i, c in enumerate(columns)]
    shown = list(range(len(columns)))

    def widths_of(idx: list[int]) -> list[int]:
        weights = [EVIDENCE_WEIGHT if "evidence" in columns[i] else 1 for i in idx]
        return allot([natural[i] for i in idx], width - _OVERHEAD * len(idx), weights)

    widths = widths_of(shown)
    spare = [i for tier in _SPARE for i in reversed(range(len(columns))) if tier(columns[i])]
    for i in dict.fromkeys(spare):
        cramped = any(w < min(natural[j], READABLE) for j, w in zip(shown, widths, strict=True))
        if not cramped or len(shown) == 1:
            break
        shown.remove(i)
        widths = widths_of(shown)
    cut = any(w < natural[j] for j, w in zip(shown, widths, strict=True))
    return shown, widths, cut


def print_rows(
    columns: Sequence[str],
    rows: Sequence[dict[str, Any]],
    title: str | None = None,
    *,
    console: Console | None = None,
    err_console: Console | None = None,
) -> None:
    """``rows`` as a table that fits ``console`` (one line per row), and a note on standard error
    when cells were cut or columns left out."""
    console = console or Console()
    texts = [[cell_text(r.get(c)) for c in columns] for r in rows]
    shown, widths, cut = fit_columns(columns, texts, console.width)
    table = Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    for i, w in zip(shown, widths, strict=True):
        table.add_column(Text(columns[i]), no_wrap=True, overflow="ellipsis", width=max(w, 1))
    for t in texts:
        table.add_row(*(Text(t[i]) for i in shown))
    console.print(table)
    hidden = [columns[i] for i in range(len(columns)) if i not in shown]
    if cut or hidden:
        what = f"cut to fit {console.width} columns" if cut else f"fitted to {console.width} columns"
        left_out = f" (left out: {', '.join(hidden)})" if hidden else ""
        (err_console or Console(stderr=True)).print(
            Text(f"note: {what}{left_out}; --json or --csv gives every field in full")
        )
