"""The store commands, run as a user runs them (the installed ``policykg`` entry point)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from tests.test_store_server import poll, servers_for

REPO = Path(__file__).resolve().parent.parent
POLICYKG = [str(Path(sys.executable).with_name("policykg"))]

pytestmark = pytest.mark.slow


def run(*args: str, store: Path | None = None, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    cmd = [*POLICYKG, *args] + (["--store", f"falkordb:{store}"] if store else [])
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=600, env=env, check=False)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(args)} exited {proc.returncode}: {proc.stderr[-3000:]}")
    return proc


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory, corpus_files) -> Path:
    """A store filled by `policykg ingest` over the corpus and one unreadable file."""
    directory = tmp_path_factory.mktemp("cli") / "store"
    bad = directory.parent / "broken.txt"
    bad.write_bytes(b"\xff\xfe\x00\x00" + bytes(range(256)) * 4)
    proc = run("ingest", *map(str, corpus_files), str(bad), store=directory, check=False)
    (directory.parent / "ingest.out").write_text(f"{proc.returncode}\n{proc.stderr}", encoding="utf-8")
    return directory


def _ingest_result(store: Path) -> tuple[int, str]:
    code, _, err = (store.parent / "ingest.out").read_text(encoding="utf-8").partition("\n")
    return int(code), err


def test_ingest_names_a_bad_file_stores_the_rest_and_exits_1(cli_store, corpus_files):
    code, err = _ingest_result(cli_store)
    if "broken.txt" not in err:
        pytest.fail(f"the broken file was not reported: {err[-2000:]}")
    assert code == 1
    stats = json.loads(run("stats", "--json", store=cli_store).stdout)
    assert stats["documents"] == len(corpus_files)


def test_no_server_is_left_running_after_a_command(cli_store):
    run("stats", store=cli_store)
    assert poll(lambda: not servers_for(cli_store), timeout=10)


def test_ingesting_the_same_files_again_leaves_the_counts_unchanged(cli_store, corpus_files):
    before = json.loads(run("stats", "--json", store=cli_store).stdout)
    run("ingest", *map(str, corpus_files), store=cli_store)
    after = json.loads(run("stats", "--json", store=cli_store).stdout)
    assert after == before


def test_query_prints_json_and_csv(cli_store):
    out = json.loads(run("query", "search", "--param", "q=區住建委", "--json", store=cli_store).stdout)
    assert out["rows"] and out["rows"][0]["label"] == "Bureau"
    text = run("query", "bureaus_ranked", "-p", "limit=3", "--csv", store=cli_store).stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3 and {"uid", "bureau", "projects"} <= set(rows[0])


def test_query_with_a_bad_parameter_exits_2_with_the_reason(cli_store):
    proc = run("query", "bureaus_ranked", "-p", "limit=many", store=cli_store, check=False)
    assert proc.returncode == 2
    assert "parameter" in proc.stderr and "limit" in proc.stderr
    proc = run("query", "no_such_query", store=cli_store, check=False)
    assert proc.returncode == 2 and "not_found" in proc.stderr


def test_query_list_shows_every_named_query():
    out = json.loads(run("query", "--list", "--json").stdout)
    assert {"bureau_projects", "project_history", "neighbourhood", "search"} <= {q["name"] for q in out}


def test_export_facts_scores_like_extract(cli_store, corpus_files, gold_path, tmp_path):
    extracted = tmp_path / "extract.json"
    extracted.write_text(run("extract", *map(str, corpus_files), "--json").stdout, encoding="utf-8")
    exported = tmp_path / "export.json"
    run("export", "--format", "facts", "-o", str(exported), store=cli_store)
    scores = []
    for facts in (extracted, exported):
        proc = subprocess.run([sys.executable, str(gold_path.parent / "score.py"), str(facts), str(gold_path),
                               "--json"], capture_output=True, text=True, timeout=120, check=True)
        scores.append(json.loads(proc.stdout))
    assert scores[0] == scores[1]


def test_export_graphml_opens_in_networkx(cli_store, tmp_path):
    path = tmp_path / "graph.graphml"
    run("export", "--format", "graphml", "-o", str(path), store=cli_store)
    g = nx.read_graphml(path)
    labels = {d.get("label") for _, d in g.nodes(data=True)}
    assert {"Project", "Bureau", "Document"} <= labels
    assert "Sentence" not in labels
    assert any(d.get("type") == "OWNED_BY" for _, _, d in g.edges(data=True))


def test_export_json_and_csv(cli_store):
    dump = json.loads(run("export", "--format", "json", store=cli_store).stdout)
    assert dump["nodes"] and dump["relationships"]
    text = run("export", "--format", "csv", store=cli_store).stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(dump["relationships"])


def test_analyse_centrality_ranks_bureaus(cli_store):
    rows = json.loads(run("analyse", "centrality", "--json", "--top", "5", store=cli_store).stdout)
    assert rows and {"bureau", "projects", "betweenness"} <= set(rows[0])
    shared = json.loads(run("analyse", "shared", "--json", store=cli_store).stdout)
    assert all(r["shared"] >= 1 for r in shared)


def test_delete_removes_a_document_and_a_second_delete_exits_1(cli_store, corpus_files, tmp_path):
    import shutil

    copy = tmp_path / "store"
    shutil.copytree(cli_store, copy, ignore=shutil.ignore_patterns("*.sock", "*.pid", "clients", "*.lock"))
    doc = corpus_files[3].name
    run("delete", doc, store=copy)
    stats = json.loads(run("stats", "--json", store=copy).stdout)
    assert stats["documents"] == len(corpus_files) - 1
    assert run("delete", doc, store=copy, check=False).returncode == 1
    # a document's facts depend on the run's other documents (cross-document links): ingest them all
    run("ingest", *map(str, corpus_files), store=copy)
    assert json.loads(run("stats", "--json", store=copy).stdout) == json.loads(
        run("stats", "--json", store=cli_store).stdout)


def test_a_task_table_ingested_after_a_report_relinks_the_report(tmp_path, corpus_files):
    table = next(p for p in corpus_files if p.name.startswith("003_"))
    report = next(p for p in corpus_files if p.name.startswith("000_"))
    one, split = tmp_path / "one", tmp_path / "split"
    run("ingest", str(report), str(table), store=one)
    run("ingest", str(report), store=split)
    err = run("ingest", str(table), store=split).stderr
    assert f"relinked {report.name}" in err, err
    assert "note" not in err and "again" not in err
    assert run("export", store=split).stdout == run("export", store=one).stdout
    assert "relinked" not in run("ingest", str(table), store=split).stderr
