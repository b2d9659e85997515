"""The ``policykg`` command: a thin Typer shell over ingest/, graph/, api/ and viz/.

Each group of commands lives in ``policykg/commands/<name>.py`` and registers itself on ``app``.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="policykg",
    help=(
        "Build and query a knowledge graph of district policy entities from Chinese government "
        "documents.\n\n"
        "Examples:\n\n"
        # in backticks: Rich's markdown would read the two stars of `*.txt *.tsv` as emphasis
        "`policykg extract ../shared/corpus/*.txt --json > facts.json`\n\n"
        "`policykg ingest samples/*.txt samples/*.tsv --store falkordb:./data/policykg`\n\n"
        "`policykg query bureau_projects --param bureau=区住建委 --json`\n\n"
        "`policykg serve --port 8000`\n\n"
        "`policykg viz 望坛 -o wangtan.html`"
    ),
    no_args_is_help=True,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
)


@app.callback()
def main() -> None:
    """policykg: documents in, one provenance-carrying graph out."""


def _register() -> None:
    # Imported for their side effect: each module adds its commands to ``app``.
    import importlib
    import pkgutil

    import policykg.commands as commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        importlib.import_module(f"policykg.commands.{info.name}")


_register()

if __name__ == "__main__":  # pragma: no cover
    # `python -m policykg.cli`: the commands registered themselves on the imported module's app
    # (``policykg.cli``), not on this copy's, which runs as ``__main__``
    from policykg.cli import app as registered

    registered()
