#!/usr/bin/env python3
"""Gold scores per set and per district, as docs/quality.md reports them.

usage: .venv/bin/python tools/quality.py [--json] [--shared ../shared]

Runs ``policykg extract`` (as a user would: the CLI, one run per set) over

* the seeds (``shared/corpus/*.txt``, scored against ``shared/gold/gold_seeds.json``), and
* the development pages (``shared/dev/docs/*.txt`` with ``shared/dev/manifest.csv``, scored
  against ``shared/dev/gold/*.json``),

then scores each set with the shared scorer (``shared/gold/score.py --stages``) as a whole and per
district (the manifest's ``district`` column; the seeds are one district's documents). Prints a
Markdown table (or JSON with ``--json``).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RECORDS = ("projects", "bureaus", "ownership", "events", "events+stage", "metrics")


def load_scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("gold_score", shared / "gold" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def extract(files: list[Path], manifest: Path | None) -> tuple[dict, float]:
    cli = Path(sys.executable).with_name("policykg")
    args = [str(cli), "extract", *map(str, files), "--json", "--quiet"]
    if manifest is not None:
        args += ["--manifest", str(manifest)]
    started = time.perf_counter()
    out = subprocess.run(args, capture_output=True, text=True, check=False, timeout=900)
    if out.returncode != 0:
        raise SystemExit(f"policykg extract failed ({out.returncode}): {out.stderr[-2000:]}")
    return json.loads(out.stdout), time.perf_counter() - started


def only_docs(facts: dict, docs: set[str]) -> dict:
    """The facts of some documents: entities are kept when a mention comes from one of them."""
    def of_docs(record: dict) -> bool:
        return (record.get("source") or {}).get("doc") in docs

    out = {k: [r for r in v if of_docs(r)] for k, v in facts.items()
           if k in ("ownership", "events", "metrics", "tasks")}
    # entities carry no source in the facts: keep those named by a fact or an evidence of the docs
    names = {r.get("project") for r in out["ownership"] + out["events"]}
    names |= {r.get("bureau") for r in out["ownership"]}
    evidence = "".join((r.get("source") or {}).get("evidence", "") for k in out for r in out[k])
    for kind in ("projects", "bureaus"):
        out[kind] = [e for e in facts.get(kind, [])
                     if e["name"] in names or any(a and a in evidence for a in [e["name"], *e["aliases"]])]
    return out


def score_set(scorer, facts: dict, gold_files: list[Path], groups: dict[str, set[str]]) -> dict:
    gold = scorer.load_gold([str(p) for p in gold_files])
    result = {"all": scorer.score(facts, gold, set(), stages=True)}
    doc_of = {p: json.loads(p.read_text(encoding="utf-8")).get("doc") for p in gold_files}
    for group, docs in sorted(groups.items()):
        sub_gold = scorer.load_gold([str(p) for p in gold_files if doc_of[p] in docs])
        result[group] = scorer.score(only_docs(facts, docs), sub_gold, docs, stages=True)
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    shared = args.shared.resolve()
    scorer = load_scorer(shared)
    report: dict[str, dict] = {}

    seeds = sorted((shared / "corpus").glob("*.txt"))
    facts, took = extract(seeds, None)
    report["seeds"] = {"seconds": round(took, 2),
                       "scores": score_set(scorer, facts, [shared / "gold" / "gold_seeds.json"], {})}

    manifest = shared / "dev" / "manifest.csv"
    dev = sorted((shared / "dev" / "docs").glob("*.txt"))
    by_district: dict[str, set[str]] = defaultdict(set)
    with manifest.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            by_district[row.get("district") or "?"].add(row["file"])
    facts, took = extract(dev, manifest)
    report["dev"] = {"seconds": round(took, 2),
                     "scores": score_set(scorer, facts, sorted((shared / "dev" / "gold").glob("*.json")),
                                         dict(by_district))}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    print("| set | group | " + " | ".join(f"{r} P / R" for r in RECORDS) + " |")
    print("|---|---|" + "---:|" * len(RECORDS))
    for name, entry in report.items():
        for group, scores in entry["scores"].items():
            cells = []
            for r in RECORDS:
                s = scores.get(r)
                cells.append("–" if not s or not s["gold"] else f"{s['precision']:.2f} / {s['recall']:.2f}")
            print(f"| {name} | {group} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
