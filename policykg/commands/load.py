"""``policykg load``: store the lines of ``policykg extract --jsonl`` (facts extracted elsewhere).

Also :func:`write_jsonl`, what ``policykg extract --jsonl`` runs (in one process, over ``--jobs``
processes, or on Dask with ``--dask``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from policykg.cli import app
from policykg.options import progress_bar

err_console = Console(stderr=True)
LOAD_STORE_HELP = (
    "Store URL: falkordb:DIR (embedded) or neo4j://HOST:7687. "
    "Default: $POLICYKG_STORE or falkordb:./data/policykg."
)


@app.command()
def load(
    files: Annotated[list[Path], typer.Argument(help="Files of `policykg extract --jsonl` lines.")],
    store: str | None = typer.Option(None, "--store", "-s", help=LOAD_STORE_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Processes to extract with, for what a load extracts again: the documents already "
            "stored and lines another extractor made (default: every core).",
        ),
    ] = None,
) -> None:
    """Store documents from `policykg extract --jsonl` lines, through the same ingest as `ingest`.

    Each line carries a document's name, bytes (with their sha256), manifest row and facts. The
    documents are stored exactly as `policykg ingest` of the same files would store them: a
    document is its name plus its content (a stored name with new content is replaced, the same
    content under another name is a duplicate, nothing changes), the stored documents are linked
    with the new ones, each document is written whole or not at all. The facts are used as they
    are when the same extractor made them (same policykg, registry and curated merges); a
    document whose line another extractor made is extracted here again from its bytes, and named.

    A line that cannot be read is named with its file and line number and the others are stored
    (exit 1); nothing stored is removed for it. Exit 3 when the store cannot be opened or
    written, 130 on Ctrl-C (each document stored whole, old or new).

    Example: `policykg extract ../shared/corpus/*.txt --jsonl -o facts.jsonl`

    Example: `policykg load facts.jsonl --store falkordb:./data/policykg`
    """
    from graph import StoreError
    from graph.service import DUPLICATE, Extracted, IngestInterrupted, IngestService, Source
    from ingest.jsonl import LineError, read_jsonl
    from policykg.commands.store import _open
    from policykg.options import jobs_or_default

    bad: list[LineError] = []
    sources: list[Source] = []
    metadata = {}
    extracted: dict[str, Extracted] = {}
    for item in read_jsonl(files):
        if isinstance(item, LineError):
            bad.append(item)
            continue
        sources.append(Source(item.name, item.data))
        if item.name not in extracted:  # the first line of a name is the one the service accepts
            extracted[item.name] = Extracted(item.facts, item.discovered, item.extractor)
            if item.meta is not None:
                metadata[item.name] = item.meta
    for err in bad:
        err_console.print(f"[red]error[/red] {err}", soft_wrap=True)
    if not sources:
        err_console.print("[red]error[/red] no document to load in " + ", ".join(map(str, files)))
        raise typer.Exit(1)
    show = not quiet and sys.stderr.isatty()
    try:
        with _open(store) as graph_store, progress_bar("load", show) as progress:
            task = progress.add_task("", total=None)
            try:
                report = IngestService(graph_store, jobs=jobs_or_default(jobs)).ingest(
                    sources,
                    metadata=metadata,
                    extracted=extracted,
                    on_progress=lambda stage, name: progress.update(task, description=f"{stage} {name}"),
                )
            except IngestInterrupted as err:
                progress.stop()
                err_console.print(f"interrupted: {err.report.written} of {len(sources)} documents stored")
                raise typer.Exit(130) from None
            except StoreError as err:
                progress.stop()
                done = getattr(err, "report", None)
                err_console.print(f"[red]error[/red] the store failed a write: {err}")
                err_console.print(
                    f"stored {done.written if done else 0} of {len(sources)} document(s); "
                    "the rest were not stored"
                )
                raise typer.Exit(3) from err
            stats = graph_store.stats()
    except KeyboardInterrupt:
        err_console.print("interrupted: each document is stored whole, old or new")
        raise typer.Exit(130) from None
    for name in report.extracted_again:
        err_console.print(
            f"[yellow]note[/yellow] {name}: extracted here again from its bytes (its line "
            "was made by another extractor, or the store holds documents without text)"
        )
    for o in report.with_status(DUPLICATE):
        err_console.print(
            f"[yellow]duplicate[/yellow] {o.name}: the same content is stored as "
            f"{o.duplicate_of}; nothing changed"
        )
    for o in report.relinked:
        err_console.print(f"relinked {o.name}: its facts changed with this run's documents")
    for o in report.failed:
        err_console.print(f"[red]error[/red] {o.name}: {o.cause or 'not stored'}")
    failures = len(bad) + len(report.failed)
    err_console.print(
        f"stored {report.written} document(s) ({failures} failed); the store holds "
        f"{stats.nodes} nodes and {stats.edges} relationships"
    )
    raise typer.Exit(1 if failures else 0)


def write_jsonl(
    paths: list[str], documents, jobs: int, output: Path | None, dask: str | None, show: bool
) -> int:
    """``policykg extract --jsonl``: the lines of ``paths`` to ``output`` (standard output without
    it), each written as it and the documents before it are done; the exit code (1: some failed)."""
    out = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115 - closed below
    try:
        with progress_bar("extract", show) as progress:
            task = progress.add_task("", total=len(paths))

            def on_document(path: str, _error: str | None) -> None:
                progress.update(task, advance=1, description=Path(path).name)

            if dask:
                from ingest.distributed import extract_jsonl_dask

                try:
                    run = extract_jsonl_dask(paths, out, dask, documents, on_document)
                except (RuntimeError, ValueError, OSError) as err:
                    err_console.print(f"[red]error[/red] {err}")
                    return 2
            else:
                from ingest.jsonl import extract_lines

                run = extract_lines(paths, out, documents, jobs, on_document)
    finally:
        if output:
            out.close()
    for path, cause in run.errors:
        err_console.print(f"[red]error[/red] {path}: {cause}")
    return 1 if run.errors else 0
