"""Every named query on a small and a large store side by side (issue 11): copies of two stored
stores are opened in one process and each query runs alternately on each, so both see the same
machine load; prints the p50 at each size and their ratio, largest to smallest (target ≤ 2).

    .venv/bin/python bench/query_pairs.py --stores SMALL_DIR,LARGE_DIR [--runs 40] [name ...]

The stores are directories written by ``graph.open_store("falkordb:DIR")`` (for instance 100 and
10,000 ``graph.synthetic`` documents, as bench/store.py builds them); they are copied first (the
originals are never opened) and the copies removed at the end. The parameters are bench/store.py's:
the same sample names and, per query, the uid of the resource it reads.

bench/store.py's per-size runs time each size in its own process minutes apart, on a server that
has just written the whole store (its `side by side` column times both sizes in the same minutes,
on the stores it has just written, with these parameters); this one times both sizes in the same
minutes on stores already written, on servers started from their logs (docs/scale.md, "Named
queries on a growing store: third pass"). A query whose answer is larger at the larger size and
that takes a ``limit`` is timed a second time with the limit set to the smaller answer's size at
both (the line ``name (limit N)``): the same page, so the answer's growth is left out and what
the store's size costs is kept. Prints the figures only.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def parameters(store: Any) -> dict[str, dict[str, Any]]:
    """Each named query's parameters on ``store``, as bench/store.py gives them."""
    from graph.synthetic import sample_parameters

    return sample_parameters(store)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stores", required=True, help="SMALL_DIR,LARGE_DIR")
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("names", nargs="*", help="only these queries (default: every named query)")
    args = ap.parse_args()
    from graph import open_store
    from graph.queries import all_named

    small, large = args.stores.split(",")
    tmp = Path(tempfile.mkdtemp(prefix="query-pairs-"))
    stores = {}
    try:
        for key, directory in (("small", small), ("large", large)):
            shutil.copytree(directory, tmp / key, ignore=shutil.ignore_patterns("*.lock", "clients"))
            stores[key] = open_store(f"falkordb:{tmp / key}")
        params = {key: parameters(s) for key, s in stores.items()}
        print(f"{'query':32s} {'p50 small':>10s} {'p50 large':>10s} {'ratio':>7s}  answer")
        for name in args.names or sorted(all_named()):
            sizes = _pair(stores, name, params, args.runs, name)
            takes_limit = any(p.name == "limit" for p in all_named()[name].params)
            if takes_limit and 0 < sizes["small"] < sizes["large"]:
                # the same page at both sizes: the answer's growth left out, the store's kept in
                page = {key: {**params[key][name], "limit": sizes["small"]} for key in stores}
                _pair(stores, name, {key: {name: page[key]} for key in stores}, args.runs,
                      f"{name} (limit {sizes['small']})")
    finally:
        for s in stores.values():
            s.close()
        shutil.rmtree(tmp, ignore_errors=True)


def answer_size(rows: list[dict[str, Any]]) -> int:
    """An answer's size: its rows, or a one-row answer's longest list (a series, a neighbourhood's
    nodes), at least 1 (bench/store.py's ``answer`` column too)."""
    if len(rows) != 1:
        return len(rows)
    return max([1] + [len(v) for v in rows[0].values() if isinstance(v, list)])


def _pair(stores: dict[str, Any], name: str, params: dict[str, dict[str, Any]], runs: int,
          label: str) -> dict[str, int]:
    """Time ``name`` alternately on both stores; print the p50s and their ratio; the answers' sizes."""
    times: dict[str, list[float]] = {"small": [], "large": []}
    sizes = {}
    for k in range(runs + 3):
        for key, s in stores.items():
            t = time.perf_counter()
            answer = s.run_named(name, params[key][name]).rows
            if k >= 3:
                times[key].append((time.perf_counter() - t) * 1000)
            sizes[key] = answer_size(answer)
    a, b = statistics.median(times["small"]), statistics.median(times["large"])
    print(f"{label:32s} {a:8.2f} ms {b:8.2f} ms {b / a:6.2f}×  {sizes['small']} → {sizes['large']}",
          flush=True)
    return sizes


if __name__ == "__main__":
    main()
