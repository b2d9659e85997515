"""Where extraction keeps what it compiles once from its own data (the tokenizer's dictionary, the
institution names' pattern): files under ``~/.cache/policykg/`` (or ``$XDG_CACHE_HOME``), each
written whole or not at all. Never anything read from a document."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def cache_file(name: str) -> Path | None:
    """``~/.cache/policykg/<name>`` (or under ``$XDG_CACHE_HOME``); None without a home directory."""
    try:
        home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    except RuntimeError:  # no home directory
        return None
    return Path(home) / "policykg" / name


def write_whole(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename, so that a reader never sees
    half a file; a cache that cannot be written is left unwritten (the next process builds it)."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        partial.write_bytes(data)
        os.replace(partial, path)
