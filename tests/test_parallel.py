"""Parallel extraction (`--jobs N`): the same facts whatever N, bad files named, no worker left hanging.

The sentences are our own, the names invented."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import parallel
from ingest.parallel import DocumentJob, DocumentOutcome, run_jobs
from ingest.pipeline import extract_paths
from ingest.registry import Registry

CLI = Path(sys.executable).with_name("policykg")
FORK = "fork" in multiprocessing.get_all_start_methods()

FIRST = "政府工作报告\n\n2024年工作回顾\n\n启动雾凇湾项目建设，由区住建委负责。晨光里片区腾退完成。\n"
SECOND = "政府工作报告\n\n2025年工作回顾\n\n雾凇湾回迁楼全部交付，晨光里完成验收。\n"
THIRD = "区政府工作要点\n\n2025年，推进月桂坊项目开工，完成雾凇湾项目收尾。\n"


def _docs(tmp_path: Path) -> list[Path]:
    paths = []
    for name, text in (("a.txt", FIRST), ("b.txt", SECOND), ("c.txt", THIRD)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _json(result) -> str:
    import json

    return json.dumps(result.facts().to_json(), ensure_ascii=False, sort_keys=False)


def test_the_facts_are_the_same_with_one_two_or_four_processes(tmp_path: Path):
    paths = _docs(tmp_path)
    one = _json(extract_paths(paths, jobs=1))
    assert _json(extract_paths(paths, jobs=2)) == one
    assert _json(extract_paths(paths, jobs=4)) == one


def test_a_document_is_read_the_same_whatever_was_extracted_before_it(tmp_path: Path):
    a, b, _ = _docs(tmp_path)
    registry = Registry.load()
    alone = parallel.extract_job(DocumentJob(0, str(b)), registry)
    parallel.extract_job(DocumentJob(0, str(a)), registry)  # discovers 雾凇湾项目 in a view of its own
    after = parallel.extract_job(DocumentJob(0, str(b)), registry)
    assert registry.canonical("Project", "雾凇湾项目") is None
    assert after.facts == alone.facts


def test_a_name_found_in_another_document_is_still_linked(tmp_path: Path):
    result = extract_paths(_docs(tmp_path), jobs=2)
    second = next(d for d in result.documents if d.document.file == "b.txt")
    assert "雾凇湾项目" in {e.name for e in second.projects}  # the cross-document step runs after the pool


def test_progress_counts_each_document_once_as_it_finishes(tmp_path: Path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    seen: list[tuple[str, bool]] = []
    paths = [*_docs(tmp_path), bad]
    result = extract_paths(paths, jobs=2, on_document=lambda p, facts, err: seen.append((p, err is None)))
    assert sorted(seen) == sorted((str(p), p != bad) for p in paths)
    assert [e.path for e in result.errors] == [str(bad)]
    assert [d.document.file for d in result.documents] == ["a.txt", "b.txt", "c.txt"]  # path order


@pytest.mark.slow
def test_extract_json_is_byte_identical_for_1_2_and_4_jobs(corpus_files: list[Path]):
    outputs = []
    for jobs in ("1", "2", "4"):
        out = subprocess.run([str(CLI), "extract", *map(str, corpus_files), "--json", "--jobs", jobs],
                             capture_output=True, timeout=600, check=False)
        assert out.returncode == 0, out.stderr.decode()
        outputs.append(out.stdout)
    assert outputs[0] == outputs[1] == outputs[2]


def test_cli_names_a_bad_file_and_stores_the_rest_in_parallel(tmp_path: Path):
    bad = tmp_path / "image.bin"
    bad.write_bytes(bytes(range(256)) * 40)
    paths = [*_docs(tmp_path), bad]
    out = subprocess.run([str(CLI), "extract", *map(str, paths), "--json", "--jobs", "2"],
                         capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 1
    assert "image.bin" in out.stderr
    assert '"a.txt"' in out.stdout and '"c.txt"' in out.stdout


# --------------------------------------------------------------------------- a pool that cannot hang


def _slow_or_fast(job: DocumentJob, registry: Registry) -> DocumentOutcome:
    if job.path == "slow":
        time.sleep(60)
    if job.path == "dies":
        import os

        os._exit(3)
    return DocumentOutcome(job.index, job.path, error="fast")


@pytest.mark.skipif(not FORK, reason="the workers inherit the patched function only with fork")
def test_a_stalled_pool_is_stopped_and_its_documents_named(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(parallel, "extract_job", _slow_or_fast)
    jobs = [DocumentJob(0, "fast"), DocumentJob(1, "slow"), DocumentJob(2, "fast")]
    t0 = time.monotonic()
    outcomes = run_jobs(jobs, Registry.load(), workers=2, stall_seconds=2)
    assert time.monotonic() - t0 < 30
    assert [o.path for o in outcomes] == ["fast", "slow", "fast"]
    assert "no result within" in (outcomes[1].error or "")


@pytest.mark.skipif(not FORK, reason="the workers inherit the patched function only with fork")
def test_a_worker_that_dies_fails_its_document_and_the_run_ends(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(parallel, "extract_job", _slow_or_fast)
    jobs = [DocumentJob(0, "dies"), DocumentJob(1, "fast")]
    outcomes = run_jobs(jobs, Registry.load(), workers=2, stall_seconds=20)
    assert outcomes[0].error == "the worker process died"
    assert outcomes[1].error in {"fast", "the worker process died"}


# --------------------------------------------------------------------------- registry views


def test_a_view_discovers_names_of_its_own():
    run = Registry.load()
    run.discover("Project", "青苔巷项目")
    view = run.view()
    view.discover("Project", "松针里项目")
    assert view.canonical("Project", "青苔巷") == "青苔巷项目"  # what the run knew is in the view
    assert run.canonical("Project", "松针里项目") is None  # what the view found is not in the run


_NAMES = st.sampled_from(["青苔巷项目", "青苔巷", "青苔巷工程", "松针里", "松针里项目", "石榴园片区",
                          "石榴園片區"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_NAMES, min_size=1, max_size=4), min_size=1, max_size=4))
def test_adopting_documents_in_order_names_entities_as_one_registry_would(documents: list[list[str]]):
    shared = Registry.load()
    for names in documents:
        for n in names:
            shared.discover("Project", n)
    run = Registry.load()
    for names in documents:
        view = run.view()
        found = {view.discover("Project", n) for n in names}
        renamed = run.adopt(view.known("Project"))
        assert {renamed.get(f, f) for f in found} == {shared.canonical("Project", n) for n in names}
    assert sorted((d.name, sorted(d.aliases)) for d in run.known("Project")) == \
        sorted((d.name, sorted(d.aliases)) for d in shared.known("Project"))


# --------------------------------------------------------------------------- the single-core path


def test_the_part_of_speech_table_is_the_one_jieba_posseg_reads():
    import jieba.posseg

    from ingest.extract.tokens import _word_tags

    assert _word_tags() == jieba.posseg.dt.word_tag_tab


def test_registries_share_the_parsed_yaml_but_not_their_discoveries():
    first = Registry.load()
    first.discover("Project", "青苔巷项目")
    first.add_merge("Project", "松针里项目", ["松针里"])  # in memory only
    second = Registry.load()
    assert second.canonical("Project", "青苔巷项目") is None
    assert second.canonical("Project", "松针里") is None
    assert second.institution_pattern() is first.institution_pattern() or \
        second.institution_pattern().pattern == first.institution_pattern().pattern


def test_the_collector_is_restored_after_runs_in_threads(tmp_path: Path):
    import gc
    import threading

    before = gc.get_threshold()
    paths = _docs(tmp_path)
    threads = [threading.Thread(target=extract_paths, args=(paths,)) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
