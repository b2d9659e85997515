"""What ``GET /api/v1/health`` costs now that it always counts: its three count queries
(``cypher/internal/count_*.cypher``) against a bare ping (``RETURN 1``, the baseline), against the
same counts in one chained query (which FalkorDB answers by a scan) and against the per-label
``stats`` query that ``?stats=true`` used to run, on stores of 100 and 1,000 synthetic documents.

    .venv/bin/python bench/health.py [--sizes 100,1000] [--runs 200]

Figures are ratios to the ping of the same run (and the absolute medians, for scale). Prints them
and rewrites the "health" section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))
from results import median_ms, write_section  # noqa: E402


def measure(size: int, runs: int) -> dict[str, float]:
    from graph import open_store
    from graph.synthetic import synthetic_document

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"falkordb:{tmp}/store")
        try:
            for i in range(size):
                store.write_document(synthetic_document(i))
            stats = store.stats()
            names = ("count_nodes", "count_relationships", "count_documents")

            def counts() -> dict[str, int]:
                out: dict[str, int] = {}
                for name in names:
                    out.update(store.run_named(name).rows[0])
                return out

            row = counts()
            assert (row["nodes"], row["relationships"], row["documents"]) == (stats.nodes, stats.edges, size)
            chained = "MATCH (n) WITH count(n) AS nodes MATCH ()-[r]->() RETURN nodes, count(r) AS rels"
            return {
                "nodes": stats.nodes,
                "relationships": stats.edges,
                "ping": median_ms(store.ping, runs),
                "health_counts": median_ms(counts, runs),
                "chained": median_ms(lambda: store.run_readonly(chained, timeout_ms=10_000), runs),
                "stats": median_ms(store.stats, runs),
            }
        finally:
            store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    lines = [
        "| documents | nodes | relationships | ping (ms) | /health's 3 counts (ms, × ping) "
        "| one chained count query (ms, × ping) | per-label stats (ms, × ping) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in (int(s) for s in args.sizes.split(",")):
        m = measure(size, args.runs)
        lines.append(
            f"| {size} | {m['nodes']:,} | {m['relationships']:,} | {m['ping']:.3f} | "
            f"{m['health_counts']:.3f} ({m['health_counts'] / m['ping']:.1f}×) | "
            f"{m['chained']:.3f} ({m['chained'] / m['ping']:.1f}×) | "
            f"{m['stats']:.3f} ({m['stats'] / m['ping']:.1f}×) |"
        )
        print(lines[-1], flush=True)
    text = (
        "Medians of "
        f"{args.runs} runs each, one store per size. The three counts are what every `GET /health` runs;"
        " the per-label `stats` is what `?stats=true` ran before.\n\n" + "\n".join(lines)
    )
    write_section("health", "GET /health counts (`bench/health.py`)", text)


if __name__ == "__main__":
    main()
