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
from rich.table import Table

from policykg.cli import app
from policykg.options import JOBS_HELP, MANIFEST_HELP, collect_or_exit, jobs_or_default, progress_bar

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


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(
        help="Files or folders to read and store (text, task tables, web pages, PDF, Word).")],
    store: str | None = typer.Option(None, "--store", "-s", help=STORE_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    manifest: Annotated[Path | None, typer.Option("--manifest", "-m", help=MANIFEST_HELP)] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help=JOBS_HELP)] = None,
) -> None:
    """Extract facts from documents and store them, one document at a time, whole or not at all.

    A document is its file name plus its content: a stored name with new content is replaced,
    the same content under another name is reported as a duplicate and not stored, an unchanged
    document is not rewritten. The stored documents are extracted again with the new ones, so
    the store holds the graph one run over all of them gives, whatever the order of the runs.
    A file that cannot be read is named with its cause and the others are stored (exit 1). A
    write the store cannot make durable (a full disk) stops the run, naming the cause (exit 3);
    what was reported stored is stored. Ctrl-C stops after the document being written (exit 130).

    A folder is read recursively; what is not a document is skipped with a count.

    Example: `policykg ingest ../shared/corpus/*.txt --store falkordb:./data/policykg`

    Example: `policykg ingest docs/*.txt --manifest docs/manifest.csv`

    Example: `policykg ingest ../shared/dev/docs`
    """
    from graph import StoreError
    from graph.service import DUPLICATE, IngestInterrupted, IngestService, sources_from_paths

    paths, documents = collect_or_exit(paths, manifest)
    show = not quiet and sys.stderr.isatty()
    sources, unread = sources_from_paths(paths)
    # the manifest's row of each document, by the name the service knows it by (its file name)
    metadata = {Path(p).name: meta for p in paths
                if documents is not None and (meta := documents.for_path(p)) is not None}
    report = None
    try:
        with _open(store) as graph_store, progress_bar("ingest", show) as progress:
            task = progress.add_task("", total=None)
            try:
                report = IngestService(graph_store, jobs=jobs_or_default(jobs)).ingest(
                    sources, metadata=metadata, on_progress=lambda stage, name: progress.update(
                        task, description=f"{stage} {name}"))
            except IngestInterrupted as err:
                progress.stop()
                err_console.print(f"interrupted: {err.report.written} of {len(paths)} documents stored")
                raise typer.Exit(130) from None
            except StoreError as err:
                progress.stop()
                done = getattr(err, "report", None)
                written = done.written if done is not None else 0
                err_console.print(f"[red]error[/red] the store failed a write: {err}")
                err_console.print(f"stored {written} of {len(paths)} document(s); the rest were not stored")
                raise typer.Exit(3) from err
            stats = graph_store.stats()
    except KeyboardInterrupt:
        # Ctrl-C after the ingest (counting the store, closing it): what the report says is stored
        written = report.written if report is not None else 0
        err_console.print(f"interrupted: {written} of {len(paths)} documents stored")
        raise typer.Exit(130) from None
    for o in report.with_status(DUPLICATE):
        err_console.print(f"[yellow]duplicate[/yellow] {o.name}: the same content is stored as "
                          f"{o.duplicate_of}; nothing changed")
    for o in report.relinked:
        err_console.print(f"relinked {o.name}: its facts changed with this run's documents")
    for doc in report.unlinked:
        names = "、".join(doc.projects[:3]) + ("…" if len(doc.projects) > 3 else "")
        err_console.print(f"[yellow]note[/yellow] {doc.file} was stored without its text and mentions "
                          f"{len(doc.projects)} project(s) of this run's task rows ({names}) without the "
                          "ownership they give: ingest it again to link it")
    failures = unread + [(o.name, o.cause or "not stored") for o in report.failed]
    for path, cause in failures:
        err_console.print(f"[red]error[/red] {path}: {cause}")
    err_console.print(f"stored {report.written} document(s) ({len(failures)} failed); the store holds "
                      f"{stats.nodes} nodes and {stats.edges} relationships")
    raise typer.Exit(1 if failures else 0)


@app.command()
def relink(
    store: str | None = typer.Option(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """Extract every stored document again in one run and rewrite those whose facts changed
    (after `policykg merge` or a registry update).

    Example: `policykg relink --store falkordb:./data/policykg`
    """
    from graph import StoreError
    from graph.service import IngestInterrupted, IngestService

    with _open(store) as graph_store:
        try:
            report = IngestService(graph_store).relink()
        except IngestInterrupted:
            err_console.print("interrupted: each document is stored whole, old or new")
            raise typer.Exit(130) from None
        except StoreError as err:
            err_console.print(f"[red]error[/red] the store failed a write: {err}")
            raise typer.Exit(3) from err
    for o in report.relinked:
        err_console.print(f"relinked {o.name}")
    err_console.print(f"{len(report.relinked)} document(s) changed")


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
    from policykg.tables import print_rows

    print_rows(columns, rows, title=title, err_console=err_console)


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

    Exit code 1 when nothing matched (no rows; the empty result is still printed) or the query
    was refused; 0 with a line saying what the store does hold when the name is stored but the
    answer is empty (`project_bureaus` of a project no document gives an owner); 2 for an unknown
    query or a missing, unknown or ill-typed parameter.

    Example: `policykg query bureau_projects --param bureau=区住建委 --json`
    """
    from graph.queries import get_named, named_queries
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
            get_named(name)  # the public queries only: cypher/internal/ is the API's and the pages'
            result = graph_store.run_named(name, params)
        except QueryError as err:
            err_console.print(f"[red]error[/red] {err.reason}: {err.detail}")
            # a missing, unknown or ill-typed parameter, or no such query, is a usage error
            raise typer.Exit(2 if err.reason in ("parameter", "not_found") else 1) from err
        # an empty answer about a name the store does hold says what it holds (exit 0)
        detail = graph_store.explain_empty(name, params) if not result.rows else None
    if detail:
        err_console.print(detail)
    elif not result.rows:
        err_console.print(f"nothing matched: {name} returned no rows")
    if as_json:
        out = {"columns": result.columns, "rows": result.rows, "truncated": result.truncated,
               "elapsed_ms": result.elapsed_ms}
        print(json.dumps(out | ({"detail": detail} if detail else {}), ensure_ascii=False, indent=1))
    elif as_csv:
        from graph.export import rows_to_csv

        sys.stdout.write(rows_to_csv(result.columns, result.rows))
    else:
        _print_rows(result.columns, result.rows, title=f"{name}: {len(result.rows)} row(s)")
    if not result.rows and not detail:
        raise typer.Exit(1)


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
    """Remove ONE document (by uid, then file name, then sha256), its facts, and the entities no
    other document supports; the other documents are linked again without it.

    Exit code 1 when the document is not stored. Example: `policykg delete 003_f56275b4641689bc.txt`
    """
    from graph import StoreError
    from graph.service import IngestService

    with _open(store) as graph_store:
        try:
            removed = IngestService(graph_store).delete(doc)
        except StoreError as err:
            err_console.print(f"[red]error[/red] the store failed a write: {err}")
            raise typer.Exit(3) from err
    if removed is None:
        err_console.print(f"[red]error[/red] no stored document {doc!r}")
        raise typer.Exit(1)
    err_console.print(f"deleted {removed}")


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
