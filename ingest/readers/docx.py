"""Word (.docx) → text with python-docx: paragraphs and tables in document order.

A table whose header row names the task-table columns (two or more of ``TABLE_HEADER_WORDS``:
序号, 项目内容, 主责单位, 进展情况 …) is written as tab-separated lines under that header, the layout
of the corpus's task tables, so ``read_document`` detects a ``table`` and the segmenter reads its
rows and cells (task rows, ``table_column`` ownership) exactly as for a ``.tsv`` file. This holds
when the text above the table is a title block (≤ ``TITLE_BLOCK_CHARS``); a table inside a long
report, and every other table, is written row by row as text (cells joined by a space), because
the table layout reads everything above the header as the document's title.

Inside a cell, paragraphs are joined by a space (a tab or a line break would end the cell); a
cell merged across columns is written once.

Example::

    raw = read_docx("tasks.docx", Path("tasks.docx").read_bytes())
    raw.format, raw.text.splitlines()[1]   # ("table", "序号\\t项目内容\\t主责单位\\t进展情况")
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

from ingest.errors import IngestError
from ingest.types import RawDocument

TITLE_BLOCK_CHARS = 300
_SPACE_RE = re.compile(r"[\t\r\n\v\f]+")


def read_docx(path: str | Path, data: bytes) -> RawDocument:
    """Extract a Word document's text. Raises :class:`IngestError` naming the file for a damaged
    archive or a document without text."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    from ingest.read import TABLE_HEADER_WORDS, check_table, detect_format

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
        raise IngestError(str(path), f"cannot read the Word document: {type(err).__name__}: {err}") from err
    except Exception as err:  # lxml's XMLSyntaxError and the like: a damaged document.xml
        raise IngestError(str(path), f"cannot read the Word document: {type(err).__name__}: {err}") from err
    lines = _document_lines(document, TABLE_HEADER_WORDS)
    text = "\n".join(lines).strip("\n")
    if not text.strip():
        raise IngestError(str(path), "no text in the Word document")
    fmt = detect_format(text)
    if fmt == "table":
        check_table(text, str(path))
    return RawDocument(
        path=str(path),
        file=Path(path).name,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding="docx",
        format="text" if fmt == "html" else fmt,  # Word text is never markup, whatever it quotes
        text=text,
        container="docx",
    )


def _document_lines(document, header_words: frozenset[str]) -> list[str]:
    """The document's lines: a paragraph per line; tables as described in the module docstring."""
    lines: list[str] = []
    columns: int | None = None  # the width of the task table being written as tab-separated lines
    for block in document.iter_inner_content():
        if not hasattr(block, "rows"):  # a paragraph
            lines.append(_clean(block.text))
            continue
        rows = [_row_cells(row) for row in block.rows]
        if not rows:
            continue
        header = rows[0]
        is_task_table = sum(1 for c in header if c in header_words) >= 2
        above = sum(len(line) for line in lines)
        if is_task_table and (columns == len(header) or (columns is None and above <= TITLE_BLOCK_CHARS)):
            columns = len(header)
            lines.extend("\t".join(_fit(cells, columns)) for cells in rows if any(cells))
        else:
            lines.extend(" ".join(c for c in cells if c) for cells in rows if any(cells))
    return lines


def _row_cells(row) -> list[str]:
    """The texts of a row's grid cells; a cell merged across columns is written in its first one."""
    out: list[str] = []
    previous = None
    for cell in row.cells:
        same = previous is not None and cell._tc is previous._tc
        out.append("" if same else _clean(" ".join(p.text for p in cell.paragraphs)))
        previous = cell
    return out


def _fit(cells: list[str], width: int) -> list[str]:
    """A row made ``width`` cells wide (a row with cells before or after the grid has more or fewer):
    missing cells are empty, extra ones join the last.

    Example: ``_fit(["1", "甲", "乙", "丙"], 3) == ["1", "甲", "乙 丙"]``.
    """
    if len(cells) < width:
        return cells + [""] * (width - len(cells))
    if len(cells) > width:
        return [*cells[: width - 1], " ".join(c for c in cells[width - 1 :] if c)]
    return cells


def _clean(text: str) -> str:
    """Tabs and line breaks inside a paragraph or a cell become a space (they would split it)."""
    return _SPACE_RE.sub(" ", text).strip()
