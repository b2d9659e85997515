"""The embedded store under load: ingest time and memory for 100, 1,000 and 10,000 synthetic
documents, and the latency (p50 / p99) of every named query at each size, with the ratio of the
largest store's p50 to the smallest's and the operation each query's plan starts from.

    .venv/bin/python bench/store.py [--sizes 100,1000,10000] [--runs 60] [--probes 200]

The 10,000-document run takes several minutes (``--sizes 100,1000`` for a quick look).

The documents are ``graph.synthetic.synthetic_document(i)``: imaginary district reports written
from templates in our own words (sections with time context, projects shared by neighbouring
reports, bureaus with abbreviations and Traditional aliases, task rows, ownership, events over
single years and five-year spans, metrics). Their facts go straight to ``write_document`` — this
measures the store, not the extractors (bench/ingest.py measures those).

Each size runs in a fresh subprocess and a fresh store, so the peak memory figures are its own:
the Python process's ru_maxrss and the FalkorDB server's peak RSS (sampled every 10 documents).
Then the smallest and the largest store are built once more, side by side in one process, and
probe documents are written alternately into each: the ratio of those writes is the cost of a
write into the large store under the same machine load. Then, alternately in each, a stored
document is replaced (same name, changed content) and deleted (and written back untimed): the
ratios of those are the cost of a replace and of a delete in the large store. Last, both servers
are started again from their logs and probe writes go alternately into each, window by window:
the first window is the stores' sizes alone, the later ones show the engine's cost growing with
the writes since its start (docs/scale.md). Prints the
figures and rewrites the "store" section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from results import write_section  # noqa: E402

_WORKER = r"""
import gc, json, resource, statistics, sys, tempfile, time
import psutil
from graph import open_store
from graph.queries import all_named
from graph.synthetic import synthetic_document

size, runs = int(sys.argv[1]), int(sys.argv[2])
sys.path.insert(0, sys.argv[3])
from query_pairs import answer_size, parameters  # bench/query_pairs.py
docs = [synthetic_document(i) for i in range(size)]
with tempfile.TemporaryDirectory() as tmp:
    store = open_store(f"falkordb:{tmp}/store")
    server = psutil.Process(store.server.pid())
    server_peak = server.memory_info().rss
    # CPU seconds as well as wall time: on a shared machine the wall time of minutes-apart runs
    # carries their load, the CPU time of the two processes much less of it
    client_cpu0, server_cpu0 = time.process_time(), sum(server.cpu_times()[:2])
    forks0 = store._db.connection.info("stats")["total_forks"]
    t0 = time.perf_counter()
    each = []
    for i, d in enumerate(docs):
        t = time.perf_counter()
        store.write_document(d)
        each.append(time.perf_counter() - t)
        if i % 10 == 0:
            server_peak = max(server_peak, server.memory_info().rss)
    ingest_s = time.perf_counter() - t0
    client_cpu_s = time.process_time() - client_cpu0
    server_cpu_s = sum(server.cpu_times()[:2]) - server_cpu0
    forks = store._db.connection.info("stats")["total_forks"] - forks0
    server_peak = max(server_peak, server.memory_info().rss)
    t0 = time.perf_counter()
    for d in docs:
        store.write_document(d)
    reingest_s = time.perf_counter() - t0
    # the documents' millions of objects are done with: left in memory, one full collection of
    # them (about 0.6 s at 10,000) would land in a single query's timing as its p99
    del docs, d
    gc.collect()
    stats = store.stats()
    params_of = parameters(store)
    latency = {}
    conn = store._db.connection
    for name, q in sorted(all_named().items()):
        params = params_of[name]
        times = []
        for k in range(runs + 3):
            t = time.perf_counter()
            answer = store.run_named(name, params).rows
            if k >= 3:
                times.append((time.perf_counter() - t) * 1000)
        rows = len(answer)
        items = answer_size(answer)
        times.sort()
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        plan = conn.execute_command("GRAPH.EXPLAIN", "policykg",
                                    store._graph._build_params_header(q.bind(params)) + q.text)
        ops = [(p.decode() if isinstance(p, bytes) else str(p)).strip() for p in plan]
        # the operations that produce the first rows: the leaves (scans and index lookups)
        leaves = sorted({o.split(" | ")[0] + (" " + o.split(" | ")[1] if " | " in o else "")
                         for o in ops if "Scan" in o or "Seek" in o or o.startswith("Unwind")
                         or o.startswith("ProcedureCall")})
        latency[name] = {"p50": statistics.median(times), "p99": p99, "rows": rows, "items": items,
                         "starts": leaves}
    store.close()
print(json.dumps({
    "size": size, "ingest_s": ingest_s, "client_cpu_s": client_cpu_s, "server_cpu_s": server_cpu_s,
    "reingest_s": reingest_s, "forks": forks, "median_ms": statistics.median(each) * 1000,
    "last100_ms": statistics.median(each[-100:]) * 1000, "nodes": stats.nodes,
    "relationships": stats.edges, "python_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "server_peak_mb": server_peak / 2**20, "latency": latency,
}))
"""

# The cost of one write into a small and into a large store, measured side by side: the two
# stores are built first, then probe documents go alternately into each, so both see the same
# load from the rest of the machine (the per-size runs above are minutes apart).
_PAIRED = r"""
import dataclasses, json, statistics, sys, tempfile, time
import psutil
from graph import open_store
from graph.synthetic import synthetic_document

small, big, probes, runs = (int(a) for a in sys.argv[1:5])
sys.path.insert(0, sys.argv[5])
from query_pairs import parameters  # bench/query_pairs.py: each named query's parameters
from graph.queries import all_named
WINDOWS = 4
with tempfile.TemporaryDirectory() as tmp:
    stores = {"small": (open_store(f"falkordb:{tmp}/small"), small),
              "big": (open_store(f"falkordb:{tmp}/big"), big)}
    for store, size in stores.values():
        for i in range(size):
            store.write_document(synthetic_document(i))

    # every named query alternately on both stores, as just written (before the probes add to them)
    params = {k: parameters(s) for k, (s, _) in stores.items()}
    queries = {}
    for name in sorted(all_named()):
        times = {k: [] for k in stores}
        for r in range(runs + 3):
            for key, (store, _) in stores.items():
                t = time.perf_counter()
                store.run_named(name, params[key][name])
                if r >= 3:
                    times[key].append((time.perf_counter() - t) * 1000)
        queries[name] = {k: statistics.median(v) for k, v in times.items()}

    # `probes` new documents (from each store's size + `first`) written alternately into each
    # store: per store, the mean ms of a write and of the server's CPU time for it
    forks = {k: [] for k in stores}  # the servers' forks (log rewrites) in each run of probes

    def probe(first):
        procs = {k: psutil.Process(s.server.pid()) for k, (s, _) in stores.items()}
        forked = {k: s._db.connection.info("stats")["total_forks"] for k, (s, _) in stores.items()}
        spent = {k: [0.0, 0.0] for k in stores}
        for j in range(probes):
            for key, (store, size) in stores.items():
                doc = synthetic_document(size + first + j)
                before = sum(procs[key].cpu_times()[:2])
                t = time.perf_counter()
                store.write_document(doc)
                spent[key][0] += time.perf_counter() - t
                spent[key][1] += sum(procs[key].cpu_times()[:2]) - before
        for key, (store, _) in stores.items():
            forks[key].append(store._db.connection.info("stats")["total_forks"] - forked[key])
        return ({k: w / probes * 1000 for k, (w, _) in spent.items()},
                {k: c / probes * 1000 for k, (_, c) in spent.items()})

    wall_ms, server_ms = probe(0)
    # a replace (the same file, changed content) and a delete of a stored document, alternately in
    # each store; the document is then written back (not timed), so the store keeps its size
    changes = {op: {k: [] for k in stores} for op in ("replace", "delete")}
    for j in range(probes):
        for key, (store, size) in stores.items():
            i = (j * 7919) % size  # spread over the store
            doc = synthetic_document(i)
            changed = dataclasses.replace(synthetic_document(i, seed=1000 + j), document=doc.document)
            t = time.perf_counter()
            store.write_document(changed)
            changes["replace"][key].append(time.perf_counter() - t)
            t = time.perf_counter()
            store.delete_document(doc.document.file)
            changes["delete"][key].append(time.perf_counter() - t)
            store.write_document(doc)
    # the same two stores with their servers started again from their logs (as the next command
    # finds them), probes in windows: the engine's pending matrix entries start from none there
    # (docs/scale.md, "The engine's step, found")
    for key, (store, size) in list(stores.items()):
        store.close()
        stores[key] = (open_store(f"falkordb:{tmp}/{key}"), size)
    restarted = {k: {"wall": [], "server": []} for k in stores}
    for window in range(WINDOWS):
        wall, server = probe(probes * (window + 1))
        for key in stores:
            restarted[key]["wall"].append(wall[key])
            restarted[key]["server"].append(server[key])
    for store, _ in stores.values():
        store.close()
print(json.dumps({"small": small, "big": big, "probes": probes, "restarted": restarted, "queries": queries,
                  "forks": forks,
                  "wall_ms": wall_ms, "server_cpu_ms": server_ms,
                  **{f"{op}_ms": {k: statistics.median(v) * 1000 for k, v in by.items()}
                     for op, by in changes.items()}}))
"""


def _run(worker: str, what: str, *args: int | str) -> dict:
    """Run a worker script in a fresh interpreter; its last line of output is its JSON figures."""
    proc = subprocess.run([sys.executable, "-c", worker, *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"bench worker ({what}) failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure_paired(small: int, big: int, probes: int, runs: int) -> dict:
    return _run(_PAIRED, "paired writes", small, big, probes, runs, str(REPO / "bench"))


def measure(size: int, runs: int) -> dict:
    return _run(_WORKER, f"{size} documents", size, runs, str(REPO / "bench"))


def _cpu_per_doc(result: dict, which: str = "") -> float:
    """CPU ms per document written: of the Python process, the server, or (no `which`) both."""
    seconds = result[which] if which else result["client_cpu_s"] + result["server_cpu_s"]
    return seconds / result["size"] * 1000


def report(results: list[dict], paired: dict | None = None) -> str:
    lines = [
        "Synthetic reports (`graph.synthetic`, templates in our own words) written with "
        "`write_document`, one fresh store and one subprocess per size; the facts only, not the "
        "extractors. Re-ingest = the same documents again (fingerprint unchanged: nothing written).",
        "",
        "| documents | nodes | relationships | ingest | per document (mean) | median | median of the "
        "last 100 | CPU per document: Python + server | log rewrites | re-ingest | Python peak | "
        "server peak |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['size']:,} | {r['nodes']:,} | {r['relationships']:,} | {r['ingest_s']:.2f} s | "
            f"{r['ingest_s'] / r['size'] * 1000:.1f} ms | {r['median_ms']:.1f} ms | "
            f"{r['last100_ms']:.1f} ms | {_cpu_per_doc(r, 'client_cpu_s'):.1f} + "
            f"{_cpu_per_doc(r, 'server_cpu_s'):.1f} ms | {r.get('forks', '–')} | "
            f"{r['reingest_s']:.2f} s | "
            f"{r['python_peak_mb']:.0f} MB | {r['server_peak_mb']:.0f} MB |")
    if len(results) >= 2:
        small, large = results[0], results[-1]
        ratio = (large["ingest_s"] / large["size"]) / (small["ingest_s"] / small["size"])
        median = large["median_ms"] / small["median_ms"]
        last = large["last100_ms"] / small["last100_ms"]
        cpu = _cpu_per_doc(large) / _cpu_per_doc(small)
        server_cpu = _cpu_per_doc(large, "server_cpu_s") / _cpu_per_doc(small, "server_cpu_s")
        lines += ["", f"Ingest time per document, {large['size']:,} vs {small['size']:,} documents: "
                      f"×{ratio:.2f} (means; 1.00 = linear), ×{median:.2f} (medians), ×{last:.2f} (the last "
                      "100 documents written into each store: the cost of a write into a store that big; "
                      "target ≤ 1.2). The machine is shared, so a mean also carries the load of the minutes "
                      "it ran in; the medians are less sensitive to that, the CPU time less again: "
                      f"×{cpu:.2f} (Python and server CPU per document; the server's alone "
                      f"×{server_cpu:.2f})."]
    if paired:
        w, c = paired["wall_ms"], paired["server_cpu_ms"]
        n, small_n, big_n = paired["probes"], paired["small"], paired["big"]
        lines += ["", f"Side by side ({n} probe documents written alternately into a store of {small_n:,} "
                      f"and one of {big_n:,}, so both see the same machine load): {w['small']:.1f} vs "
                      f"{w['big']:.1f} ms a write, ×{w['big'] / w['small']:.2f}; the database server's CPU "
                      f"time {c['small']:.1f} vs {c['big']:.1f} ms, ×{c['big'] / c['small']:.2f} "
                      "(target ≤ 1.2)."]
        if "forks" in paired:
            fs, fb = paired["forks"]["small"], paired["forks"]["big"]
            lines[-1] += (f" The server of {small_n:,} documents forked {fs[0]} times during these probes, "
                          f"that of {big_n:,} {fb[0]} times (a rewrite of the append-only log, or the "
                          "index's collector: while the child runs, each page the server writes is "
                          "copied, and a large store's child has more to write; docs/scale.md, \"Writes "
                          f"after a long stream\"); in the windows below, {', '.join(map(str, fs[1:]))} "
                          f"and {', '.join(map(str, fb[1:]))} times.")
        if "restarted" in paired:
            rs, rb = paired["restarted"]["small"], paired["restarted"]["big"]
            walls = ", ".join(f"×{b / a:.2f}" for a, b in zip(rs["wall"], rb["wall"], strict=True))
            cpus = ", ".join(f"×{b / a:.2f}" for a, b in zip(rs["server"], rb["server"], strict=True))
            lines += ["", f"The same two stores with their servers started again (as the next command finds "
                          f"them), then {len(rs['wall'])} windows of {n} probe writes each, alternately: "
                          f"wall {walls}; server CPU {cpus} (window by window, {big_n:,} vs {small_n:,}). "
                          "The first window is the store's size alone; the window where the engine's "
                          "pending matrix entries first pass 10,000 carries their merge into the main "
                          "matrices, in proportion to the store (docs/scale.md, \"The engine's step, "
                          "found\")."]
        if "delete_ms" in paired:
            d, r = paired["delete_ms"], paired["replace_ms"]
            lines += ["", f"Replace and delete, side by side in the same two stores ({n} of their stored "
                          "documents in each, alternately: a new version of the document under the same "
                          "name, then its delete, then the original written back untimed): a replace "
                          f"{r['small']:.1f} vs {r['big']:.1f} ms, ×{r['big'] / r['small']:.2f}; a delete "
                          f"{d['small']:.1f} vs {d['big']:.1f} ms, ×{d['big'] / d['small']:.2f} (medians; "
                          "the cost of what the document touched, not of the store: target ≤ 1.2)."]
    small, big = results[0], results[-1]
    sizes = " | ".join(f"p50 at {r['size']:,}" for r in results)
    lines += ["", "Named-query latency (warm, sequential; p99 at the largest size; ratio = p50 "
                  f"at {big['size']:,} / p50 at {small['size']:,}, target ≤ 2). `answer` is the answer's "
                  "size at the smallest and the largest store: its rows, or the entries of a one-row "
                  "answer's longest list (a series, a neighbourhood's nodes); `per item` divides the "
                  "ratio by the growth of the answer, so a query whose answer grows with the store "
                  "(a bureau's projects, a metric's values) reads apart from one whose cost does. "
                  "The per-size runs are minutes apart, each carrying its minutes' load; `side by side` "
                  "is the same ratio with each query run alternately on the two stores of the "
                  "side-by-side writes above, just written, in the same minutes "
                  "(p50 at the smallest and at the largest size):", "",
              f"| query | {sizes} | p99 | answer | ratio | per item | side by side |",
              "|---|" + "---:|" * (len(results) + 5)]
    side = (paired or {}).get("queries", {})
    for name, lat in big["latency"].items():
        p50s = " | ".join(f"{r['latency'][name]['p50']:.2f} ms" for r in results)
        ratio = lat["p50"] / max(small["latency"][name]["p50"], 1e-9)
        items = (small["latency"][name].get("items", 1), lat.get("items", 1))
        per_item = ratio / (max(items[1], 1) / max(items[0], 1))
        pair = side.get(name)
        paired_ratio = (f"{pair['small']:.2f} / {pair['big']:.2f} ms ×{pair['big'] / pair['small']:.2f}"
                        if pair else "–")
        lines.append(f"| {name} | {p50s} | {lat['p99']:.2f} ms | {items[0]} → {items[1]} | ×{ratio:.2f} | "
                     f"×{per_item:.2f} | {paired_ratio} |")
    lines += ["", "Where each query's plan starts (FalkorDB `GRAPH.EXPLAIN`, its leaf operations):", "",
              "| query | starts from |", "|---|---|"]
    for name, lat in big["latency"].items():
        lines.append(f"| {name} | {'; '.join(lat.get('starts', [])).replace('|', '/')} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated document counts")
    parser.add_argument("--runs", type=int, default=60, help="timed runs of each named query")
    parser.add_argument("--probes", type=int, default=200,
                        help="documents written alternately into the smallest and largest store (0: skip)")
    parser.add_argument("--no-write", action="store_true", help="do not touch bench/RESULTS.md")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results = [measure(size, args.runs) for size in sizes]
    paired = (measure_paired(sizes[0], sizes[-1], args.probes, args.runs)
              if args.probes and len(sizes) > 1 else None)
    body = report(results, paired)
    print(body)
    if not args.no_write:
        write_section("store", "embedded store (bench/store.py)", body)


if __name__ == "__main__":
    main()
