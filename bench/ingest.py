"""Ingest throughput: the whole extract pipeline beside jieba-only segmentation, same text, same run.

    .venv/bin/python bench/ingest.py [--mb 5]

The corpus is repeated until it holds at least ``--mb`` megabytes (copies of each file under a
temporary directory). Each measurement runs in a fresh subprocess so that its peak memory
(ru_maxrss) is its own. Prints the figures and rewrites the "ingest" section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from results import write_section  # noqa: E402

CORPUS = Path(os.environ.get("POLICYKG_CORPUS", REPO.parent / "shared" / "corpus"))

_WORKER = r"""
import json, resource, sys, time
from pathlib import Path
mode, paths = sys.argv[1], sys.argv[2:]
if mode == "jieba":
    import jieba
    from ingest.read import read_document
    jieba.initialize()
    texts = [read_document(p).text for p in paths]
    t0 = time.perf_counter()
    tokens = sum(len(jieba.lcut(t)) for t in texts)
    elapsed = time.perf_counter() - t0
else:
    from ingest.pipeline import extract_paths
    from ingest.registry import Registry
    import ingest.extract.document  # noqa: F401  (import cost is not throughput)
    extract_paths(paths[:1], Registry.load())  # warm-up: jieba's dictionary, regexes
    t0 = time.perf_counter()
    result = extract_paths(paths, Registry.load())  # a run of its own: nothing from the warm-up
    elapsed = time.perf_counter() - t0
    tokens = sum(len(d.metrics) + len(d.events) for d in result.documents)
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"elapsed": elapsed, "rss_mb": rss_mb, "items": tokens}))
"""


def _run(mode: str, paths: list[Path]) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _WORKER, mode, *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size to reach, in MB")
    args = parser.parse_args()

    sources = sorted(CORPUS.glob("*.txt"))
    if not sources:
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 1
    unit = sum(p.stat().st_size for p in sources)
    copies = max(1, int(-(-args.mb * 1e6 // unit)))
    with tempfile.TemporaryDirectory(prefix="policykg-bench-") as tmp:
        paths = []
        for i in range(copies):
            for src in sources:
                dst = Path(tmp) / f"{i:03d}_{src.name}"
                shutil.copyfile(src, dst)
                paths.append(dst)
        size_mb = sum(p.stat().st_size for p in paths) / 1e6
        jieba_run = _run("jieba", paths)
        pipeline_run = _run("pipeline", paths)

    jieba_mbs = size_mb / jieba_run["elapsed"]
    pipe_mbs = size_mb / pipeline_run["elapsed"]
    ratio = pipe_mbs / jieba_mbs
    lines = [
        f"corpus: {len(sources)} files × {copies} copies = {size_mb:.2f} MB",
        "",
        "| run | seconds | MB/s | peak RSS (MB) |",
        "|---|---:|---:|---:|",
        f"| jieba.lcut only | {jieba_run['elapsed']:.2f} | {jieba_mbs:.3f} | {jieba_run['rss_mb']:.0f} |",
        f"| policykg extract pipeline | {pipeline_run['elapsed']:.2f} | {pipe_mbs:.3f} | "
        f"{pipeline_run['rss_mb']:.0f} |",
        "",
        f"**ratio pipeline / jieba = {ratio:.2f}** (target ≥ 0.5)",
    ]
    print("\n".join(lines))
    write_section("ingest", "Ingest throughput (`bench/ingest.py`)", "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
