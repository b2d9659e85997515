"""Task tables of web pages → the tab-separated layout of the corpus's task tables.

A government page often publishes its task list as an HTML ``<table>`` whose header row names the
task columns (序号, 项目内容, 主责单位, 进展情况 …). Main-text extraction flattens such a table into
one cell per line, and the rows are lost; this module writes the table as the ``.tsv`` task tables
are written (a header line, one tab-separated line per row), so the segmenter reads its rows,
cells and ``table_column`` ownership. Spans of cells (``colspan``/``rowspan``) are laid on a grid:
a cell spanning rows is repeated in each (its unit is every row's unit), one spanning columns is
written once.

Example::

    task_table_lines("<table><tr><td>序号</td><td>主责单位</td>…</table>", header_words)
    # ["序号\\t项目内容\\t主责单位\\t进展情况", "1\\t推进某项目。\\t区某局\\t已开工。"]
"""

from __future__ import annotations

import re

_SPACE_RE = re.compile(r"\s+")
_MAX_SPAN = 50  # a span beyond this is a broken attribute, not a table layout


def task_table_lines(page: str, header_words: frozenset[str]) -> tuple[list[str], int]:
    """The tab-separated lines of the page's task tables (all those as wide as the first one) and
    how many characters of cell text they hold; ``([], 0)`` when the page has no task table."""
    import lxml.html

    try:
        root = lxml.html.fromstring(page)
    except (ValueError, TypeError, lxml.etree.ParserError):
        return [], 0
    lines: list[str] = []
    width: int | None = None
    chars = 0
    for table in root.iter("table"):
        grid = _grid(table)
        if not grid or sum(1 for c in grid[0] if c in header_words) < 2:
            continue
        if width is not None and len(grid[0]) != width:
            continue
        start = 0 if width is None else 1  # a repeated header is written once
        width = len(grid[0])
        for row in grid[start:]:
            if any(row):
                lines.append("\t".join(row))
                chars += sum(len(c) for c in row)
    return lines, chars


def _grid(table) -> list[list[str]]:
    """The table's own rows (not those of tables nested in it) laid on a grid of cell texts."""
    rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
    grid: list[list[str]] = []
    carried: dict[int, tuple[str, int]] = {}  # column → (text, rows still to fill) from a rowspan
    for tr in rows:
        row: list[str] = []
        cells = iter(tr.xpath("./td|./th"))
        col = 0
        while True:
            if col in carried:
                text, left = carried[col]
                row.append(text)
                carried[col] = (text, left - 1)
                if left - 1 == 0:
                    del carried[col]
                col += 1
                continue
            cell = next(cells, None)
            if cell is None:
                break
            text = cell_text(cell)
            colspan = _span(cell.get("colspan"))
            rowspan = _span(cell.get("rowspan"))
            for k in range(colspan):
                row.append(text if k == 0 else "")
                if rowspan > 1:
                    carried[col + k] = (text if k == 0 else "", rowspan - 1)
            col += colspan
        # columns carried past the row's last cell
        while col in carried:
            text, left = carried.pop(col)
            row.append(text)
            if left > 1:
                carried[col] = (text, left - 1)
            col += 1
        grid.append(row)
    if not grid:
        return []
    width = len(grid[0])
    return [(r + [""] * width)[:width] for r in grid]


def cell_text(cell) -> str:
    """A cell's text on one line: whitespace runs (line breaks, tabs) become one space.

    Example: the text of ``<td><p>1.甲。</p><p>2.乙。</p></td>`` is ``"1.甲。 2.乙。"``.
    """
    parts = []
    for element in cell.iter():
        if not isinstance(element.tag, str):  # a comment or a processing instruction
            if element.tail:
                parts.append(element.tail)
            continue
        if element.tag in ("p", "br", "div", "li") and parts:
            parts.append(" ")
        if element.text and element.tag not in ("script", "style"):
            parts.append(element.text)
        if element is not cell and element.tail:
            parts.append(element.tail)
    return _SPACE_RE.sub(" ", "".join(parts)).strip()


def _span(value: str | None) -> int:
    try:
        n = int(value or 1)
    except ValueError:
        return 1
    return min(max(n, 1), _MAX_SPAN)
