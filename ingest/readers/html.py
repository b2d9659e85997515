"""Saved web page → the article's main text, its title and its publication date (trafilatura).

Why trafilatura (docs/inputs.md): on a page with navigation, a sidebar and a footer it keeps the
article and drops the rest, as readability-lxml does, but it also reads the page's title and
publication date from its markup (meta tags, ``<time>``, JSON-LD, through htmldate), which
readability does not, and it keeps the heading and dateline paragraphs the segmenter reads time
from. Only markup dates are trusted (``extensive_search`` off): a date guessed from the body text
would anchor every relative year of the page wrongly; the text's own dateline rules still apply.

A page whose main text is mostly a task table (序号/项目内容/主责单位/进展情况 … in its header row)
is written as a ``.tsv`` task table under the page's title (``ingest.readers.tables``), so it
gives task rows and ``table_column`` ownership like the corpus's tables.

How it fits the older HTML path: a full page (``<!DOCTYPE html>``, ``<html>``, ``<body>``) goes
through here and its extracted text becomes the document's text (format ``text``); an HTML
fragment (tags without a page around them, e.g. a cell or a pasted article body) is still read
as it is, tags stripped by the normaliser with offsets into the original markup. When trafilatura
finds no main text (a page that is all markup), the page also falls back to that path.

Example::

    raw = read_web_page("news.html", data, "utf-8", text)
    raw.title, raw.date, raw.container   # ("某街区更新项目开工", "2030-03-29", "html")
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

from ingest.types import DocFormat, RawDocument

_DATE_RE = re.compile(r"^(?:19|20)\d\d-\d\d-\d\d$")
# Fixed bounds: htmldate's default upper bound is today, which would make the date a page gives
# depend on the day it is read (same input, same output).
_DATE_PARAMS = {
    "extensive_search": False,
    "original_date": True,
    "min_date": "1990-01-01",
    "max_date": "2099-12-31",
}


def read_web_page(path: str | Path, data: bytes, encoding: str, page: str) -> RawDocument | None:
    """The main text of a decoded web page, or None when the page has no main text to extract.

    ``encoding`` is the one the page's bytes were decoded with (kept as the document's encoding).
    """
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.ERROR)  # "discarding data" is not news
    try:
        extracted = trafilatura.bare_extraction(
            page,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception:  # a parser error deep in lxml: the markup path reads the page as it is
        return None
    text = (getattr(extracted, "text", None) or "").strip() if extracted is not None else ""
    if not text:
        return None
    title = (getattr(extracted, "title", None) or "").strip() or None
    date = getattr(extracted, "date", None)
    fmt: DocFormat = "text"
    text = text.replace("\r\n", "\n")
    if table := _task_table_text(page, title, len(text)):
        fmt, text = "table", table
    return RawDocument(
        path=str(path),
        file=Path(path).name,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        format=fmt,
        text=text,
        container="html",
        title=title,
        date=date if date and _DATE_RE.match(date) else None,
    )


def _task_table_text(page: str, title: str | None, main_chars: int) -> str | None:
    """A page whose main text is mostly a task table, written as a ``.tsv`` task table under the
    page's title (``ingest.readers.tables``); None for every other page.

    The table must hold at least half of the main text: a table inside a long article is left to
    the main text, as the rest of the article would otherwise be lost.
    """
    from ingest.read import TABLE_HEADER_WORDS
    from ingest.readers.tables import task_table_lines

    lines, chars = task_table_lines(page, TABLE_HEADER_WORDS)
    if not lines or chars < 0.5 * main_chars:
        return None
    head = [title.replace("\t", " ")] if title else []
    return "\n".join([*head, *lines])
