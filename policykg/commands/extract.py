"""``policykg extract``: print the facts of files, before anything is stored."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from policykg.cli import app
from policykg.options import JOBS_HELP, MANIFEST_HELP, collect_or_exit, jobs_or_default, progress_bar

err_console = Console(stderr=True)

@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(
        help="Files or folders to read (text, task tables, web pages, PDF, Word); folders recurse.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the facts as one JSON object (FACTS.md).")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    manifest: Annotated[Path | None, typer.Option("--manifest", "-m", help=MANIFEST_HELP)] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help=JOBS_HELP)] = None,
    as_jsonl: Annotated[bool, typer.Option(
        "--jsonl", help="Write one line per document (its facts, manifest row and bytes) as the documents "
        "finish, in path order: the input of `policykg load`.")] = False,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="With --jsonl: the file to write (default: standard output).")] = None,
    dask: Annotated[str | None, typer.Option(
        "--dask", help="With --jsonl: extract on Dask, a scheduler's address (tcp://HOST:8786) or local:N "
        "(N local worker processes); needs the [dask] extra.")] = None,
) -> None:
    """Extract facts from documents and print them.

    Exit code 0 when every file went through, 1 when some failed (each failure is named, with
    its cause, on standard error), 2 on a usage error.

    A folder is read recursively in sorted order; what is not a document (README, images, JSON,
    CSV) is skipped with a count, and a manifest.csv in it is found.

    Example: `policykg extract ../shared/corpus/*.txt --json > facts.json`

    Example: `policykg extract docs/*.txt --manifest docs/manifest.csv --json`

    Example: `policykg extract ../shared/dev --json > dev.json` (a folder with its manifest.csv)

    Example: `policykg extract docs/*.txt --jobs 1 --json`   (one process)

    Example: `policykg extract ../shared/corpus --jsonl -o facts.jsonl --dask local:2`
    """
    from ingest.pipeline import extract_paths

    if ((output or dask) and not as_jsonl) or (as_jsonl and as_json):
        err_console.print("[red]error[/red] --output and --dask go with --jsonl, and --jsonl not with --json")
        raise typer.Exit(2)
    paths, documents = collect_or_exit(paths, manifest)
    show = not quiet and sys.stderr.isatty()
    if as_jsonl:
        from policykg.commands.load import write_jsonl

        raise typer.Exit(write_jsonl([str(p) for p in paths], documents, jobs_or_default(jobs), output, dask,
                                     show))
    with progress_bar("extract", show) as progress:
        task = progress.add_task("", total=len(paths))

        def on_document(path, facts, error):
            progress.update(task, advance=1, description=Path(path).name)

        result = extract_paths(paths, on_document=on_document, manifest=documents, jobs=jobs_or_default(jobs))

    for error in result.errors:
        err_console.print(f"[red]error[/red] {error.path}: {error.cause}")
    facts = result.facts()
    if as_json:
        from ingest.jsonout import dumps

        # json.dump(..., indent=1)'s text, built at once and written in one call
        sys.stdout.write(dumps(facts.to_json()) + "\n")
    else:
        _print_summary(facts, result.garbled_spans)
    _exit(1 if result.errors else 0)


def _exit(code: int) -> None:
    """End the command. Run as a program (its own standard streams), leave at once once the
    output is flushed: tearing down the heap object by object (jieba's dictionary, every fact of
    the run) costs a third of a second and frees nothing the system would not. Called in
    process (a test runner's captured streams), end as usual."""
    if sys.stdout is sys.__stdout__ and sys.stderr is sys.__stderr__:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    raise typer.Exit(code)


def _print_summary(facts, garbled: int) -> None:
    from rich.table import Table

    table = Table(title="facts")
    table.add_column("record")
    table.add_column("count", justify="right")
    for name in ("documents", "projects", "bureaus", "places", "tasks", "ownership", "locations", "events",
                 "metrics"):
        table.add_row(name, str(len(getattr(facts, name))))
    table.add_row("garbled spans skipped", str(garbled))
    Console().print(table)
