"""``policykg viz``: write an entity's page (neighbourhood, and history for a project) to a file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from policykg.cli import app

err_console = Console(stderr=True)

LABELS_HELP = (
    "Only these node labels, comma-separated (Project,Bureau,Place,Metric,Observation,Event,Task,Document)."
)


@app.command()
def viz(
    name: Annotated[
        str, typer.Argument(help="Any name, alias or script of an entity (望坛, 区住建委 …), or a uid.")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.", dir_okay=False)],
    store: Annotated[
        str | None,
        typer.Option("--store", help="Store URL (default: POLICYKG_STORE or falkordb:./data/policykg)."),
    ] = None,
    depth: Annotated[int, typer.Option("--depth", min=1, max=3, help="Hops from the entity (1–3).")] = 2,
    cap: Annotated[
        int,
        typer.Option(
            "--cap", min=1, max=5000, help="At most this many nodes; the rest fold into “+N” nodes."
        ),
    ] = 300,
    labels: Annotated[str | None, typer.Option("--labels", help=LABELS_HELP)] = None,
    year_from: Annotated[
        int | None, typer.Option("--year-from", help="Leave out events and values before this year.")
    ] = None,
    year_to: Annotated[
        int | None, typer.Option("--year-to", help="Leave out events and values after this year.")
    ] = None,
    history: Annotated[
        bool, typer.Option("--history/--no-history", help="Add a project's history by year.")
    ] = True,
) -> None:
    """Write a self-contained page (works offline) with an entity's neighbourhood, and for a
    project its history by year, with the evidence of every edge in tooltips.

    NAME must mean one entity: a uid, the only match, or the only exact name (else alias).
    When it matches several, the candidates are printed (name, type, uid; one per line, tab
    separated, on stdout) and nothing is written: run again with the uid.

    Exit code 0 when the page was written, 1 when no entity matches NAME or a query fails,
    2 on a usage error or an ambiguous NAME, 3 when the store cannot be opened.

    Example: `policykg viz 望坛 -o wangtan.html`
    """
    from graph import open_store
    from graph.store import QueryError, StoreError
    from viz.pages import NeighbourhoodParams, render_entity_page
    from viz.queries import VizQueries

    if year_from is not None and year_to is not None and year_from > year_to:
        err_console.print("[red]error[/red] --year-from is after --year-to")
        raise typer.Exit(2)
    wanted = tuple(s.strip() for s in (labels or "").split(",") if s.strip())
    params = NeighbourhoodParams(depth=depth, cap=cap, labels=wanted, year_from=year_from, year_to=year_to)
    try:
        with open_store(store) as s:
            q = VizQueries(s)
            found = q.match(name)
            if not found.candidates:
                err_console.print(f"[red]not found[/red] no entity matches {name!r}")
                raise typer.Exit(1)
            centre = found.chosen
            if centre is None:
                _print_candidates(name, found.candidates, found.truncated)
                raise typer.Exit(2)
            sub = q.neighbourhood(centre.uid, params)
            hist = q.history(centre.uid) if history and centre.label == "Project" else None
    except StoreError as err:  # the store could not be opened: 3, like the store commands
        err_console.print(f"[red]error[/red] {err}")
        raise typer.Exit(3) from err
    except QueryError as err:
        err_console.print(f"[red]error[/red] {err}")
        raise typer.Exit(1) from err
    html = render_entity_page(sub, hist, params=params, centre=centre)
    output.write_text(html, encoding="utf-8")
    nodes = len(sub.nodes) if sub else 0
    events = f", {len(hist.events)} events" if hist else ""
    size = len(html.encode()) / 1e6
    err_console.print(f"wrote {output} ({size:.1f} MB): {centre.label} {centre.name}, {nodes} nodes{events}")


def _print_candidates(name: str, candidates: list, truncated: bool) -> None:
    """The entities an ambiguous NAME matches: a note on stderr, one ``name\ttype\tuid`` line each
    on stdout (so that ``cut -f3`` gives the uids)."""
    from viz.style import style_for

    more = " (first ones only)" if truncated else ""
    err_console.print(
        f"[yellow]ambiguous[/yellow] {name!r} matches {len(candidates)} entities{more}; "
        "give one of these uids instead:"
    )
    for n in candidates:
        typer.echo(f"{n.name}\t{n.label} {style_for(n.label).zh}\t{n.uid}")
