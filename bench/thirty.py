"""Thirty reports of the same projects: how answers grow when every document is said thirty times.

    .venv/bin/python bench/thirty.py [--copies 30] [--requests 300]

Real text (``../shared/corpus/*.txt`` and ``../shared/dev/docs/*.txt``) is written to two folders:
once, and ``--copies`` times (each copy ends with a line of its own, so that every copy is a
document of its own to the store's identity rules, while its facts are the same). Each folder is
extracted and stored in a fresh embedded store, ``policykg serve`` is started on it, and the same
requests are timed over HTTP against both, in one run, alternating between the two servers so that
a busy machine slows both alike. Reports p50 / p99 per endpoint and the ratio of the p50s.

Target (issue 11): the p50 of the history, bureau-projects and search endpoints grows at most 2×.
Rewrites the "thirty" section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path[:1] = [str(REPO)]
from bench.api import Client, p, served  # noqa: E402
from bench.results import write_section  # noqa: E402

SHARED = REPO.parent / "shared"
CORPUS = Path(os.environ.get("POLICYKG_CORPUS", SHARED / "corpus"))
DEV = SHARED / "dev" / "docs"


def _write_copies(sources: list[Path], folder: Path, copies: int) -> list[Path]:
    folder.mkdir(parents=True)
    out = []
    for k in range(copies):
        for src in sources:
            text = src.read_text(encoding="utf-8")
            if copies > 1:
                text = text.rstrip("\n") + f"\n\n（本文存档副本编号{k + 1:03d}）\n"
            dst = folder / f"{k:03d}_{src.name}"
            dst.write_text(text, encoding="utf-8")
            out.append(dst)
    return out


@contextlib.contextmanager
def stored(files: list[Path], folder: Path) -> Iterator[tuple[str, float, int]]:
    """A fresh embedded store holding ``files`` (extracted, linked and written): yields its URL,
    the seconds the writes took and the number of documents."""
    from graph import open_store
    from ingest.pipeline import extract_paths

    run = extract_paths(files)
    url = f"falkordb:{folder}/store"
    store = open_store(url)
    try:
        t0 = time.perf_counter()
        for facts in run.documents:
            store.write_document(facts)
        elapsed = time.perf_counter() - t0
    finally:
        store.close()
    yield url, elapsed, len(run.documents)


def _cases(client: Client) -> list[tuple[str, str, dict[str, Any]]]:
    """The requests, chosen on the single-copy store: the bureau owning most projects, its first
    project, a search that finds it."""
    bureaus = client.get("/api/v1/bureaus", params={"limit": 500}).json()["items"]
    bureau = max(bureaus, key=lambda b: b["projects"])
    projects = client.get(f"/api/v1/bureaus/{bureau['uid']}/projects").json()["items"]
    project = projects[0]["project"]
    query = project["name"][:2]
    return [
        ("GET /projects/{uid}/history", f"/api/v1/projects/{project['uid']}/history", {}),
        ("GET /bureaus/{uid}/projects", f"/api/v1/bureaus/{bureau['uid']}/projects", {}),
        (f"GET /search?q={query}", "/api/v1/search", {"q": query}),
        ("GET /queries/bureau_projects", "/api/v1/queries/bureau_projects", {"bureau": bureau["name"]}),
        ("GET /queries/project_history", "/api/v1/queries/project_history", {"project": project["name"]}),
    ]


def _size(client: Client, path: str, params: dict[str, Any]) -> int:
    response = client.get(path, params=params)
    if response.status_code != 200:
        raise SystemExit(f"{path}: HTTP {response.status_code}")
    return len(response.data)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=30)
    parser.add_argument("--requests", type=int, default=300, help="requests per endpoint and store")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args()

    sources = sorted(CORPUS.glob("*.txt")) + sorted(DEV.glob("*.txt"))
    if not sources:
        print(f"no text under {CORPUS} and {DEV}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="policykg-thirty-") as tmp:
        one_files = _write_copies(sources, Path(tmp) / "one", 1)
        many_files = _write_copies(sources, Path(tmp) / "many", args.copies)
        with stored(one_files, Path(tmp) / "one") as (one_url, one_write, one_docs), \
                stored(many_files, Path(tmp) / "many") as (many_url, many_write, many_docs), \
                served(one_url) as one_base, served(many_url) as many_base:
            one, many = Client(one_base), Client(many_base)
            cases = _cases(one)
            rows = []
            for label, path, params in cases:
                sizes = (_size(one, path, params), _size(many, path, params))
                timings: dict[str, list[float]] = {"one": [], "many": []}
                for _ in range(args.requests):  # alternate: a busy moment slows both alike
                    for key, client in (("one", one), ("many", many)):
                        t = time.perf_counter()
                        client.get(path, params=params)
                        timings[key].append((time.perf_counter() - t) * 1000)
                rows.append((label, sizes, timings))
                print(f"{label}: p50 {statistics.median(timings['one']):.2f} → "
                      f"{statistics.median(timings['many']):.2f} ms", flush=True)
            one.close()
            many.close()

    lines = [
        f"{len(sources)} real files (../shared/corpus, ../shared/dev/docs): one store with each once "
        f"({one_docs} documents, written in {one_write:.1f} s), one with each {args.copies} times "
        f"({many_docs} documents, written in {many_write:.1f} s; each copy ends with a line of its own). "
        f"`policykg serve` on each; {args.requests} requests per endpoint and store, alternating.",
        "",
        "| endpoint | bytes ×1 | bytes ×" + str(args.copies) + " | p50 ×1 ms | p50 ×" + str(args.copies)
        + " ms | p99 ×1 ms | p99 ×" + str(args.copies) + " ms | growth of p50 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, sizes, t in rows:
        one50, many50 = statistics.median(t["one"]), statistics.median(t["many"])
        lines.append(f"| `{label}` | {sizes[0]:,} | {sizes[1]:,} | {one50:.2f} | {many50:.2f} | "
                     f"{p(t['one'], 0.99):.2f} | {p(t['many'], 0.99):.2f} | **{many50 / one50:.2f}×** |")
    lines += ["", "Target: growth ≤ 2× for the history, bureau-projects and search endpoints.", "",
              "Command: `.venv/bin/python bench/thirty.py "
              f"--copies {args.copies} --requests {args.requests}`"]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section("thirty", "Thirty reports of every document (`bench/thirty.py`)", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
