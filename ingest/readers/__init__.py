"""Readers of documents that are not plain text: each turns a file's bytes into text to extract from.

``sniff(data)`` tells the kind of a file from its first bytes, not its name: ``%PDF-`` is a PDF,
a ZIP archive holding ``word/document.xml`` is a Word document (``.docx``), an OLE2 compound file
is a legacy Word/Excel file (refused with a hint); everything else is text (web pages are told
apart after decoding, by their markup: ``ingest.read``).

Every reader returns a :class:`ingest.types.RawDocument` whose ``text`` is the EXTRACTED text:
offsets of every fact index it, and the store keeps it so that each span can still be checked.

Example::

    sniff(Path("report.pdf").read_bytes())   # "pdf"
"""

from __future__ import annotations

import io
import zipfile
from typing import Literal

Sniffed = Literal["pdf", "docx", "ole2", "zip", "text"]

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(data: bytes) -> Sniffed:
    """The kind of a file from its content.

    A PDF may have a few bytes of junk before ``%PDF-`` (PDF readers accept up to 1 KB).

    Example: ``sniff(b"%PDF-1.7\\n...") == "pdf"``; ``sniff("正文".encode()) == "text"``.
    """
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(_OLE2):
        return "ole2"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except Exception:  # BadZipFile, EOFError, zlib errors …: a damaged archive
            return "zip"  # the DOCX reader (for a .docx) names the cause
        return "docx" if "word/document.xml" in names else "zip"
    return "text"
