"""A metric's series pages against the store's size (issue 11): the p50 of ``api_metric_series``
and ``metric_series`` on the synthetic metric every report states (地区生产总值), in a store of
100 and one of 10,000 synthetic documents, and the cost of a write into each (probe documents
written alternately into both, under the same machine load).

    .venv/bin/python bench/metric_pages.py --stores DIR --build [--sizes 100,10000]
    .venv/bin/python bench/metric_pages.py --stores DIR [--runs 20] [--probes 60]

``--build`` writes the stores (``DIR/<size>``); without it the stores are copied and the copies
timed, so one set of stores serves several versions of the code (run with ``PYTHONPATH`` at
another checkout to time that one: a store written before the writer kept the metrics' orders
gets them when it opens). Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# the script's directory last: bench/ingest.py is not the ingest package (whose code is timed: this
# checkout's, or the one PYTHONPATH names)
sys.path = [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"] + [str(REPO / "bench")]
from results import median_ms  # noqa: E402

from graph import open_store  # noqa: E402
from graph.synthetic import synthetic_document  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stores", required=True, type=Path)
    parser.add_argument("--build", action="store_true")
    parser.add_argument("--sizes", default="100,10000")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--probes", type=int, default=60)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.build:
        for size in sizes:
            with open_store(f"falkordb:{args.stores / str(size)}") as store:
                for i in range(size):
                    store.write_document(synthetic_document(i))
        return 0
    out: dict = {"sizes": sizes, "latency": {}, "write_ms": {}}
    with tempfile.TemporaryDirectory() as tmp:
        stores = {}
        for size in sizes:
            shutil.copytree(args.stores / str(size), Path(tmp) / str(size))
            t = time.perf_counter()
            stores[size] = open_store(f"falkordb:{Path(tmp) / str(size)}")
            out.setdefault("open_s", {})[size] = time.perf_counter() - t
        for size, store in stores.items():
            uid = store.run_named("search", {"q": "地区生产总值", "label": "Metric"}).rows[0]["uid"]
            calls = {
                "api_metric_series": {"uid": uid},
                "metric_series": {"metric": "地区生产总值"},
                # the same page size at both sizes
                "api_metric_series, limit 100": {"uid": uid, "limit": 100},
                "metric_series, limit 100": {"metric": "地区生产总值", "limit": 100},
            }
            for label, params in calls.items():
                name = label.split(",")[0]
                rows = store.run_named(name, params).rows
                items = len(rows[0]["series"]) if name == "api_metric_series" else len(rows)
                p50 = median_ms(lambda n=name, p=params, s=store: s.run_named(n, p), args.runs)
                out["latency"].setdefault(label, {})[size] = {"p50_ms": round(p50, 2), "items": items}
        # probe writes, alternately into each store (fresh documents, then the same replaced)
        times: dict[int, list[float]] = {size: [] for size in sizes}
        for k in range(args.probes):
            for size, store in stores.items():
                doc = synthetic_document(20_000 + k)
                t = time.perf_counter()
                store.write_document(doc)
                times[size].append((time.perf_counter() - t) * 1000)
        out["write_ms"] = {
            size: {"mean": round(statistics.mean(v), 2), "median": round(statistics.median(v), 2)}
            for size, v in times.items()
        }
        for store in stores.values():
            store.close()
    small, big = sizes[0], sizes[-1]
    out["ratios"] = {
        **{name: round(v[big]["p50_ms"] / v[small]["p50_ms"], 2) for name, v in out["latency"].items()},
        **{
            f"{name} per item": round(
                (v[big]["p50_ms"] / v[big]["items"]) / (v[small]["p50_ms"] / v[small]["items"]), 2
            )
            for name, v in out["latency"].items()
        },
        "write mean": round(out["write_ms"][big]["mean"] / out["write_ms"][small]["mean"], 2),
    }
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
