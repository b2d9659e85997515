"""CLI output a person reads: tables that fit the terminal (an 80-column pipe too), one line per
row, with a note that ``--json`` gives everything; help texts that keep their ``*`` examples."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from graph.service import IngestService, Source
from graph.store import GraphStore
from policykg.cli import app
from policykg.tables import allot, cell_text, print_rows

REPO = Path(__file__).resolve().parent.parent
POLICYKG = [sys.executable, "-m", "policykg"]


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    from graph import open_store

    store = open_store(f"falkordb:{tmp_path_factory.mktemp('tables-store')}")
    report = IngestService(store).ingest([Source.from_path(p) for p in sorted((REPO / "samples").glob("0*"))])
    assert not report.failed
    url = store.url
    store.close()  # the CLI opens it itself
    yield url  # type: ignore[misc]


def _run(args: list[str], columns: int | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "FORCE_COLOR", "TERM")}
    if columns is not None:
        env["COLUMNS"] = str(columns)
    # stdout is a pipe, not a tty: as `policykg query … | less` or `> out.txt`
    return subprocess.run(
        [*POLICYKG, *args], capture_output=True, text=True, env=env, cwd=REPO, timeout=120, check=False
    )


QUERIES = [
    ["bureau_projects", "-p", "bureau=区住建委"],
    ["project_history", "-p", "project=望坛"],
    ["document_facts", "-p", "doc=01_work_report_summary.txt"],
    ["search", "-p", "q=项目"],
]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q[0])
@pytest.mark.parametrize("columns", [80, None])
def test_query_tables_fit_an_80_column_pipe_one_line_per_row(sample_store: str, query: list[str], columns):
    full = _run(["query", *query, "--store", sample_store, "--json"], columns)
    assert full.returncode == 0, full.stderr
    rows = json.loads(full.stdout)["rows"]
    assert rows
    shown = _run(["query", *query, "--store", sample_store], columns)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.rstrip("\n").split("\n")
    assert max(cell_len(line) for line in lines) <= 80, "\n".join(lines)
    # title, header, rule, then exactly one line per row: nothing wrapped onto a second line
    assert len(lines) == 3 + len(rows), shown.stdout
    assert '[{"' not in shown.stdout and '["' not in shown.stdout  # no JSON in a cell
    assert "--json" in shown.stderr and "80 columns" in shown.stderr
    for line, row in zip(lines[3:], rows, strict=True):
        assert any(v[:2] in line for v in row.values() if isinstance(v, str) and v), (line, row)


def test_a_wide_terminal_shows_more_and_says_nothing_when_nothing_is_cut(sample_store: str):
    narrow = _run(["query", "bureau_projects", "-p", "bureau=区住建委", "--store", sample_store], 80)
    wide = _run(["query", "bureau_projects", "-p", "bureau=区住建委", "--store", sample_store], 400)
    assert "bureau_uid" not in narrow.stdout and "bureau_uid" in wide.stdout
    assert max(cell_len(line) for line in wide.stdout.splitlines()) <= 400
    assert "note:" not in wide.stderr
    evidence = json.loads(
        _run(
            ["query", "bureau_projects", "-p", "bureau=区住建委", "--store", sample_store, "--json"], 80
        ).stdout
    )["rows"][0]["evidence"][0]["evidence"]
    assert evidence in wide.stdout and evidence not in narrow.stdout


def test_cells_are_text_not_markup():
    out = io.StringIO()
    console = Console(file=out, width=80, force_terminal=False, color_system=None)
    print_rows(
        ["name", "evidence"],
        [{"name": "[bold]甲[/bold]", "evidence": "见附件[1]。"}],
        console=console,
        err_console=Console(file=io.StringIO()),
    )
    assert "[bold]甲[/bold]" in out.getvalue() and "见附件[1]。" in out.getvalue()


def test_cell_text_is_one_line():
    assert cell_text("第一行\n第二行\t末尾") == "第一行 第二行 末尾"
    assert cell_text([{"evidence": "一。"}, {"evidence": "二。"}, {"evidence": "三。"}]) == "一。 (+2)"
    assert cell_text({"doc": "a.txt", "start": 1}) == "doc=a.txt, start=1"
    assert cell_text([1, None, True]) == "1, , true"


_cell = st.text(st.sampled_from(list("abcXYZ 0123456789望坛项目区住建委。，[]|")), max_size=60)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(2, 8).flatmap(
        lambda n: st.tuples(
            st.lists(
                st.sampled_from(["uid", "name", "evidence", "start", "end", "kind", "bureau_uid", "year"]),
                min_size=n,
                max_size=n,
                unique=True,
            ),
            st.lists(st.lists(_cell, min_size=n, max_size=n), min_size=1, max_size=5),
        )
    ),
    st.integers(40, 200),
)
def test_any_table_fits_its_width_one_line_per_row(spec: tuple[list[str], list[list[str]]], width: int):
    columns, cells = spec
    rows: list[dict[str, Any]] = [dict(zip(columns, r, strict=True)) for r in cells]
    out, err = io.StringIO(), io.StringIO()
    print_rows(
        columns,
        rows,
        title="t",
        console=Console(file=out, width=width, color_system=None),
        err_console=Console(file=err, width=width),
    )
    lines = out.getvalue().rstrip("\n").split("\n")
    assert max(cell_len(line) for line in lines) <= width
    assert len(lines) == 3 + len(rows), out.getvalue()


def test_allot_gives_narrow_columns_all_and_splits_the_rest():
    assert allot([3, 100, 100], 43) == [3, 20, 20]
    assert sum(allot([50, 60, 70], 61)) == 61
    assert allot([5, 6], 100) == [5, 6]


# --------------------------------------------------------------------------- help texts


def _commands() -> Iterator[tuple[list[str], Any]]:
    def walk(command: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:
        yield path, command
        for name, sub in (getattr(command, "commands", None) or {}).items():
            yield from walk(sub, [*path, name])

    yield from walk(typer.main.get_command(app), [])


def _starred(command: Any) -> list[str]:
    texts = [command.help or "", *(getattr(p, "help", None) or "" for p in command.params)]
    return [w.strip("`(),;") for t in texts for w in t.split() if "*" in w]


def test_help_examples_keep_their_stars():
    checked = 0
    for path, command in _commands():
        words = _starred(command)
        if not words:
            continue
        result = _run([*path, "--help"], 250)
        assert result.returncode == 0, result.stderr
        for word in words:
            assert word in result.stdout, f"policykg {' '.join(path)} --help lost the * of {word!r}"
            checked += 1
    assert checked >= 7  # policykg, extract and ingest have starred examples
    assert "samples/*.txt samples/*.tsv" in _run(["--help"], 250).stdout


def test_query_csv_is_flat_like_the_api(sample_store: str):
    import csv

    result = _run(["query", "bureau_projects", "-p", "bureau=区住建委", "--csv", "--store", sample_store], 80)
    assert result.returncode == 0, result.stderr
    records = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {"evidence.doc", "evidence.evidence", "evidence.start", "evidence.end"} <= set(records[0])
    assert not any(v.startswith(("[", "{")) for r in records for v in r.values())
