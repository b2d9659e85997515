"""Store commands: ``ingest``, ``query``, ``stats``, ``export``, ``delete``, ``analyse``.

Every command opens the store named by ``--store`` (or ``POLICYKG_STORE``, default
``falkordb:./data/policykg``) and closes it before it exits, so the embedded server stops when the
last command using it ends. Exit codes: 0 success, 1 some documents failed / a query was refused,
2 usage error, 3 the store could not be opened or written.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from policykg.cli import app
from policykg.options import JOBS_HELP, MANIFEST_HELP, jobs_or_default, load_manifest_or_exit

err_console = Console(stderr=True)
STORE_HELP = ("Store URL: falkordb:DIR (embedded) or neo4j://HOST:7687. "
              "Default: $POLICYKG_STORE or falkordb:./data/policykg.")
analyse_app = typer.Typer(help="Analyses of the graph with networkx.", no_args_is_help=True)
app.add_typer(analyse_app, name="analyse")


def _open(store: str | None):
    from graph import StoreError, open_store

    try:
        return open_store(store)
    except StoreError as err:
        err_console.print(f"[red]error[/red] cannot open the store: {err}")
        raise typer.Exit(3) from err


def _progress(label: str, show: bool) -> Progress:
    return Progress(TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.description}"), TimeElapsedColumn(), console=err_console,
                    disable=not show)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(
        help="Files to read and store (plain text, task tables, HTML).")],
    store: str | None = typer.Option(None, "--store", "-s", help=STORE_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    manifest: Annotated[Path | None, typer.Option("--manifest", "-m", help=MANIFEST_HELP)] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help=JOBS_HELP)] = None,
) -> None:
    """Extract facts from documents and store them, one document at a time, whole or not at all.

    The run links against the documents already stored: a name an earlier run found is
    recognised, and a project of a stored task row gets that row's unit (inferred_via_task).
    A task table does not reach back into documents stored before it: the run names those that
    mention its projects, to be ingested again.
    A file that cannot be read is named with its cause and the others are stored; documents
    already in the store are kept (an unchanged document is not rewritten). Exit code 1 when any
    file failed.

    Example: `policykg ingest ../shared/corpus/*.txt --store falkordb:./data/policykg`

    Example: `policykg ingest docs/*.txt --manifest docs/manifest.csv`
    """
    from ingest.pipeline import extract_paths

    documents = load_manifest_or_exit(manifest)
    show = not quiet and sys.stderr.isatty()
    with _open(store) as graph_store:
        # the run links against what the store holds outside it: names found by earlier runs,
        # and the units of stored task rows (the run's own files are about to be replaced)
        context = graph_store.link_context(exclude_files=[Path(p).name for p in paths])
        with _progress("extract", show) as progress:
            task = progress.add_task("", total=len(paths))
            result = extract_paths(
                paths, context=context, manifest=documents, jobs=jobs_or_default(jobs),
                on_document=lambda path, facts, error: progress.update(
                    task, advance=1, description=Path(path).name))
        written, not_stored, stats = _write_all(graph_store, result, show)
        unlinked = graph_store.unlinked_documents(result.task_row_projects(),
                                                  exclude_files=[Path(p).name for p in paths])
    for doc in unlinked:
        names = "、".join(doc.projects[:3]) + ("…" if len(doc.projects) > 3 else "")
        err_console.print(f"[yellow]note[/yellow] {doc.file} was stored before this run's task rows and "
                          f"mentions {len(doc.projects)} of their project(s) ({names}) without the "
                          "ownership they give: ingest it again to link it")
    failures = [(e.path, e.cause) for e in result.errors] + not_stored
    for path, cause in failures:
        err_console.print(f"[red]error[/red] {path}: {cause}")
    err_console.print(f"stored {written} document(s) ({len(failures)} failed); the store holds "
                      f"{stats.nodes} nodes and {stats.edges} relationships")
    raise typer.Exit(1 if failures else 0)


def _write_all(graph_store, result, show: bool):
    """Write each document whole or not at all; a failure of one stops nothing."""
    from graph import StoreError

    failures: list[tuple[str, str]] = []
    written = 0
    with _progress("store", show) as progress:
        task = progress.add_task("", total=len(result.documents))
        for facts in result.documents:
            progress.update(task, description=facts.document.file)
            try:
                graph_store.write_document(facts)
            except StoreError as err:
                failures.append((facts.document.file, f"not stored: {err}"))
            except Exception as err:  # a bug in one document's facts must not stop the others
                failures.append((facts.document.file, f"not stored: {type(err).__name__}: {err}"))
            else:
                written += 1
            progress.update(task, advance=1)
    return written, failures, graph_store.stats()


def _parse_params(items: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            err_console.print(f"[red]error[/red] --param takes KEY=VALUE, got {item!r}")
            raise typer.Exit(2)
        params[key.strip()] = value
    return params


def _print_rows(columns: list[str], rows: list[dict[str, Any]], title: str | None = None) -> None:
    table = Table(title=title)
    for c in columns:
        table.add_column(c, overflow="fold")
    for row in rows:
        table.add_row(*[
            json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict))
            else ("" if v is None else str(v))
            for v in (row.get(c) for c in columns)
        ])
    Console().print(table)


@app.command()
def query(
    name: str = typer.Argument(None, help="A named query (cypher/NAME.cypher); omit with --list."),
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="KEY=VALUE, repeatable.")] = None,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    as_csv: bool = typer.Option(False, "--csv", help="Print CSV."),
    list_queries: bool = typer.Option(False, "--list", help="List the named queries and their parameters."),
    store: str | None = typer.Option(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """Run a named query with typed parameters (read-only, time-limited).

    Example: `policykg query bureau_projects --param bureau=区住建委 --json`
    """
    from graph.queries import named_queries
    from graph.store import QueryError

    if list_queries or not name:
        queries = [q.to_json() for q in named_queries().values()]
        if as_json:
            print(json.dumps(queries, ensure_ascii=False, indent=1))
        else:
            for q in queries:
                params = ", ".join(
                    f"{p['name']}: {p['type']}" + ("" if p["required"] else f" = {p['default']!r}")
                    for p in q["params"])
                Console().print(f"[bold]{q['name']}[/bold]({params})\n    {q['summary']}")
        raise typer.Exit(0 if list_queries else 2)
    params = _parse_params(param or [])
    with _open(store) as graph_store:
        try:
            result = graph_store.run_named(name, params)
        except QueryError as err:
            err_console.print(f"[red]error[/red] {err.reason}: {err.detail}")
            raise typer.Exit(1) from err
    if as_json:
        print(json.dumps({"columns": result.columns, "rows": result.rows, "truncated": result.truncated,
                          "elapsed_ms": result.elapsed_ms}, ensure_ascii=False, indent=1))
    elif as_csv:
        from graph.export import rows_to_csv

        sys.stdout.write(rows_to_csv(result.columns, result.rows))
    else:
        _print_rows(result.columns, result.rows, title=f"{name}: {len(result.rows)} row(s)")


@app.command()
def stats(
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    store: str | None = typer.Option(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """How many nodes of each label and relationships of each type the store holds.

    Example: `policykg stats --json`
    """
    with _open(store) as graph_store:
        result = graph_store.stats()
        documents = len(graph_store.documents())
    if as_json:
        print(json.dumps({"documents": documents, "nodes": result.nodes, "relationships": result.edges,
                          "labels": result.labels, "types": result.relationships},
                         ensure_ascii=False, indent=1))
        return
    table = Table(title=f"{documents} document(s), {result.nodes} nodes, {result.edges} relationships")
    table.add_column("label / type")
    table.add_column("count", justify="right")
    for k, v in result.labels.items():
        table.add_row(k, str(v))
    for k, v in result.relationships.items():
        table.add_row(f":{k}", str(v))
    Console().print(table)


@app.command()
def export(
    fmt: str = typer.Option("facts", "--format", "-f", help="facts | graphml | json | csv"),
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="File to write (default: standard output; graphml needs a file).")] = None,
    with_text: bool = typer.Option(
        False, "--with-text", help="graphml/json/csv: include Sentence and Section nodes."),
    store: str | None = typer.Option(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """Export the store: `facts` (FACTS.md, round-trips `extract`), `graphml` (Gephi), `json`
    (nodes and relationships) or `csv` (one row per relationship).

    Example: `policykg export --format graphml -o policykg.graphml`
    """
    from graph.analysis import to_networkx, write_graphml
    from graph.export import rows_to_csv

    if fmt not in ("facts", "graphml", "json", "csv"):
        err_console.print(f"[red]error[/red] unknown format {fmt!r}: facts, graphml, json or csv")
        raise typer.Exit(2)
    if fmt == "graphml" and output is None:
        err_console.print("[red]error[/red] --format graphml needs --output FILE")
        raise typer.Exit(2)
    with _open(store) as graph_store:
        if fmt == "facts":
            text = json.dumps(graph_store.export_facts().to_json(), ensure_ascii=False, indent=1) + "\n"
        elif fmt == "graphml":
            write_graphml(to_networkx(graph_store, with_text=with_text), output)  # type: ignore[arg-type]
            err_console.print(f"wrote {output}")
            return
        else:
            nodes, rels = graph_store.dump_graph(with_text=with_text)
            if fmt == "json":
                text = json.dumps({"nodes": nodes, "relationships": rels}, ensure_ascii=False,
                                  indent=1) + "\n"
            else:
                names = {n["uid"]: n.get("name") or n.get("file") or "" for n in nodes}
                rows = [{"source": r["source"], "source_name": names.get(r["source"], ""),
                         "type": r["type"], "target": r["target"], "target_name": names.get(r["target"], ""),
                         "doc": r.get("doc"), "basis": r.get("basis"), "evidence": r.get("evidence")}
                        for r in rels]
                text = rows_to_csv(["source", "source_name", "type", "target", "target_name", "doc", "basis",
                                    "evidence"], rows)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        err_console.print(f"wrote {output}")


@app.command()
def delete(
    doc: str = typer.Argument(..., help="The document: its uid, file name or sha256."),
    store: str | None = typer.Option(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """Remove a document, its facts, and the entities no other document supports.

    Exit code 1 when the document is not stored. Example: `policykg delete 003_f56275b4641689bc.txt`
    """
    with _open(store) as graph_store:
        removed = graph_store.delete_document(doc)
    if not removed:
        err_console.print(f"[red]error[/red] no stored document {doc!r}")
        raise typer.Exit(1)
    err_console.print(f"deleted {doc}")


def _analysis_output(rows: list[dict[str, Any]], as_json: bool, title: str) -> None:
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    elif rows:
        _print_rows(list(rows[0]), rows, title=title)
    else:
        err_console.print("nothing to show: no project has a responsible bureau yet")


@analyse_app.command("centrality")
def analyse_centrality(
    top: int = typer.Option(20, "--top", help="How many bureaus."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    store: str | None = typer.Option(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """Bureaus ranked by their centrality in the co-responsibility network (bureaus linked by
    the projects they share).

    Example: `policykg analyse centrality --top 10`
    """
    from graph.analysis import bureau_centrality, to_networkx

    with _open(store) as graph_store:
        rows = bureau_centrality(to_networkx(graph_store), top=top)
    _analysis_output(rows, as_json, "bureau centrality")


@analyse_app.command("shared")
def analyse_shared(
    top: int = typer.Option(50, "--top", help="How many pairs."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    store: str | None = typer.Option(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """Pairs of projects that share responsible bureaus, most shared first.

    Example: `policykg analyse shared --json`
    """
    from graph.analysis import shared_bureaus, to_networkx

    with _open(store) as graph_store:
        rows = shared_bureaus(to_networkx(graph_store), top=top)
    _analysis_output(rows, as_json, "projects sharing bureaus")
