"""Options that several commands share (``--manifest``, ``--jobs``), with their help and checks.

A module of its own, importing nothing of the CLI: ``python -m policykg.cli`` imports the command
modules while ``policykg.cli`` itself is still loading, so a command module that took these from
another command module would find it half-initialised.

Example: ``jobs_or_default(None)`` → every core of the machine; ``jobs_or_default(1)`` → 1.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

err_console = Console(stderr=True)

JOBS_HELP = ("Processes to extract with (default: every core); the output is the same whatever the "
             "number.")
MANIFEST_HELP = ("CSV of document metadata (file,date,title,url,publisher,district; file relative to "
                 "the CSV): the date anchors 今年/目前/3月29日, the other fields go on the document.")


def progress_bar(label: str, show: bool):
    """The progress bar every long command draws on stderr (hidden when ``show`` is false):
    ``label``, bar, done/total, what is being done, time elapsed."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.description}"), TimeElapsedColumn(), console=err_console,
                    disable=not show)


def jobs_or_default(jobs: int | None) -> int:
    """``--jobs``: the number given, else every core this process may use."""
    from ingest.parallel import default_workers

    return jobs if jobs is not None else default_workers()


def load_manifest_or_exit(path: Path | None):
    """The manifest at ``path`` (None without one); a malformed one is a usage error (exit 2)."""
    if path is None:
        return None
    from ingest.manifest import ManifestError, load_manifest

    try:
        return load_manifest(path)
    except ManifestError as err:
        err_console.print(f"[red]error[/red] {err}", soft_wrap=True)
        raise typer.Exit(2) from err


def collect_or_exit(paths: list[Path], manifest: Path | None):
    """The documents under ``paths`` (folders recurse; what is not a document is skipped, with a
    count on stderr) and their manifest: ``manifest`` when given, else a manifest.csv found in a
    folder. No document at all is a failure (exit 1); a malformed manifest a usage error (exit 2)."""
    from ingest.collect import collect_documents, skipped_note

    collected = collect_documents(paths)
    if note := skipped_note(collected):
        err_console.print(note)
    if not collected.files:
        err_console.print("[red]error[/red] no documents in " + ", ".join(map(str, paths)))
        raise typer.Exit(1)
    return collected.files, load_manifest_or_exit(manifest or collected.manifest)
