"""`policykg extract` as a user runs it: good files go through, bad ones are named with their cause."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CLI = Path(sys.executable).with_name("policykg")
REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=300, check=False)


def test_samples_extract_cleanly_with_facts():
    out = _run("extract", *map(str, sorted(SAMPLES.glob("0*"))), "--json")
    assert out.returncode == 0, out.stderr
    facts = json.loads(out.stdout)
    assert len(facts["documents"]) == 3
    assert {d["encoding"] for d in facts["documents"]} >= {"big5"}
    names = {p["name"] for p in facts["projects"]}
    assert any("望坛" in n for n in names), names
    assert facts["errors"] == []


def test_bad_files_are_named_and_the_rest_still_go_through(tmp_path):
    good = SAMPLES / "01_work_report_summary.txt"
    binary = tmp_path / "image.bin"
    binary.write_bytes(bytes(range(256)) * 40)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    truncated = tmp_path / "truncated.txt"
    truncated.write_bytes("东城区推进望坛项目建设".encode() + "区".encode()[:2])

    out = _run("extract", str(binary), str(good), str(empty), str(truncated), "--json")
    assert out.returncode == 1
    facts = json.loads(out.stdout)
    assert [d["file"] for d in facts["documents"]] == [good.name]
    failed = {Path(e["path"]).name: e["cause"] for e in facts["errors"]}
    assert set(failed) == {"image.bin", "empty.txt", "truncated.txt"}
    for name in failed:
        assert name in out.stderr
    assert "empty" in failed["empty.txt"].lower()
    assert "utf-8" in failed["truncated.txt"].lower()


def test_help_shows_examples():
    out = _run("--help")
    assert out.returncode == 0
    assert "policykg extract" in out.stdout and "policykg viz" in out.stdout


def test_a_curated_merge_folds_two_names_into_one_project_on_the_next_run(tmp_path):
    """`policykg merge` keeps a person's decision; the next extract applies it."""
    import os

    env = {**os.environ, "POLICYKG_MERGES": str(tmp_path / "merges.yaml")}
    samples = [str(p) for p in sorted((REPO / "samples").glob("*")) if p.suffix in (".txt", ".tsv")]

    def projects() -> dict[str, list[str]]:
        out = subprocess.run([str(CLI), "extract", *samples, "--json"], capture_output=True, text=True,
                             check=True, env=env, timeout=300)
        return {p["name"]: p["aliases"] for p in json.loads(out.stdout)["projects"]}

    before = projects()
    assert "隆福寺二期" in before and "隆福寺文化街区" in before
    done = subprocess.run([str(CLI), "merge", "隆福寺文化街区", "隆福寺二期", "--label", "Project"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "隆福寺二期 → 隆福寺文化街区" in done.stdout
    after = projects()
    assert "隆福寺二期" not in after and "隆福寺二期" in after["隆福寺文化街区"]
    listed = subprocess.run([str(CLI), "merge", "--list"], capture_output=True, text=True, env=env,
                            timeout=60)
    assert "隆福寺文化街区" in listed.stdout
    bad = subprocess.run([str(CLI), "merge", "x", "y", "--label", "Thing"], capture_output=True, text=True,
                         env=env, timeout=60)
    assert bad.returncode == 2 and "--label" in bad.stderr
    # the repository's own merges file is untouched
    assert "merges: []" in (REPO / "ingest" / "registry" / "merges.yaml").read_text(encoding="utf-8")
