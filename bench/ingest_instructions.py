"""Instructions extraction costs, counted by valgrind: a measure a busy machine does not move.

    .venv/bin/python bench/ingest_instructions.py [REV ...]      (default: main HEAD)

Wall and CPU times of ``bench/ingest.py`` move by tens of percent when other processes share the
cores; the instructions a run executes do not (the same to a few in ten thousand from run to run,
with ``PYTHONHASHSEED=0``). For each git revision, its ``ingest/`` is exported to a temporary
directory and run under ``valgrind --tool=callgrind`` twice: a warm-up alone (imports, registry,
tokenizer, one document), then the warm-up followed by the 33 real files (../shared/corpus and
../shared/dev/docs, each once: distinct texts, no copies) extracted in one process. The
difference is the extraction's cost. Needs ``valgrind`` on the PATH; takes about a minute per
revision (valgrind runs Python some 30 times slower). Printed, not written to bench/RESULTS.md.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_RUN = r"""
import sys, glob
sys.path.insert(0, sys.argv[2])
from ingest import parallel
from ingest.registry import Registry
shared = sys.argv[3]
paths = sorted(glob.glob(shared + "/corpus/*.txt")) + sorted(glob.glob(shared + "/dev/docs/*.txt"))
registry = Registry.load()
parallel._warm()
parallel.run_jobs([parallel.DocumentJob(0, paths[0])], registry, 1)
if sys.argv[1] == "run":
    parallel.run_jobs([parallel.DocumentJob(i, p) for i, p in enumerate(paths)], registry, 1)
"""


def _instructions(mode: str, tree: Path) -> int:
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", _RUN,
         mode, str(tree), str(REPO.parent / "shared")],
        capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    return int(re.search(r"Collected : (\d+)", out.stderr).group(1))


def main() -> int:
    revisions = sys.argv[1:] or ["main", "HEAD"]
    rows = []
    with tempfile.TemporaryDirectory(prefix="policykg-instructions-") as tmp:
        for rev in revisions:
            tree = Path(tmp) / rev.replace("/", "_")
            archive = subprocess.run(["git", "archive", rev, "ingest"], cwd=REPO, capture_output=True,
                                     check=True).stdout
            with tarfile.open(fileobj=BytesIO(archive)) as tar:
                tar.extractall(tree, filter="data")
            cost = _instructions("run", tree) - _instructions("warm", tree)
            rows.append((rev, cost))
    base = rows[0][1]
    print("| revision | extraction, million instructions | × first |")
    print("|---|---:|---:|")
    for rev, cost in rows:
        print(f"| {rev} | {cost / 1e6:,.0f} | {cost / base:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
