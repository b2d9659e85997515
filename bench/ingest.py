"""Ingest throughput: end-to-end ``policykg extract`` beside jieba-only segmentation, same files, same run.

    .venv/bin/python bench/ingest.py [--mb 2] [--rounds 3]

The real text (``../shared/corpus/*.txt`` and ``../shared/dev/docs/*.txt``) is copied under distinct
names into a temporary directory until it holds at least ``--mb`` megabytes. In one run, each
measurement in a fresh subprocess (its peak memory, ru_maxrss, is its own), rounds interleaved so
that a busy machine slows every row alike; the figures are the best of the rounds:

* **jieba.lcut**: the global jieba tokenizer over every file's text in one process, one core,
  dictionary loaded beforehand (the reference: segmentation alone, nothing else);
* **pipeline, one core, in process**: ``extract_paths(jobs=1)`` after a warm-up document, start-up
  excluded: the throughput per core;
* **policykg extract --jobs N**: the CLI process end to end (start-up, jieba's dictionary, every
  worker, the cross-document step and the JSON written to /dev/null), N = 1 and every core.

Prints the figures and rewrites the "ingest" section of bench/RESULTS.md. The issue's target:
end-to-end ``policykg extract`` (every core) ≥ 1.0× single-core ``jieba.lcut``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from results import write_section  # noqa: E402

SHARED = REPO.parent / "shared"
CORPUS = Path(os.environ.get("POLICYKG_CORPUS", SHARED / "corpus"))
DEV = SHARED / "dev" / "docs"
CLI = Path(sys.executable).parent / "policykg"

_WORKER = r"""
import json, resource, sys, time
mode, paths = sys.argv[1], sys.argv[2:]
if mode == "jieba":
    import jieba
    from ingest.read import read_document
    jieba.initialize()
    texts = [read_document(p).text for p in paths]
    t0 = time.perf_counter()
    items = sum(len(jieba.lcut(t)) for t in texts)
    elapsed = time.perf_counter() - t0
else:
    from ingest.pipeline import extract_paths
    from ingest.extract.tokens import tokenizer
    tokenizer()
    extract_paths(paths[:1])  # warm-up: regexes compiled on first use
    t0 = time.perf_counter()
    result = extract_paths(paths, jobs=1)  # a run of its own: nothing from the warm-up
    elapsed = time.perf_counter() - t0
    items = sum(len(d.metrics) + len(d.events) for d in result.documents)
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"elapsed": elapsed, "rss_mb": rss_mb, "items": items}))
"""


def _in_process(mode: str, paths: list[Path]) -> dict:
    out = subprocess.run([sys.executable, "-c", _WORKER, mode, *map(str, paths)],
                         capture_output=True, text=True, check=True, cwd=REPO)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _cli(paths: list[Path], jobs: int) -> dict:
    """``policykg extract --json`` as a user runs it: wall time of the whole process tree."""
    before = os.times()
    t0 = time.perf_counter()
    subprocess.run([str(CLI), "extract", *map(str, paths), "--json", "--quiet", "--jobs", str(jobs)],
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True, cwd=REPO)
    elapsed = time.perf_counter() - t0
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return {"elapsed": elapsed, "cpu": cpu}


def _copies(tmp: Path, sources: list[Path], mb: float) -> list[Path]:
    unit = sum(p.stat().st_size for p in sources)
    copies = max(1, int(-(-mb * 1e6 // unit)))
    paths = []
    for i in range(copies):
        for src in sources:
            dst = tmp / f"{i:03d}_{src.name}"  # distinct names: distinct documents
            shutil.copyfile(src, dst)
            paths.append(dst)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=2.0, help="text to reach, in MB (default 2)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every measurement (best kept)")
    args = parser.parse_args()

    sources = sorted(CORPUS.glob("*.txt")) + sorted(DEV.glob("*.txt"))
    if not sources:
        print(f"no text found under {CORPUS} and {DEV}", file=sys.stderr)
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    rows: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory(prefix="policykg-bench-") as tmp:
        paths = _copies(Path(tmp), sources, args.mb)
        size_mb = sum(p.stat().st_size for p in paths) / 1e6
        for _ in range(args.rounds):
            rows.setdefault("jieba", []).append(_in_process("jieba", paths))
            rows.setdefault("pipeline", []).append(_in_process("pipeline", paths))
            rows.setdefault("cli1", []).append(_cli(paths, 1))
            rows.setdefault("cliN", []).append(_cli(paths, cores))
    best = {k: min(v, key=lambda r: r["elapsed"]) for k, v in rows.items()}
    jieba_s = best["jieba"]["elapsed"]

    def line(label: str, key: str, rss: bool = False) -> str:
        r = best[key]
        extra = f"{r['rss_mb']:.0f}" if rss else f"{r['cpu']:.1f} s CPU"
        return (f"| {label} | {r['elapsed']:.2f} | {size_mb / r['elapsed']:.3f} | "
                f"**{jieba_s / r['elapsed']:.2f}×** | {extra} |")

    lines = [
        f"text: {len(sources)} real files (../shared/corpus, ../shared/dev/docs) copied to "
        f"{len(paths)} files = {size_mb:.2f} MB; {cores} cores; best of {args.rounds} interleaved rounds "
        f"(all rounds, seconds: " + "; ".join(
            f"{k} " + "/".join(f"{r['elapsed']:.1f}" for r in v) for k, v in rows.items()) + ")",
        "",
        "| run | seconds | MB/s | × jieba.lcut | peak RSS (MB) / CPU |",
        "|---|---:|---:|---:|---:|",
        line("jieba.lcut only, one core (reference)", "jieba", rss=True),
        line("pipeline, one core, in process (start-up excluded)", "pipeline", rss=True),
        line("`policykg extract --json --jobs 1`, end to end", "cli1"),
        line(f"`policykg extract --json --jobs {cores}`, end to end", "cliN"),
        "",
        f"**end-to-end `policykg extract` ({cores} cores) / single-core jieba.lcut = "
        f"{jieba_s / best['cliN']['elapsed']:.2f}×** (target ≥ 1.0)",
        "",
        "Command: `.venv/bin/python bench/ingest.py --mb " + f"{args.mb:g}`",
    ]
    print("\n".join(lines))
    write_section("ingest", "Ingest throughput (`bench/ingest.py`)", "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
