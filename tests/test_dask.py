"""Extraction on Dask (``ingest/distributed.py``): a local cluster of two worker processes writes the
very bytes ``policykg extract --jsonl`` writes in one process.

Skipped when Dask is not installed (the ``[dask]`` extra; ``make test`` installs it with ``[dev]``).
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

distributed = pytest.importorskip("dask.distributed", reason="Dask is not installed: pip install '.[dask]'")

from ingest.distributed import extract_jsonl_dask, extract_one  # noqa: E402
from ingest.jsonl import extract_lines  # noqa: E402
from ingest.manifest import load_manifest  # noqa: E402

CLI = Path(sys.executable).with_name("policykg")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with cluster, distributed.Client(cluster) as client:
        yield client


@pytest.mark.timeout(600)
def test_two_dask_workers_write_the_bytes_of_one_process(client, corpus_files, dev_dir):
    files = [*map(str, corpus_files), *sorted(map(str, (dev_dir / "docs").glob("*.txt")))]
    manifest = load_manifest(dev_dir / "manifest.csv")
    one = io.StringIO()
    local = extract_lines(files, one, manifest, jobs=1)
    on_cluster = io.StringIO()
    finished: list[str] = []
    run = extract_jsonl_dask(files, on_cluster, client, manifest, lambda path, _e: finished.append(path))
    assert run.written == local.written == len(files) and not run.errors
    assert on_cluster.getvalue().encode() == one.getvalue().encode()
    assert sorted(finished) == sorted(files)
    # two workers, each extracted documents (each loaded its registry once)
    loaded = client.run(lambda: __import__("ingest.distributed").distributed._registry.cache_info().currsize)
    assert sorted(loaded.values()) == [1, 1]


def test_a_document_that_fails_on_a_worker_is_named(client, tmp_path):
    good = tmp_path / "a.txt"
    text = "政府工作报告\n\n2024年工作回顾\n\n启动雾凇湾项目建设，由区住建委负责。\n"
    good.write_text(text, encoding="utf-8")
    empty = tmp_path / "b.txt"
    empty.write_bytes(b"")
    out = io.StringIO()
    run = extract_jsonl_dask([str(good), str(empty), str(tmp_path / "gone.txt")], out, client)
    assert run.written == 1 and out.getvalue().count("\n") == 1
    assert [Path(p).name for p, _cause in run.errors] == ["b.txt", "gone.txt"]
    # what a worker runs is a plain function: the same line in this process
    index, line, cause = extract_one(0, "a.txt", good.read_bytes(), None)
    assert (index, cause) == (0, None) and line + "\n" == out.getvalue()


@pytest.mark.timeout(600)
def test_the_cli_runs_on_a_local_cluster(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for i, text in enumerate(
        (
            "政府工作报告\n\n2025年工作回顾\n\n雾凇湾回迁楼全部交付，晨光里完成验收。\n",
            "区政府工作要点\n\n2025年，推进月桂坊项目开工，完成雾凇湾项目收尾。\n",
        )
    ):
        (docs / f"{i}.txt").write_text(text, encoding="utf-8")
    run = [str(CLI), "extract", str(docs), "--jsonl", "-q"]
    dask = subprocess.run(
        [*run, "--dask", "local:2", "-o", str(tmp_path / "d.jsonl")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert dask.returncode == 0, dask.stderr
    one = subprocess.run([*run, "--jobs", "1"], capture_output=True, text=True, timeout=600)
    assert (tmp_path / "d.jsonl").read_text(encoding="utf-8") == one.stdout
    bad = subprocess.run([*run, "--dask", "local:x"], capture_output=True, text=True, timeout=600)
    assert bad.returncode == 2 and "local:N" in bad.stderr
