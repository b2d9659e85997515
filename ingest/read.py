"""Read a file into a :class:`RawDocument`: bytes → checked → decoded → format detected.

PDF and Word files (told by their content: ``%PDF-``, a ZIP with ``word/document.xml``) and full
web pages go to their readers in ``ingest.readers``; their ``text`` is the extracted text.

Example::

    raw = read_document("../shared/corpus/003_f56275b4641689bc.txt")
    raw.encoding, raw.format   # ("utf-8", "table")

The decoded ``text`` is the original every offset refers to: newlines are left as they are
(``\\r\\n`` stays ``\\r\\n``) and only a byte-order mark is dropped. Everything that makes a file
unusable raises :class:`IngestError` naming the file and the cause.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

from ingest.errors import IngestError
from ingest.types import DocFormat, RawDocument

MAX_BYTES = 200 * 1024 * 1024  # a district document is < 1 MB; this only stops accidents
MAX_LINE_CHARS = 1_000_000  # a longer "line" is a dump, not a document
# Control bytes other than \t \n \v \f \r \x1b: a text file holds almost none of them.
_CONTROL = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B))
_CONTROL_SHARE = 0.01

TABLE_HEADER_WORDS = frozenset(
    [
        "序号",
        "项目内容",
        "主责单位",
        "进展情况",
        "任务内容",
        "责任单位",
        "牵头单位",
        "配合单位",
        "完成时限",
        "完成情况",
        "工作任务",
        "重点任务",
        "项目名称",
        "备注",
        "序號",
        "項目內容",
        "主責單位",
        "進展情況",
        "責任單位",
    ]
)
_HTML_RE = re.compile(r"<!DOCTYPE\s+html|<html[\s>]|<body[\s>]|<head[\s>]", re.I)
# A whole web page (not a fragment): its main text is extracted (ingest.readers.html).
_PAGE_RE = re.compile(r"<!DOCTYPE\s+html|<html[\s>]|<body[\s>]", re.I)
_HTML_TAG_RE = re.compile(r"</?(?:div|p|span|a|table|tr|td|br|li|ul|h[1-6])\b[^>]*>", re.I)

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def read_document(path: str | Path) -> RawDocument:
    """Read, check and decode one file.

    Raises :class:`IngestError` for a missing file, a directory, an empty or binary file, an
    encoding that is not UTF-8, GB18030/GBK or Big5, a UTF-8 file cut inside its last character,
    a line longer than ``MAX_LINE_CHARS`` and a table row with the wrong number of fields.

    Example::

        read_document("report.txt").text[:10]
    """
    p = Path(path)
    data = _read_bytes(p)
    extracted = _read_container(path, data)
    if extracted is not None:
        _check_lines(extracted.text, str(path))
        return extracted
    encoding, text = decode_bytes(data, str(path))
    _check_lines(text, str(path))
    fmt = detect_format(text)
    if fmt == "html" and _PAGE_RE.search(text[:4096]):
        from ingest.readers.html import read_web_page

        page = read_web_page(path, data, encoding, text)
        if page is not None:
            _check_lines(page.text, str(path))
            if page.format == "table":
                check_table(page.text, str(path))
            return page
    if fmt == "table":
        check_table(text, str(path))
    return RawDocument(
        path=str(path),
        file=p.name,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        format=fmt,
        text=text,
    )


def _read_container(path: str | Path, data: bytes) -> RawDocument | None:
    """A PDF or Word file read by its reader (its extracted text); None for a text file.

    Told by the content, not the name: a PDF saved as ``.txt`` is still a PDF.
    """
    from ingest.readers import sniff

    kind = sniff(data)
    if kind == "pdf":
        from ingest.readers.pdf import read_pdf

        return read_pdf(path, data)
    if kind in ("docx", "zip"):
        from ingest.readers.docx import read_docx

        if kind == "zip" and not str(path).lower().endswith(".docx"):
            raise IngestError(str(path), "a ZIP archive, not a document (no word/document.xml in it)")
        return read_docx(path, data)
    if kind == "ole2":
        raise IngestError(
            str(path), "a legacy Office file (.doc/.xls, OLE2): save it as .docx or PDF to read it"
        )
    return None


def _read_bytes(p: Path) -> bytes:
    if not p.exists():
        raise IngestError(str(p), "file not found")
    if p.is_dir():
        raise IngestError(str(p), "is a directory, not a file")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise IngestError(str(p), f"file too large: {size} bytes (limit {MAX_BYTES})")
        data = p.read_bytes()
    except OSError as err:
        raise IngestError(str(p), f"cannot read the file: {err.strerror or err}") from err
    if not data:
        raise IngestError(str(p), "empty file (0 bytes)")
    return data


# --------------------------------------------------------------------------- encodings


def decode_bytes(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Detect the encoding of ``data`` and decode it: ``(encoding, text)``.

    Order: a BOM decides; valid UTF-8 is UTF-8; otherwise GBK/GB18030 and Big5 are tried and the
    decoding whose CJK characters are most often everyday ones wins (text decoded with the wrong
    one of the two is full of rare characters).

    Example::

        decode_bytes("东城区".encode("gbk"))  # ("gbk", "东城区")
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(enc)
            except UnicodeDecodeError as err:
                raise IngestError(
                    path, f"invalid {enc} after its byte-order mark at byte {err.start + len(bom)}"
                ) from err
            _check_text(text, path)
            return enc, text
    _check_binary(data, path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        _check_truncated_utf8(data, err, path)
    else:
        _check_text(text, path)
        return "utf-8", text
    best = _best_cjk_decoding(data)
    if best is None:
        _check_truncated_double_byte(data, path)
        raise IngestError(path, "undetectable encoding: the bytes are not valid UTF-8, GB18030/GBK or Big5")
    enc, text, share = best
    if share < 0.6:
        raise IngestError(
            path,
            f"undetectable encoding: not UTF-8; as {enc} only {share:.0%} of the CJK characters are "
            "common ones (the text would be garbage)",
        )
    _check_text(text, path)
    return enc, text


def _check_binary(data: bytes, path: str) -> None:
    nul = data.find(b"\x00")
    if nul >= 0:
        hint = " (it looks like UTF-16 without a byte-order mark, which is not supported)"
        raise IngestError(path, f"binary file: NUL byte at offset {nul}{hint if _looks_utf16(data) else ''}")
    head = data[:65536]
    controls = len(head) - len(head.translate(None, _CONTROL))
    if controls > _CONTROL_SHARE * len(head):
        raise IngestError(path, f"binary file: {controls} control bytes in the first {len(head)} bytes")


def _looks_utf16(data: bytes) -> bool:
    """Whether BOM-less ``data`` decodes as UTF-16 into everyday text (for a clearer message)."""
    from ingest.normalise import common_chars

    head = data[: 4096 - 4096 % 2]
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = head.decode(enc)
        except UnicodeDecodeError:
            continue
        ok = sum(1 for c in text if _everyday(c, common_chars()))
        if text and ok >= 0.9 * len(text):
            return True
    return False


def _everyday(c: str, common: frozenset[str]) -> bool:
    """Printable ASCII, CJK punctuation or an everyday hanzi."""
    if c.isascii():
        return c.isprintable() or c in "\r\n\t"
    return c in common or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"


def _check_text(text: str, path: str) -> None:
    if not text.strip():
        raise IngestError(path, "empty file (only whitespace)")


def _check_truncated_utf8(data: bytes, err: UnicodeDecodeError, path: str) -> None:
    """Name a UTF-8 file whose last character was cut, instead of mis-reading it as GBK.

    Also names a file that is UTF-8 except for a few bad bytes (a mostly-UTF-8 file decoded as
    GB18030 would turn every character into garbage).
    """
    if err.end >= len(data) - 1 and err.reason == "unexpected end of data":
        raise IngestError(
            path,
            f"truncated UTF-8: the file ends inside a multi-byte character (byte {err.start} of "
            f"{len(data)}); the file looks cut off",
        )
    # Mostly valid UTF-8 with multi-byte text: a corrupt UTF-8 file, not a GBK one.
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = len(text) - len(text.encode("ascii", "ignore")) - bad
    if multibyte >= 20 and bad <= 0.01 * multibyte:
        raise IngestError(
            path,
            f"invalid UTF-8: {bad} bad byte sequence(s) in an otherwise UTF-8 file, "
            f"first at byte {err.start}",
        )


def _check_truncated_double_byte(data: bytes, path: str) -> None:
    """Name a GBK/Big5 file cut inside its last two-byte character."""
    if len(data) < 2 or data[-1] < 0x81:
        return
    head = _best_cjk_decoding(data[:-1])
    if head is not None and head[2] >= 0.6:
        raise IngestError(
            path,
            f"truncated {head[0]}: the file ends inside a two-byte character (byte {len(data) - 1} "
            f"of {len(data)}); the file looks cut off",
        )


def _common_share(sample: str, common: frozenset[str]) -> float:
    """The share of the CJK characters of ``sample`` that are everyday ones (in either script)."""
    from ingest.normalise import to_simplified

    cjk = [c for c in sample if "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff"]
    if not cjk:
        return 0.0
    simplified = to_simplified("".join(cjk))
    return sum(1 for a, b in zip(cjk, simplified, strict=True) if a in common or b in common) / len(cjk)


def _best_cjk_decoding(data: bytes) -> tuple[str, str, float] | None:
    """The GBK/GB18030/Big5 decoding of ``data`` with most everyday characters: (enc, text, share)."""
    from ingest.normalise import common_chars

    common = common_chars()
    best: tuple[str, str, float] | None = None
    for enc in ("gbk", "gb18030", "big5", "cp950"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        share = _common_share(text[:20000], common)
        reported = "big5" if enc == "cp950" else enc
        if best is None or share > best[2] + 1e-9:
            best = (reported, text, share)
        if enc == "gbk" and share >= 0.9:
            return best  # clearly GBK; gb18030 would only repeat it
    return best


def _check_lines(text: str, path: str) -> None:
    """Refuse a line longer than ``MAX_LINE_CHARS`` (checked only when the text could hold one)."""
    if len(text) <= MAX_LINE_CHARS:
        return
    pos, line_no = 0, 1
    while True:
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        if end - pos > MAX_LINE_CHARS:
            raise IngestError(
                path,
                f"line {line_no} is {end - pos} characters long (limit {MAX_LINE_CHARS}); not a document",
            )
        if nl < 0:
            return
        pos, line_no = nl + 1, line_no + 1


# --------------------------------------------------------------------------- formats


def _header_fields(line: str) -> list[str] | None:
    """The column names if ``line`` is a table header (≥2 known column names, tab-separated)."""
    if "\t" not in line:
        return None
    fields = [f.strip() for f in line.rstrip("\r").split("\t")]
    known = sum(1 for f in fields if f in TABLE_HEADER_WORDS)
    return fields if len(fields) >= 2 and known >= 2 else None


def find_table_header(text: str) -> tuple[int, list[str]] | None:
    """``(line index, column names)`` of the first table header line, if any.

    Example: ``find_table_header("标题\\n序号\\t项目内容\\t主责单位\\n")`` gives
    ``(1, ["序号", "项目内容", "主责单位"])``.
    """
    for i, line in enumerate(text.split("\n")):
        fields = _header_fields(line)
        if fields:
            return i, fields
    return None


def detect_format(text: str) -> DocFormat:
    """``table`` (a tab-separated table with a known header), ``html`` or ``text``.

    Example::

        detect_format("序号\\t项目内容\\t主责单位\\n1\\t…\\t…") == "table"
    """
    head = text[:4096]
    if _HTML_RE.search(head):
        return "html"
    if find_table_header(text[:200000]):
        return "table"
    tags = len(_HTML_TAG_RE.findall(head))
    if tags >= 5 and "\t" not in head:
        return "html"
    return "text"


def check_table(text: str, path: str) -> None:
    """Every line with a tab after the header must have as many fields as the header.

    Example: a row ``"2\\t任务\\t区某局"`` under a four-column header raises
    ``IngestError(path, "malformed table row at line 4: 3 tab-separated fields, …")``.
    """
    found = find_table_header(text)
    if not found:
        return
    header_index, columns = found
    for i, line in enumerate(text.split("\n")[header_index + 1 :], start=header_index + 2):
        if "\t" not in line:
            continue
        n = line.count("\t") + 1
        if n != len(columns):
            raise IngestError(
                path,
                f"malformed table row at line {i}: {n} tab-separated fields, the header "
                f"(line {header_index + 1}) has {len(columns)}",
            )
