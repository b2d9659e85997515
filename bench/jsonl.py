"""Beyond one process: ``extract --jsonl`` (one process, every core, Dask), ``load`` beside ``ingest``,
and the store server's memory per 1,000 real documents. Same files, one run.

    .venv/bin/python bench/jsonl.py [--copies 9] [--rounds 2] [--no-write]

The real text (``../shared/corpus/*.txt`` and ``../shared/dev/docs/*.txt``) is copied ``--copies``
times, each copy a distinct document (its own name and a last line of its own, so that no copy
is a duplicate of another). Each command runs as a user runs it (the CLI, wall time of the whole
process tree), rounds interleaved, best kept; ratios are against ``policykg extract --json
--jobs 1`` on the same files in the same run:

* ``extract --jsonl`` with ``--jobs 1``, every core, and ``--dask local:N`` (N = every core; a
  local cluster started and stopped by the command) when Dask is installed;
* ``ingest`` (every core) and ``load`` of the jsonl, each into a fresh embedded store;
* memory: the FalkorDB server's RSS once a store holding the documents is opened again (the
  server started fresh, the graph read from disk), minus that of an empty store, per 1,000
  documents; and the same after loading half the documents, so that the figure is a slope.

Prints the figures and rewrites the "jsonl" section of bench/RESULTS.md (unless --no-write).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
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


def _run(*args: str) -> float:
    """Wall seconds of one CLI command (its whole process tree)."""
    t0 = time.perf_counter()
    subprocess.run(
        [str(CLI), *args, "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True, cwd=REPO
    )
    return time.perf_counter() - t0


def _copies(tmp: Path, sources: list[Path], copies: int) -> list[Path]:
    paths = []
    for i in range(copies):
        for src in sources:
            dst = tmp / f"{i:03d}_{src.name}"
            dst.write_bytes(src.read_bytes() + f"\n（本件为第{i + 1}份抄送件。）\n".encode())
            paths.append(dst)
    return paths


def _server_rss_mb(store_dir: Path) -> float:
    """RSS of the store's server, started fresh on what ``store_dir`` holds (the graph loaded)."""
    code = (
        "import sys, psutil\n"
        "from graph import open_store\n"
        "with open_store(f'falkordb:{sys.argv[1]}') as s:\n"
        "    s.stats()\n"
        "    print(psutil.Process(s.server.pid()).memory_info().rss / 2**20)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(store_dir)], capture_output=True, text=True, check=True, cwd=REPO
    )
    return float(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--copies", type=int, default=9, help="copies of the real text (default 9)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of every timing (best kept)")
    parser.add_argument("--no-write", action="store_true", help="do not touch bench/RESULTS.md")
    args = parser.parse_args()
    sources = sorted(CORPUS.glob("*.txt")) + sorted(DEV.glob("*.txt"))
    if not sources:
        print(f"no text found under {CORPUS} and {DEV}", file=sys.stderr)
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    dask = importlib.util.find_spec("distributed") is not None
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="policykg-bench-jsonl-") as tmp_name:
        tmp = Path(tmp_name)
        docs = tmp / "docs"
        docs.mkdir()
        paths = [str(p) for p in _copies(docs, sources, args.copies)]
        size_mb = sum(Path(p).stat().st_size for p in paths) / 1e6
        jsonl = tmp / "facts.jsonl"
        for r in range(args.rounds):
            times.setdefault("json1", []).append(_run("extract", *paths, "--json", "--jobs", "1"))
            times.setdefault("jsonl1", []).append(
                _run("extract", *paths, "--jsonl", "--jobs", "1", "-o", str(jsonl))
            )
            times.setdefault("jsonlN", []).append(
                _run("extract", *paths, "--jsonl", "--jobs", str(cores), "-o", str(jsonl))
            )
            if dask:
                times.setdefault("dask", []).append(
                    _run("extract", *paths, "--jsonl", "--dask", f"local:{cores}", "-o", str(jsonl))
                )
            times.setdefault("ingest", []).append(
                _run("ingest", *paths, "--jobs", str(cores), "--store", f"falkordb:{tmp / f'ingest{r}'}")
            )
            times.setdefault("load", []).append(
                _run("load", str(jsonl), "--store", f"falkordb:{tmp / f'load{r}'}")
            )
        jsonl_mb = jsonl.stat().st_size / 1e6
        half = tmp / "half.jsonl"
        lines = jsonl.read_text(encoding="utf-8").splitlines(keepends=True)
        half.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
        _run("load", str(half), "--store", f"falkordb:{tmp / 'half'}")
        rss_empty = _server_rss_mb(tmp / "empty")
        rss_half = _server_rss_mb(tmp / "half")
        rss_full = _server_rss_mb(tmp / "load0")
        n_half, n_full = len(lines) // 2, len(lines)
    best = {k: min(v) for k, v in times.items()}
    ref = best["json1"]

    def row(label: str, key: str) -> str:
        return f"| {label} | {best[key]:.2f} | {size_mb / best[key]:.3f} | **{ref / best[key]:.2f}×** |"

    slope = (rss_full - rss_half) / (n_full - n_half) * 1000
    body = "\n".join(
        [
            f"text: {len(sources)} real files copied {args.copies}× = {len(paths)} distinct documents, "
            f"{size_mb:.2f} MB; jsonl {jsonl_mb:.1f} MB ({jsonl_mb / size_mb:.1f}× the text); {cores} cores; "
            f"best of {args.rounds} interleaved rounds (seconds: "
            + "; ".join(f"{k} " + "/".join(f"{t:.1f}" for t in v) for k, v in times.items())
            + ")",
            "",
            "| command (end to end) | seconds | MB/s | × `extract --json --jobs 1` |",
            "|---|---:|---:|---:|",
            row("`policykg extract --json --jobs 1` (reference)", "json1"),
            row("`policykg extract --jsonl --jobs 1`", "jsonl1"),
            row(f"`policykg extract --jsonl --jobs {cores}`", "jsonlN"),
            *([row(f"`policykg extract --jsonl --dask local:{cores}`", "dask")] if dask else []),
            row(f"`policykg ingest --jobs {cores}` (fresh store)", "ingest"),
            row("`policykg load` of the jsonl (fresh store)", "load"),
            "",
            f"Store server RSS, started fresh on the stored graph: empty {rss_empty:.0f} MB, "
            f"{n_half} documents {rss_half:.0f} MB, {n_full} documents {rss_full:.0f} MB: "
            f"**{slope:.0f} MB per 1,000 documents** (slope between the two; "
            f"{(rss_full - rss_empty) / n_full * 1000:.0f} MB per 1,000 from empty).",
            "",
            f"Command: `.venv/bin/python bench/jsonl.py --copies {args.copies} --rounds {args.rounds}`",
        ]
    )
    print(body)
    if not args.no_write:
        write_section("jsonl", "jsonl, Dask and load (`bench/jsonl.py`)", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
