"""PDF → text with pypdfium2 (PDFium, the PDF engine of Chromium): one text layer per page.

Why pypdfium2 (measured in docs/inputs.md): it is the fastest of the three candidates on a
Chromium-printed dev page (≈26 ms against ≈210 ms for pdfplumber and ≈280 ms for PyMuPDF), its
CJK text is exact, the wheel is small (≈9 MB, no Python dependencies) and its licence
(Apache-2.0/BSD-3) fits the project's; PyMuPDF is AGPL, and pdfplumber runs on pdfminer (pure
Python, slower, reordered some CJK lines).

The pages are joined with a blank line; ``RawDocument.pages`` records where each starts, so a
sentence knows its page. A line that is only a page number (``- 3 -``, ``第3页``, ``3``) at the top
or the bottom of a page is left out: it would otherwise sit inside a sentence that runs over the
page break. A PDF none of whose pages has text is refused: ``no text layer (scanned?)``.

Example::

    raw = read_pdf("gazette.pdf", Path("gazette.pdf").read_bytes())
    raw.pages          # (0, 1874, 3920)
    raw.page_at(2000)  # 2
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ingest.errors import IngestError
from ingest.types import RawDocument

_PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[/／共]\s*\d{1,4}\s*页?)?|\d{1,4}"
    r"|\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)\s*$"
)
# PDFium marks a hyphen at a line end with U+0002 and unknown glyphs with U+FFFE; other control
# characters are never text either.
_JUNK_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def read_pdf(path: str | Path, data: bytes) -> RawDocument:
    """Extract the text layer of a PDF, page by page. Raises :class:`IngestError` naming the file
    for a damaged or encrypted PDF and for one without any text (a scan)."""
    import pypdfium2 as pdfium

    p = Path(path)
    try:
        document = pdfium.PdfDocument(data)
    except Exception as err:  # PdfiumError (damaged, encrypted) and whatever else a bad file raises
        raise IngestError(str(path), f"cannot read the PDF: {err}") from err
    try:
        texts = [page_text(document, i) for i in range(len(document))]
    except Exception as err:
        raise IngestError(str(path), f"cannot read the PDF's text: {err}") from err
    finally:
        document.close()
    if not any(t.strip() for t in texts):
        raise IngestError(
            str(path), f"no text layer (scanned?): none of its {len(texts)} page(s) holds text; run OCR first"
        )
    starts, pieces, pos = [], [], 0
    for text in texts:
        starts.append(pos)
        pieces.append(text)
        pos += len(text) + 2
    return RawDocument(
        path=str(path),
        file=p.name,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding="pdf",
        format="text",
        text="\n\n".join(pieces),
        container="pdf",
        pages=tuple(starts),
    )


def page_text(document, index: int) -> str:
    """The text of page ``index``: ``\\n`` line ends, no control characters, no page-number lines."""
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
        finally:
            textpage.close()
    finally:
        page.close()
    text = _JUNK_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return drop_page_numbers(text)


def drop_page_numbers(text: str) -> str:
    """Drop a page-number line at the top and at the bottom of one page's text.

    Example: ``drop_page_numbers("正文第一行\\n- 3 -\\n") == "正文第一行"``.
    """
    lines = text.strip("\n").split("\n")
    if lines and _PAGE_NUMBER_RE.match(lines[-1]):
        lines.pop()
    if lines and _PAGE_NUMBER_RE.match(lines[0]):
        lines.pop(0)
    return "\n".join(lines).strip("\n")
