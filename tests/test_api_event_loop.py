"""A slow store call holds up only its own request: while one request waits inside the store,
``/health`` and a fast route still answer (issue 11, "the API off the event loop").

The app runs in a real uvicorn server on 127.0.0.1 over the real corpus store; the store is wrapped
so that one chosen call waits on an event before it runs the real query. Nothing is timed: the
other requests must complete while the held one is still inside the store.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import uvicorn

from api.app import create_app
from api.querying import QueryLane
from api.settings import Settings
from graph.store import GraphStore

WAIT_S = 30  # only reached when the property is broken: a test that fails must not hang


class HeldStore:
    """The real store, except that calls ``hold(method, args)`` picks wait until ``release``."""

    def __init__(self, store: GraphStore, hold: Callable[[str, tuple[Any, ...]], bool]):
        self._store = store
        self._hold = hold
        self.release = threading.Event()
        self._entered = 0
        self._lock = threading.Lock()

    @property
    def entered(self) -> int:
        """How many held calls are waiting inside the store now or have been."""
        with self._lock:
            return self._entered

    def _held(self, method: str, *args: Any, **kwargs: Any) -> Any:
        if self._hold(method, args):
            with self._lock:
                self._entered += 1
            if not self.release.wait(WAIT_S):
                raise TimeoutError("the held store call was never released")
        return getattr(self._store, method)(*args, **kwargs)

    def run_named(self, *args: Any, **kwargs: Any) -> Any:
        return self._held("run_named", *args, **kwargs)

    def run_readonly(self, *args: Any, **kwargs: Any) -> Any:
        return self._held("run_readonly", *args, **kwargs)

    def __getattr__(self, name: str) -> Any:  # everything else: the real store
        return getattr(self._store, name)


def wait_for(predicate: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not predicate():  # polled, never a fixed sleep
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.01)


def serve(app: Any) -> Iterator[str]:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started or not thread.is_alive(), "uvicorn started")
    assert thread.is_alive(), "uvicorn did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/api/v1"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def uids(corpus_store: GraphStore) -> dict[str, str]:
    """A bureau with projects, and one of its projects, from the real store."""
    bureau = next(r["uid"] for r in corpus_store.run_named("api_bureaus", {"limit": 500}).rows
                  if r.get("projects"))
    project = corpus_store.run_named("api_bureau_projects", {"uid": bureau, "limit": 1}).rows[0]["uid"]
    return {"bureau": bureau, "project": project}


def in_background(call: Callable[[], httpx.Response]) -> tuple[threading.Thread, list[httpx.Response]]:
    answers: list[httpx.Response] = []
    thread = threading.Thread(target=lambda: answers.append(call()), daemon=True)
    thread.start()
    return thread, answers


HELD_ROUTES = {
    # a resource route (plain def handler, FastAPI's thread pool)
    "resource route": (
        lambda method, args: method == "run_named" and args[0] == "api_bureau_projects",
        lambda client, u: client.get(f"/bureaus/{u['bureau']}/projects"),
    ),
    # a named query and an ad-hoc query (the app's query lane)
    "named query": (
        lambda method, args: method == "run_named" and args[0] == "bureau_projects",
        lambda client, u: client.get("/queries/bureau_projects", params={"bureau": u["bureau"]}),
    ),
    "ad-hoc cypher": (
        lambda method, args: method == "run_readonly",
        lambda client, u: client.post("/cypher", json={"query": "MATCH (b:Bureau) RETURN count(b) AS n"}),
    ),
}


@pytest.mark.parametrize("held", sorted(HELD_ROUTES))
def test_other_requests_complete_while_one_waits_inside_the_store(
    held: str, corpus_store: GraphStore, uids: dict[str, str]
) -> None:
    hold, send_held = HELD_ROUTES[held]
    store = HeldStore(corpus_store, hold)
    app = create_app(Settings(store=corpus_store.url), store)  # type: ignore[arg-type]
    for base in serve(app):
        with httpx.Client(base_url=base, timeout=WAIT_S) as slow, httpx.Client(
            base_url=base, timeout=WAIT_S
        ) as client:
            thread, answers = in_background(lambda: send_held(slow, uids))
            try:
                wait_for(lambda: store.entered == 1, f"the {held} request is inside the store")
                for _ in range(3):
                    assert client.get("/health").status_code == 200
                    assert client.get(f"/projects/{uids['project']}").status_code == 200
                    assert client.get("/search", params={"q": "项目"}).status_code == 200
                assert thread.is_alive() and not answers, "the held request must still be waiting"
            finally:
                store.release.set()
            thread.join(WAIT_S)
            assert answers and answers[0].status_code == 200, answers and answers[0].text


def test_users_queries_hold_at_most_the_lanes_threads(corpus_store: GraphStore) -> None:
    """Three ad-hoc queries on a two-thread lane: two wait inside the store, the third in the
    lane's queue (not in a thread of FastAPI's pool), and /health answers meanwhile."""
    store = HeldStore(corpus_store, lambda method, args: method == "run_readonly")
    app = create_app(Settings(store=corpus_store.url), store)  # type: ignore[arg-type]
    app.state.query_lane = QueryLane(threads=2)
    body = {"query": "MATCH (p:Project) RETURN count(p) AS n"}
    for base in serve(app):
        clients = [httpx.Client(base_url=base, timeout=WAIT_S) for _ in range(3)]
        try:
            started = [in_background(lambda c=c: c.post("/cypher", json=body)) for c in clients]
            try:
                wait_for(lambda: store.entered == 2, "two queries are inside the store")
                with httpx.Client(base_url=base, timeout=WAIT_S) as client:
                    assert client.get("/health").status_code == 200
                assert store.entered == 2, "the third query must wait for a thread of the lane"
            finally:
                store.release.set()
            for thread, answers in started:
                thread.join(WAIT_S)
                assert answers and answers[0].status_code == 200
            assert store.entered == 3
        finally:
            for c in clients:
                c.close()
