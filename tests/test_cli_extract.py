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


def test_extract_with_a_manifest_dates_relative_time_and_carries_the_metadata(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    # two pages we wrote: one says only 今年 and 3月29日, the other has no date at all
    (docs / "a.txt").write_text(
        "星河湾棚改项目正式启动\n"
        "本报讯 3月29日，星河湾棚改项目正式启动签约。今年，该项目计划完成签约800户。\n"
        "星河湾棚改项目总用地面积约30公顷。\n", encoding="utf-8")
    (docs / "b.txt").write_text("去年，月亮湾危改项目完成回迁1200户。\n", encoding="utf-8")
    manifest = docs / "manifest.csv"
    manifest.write_text(
        "file,date,title,url,publisher,district,outlet\n"
        "a.txt,2031-04-02,星河湾棚改项目正式启动,http://example.org/a,某日报,某山区,原创\n"
        "b.txt,2032-06,,http://example.org/b,某网,某水区,\n", encoding="utf-8")

    out = _run("extract", str(docs / "a.txt"), str(docs / "b.txt"), "--manifest", str(manifest), "--json")
    assert out.returncode == 0, out.stderr
    facts = json.loads(out.stdout)
    meta = {d["file"]: d for d in facts["documents"]}
    assert meta["a.txt"]["date"] == "2031-04-02" and meta["a.txt"]["url"] == "http://example.org/a"
    assert meta["a.txt"]["publisher"] == "某日报" and meta["a.txt"]["district"] == "某山区"
    assert meta["a.txt"]["properties"] == {"outlet": "原创"}
    assert meta["b.txt"]["date"] == "2032-06" and meta["b.txt"]["district"] == "某水区"
    years = {(m["source"]["doc"], m["value"]): m["year"] for m in facts["metrics"]}
    assert years[("a.txt", 800)] == 2031
    assert years[("a.txt", 30)] == 2031
    assert years[("b.txt", 1200)] == 2031  # 去年 of a page printed in 2032
    text = (docs / "a.txt").read_text(encoding="utf-8")
    for m in facts["metrics"]:
        if m["source"]["doc"] == "a.txt":
            assert text[m["source"]["start"]:m["source"]["end"]] == m["source"]["evidence"]

    without = json.loads(_run("extract", str(docs / "b.txt"), "--json").stdout)
    assert without["documents"][0]["date"] is None and without["metrics"] == []  # nothing dates it


def test_a_malformed_manifest_is_a_usage_error_naming_the_line(tmp_path):
    page = tmp_path / "a.txt"
    page.write_text("今年完成改造100户。\n", encoding="utf-8")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,date\na.txt,yesterday\n", encoding="utf-8")
    out = _run("extract", str(page), "--manifest", str(manifest), "--json")
    assert out.returncode == 2
    assert "manifest.csv" in out.stderr and "line 2" in out.stderr
