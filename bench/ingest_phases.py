"""Where the time of ``policykg extract --json --jobs N`` goes, phase by phase, in one process.

    .venv/bin/python bench/ingest_phases.py [--mb 2] [--jobs 2] [--rounds 2]

The same text as ``bench/ingest.py`` (the real files copied under distinct names to ``--mb``
megabytes). Each round is a fresh subprocess that makes the calls the command makes, in its order
(imports, the tokenizer, the pool, the registry's adoption, the cross-document step, merge, JSON),
and prints each phase's wall time and the parent's CPU time in it; the pool's row adds the
workers' CPU. Printed, not written to bench/RESULTS.md: docs/scale.md quotes it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from ingest import CORPUS, DEV, _copies  # noqa: E402  (bench/ingest.py: the same text)

_PHASES = r"""
import json, os, sys, time
t0 = time.perf_counter()
rows = []
last = [0.0, time.process_time()]
def phase(name):
    now, cpu = time.perf_counter() - t0, time.process_time()
    rows.append([name, now - last[0], cpu - last[1]])
    last[:] = [now, cpu]
import policykg.cli  # noqa: F401  (typer, rich and every command, as the script imports them)
phase("CLI imports (typer, rich, the commands)")
from ingest import link, parallel, pipeline
from ingest.registry import Registry
phase("ingest imports")
jobs, paths = int(sys.argv[1]), sys.argv[2:]
registry = Registry.load()
parallel._warm()
phase("registry, tokenizer (dictionary + POS table, cache file), worker modules")
work = [parallel.DocumentJob(i, p) for i, p in enumerate(paths)]
outcomes = parallel.run_jobs(work, registry, jobs)
phase("extraction (the pool)")
children = os.times().children_user + os.times().children_system
result = pipeline.RunResult()
for o in outcomes:
    pipeline._rename_projects(o.facts, registry.adopt(o.discovered))
    result.documents.append(o.facts)
phase("adopt the discoveries (path order)")
link.link_documents(result.documents, registry, ())
phase("cross-document step (link_documents)")
facts = result.facts()
from ingest.jsonout import dumps
js = facts.to_json()
phase("merge + plain records")
text = dumps(js)
phase("JSON text")
print(json.dumps({"rows": rows, "children": children}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mb", type=float, default=2.0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    sources = sorted(CORPUS.glob("*.txt")) + sorted(DEV.glob("*.txt"))
    with tempfile.TemporaryDirectory(prefix="policykg-phases-") as tmp:
        paths = _copies(Path(tmp), sources, args.mb)
        size_mb = sum(p.stat().st_size for p in paths) / 1e6
        runs = []
        for _ in range(args.rounds):
            out = subprocess.run(
                [sys.executable, "-c", _PHASES, str(args.jobs), *map(str, paths)],
                capture_output=True,
                text=True,
                check=True,
                cwd=REPO,
            )
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(
        f"{len(paths)} files, {size_mb:.2f} MB, --jobs {args.jobs}; seconds per round (wall / parent CPU)\n"
    )
    print("| phase | " + " | ".join(f"round {i + 1}" for i in range(len(runs))) + " |")
    print("|---|" + "---:|" * len(runs))
    for k, row in enumerate(runs[0]["rows"]):
        cells = []
        for run in runs:
            _, wall, cpu = run["rows"][k]
            extra = f" + workers {run['children']:.2f}" if row[0].startswith("extraction") else ""
            cells.append(f"{wall:.2f} / {cpu:.2f}{extra}")
        print(f"| {row[0]} | " + " | ".join(cells) + " |")
    totals = [sum(r[1] for r in run["rows"]) for run in runs]
    print("| **total (no interpreter start or exit)** | " + " | ".join(f"**{t:.2f}**" for t in totals) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
