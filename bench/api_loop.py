"""Does one slow query hold up everyone else? ``/health`` p99 under 8 concurrent clients, idle and
while another client keeps a ~1-second query running, in one run.

    .venv/bin/python bench/api_loop.py [--rounds 3] [--seconds 3] [--clients 8] [--corpus ../shared/corpus]

Builds the embedded store from the corpus in a temp dir and starts ``policykg serve`` on
127.0.0.1 (uvicorn, one worker, in its own process, attached to the same FalkorDB server), with a
server-side time limit of 10 s so that the slow query is not cut. The slow query is a read of the
corpus graph the cost guard allows (every pair of nodes from the first ``N`` and the whole graph,
compared by uid); ``N`` is calibrated on the store directly so that it takes about one second.

Then, for ``--seconds`` each (bounded loops that stop by themselves, loopback only), ``--rounds``
times in turn so that a change in the machine's background load falls on both phases alike:

1. **idle**: ``--clients`` threads, each with its own keep-alive connection, send ``GET /health``
   back to back;
2. **one slow query running**: the same, while one more client keeps ``POST /cypher`` with the slow
   query running (the next one is sent as soon as the last one answers).

A fast route (``GET /projects/{uid}``) is measured the same way. Reports p50 / p99 of each phase and
the ratio loaded p99 / idle p99 (the target: ``/health`` ≤ 5×). Rewrites the "api_loop" section of
bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
# Python puts this script's folder first on the path, where bench/ingest.py would shadow the
# ingest package: look in the repository instead.
sys.path[:1] = [str(REPO)]
from bench.api import Client, corpus_store, p, served  # noqa: E402
from bench.results import write_section  # noqa: E402

SERVER_TIMEOUT_MS = 10_000
SLOW_TARGET_S = 1.0
# every pair of (one of the first N nodes, any node): graph work that grows with N, no write, no
# range() (the cost guard bounds those), and one row back so that the answer costs nothing
SLOW_QUERY = "MATCH (a) WITH a LIMIT {n} MATCH (b) WHERE a.uid < b.uid RETURN count(*) AS pairs"


@dataclass
class Phase:
    """Latencies (ms) of one route over one phase, and what the slow client did meanwhile."""

    latencies: list[float] = field(default_factory=list)
    slow_queries: list[float] = field(default_factory=list)
    errors: int = 0

    def absorb(self, other: Phase) -> None:
        self.latencies += other.latencies
        self.slow_queries += other.slow_queries
        self.errors += other.errors

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies)

    @property
    def p99(self) -> float:
        return p(self.latencies, 0.99)


def calibrate(store: Any) -> tuple[str, float]:
    """The slow query's text with ``N`` chosen so that it takes about SLOW_TARGET_S on this store."""
    n = 16
    while True:
        query = SLOW_QUERY.format(n=n)
        store.run_readonly(query, {}, timeout_ms=SERVER_TIMEOUT_MS)  # warm
        took = min(_timed(lambda q=query: store.run_readonly(q, {}, timeout_ms=SERVER_TIMEOUT_MS))
                   for _ in range(2))
        if took >= SLOW_TARGET_S * 0.9 or n > 1_000_000:
            return query, took
        # the cost is linear in N: aim at the target, at most ×8 a step
        n = int(n * min(8.0, max(1.2, SLOW_TARGET_S / max(took, 1e-3))))


def _timed(call: Callable[[], Any]) -> float:
    t = time.perf_counter()
    call()
    return time.perf_counter() - t


def hammer(base: str, path: str, clients: int, seconds: float, slow_query: str | None) -> Phase:
    """``clients`` threads send ``GET path`` back to back for ``seconds``; with ``slow_query``, one
    more client keeps it running through ``POST /cypher`` from before the first request to after
    the last."""
    phase = Phase()
    lock = threading.Lock()
    stop = threading.Event()
    slow_started = threading.Event()

    def slow_client() -> None:
        client = Client(base)
        try:
            while not stop.is_set():
                slow_started.set()
                t = time.perf_counter()
                answer = client.post("/api/v1/cypher", json={"query": slow_query})
                took = time.perf_counter() - t
                if answer.status_code != 200:
                    raise SystemExit(f"the slow query answered {answer.status_code}: {answer.data[:300]!r}")
                with lock:
                    phase.slow_queries.append(took)
        finally:
            client.close()

    def fast_client(deadline: float) -> None:
        client = Client(base)
        mine: list[float] = []
        errors = 0
        try:
            while time.perf_counter() < deadline:
                t = time.perf_counter()
                status = client.get(path).status_code
                mine.append((time.perf_counter() - t) * 1000)
                errors += status != 200
        finally:
            client.close()
        with lock:
            phase.latencies.extend(mine)
            phase.errors += errors

    slow = None
    if slow_query:
        slow = threading.Thread(target=slow_client, daemon=True)
        slow.start()
        slow_started.wait(10)
        time.sleep(0.05)  # the first slow query is on the server before the fast clients start
    deadline = time.perf_counter() + seconds
    threads = [threading.Thread(target=fast_client, args=(deadline,)) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    if slow is not None:
        slow.join(timeout=SERVER_TIMEOUT_MS / 1000 + 5)
    return phase


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="Length of each phase in a round.")
    parser.add_argument("--rounds", type=int, default=3, help="Rounds of (idle, loaded) phases.")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path(os.environ.get("POLICYKG_CORPUS", REPO.parent / "shared" / "corpus")),
    )
    parser.add_argument("--no-write", action="store_true", help="Print only; leave bench/RESULTS.md alone.")
    args = parser.parse_args()

    with corpus_store(args.corpus, "policykg-bench-loop-") as (store, url, files):
        nodes = store.stats().nodes
        slow_query, slow_direct = calibrate(store)
        print(f"slow query ({slow_direct:.2f} s on the store): {slow_query}", flush=True)
        with served(url, {"POLICYKG_API_TIMEOUT_MS": str(SERVER_TIMEOUT_MS)}) as base:
            warm = Client(base)
            project = warm.get("/api/v1/projects?limit=1").json()["items"][0]["uid"]
            warm.close()
            routes = [("GET /health", "/api/v1/health"),
                      ("GET /projects/{uid}", f"/api/v1/projects/{project}")]
            results: list[tuple[str, Phase, Phase]] = []
            for label, path in routes:
                hammer(base, path, args.clients, 1.0, None)  # warm the connections and the route
                idle, loaded = Phase(), Phase()
                for _ in range(args.rounds):
                    idle.absorb(hammer(base, path, args.clients, args.seconds, None))
                    loaded.absorb(hammer(base, path, args.clients, args.seconds, slow_query))
                results.append((label, idle, loaded))
                print(f"{label}: idle p99 {idle.p99:.2f} ms, loaded p99 {loaded.p99:.2f} ms "
                      f"(×{loaded.p99 / idle.p99:.2f})", flush=True)

    lines = [
        f"{len(files)} corpus documents ({nodes:,} nodes). `policykg serve` (uvicorn, one worker) on "
        f"127.0.0.1; {args.clients} client threads, each with its own keep-alive connection, send the "
        f"route back to back for {args.seconds:g} s: idle, then while one more client keeps a slow "
        f"`POST /cypher` running (sent again as soon as it answers); {args.rounds} rounds of both "
        f"phases in turn, pooled. The slow query, "
        f"{slow_direct:.2f} s on the store directly: `{slow_query}`. Ratio = loaded p99 / idle p99, "
        "both phases in this run. Target: `/health` ≤ 5×.",
        "",
        "| route | idle requests | idle p50 ms | idle p99 ms | loaded requests | loaded p50 ms | "
        "loaded p99 ms | slow queries done (mean s) | ratio p99 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, idle, loaded in results:
        mean_slow = statistics.mean(loaded.slow_queries) if loaded.slow_queries else float("nan")
        lines.append(
            f"| `{label}` | {len(idle.latencies):,} | {idle.p50:.2f} | {idle.p99:.2f} | "
            f"{len(loaded.latencies):,} | {loaded.p50:.2f} | {loaded.p99:.2f} | "
            f"{len(loaded.slow_queries)} ({mean_slow:.2f}) | {loaded.p99 / idle.p99:.2f}× |"
        )
        if idle.errors or loaded.errors:
            lines.append(f"| (errors: idle {idle.errors}, loaded {loaded.errors}) | | | | | | | | |")
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section("api_loop", "API event loop under a slow query (`bench/api_loop.py`)", text)


if __name__ == "__main__":
    main()
