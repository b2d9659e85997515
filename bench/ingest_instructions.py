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

    .venv/bin/python bench/ingest_instructions.py --phases [REV ...]

counts every phase of a run the same way, each as the difference of two runs that stop before
and after it (seven runs per revision, two at a time): the serial start (the ingest modules, the
registry, the tokenizer's cache, the institutions' pattern), the first document (patterns compiled
on first use), the 33 documents, the cross-document step over them, and the merge and JSON.
"""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from concurrent.futures import ThreadPoolExecutor
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

# the phases of a run: each stops after its phase (--phases)
_PHASES_RUN = r"""
import sys, glob
sys.path.insert(0, sys.argv[2])
stop = sys.argv[1]
from ingest import link, parallel, pipeline
from ingest.registry import Registry
if stop == "imports":
    raise SystemExit
registry = Registry.load()
parallel._warm()
registry.institution_pattern()
if stop == "start":
    raise SystemExit
shared = sys.argv[3]
paths = sorted(glob.glob(shared + "/corpus/*.txt")) + sorted(glob.glob(shared + "/dev/docs/*.txt"))
parallel.run_jobs([parallel.DocumentJob(0, paths[0])], registry, 1)
if stop == "first":
    raise SystemExit
outcomes = parallel.run_jobs([parallel.DocumentJob(i, p) for i, p in enumerate(paths)], registry, 1)
if stop == "documents":
    raise SystemExit
docs = []
for o in outcomes:
    pipeline._rename_projects(o.facts, registry.adopt(o.discovered))
    docs.append(o.facts)
link.link_documents(docs, registry, ())
if stop == "link":
    raise SystemExit
from ingest.jsonout import dumps
text = dumps(pipeline.RunResult(documents=docs).facts().to_json())
"""
_STOPS = ("bare", "imports", "start", "first", "documents", "link", "json")
_PHASE_NAMES = {
    "imports": "ingest modules imported",
    "start": "registry, tokenizer cache, institutions' pattern (serial start)",
    "first": "first document (patterns compiled on first use)",
    "documents": "the 33 documents extracted",
    "link": "cross-document step (link_documents)",
    "json": "merge + JSON text",
}


def _instructions(mode: str, tree: Path, script: str = _RUN) -> int:
    if mode == "bare":  # the interpreter alone
        script = "import sys"
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", script,
         mode, str(tree), str(REPO.parent / "shared")],
        capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    return int(re.search(r"Collected : (\d+)", out.stderr).group(1))


def _phases(tree: Path) -> dict[str, int]:
    """Instructions of each phase: the run that stops after it minus the run that stops before."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        counts = dict(zip(_STOPS, pool.map(lambda stop: _instructions(stop, tree, _PHASES_RUN), _STOPS),
                          strict=True))
    return {stop: counts[stop] - counts[before] for before, stop in itertools.pairwise(_STOPS)}


def _export(rev: str, tmp: str) -> Path:
    tree = Path(tmp) / rev.replace("/", "_")
    archive = subprocess.run(["git", "archive", rev, "ingest"], cwd=REPO, capture_output=True,
                             check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(tree, filter="data")
    return tree


def _print_phases(revisions: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="policykg-instructions-") as tmp:
        results = [(rev, _phases(_export(rev, tmp))) for rev in revisions]
    print("| phase, million instructions | " + " | ".join(rev for rev, _ in results) + " |")
    print("|---|" + "---:|" * len(results))
    for stop, name in _PHASE_NAMES.items():
        base = results[0][1][stop]
        cells = [f"{r[stop] / 1e6:,.0f}" + (f" ({r[stop] / base - 1:+.1%})" if i else "")
                 for i, (_, r) in enumerate(results)]
        print(f"| {name} | " + " | ".join(cells) + " |")
    totals = [sum(r.values()) for _, r in results]
    cells = [f"**{t / 1e6:,.0f}**" + (f" ({t / totals[0] - 1:+.1%})" if i else "")
             for i, t in enumerate(totals)]
    print("| **total** | " + " | ".join(cells) + " |")
    return 0


def main() -> int:
    args = sys.argv[1:]
    if "--phases" in args:
        return _print_phases([a for a in args if a != "--phases"] or ["main", "HEAD"])
    revisions = args or ["main", "HEAD"]
    rows = []
    with tempfile.TemporaryDirectory(prefix="policykg-instructions-") as tmp:
        for rev in revisions:
            tree = _export(rev, tmp)
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
