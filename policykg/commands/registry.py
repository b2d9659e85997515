"""``policykg merge``: a person's decision that several names are one entity, kept in the registry.

The automatic folding (script, prefixes, 项目/工程, standard abbreviations) cannot know that
望坛棚改 and 望坛项目 are one project when the documents never say so; a curated merge does, and is
re-applied on every run (``ingest/registry/merges.yaml``, or the file ``POLICYKG_MERGES`` names).
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from policykg.cli import app

err_console = Console(stderr=True)
LABELS = ("Project", "Bureau", "Place")


@app.command()
def merge(
    into: Annotated[str | None, typer.Argument(help="The canonical name the others fold into.")] = None,
    names: Annotated[
        list[str] | None, typer.Argument(help="Names (any script or form) of the same entity.")
    ] = None,
    label: Annotated[str, typer.Option("--label", "-l", help="Project, Bureau or Place.")] = "Project",
    list_merges: Annotated[bool, typer.Option("--list", help="Print the curated merges and exit.")] = False,
) -> None:
    """Record that NAMES are the entity INTO (a curated merge), for every later run.

    Stored documents take it at the next `policykg ingest`, or at once with `policykg relink`.

    Example: `policykg merge 望坛棚改项目 望坛项目 望坛棚改 --label Project`
    """
    from ingest.registry import Registry, merges_path
    from ingest.resolve import clean, key_for

    registry = Registry.load()
    target = merges_path(registry.directory)
    if list_merges:
        for entry in registry.merge_entries:
            typer.echo(f"{entry['label']}\t{entry['into']}\t{'、'.join(entry.get('names') or [])}")
        err_console.print(f"{len(registry.merge_entries)} merge(s) in {target}")
        raise typer.Exit(0)
    if label not in LABELS:
        err_console.print(f"[red]error[/red] --label must be one of {', '.join(LABELS)}, not {label!r}")
        raise typer.Exit(2)
    others = [n for n in (names or []) if clean(n)]
    if not into or not clean(into) or not others:
        err_console.print("[red]error[/red] give the canonical name and at least one other name")
        raise typer.Exit(2)
    new = [n for n in others if key_for(label, n) != key_for(label, into)]
    if not new:
        err_console.print(f"names already fold into {clean(into)!r} on their own: nothing to record")
        raise typer.Exit(0)
    registry.add_merge(label, into, new)
    path = registry.save_merges(target)
    entry = registry.merge_entries[-1]
    typer.echo(f"{label}: {'、'.join(entry['names'])} → {entry['into']} (saved in {path})")
    err_console.print("ingest the documents that name them again to fold their stored nodes")
