"""The HTTP API under load, beside the same queries run directly on the store, in one run.

    .venv/bin/python bench/api.py [--requests 2000] [--corpus ../shared/corpus]

Builds the embedded store from the corpus in a temp dir, starts ``policykg serve`` on 127.0.0.1
(uvicorn, in its own process, attached to the same FalkorDB server), and for each main endpoint
sends ``--requests`` sequential requests over one keep-alive connection; then runs the named
query the endpoint runs (same parameters) directly on the store as many times. Reports p50 / p99
latency, requests per second, and the ratio HTTP p50 / direct p50. Rewrites the "api" section of
bench/RESULTS.md.

Targets: 1-hop endpoints p50 <= 2 ms over HTTP and <= 2x the direct store call.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json as jsonlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

REPO = Path(__file__).resolve().parent.parent
# Python puts this script's folder first on the path, where bench/ingest.py would shadow the
# ingest package: look in the repository instead.
sys.path[:1] = [str(REPO)]
from bench.results import timings, write_section  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def wait_healthy(base: str, proc: subprocess.Popen[bytes], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"policykg serve exited with {proc.returncode}")
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise SystemExit("policykg serve did not become healthy")


@contextlib.contextmanager
def corpus_store(corpus: Path, prefix: str) -> Iterator[tuple[Any, str, list[Path]]]:
    """A fresh embedded store holding ``corpus/*.txt`` (extracted and written): yields the store,
    its URL and the files; closes it after."""
    from graph import open_store
    from ingest.pipeline import extract_paths

    files = sorted(corpus.glob("*.txt"))
    if not files:
        raise SystemExit(f"no corpus at {corpus}")
    run = extract_paths(files)
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        url = f"falkordb:{tmp}/store"
        store = open_store(url)
        try:
            for facts in run.documents:
                store.write_document(facts)
            yield store, url, files
        finally:
            store.close()


@contextlib.contextmanager
def served(url: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """``policykg serve`` over the store at ``url`` on a free loopback port (ad-hoc Cypher on, no
    upload token, plus ``env``); yields its base URL once healthy, stops it after."""
    port = free_port()
    full_env = {**os.environ, "POLICYKG_API_CYPHER": "1", **(env or {})}
    full_env.pop("POLICYKG_API_TOKEN", None)
    proc = subprocess.Popen(
        [str(REPO / ".venv" / "bin" / "policykg"), "serve", "--store", url, "--port", str(port),
         "--log-level", "warning"],
        env=full_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_healthy(base, proc)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path(os.environ.get("POLICYKG_CORPUS", REPO.parent / "shared" / "corpus")),
    )
    parser.add_argument("--no-write", action="store_true", help="Print only; leave bench/RESULTS.md alone.")
    args = parser.parse_args()
    n = args.requests

    with corpus_store(args.corpus, "policykg-bench-api-") as (store, url, files), served(url) as base:
        rows = measure(store, base, n)

    lines = [
        f"{len(files)} corpus documents; {n} sequential requests per endpoint over one keep-alive "
        "connection (http.client) to `policykg serve` (uvicorn, one worker) on 127.0.0.1, beside the same "
        "query run directly on the store (`run_named` / `run_readonly`) in the same run. "
        "Ratio = HTTP p50 / direct p50. Targets: 1-hop endpoints p50 <= 2 ms and ratio <= 2.",
        "",
        "| endpoint | hops | HTTP p50 ms | HTTP p99 ms | req/s | direct p50 ms | direct p99 ms | ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| `{r['label']}` | {r['hops']} | {r['p50']:.2f} | {r['p99']:.2f} | {r['rps']:.0f} | "
            f"{r['d50']:.2f} | {r['d99']:.2f} | {r['p50'] / r['d50']:.1f}x |"
        )
    floor = rows[0]["p50"] - rows[0]["d50"]
    lines += [
        "",
        f"What a request costs beyond its store call (the floor row: HTTP, uvicorn and FastAPI) is "
        f"{floor:.2f} ms; an endpoint whose query takes less than that on the store cannot be within "
        f"2x of it over HTTP.",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section("api", "HTTP API (`bench/api.py`)", text)


class Client:
    """A lean keep-alive HTTP/1.1 client (the standard library's), so the figures are the server's
    more than the client's; answers ``get``/``post`` with an object that has ``status_code`` and
    ``json()``."""

    def __init__(self, base: str):
        host, port = base.removeprefix("http://").split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=10)

    def _send(
        self, method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> Any:
        try:
            self.conn.request(method, url, body=body, headers=headers or {})
            response = self.conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # uvicorn closes a connection idle for 5 s (while the direct calls run): reconnect
            self.conn.close()
            self.conn.request(method, url, body=body, headers=headers or {})
            response = self.conn.getresponse()
        data = response.read()
        return _Answer(response.status, data)

    def get(self, url: str, params: dict[str, Any] | None = None) -> Any:
        return self._send("GET", url + ("?" + urlencode(params) if params else ""))

    def post(self, url: str, json: Any) -> Any:
        return self._send("POST", url, jsonlib.dumps(json).encode(), {"Content-Type": "application/json"})

    def close(self) -> None:
        self.conn.close()


class _Answer:
    def __init__(self, status: int, data: bytes):
        self.status_code = status
        self.data = data

    def json(self) -> Any:
        return jsonlib.loads(self.data)


def measure(store: Any, base: str, n: int) -> list[dict[str, Any]]:
    client = Client(base)
    first = lambda url, key="uid": client.get(url).json()["items"][0][key]  # noqa: E731
    bureaus = client.get("/api/v1/bureaus", params={"limit": 500}).json()["items"]
    bureau = max(bureaus, key=lambda b: b["projects"])["uid"]
    project = client.get(f"/api/v1/bureaus/{bureau}/projects").json()["items"][0]["project"]["uid"]
    metrics = client.get("/api/v1/metrics", params={"limit": 500}).json()["items"]
    metric = max(metrics, key=lambda m: m["observations"])["uid"]
    assert first("/api/v1/documents")
    cypher = "MATCH (p:Project {uid: $uid})-[:OWNED_BY]->(b:Bureau) RETURN b.name AS name"

    cases: list[tuple[str, int, Callable[[], Any], Callable[[], Any]]] = [
        (
            "GET /projects/{uid}",
            1,
            lambda: client.get(f"/api/v1/projects/{project}"),
            lambda: store.run_named("api_project", {"uid": project}),
        ),
        (
            "GET /projects/{uid}/history",
            1,
            lambda: client.get(f"/api/v1/projects/{project}/history"),
            lambda: store.run_named("api_project_history", {"uid": project}),
        ),
        (
            "GET /bureaus/{uid}/projects",
            1,
            lambda: client.get(f"/api/v1/bureaus/{bureau}/projects"),
            lambda: store.run_named("api_bureau_projects", {"uid": bureau, "limit": 51}),
        ),
        (
            "GET /metrics/{uid}/series",
            1,
            lambda: client.get(f"/api/v1/metrics/{metric}/series"),
            lambda: store.run_named("api_metric_series", {"uid": metric}),
        ),
        (
            "GET /projects?limit=50",
            "list",
            lambda: client.get("/api/v1/projects", params={"limit": 50}),
            lambda: store.run_named("api_projects", {"limit": 51}),
        ),
        (
            "GET /search?q=望坛",
            "scan",
            lambda: client.get("/api/v1/search", params={"q": "望坛"}),
            lambda: store.run_named("api_search", {"q": "望坛", "limit": 51}),
        ),
        (
            "GET /queries/bureau_projects",
            1,
            lambda: client.get("/api/v1/queries/bureau_projects", params={"bureau": "区住建委"}),
            lambda: store.run_named("bureau_projects", {"bureau": "区住建委"}),
        ),
        (
            "POST /cypher (1 hop)",
            1,
            lambda: client.post("/api/v1/cypher", json={"query": cypher, "params": {"uid": project}}),
            lambda: store.run_readonly(cypher, {"uid": project}),
        ),
    ]
    rows = []
    # the app's floor: the smallest route (one ping of the store, a 120-byte answer), so what every
    # request costs in HTTP, uvicorn and FastAPI beside the store's own round trip
    cases.insert(0, ("GET /health (the floor: one ping)", 0, lambda: client.get("/api/v1/health"),
                     store.ping))
    for label, hops, http_call, direct_call in cases:
        status = http_call().status_code
        if status != 200:
            raise SystemExit(f"{label}: HTTP {status}")
        t0 = time.perf_counter()
        http = timings(http_call, n)
        elapsed = time.perf_counter() - t0
        direct = timings(direct_call, n)
        rows.append(
            {
                "label": label,
                "hops": hops,
                "p50": statistics.median(http),
                "p99": p(http, 0.99),
                "rps": n / elapsed,
                "d50": statistics.median(direct),
                "d99": p(direct, 0.99),
            }
        )
        print(f"{label}: http p50 {rows[-1]['p50']:.2f} ms, direct p50 {rows[-1]['d50']:.2f} ms", flush=True)
    client.close()
    return rows


if __name__ == "__main__":
    main()
