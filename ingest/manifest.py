"""Document metadata from a manifest: a CSV that says, per file, what a crawler or an archivist knows.

Header ``file,date,title,url,publisher,district`` (only ``file`` is required; any other column is
kept as an extra property). ``file`` is relative to the manifest's folder. ``date`` is
``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or empty.

Example::

    manifest = load_manifest("docs/manifest.csv")
    meta = manifest.for_path("docs/a.txt")      # DocumentMeta(file='a.txt', date='2022-06', ...)

How the pipeline uses it (``ingest.docinfo.document_info``): the manifest's date is the document's
date and the anchor of relative time (今年, 目前, 3月29日) unless it is less precise than a date
the text itself states in the same year and month (then the text's day is kept); its title is used
only where the text has none; ``url``, ``publisher``, ``district`` and the extra columns are
carried on the document as they are.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from ingest.errors import IngestError

COLUMNS = ("file", "date", "title", "url", "publisher", "district")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


class ManifestError(IngestError):
    """A manifest that cannot be read: names the manifest file, the line and the cause."""

    def __init__(self, path: str, cause: str, line: int | None = None):
        where = f"{path}, line {line}" if line is not None else path
        super().__init__(where, cause)
        self.line = line


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """What a manifest says about one file. Empty cells are ``None``."""

    file: str
    date: str | None = None
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    district: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def parse_date(value: str | None) -> str | None:
    """A manifest date, normalised (``2022-6`` → ``2022-06``); ``None`` when empty.

    Raises ``ValueError`` for anything else. Example: ``parse_date("2019-12-1") == "2019-12-01"``.
    """
    text = (value or "").strip()
    if not text:
        return None
    m = _DATE_RE.match(text)
    if not m:
        raise ValueError(f"date {text!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = m.groups()
    if month is None:
        return f"{int(year):04d}"
    mi = int(month)
    if not 1 <= mi <= 12:
        raise ValueError(f"date {text!r} has no month {mi}")
    if day is None:
        return f"{int(year):04d}-{mi:02d}"
    di = int(day)
    if not 1 <= di <= _days_in(int(year), mi):
        raise ValueError(f"date {text!r} has no day {di}")
    return f"{int(year):04d}-{mi:02d}-{di:02d}"


def _days_in(year: int, month: int) -> int:
    if month == 2:
        return 29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28
    return 30 if month in (4, 6, 9, 11) else 31


@dataclass(slots=True)
class Manifest:
    """The rows of one manifest, looked up by a document's path."""

    path: Path
    rows: list[DocumentMeta] = field(default_factory=list)
    _by_path: dict[Path, DocumentMeta] = field(default_factory=dict, repr=False)
    _by_name: dict[str, list[DocumentMeta]] = field(default_factory=dict, repr=False)

    def add(self, meta: DocumentMeta) -> None:
        self.rows.append(meta)
        self._by_path[(self.path.parent / meta.file).resolve()] = meta
        self._by_name.setdefault(Path(meta.file).name, []).append(meta)

    def for_path(self, path: str | Path) -> DocumentMeta | None:
        """The row of ``path``: matched by resolved path, else by file name when only one row has it.

        Example: ``manifest.for_path("/elsewhere/a.txt")`` finds the row ``a.txt``.
        """
        p = Path(path)
        hit = self._by_path.get(p.resolve())
        if hit is not None:
            return hit
        named = self._by_name.get(p.name, [])
        return named[0] if len(named) == 1 else None


def load_manifest(path: str | Path) -> Manifest:
    """Read a manifest CSV (UTF-8, a BOM allowed). Raises :class:`ManifestError` when malformed.

    Example: ``load_manifest("docs/manifest.csv").for_path("docs/a.txt").district``.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise ManifestError(str(p), f"cannot read the manifest ({err.strerror or err})") from err
    except UnicodeDecodeError as err:
        raise ManifestError(str(p), "the manifest is not UTF-8") from err
    reader = csv.reader(text.splitlines())
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ManifestError(str(p), "the manifest is empty (a header with a 'file' column is needed)",
                            1) from None
    except csv.Error as err:
        raise ManifestError(str(p), f"bad CSV ({err})", 1) from err
    if "file" not in header:
        raise ManifestError(str(p), f"the header has no 'file' column: {','.join(header)}", 1)
    if len(set(header)) != len(header):
        raise ManifestError(str(p), "the header names a column twice", 1)
    manifest = Manifest(path=p)
    seen: dict[str, int] = {}
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                raise ManifestError(str(p), f"{len(row)} cells for {len(header)} columns", line)
            cells = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
            file = cells["file"]
            if not file:
                raise ManifestError(str(p), "the 'file' cell is empty", line)
            if file in seen:
                raise ManifestError(str(p), f"{file} is listed twice (first on line {seen[file]})", line)
            seen[file] = line
            try:
                date = parse_date(cells.get("date"))
            except ValueError as err:
                raise ManifestError(str(p), str(err), line) from err
            manifest.add(DocumentMeta(
                file=file,
                date=date,
                title=cells.get("title") or None,
                url=cells.get("url") or None,
                publisher=cells.get("publisher") or None,
                district=cells.get("district") or None,
                extra={h: v for h, v in cells.items() if h not in COLUMNS and v},
            ))
    except csv.Error as err:
        raise ManifestError(str(p), f"bad CSV ({err})", reader.line_num) from err
    return manifest
