"""The name-sorted keyset pages (``documents``, ``api_projects``, ``api_projects_related``; issue 11)
on stores of two sizes: the p50 of each page (the first page, and a page of 20 from a cursor
half way down: the same number of rows at both sizes; the project pages also filtered by a name,
``?q=``, and by a kind) and its ratio, largest to smallest (target ≤ 2).

    .venv/bin/python bench/pages.py [--sizes 100,10000] [--runs 20] [--stores DIR] [--writes N]

``--writes N`` also writes N probe documents alternately into copies of the smallest and the
largest store (the same machine load on both) and prints the mean write time and the database
server's CPU time per write at each size, and their ratio (what the writer's upkeep of the
shelves costs as the store grows).

A store is built once per size under ``--stores`` (``DIR/pages-<size>``, from
``graph.synthetic``; 10,000 documents take some minutes) and reused by the next run: to compare
two versions of the code, run this from each against copies of the same stores (a store written
before the shelves gets them when it opens, graph/shelves.py). Prints the figures only.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))
from results import median_ms  # noqa: E402


def measure(directory: Path, size: int, runs: int) -> dict[str, float]:
    from graph import open_store
    from graph.synthetic import synthetic_document

    fresh = not directory.exists()
    store = open_store(f"falkordb:{directory}")
    try:
        if fresh:
            for i in range(size):
                store.write_document(synthetic_document(i))
        files = [r["file"] for r in store.run_named("documents", {"limit": 100_000}, row_cap=100_000).rows]
        projects = store.run_named("api_projects", {"limit": 100_000}, row_cap=100_000).rows
        half = projects[len(projects) // 2]
        cursor = {"after_name": half["name"], "after_uid": half["uid"], "limit": 20}
        cases = {
            "documents": ("documents", {}),
            "documents, 20 from half way": ("documents", {"after": files[len(files) // 2], "limit": 20}),
            "api_projects": ("api_projects", {}),
            "api_projects, 20 from half way": ("api_projects", cursor),
            "api_projects_related": ("api_projects_related", {}),
            "api_projects_related, 20 from half way": ("api_projects_related", cursor),
            # a name (q): from the grams index; a kind alone: every project read
            "api_projects, a name": ("api_projects", {"q": "隆福寺"}),
            "api_projects_related, a name": ("api_projects_related", {"q": "隆福寺"}),
            "api_projects, a kind": ("api_projects", {"kind": "棚改"}),
        }
        return {
            label: median_ms(lambda n=name, p=params: store.run_named(n, p), runs, warmup=3)
            for label, (name, params) in cases.items()
        }
    finally:
        store.close()


def side_by_side(root: Path, sizes: tuple[int, int], probes: int) -> None:
    import shutil
    import tempfile

    import psutil

    from graph import open_store
    from graph.synthetic import synthetic_document

    with tempfile.TemporaryDirectory() as tmp:
        stores, times, cpu = {}, {n: [] for n in sizes}, {n: [] for n in sizes}
        for n in sizes:
            shutil.copytree(
                root / f"pages-{n}",
                Path(tmp) / str(n),
                ignore=shutil.ignore_patterns("falkordb.sock", "falkordb.pid", "server.lock"),
            )
            stores[n] = open_store(f"falkordb:{Path(tmp) / str(n)}")
        try:
            servers = {n: psutil.Process(s.server.pid()) for n, s in stores.items()}
            for k in range(probes):
                for n, store in stores.items():
                    facts = synthetic_document(n + k)
                    c0 = sum(servers[n].cpu_times()[:2])
                    t = time.perf_counter()
                    store.write_document(facts)
                    times[n].append((time.perf_counter() - t) * 1000)
                    cpu[n].append((sum(servers[n].cpu_times()[:2]) - c0) * 1000)
        finally:
            for store in stores.values():
                store.close()
    lo, hi = sizes
    wall = [statistics.mean(times[n]) for n in sizes]
    server = [statistics.mean(cpu[n]) for n in sizes]
    print(
        f"\n{probes} probe writes side by side, {lo:,} vs {hi:,} documents: {wall[0]:.2f} vs "
        f"{wall[1]:.2f} ms a write ×{wall[1] / wall[0]:.2f}; server CPU {server[0]:.2f} vs "
        f"{server[1]:.2f} ms ×{server[1] / server[0]:.2f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,10000")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--stores", default="/tmp/policykg-bench-pages")
    parser.add_argument("--writes", type=int, default=0, help="probe writes side by side (0: none)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    root = Path(args.stores)
    root.mkdir(parents=True, exist_ok=True)
    got = {size: measure(root / f"pages-{size}", size, args.runs) for size in sizes}
    lo, hi = sizes[0], sizes[-1]
    print(f"| page | p50 at {lo:,} | p50 at {hi:,} | ratio |")
    print("|---|---:|---:|---:|")
    for label, small in got[lo].items():
        large = got[hi][label]
        print(f"| {label} | {small:.2f} ms | {large:.2f} ms | ×{large / small:.2f} |")
    if args.writes:
        side_by_side(root, (lo, hi), args.writes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
