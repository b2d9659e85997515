"""Errors the pipeline reports per file: they name the file and the cause."""

from __future__ import annotations


class IngestError(Exception):
    """A file that cannot be read or understood. ``str()`` names the file and the cause."""

    def __init__(self, path: str, cause: str):
        super().__init__(f"{path}: {cause}")
        self.path = path
        self.cause = cause
