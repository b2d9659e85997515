"""Page generation for the viz: 100, 1,000 and 5,000 nodes (synthetic neighbourhoods).

    .venv/bin/python bench/viz.py [--repeat 5] [--no-browser]

For each size: the time to build the page (cap, vis data through pyvis's Node/Edge records and
its physics options, Jinja template with vis-network inlined) and its size; beside it, in the
same run, pyvis's own path (``Network.add_node``/``add_edge`` + ``generate_html``) on the same
graph; and, when Chromium is installed, the time the page takes in headless Chromium from
navigation until every graph is laid out and drawn. Also the time to read a neighbourhood from
the embedded FalkorDB store (synthetic documents). Prints the figures and rewrites the "viz"
section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
# this file is bench/viz.py: keep bench/ behind the repository so that "viz" is the package
sys.path[:] = [str(REPO)] + [p for p in sys.path if Path(p or ".").resolve() != BENCH] + [str(BENCH)]
from results import write_section  # noqa: E402

from viz.model import Subgraph  # noqa: E402
from viz.pages import NeighbourhoodParams, render_entity_page  # noqa: E402
from viz.synthetic import neighbourhood  # noqa: E402

SIZES = (100, 1000, 5000)


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def ours(sub: Subgraph, n: int) -> str:
    return render_entity_page(sub, None, params=NeighbourhoodParams(depth=3, cap=n))


def pyvis_own(sub: Subgraph) -> str:
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    for node in sub.nodes:
        net.add_node(node.uid, label=node.name, title=node.name)
    for e in sub.edges:
        net.add_edge(e.source, e.target, label=e.type, title=e.evidence or "")
    return net.generate_html()


def browser_ms(html: str) -> float | None:
    from viz.browser import ALL_GRAPHS_READY, Chromium, find_chromium

    if find_chromium() is None:
        return None
    with tempfile.TemporaryDirectory() as d, Chromium.launch() as chromium, chromium.page() as page:
        path = Path(d) / "page.html"
        path.write_text(html, encoding="utf-8")
        page.set_viewport(1440, 1000)
        page.set_offline(True)
        t0 = time.perf_counter()
        page.goto(path.as_uri(), timeout=120)
        page.wait_until(ALL_GRAPHS_READY, timeout=120)
        return (time.perf_counter() - t0) * 1000


def store_ms(repeat: int) -> list[tuple[int, int, float]]:
    from viz.queries import VizQueries
    from viz.synthetic import build_store

    out = []
    with tempfile.TemporaryDirectory() as d:
        store = build_store(d, documents=40)
        try:
            q = VizQueries(store)
            centre = q.resolve("望坛")
            assert centre is not None
            for depth in (1, 2, 3):
                t, sub = timed(
                    lambda depth=depth: q.neighbourhood(centre.uid, NeighbourhoodParams(depth=depth)), repeat
                )
                out.append((depth, len(sub.nodes), t * 1000))  # type: ignore[attr-defined]
        finally:
            store.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()

    rows = []
    for n in SIZES:
        sub = neighbourhood(n, max_depth=3)
        ours(sub, n)  # warm the template and asset caches
        t_ours, html = timed(lambda sub=sub, n=n: ours(sub, n), args.repeat if n < 5000 else 3)
        t_pyvis, pyvis_html = timed(lambda sub=sub: pyvis_own(sub), 1 if n == 5000 else 3)
        b_ms = None if args.no_browser else browser_ms(str(html))
        rows.append(
            (n, len(sub.edges), t_ours, len(str(html).encode()), t_pyvis, len(str(pyvis_html).encode()), b_ms)
        )
        print(
            f"{n:>5} nodes: ours {t_ours * 1000:7.1f} ms {len(str(html).encode()) / 1e6:5.2f} MB | "
            f"pyvis {t_pyvis * 1000:8.1f} ms | browser {b_ms if b_ms is None else round(b_ms)} ms"
        )
    stores = store_ms(args.repeat)
    for depth, nodes, ms in stores:
        print(f"store depth {depth}: {nodes} nodes in {ms:.1f} ms")

    lines = [
        "Synthetic neighbourhoods (every node within 3 hops, cap = size, every edge with its evidence).",
        '"ours": `render_entity_page` — cap, vis data built from pyvis\'s `Node`/`Edge` records and its',
        "barnesHut options, our Jinja template with vis-network 9.1.2 inlined (median of runs).",
        '"pyvis own": `Network.add_node`/`add_edge` + `generate_html` on the same graph, for',
        'comparison (its page still links Bootstrap from a CDN). "browser": headless Chromium, offline,',
        "from navigation until every graph is laid out and drawn (physics: 300 iterations ≤ 300 nodes, 100",
        "iterations then frozen ≤ 1,500, off with a radial layout above).",
        "",
        "| nodes | edges | ours: generate | page size | pyvis own: generate | its size | browser: ready |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, e, t, size, tp, sp, b in rows:
        bt = "—" if b is None else f"{b / 1000:.2f} s"
        lines.append(
            f"| {n:,} | {e:,} | {t * 1000:.0f} ms | {size / 1e6:.2f} MB | {tp * 1000:,.0f} ms | "
            f"{sp / 1e6:.2f} MB | {bt} |"
        )
    lines += [
        "",
        "Reading a neighbourhood from the embedded FalkorDB store (40 synthetic documents, "
        "`viz_edges` + `viz_mentions` per hop):",
        "",
        "| depth | nodes | time |",
        "|---:|---:|---:|",
        *[f"| {d} | {nodes} | {ms:.1f} ms |" for d, nodes, ms in stores],
    ]
    write_section("viz", "viz pages (bench/viz.py)", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
