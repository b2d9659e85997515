"""Which files of the command line are documents: folders walked, non-documents skipped.

``collect_documents(paths)`` expands each folder recursively into its documents, in a stable
order (sorted by path within each folder given, folders given in the order given), keeps files
named on the command line, and skips what is not a document:

* anywhere: ``README*``/``LICENSE*``/``CHANGELOG*``/``COPYING*`` (any case), ``NOTICE*`` (in
  capitals: a ``notice.txt`` is as likely a user's 通知), images, audio and video, archives, data and
  code files (``.json``, ``.csv``, ``.yaml``, ``.py`` …); a ``manifest.csv`` is not skipped but
  returned as the run's ``manifest`` (the one nearest the top; the document metadata it gives is
  loaded by ``ingest.manifest``);
* inside a folder, also: hidden files and folders (not even counted), and any file whose suffix
  is not one of a document (``.txt .tsv .text .html .htm .pdf .docx``) — a file named on the command line is
  read whatever its suffix (its content decides: ``ingest.read``).

A path that does not exist is kept, so the run names it ("file not found") with the others.

Example::

    c = collect_documents([Path("../shared/dev")])
    len(c.files), c.manifest.name, len(c.skipped)   # (28, "manifest.csv", 2)
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

DOCUMENT_SUFFIXES = frozenset({".txt", ".tsv", ".text", ".html", ".htm", ".xhtml", ".pdf", ".docx"})
MANIFEST_NAME = "manifest.csv"
# a project's own files; NOTICE only in capitals (a notice.txt of a user is as likely a 通知)
_NOT_DOCUMENT_NAME_RE = re.compile(r"^(?:(?i:readme|license|licence|changelog|copying)|NOTICE)(?:\.|$)")
_NOT_DOCUMENT_SUFFIXES = frozenset(
    {
        # images, audio, video
        ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".svg", ".ico", ".heic",
        ".mp3", ".wav", ".m4a", ".mp4", ".mov", ".avi", ".mkv",
        # data, code, configuration
        ".json", ".jsonl", ".csv", ".yaml", ".yml", ".toml", ".xml", ".py", ".js", ".css", ".sh",
        ".ini", ".cfg", ".log", ".lock",
        # archives and fonts
        ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar", ".ttf", ".otf", ".ttc", ".woff",
    }
)  # fmt: skip


@dataclass(slots=True)
class Collected:
    """The documents to read, the manifest found (if any) and the files skipped."""

    files: list[Path] = field(default_factory=list)
    manifest: Path | None = None
    skipped: list[Path] = field(default_factory=list)


def is_document_name(path: Path, in_folder: bool) -> bool:
    """Whether a file's name allows it to be a document (see the module docstring).

    Example: ``is_document_name(Path("README.md"), False)`` is False;
    ``is_document_name(Path("notes.md"), True)`` is False; ``is_document_name(Path("a.pdf"), True)``
    is True.
    """
    suffix = path.suffix.lower()
    if _NOT_DOCUMENT_NAME_RE.match(path.name) or suffix in _NOT_DOCUMENT_SUFFIXES:
        return False
    if in_folder:
        return suffix in DOCUMENT_SUFFIXES and not path.name.startswith(".")
    return True


def collect_documents(paths: Iterable[str | Path]) -> Collected:
    """Expand folders, keep documents, find the manifest; see the module docstring.

    Example::

        collect_documents(["docs/", "extra.pdf"]).files   # [docs/a.txt, docs/b/c.docx, extra.pdf]
    """
    out = Collected()
    seen: set[Path] = set()
    manifests: list[tuple[int, Path]] = []

    def add(path: Path, in_folder: bool, depth: int) -> None:
        key = path.resolve() if path.exists() else path
        if key in seen:
            return
        seen.add(key)
        if path.name.lower() == MANIFEST_NAME:
            manifests.append((depth, path))
        elif is_document_name(path, in_folder) or not path.exists():
            out.files.append(path)
        else:
            out.skipped.append(path)

    for given in map(Path, paths):
        if given.is_dir():
            for file, depth in _walk(given):
                add(file, True, depth)
        else:
            add(given, False, 0)
    if manifests:
        manifests.sort(key=lambda m: (m[0], m[1].as_posix()))
        out.manifest = manifests[0][1]
        out.skipped.extend(p for _, p in manifests[1:])
    return out


def _walk(folder: Path) -> list[tuple[Path, int]]:
    """Every file under ``folder`` with its depth, sorted by path; hidden files and folders are left
    out and symbolic links to folders are not followed (no loops)."""
    found: list[tuple[Path, int]] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel = Path(root).relative_to(folder)
        depth = 0 if rel == Path(".") else len(rel.parts)
        # hidden files (.DS_Store, editor swap files) are the system's, not the user's: not counted
        found.extend((Path(root) / name, depth) for name in sorted(files) if not name.startswith("."))
    found.sort(key=lambda f: f[0].relative_to(folder).parts)
    return found


def skipped_note(collected: Collected) -> str | None:
    """The line the CLI prints about skipped files, or None.

    Example: ``"skipped 3 files that are not documents (README.md, logo.png, data.json)"``.
    """
    n = len(collected.skipped)
    if not n:
        return None
    names = ", ".join(p.name for p in collected.skipped[:5]) + (", …" if n > 5 else "")
    what = "files that are not documents" if n != 1 else "file that is not a document"
    return f"skipped {n} {what} ({names})"
