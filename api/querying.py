"""Running a user's query (named or ad hoc) through the store, and the errors that come back.

The store maps what it knows to :class:`graph.store.QueryError`. An engine error it let through
is classified here: when the query caused it (bad syntax, a type error at run time, a timeout) the
user gets a 4xx problem; when the store itself failed (connection lost) a 503.

Users' queries run off the event loop, on the app's :class:`QueryLane`: a few worker threads of
their own, so that queries which may each run up to the server's time limit neither block the
loop nor take the threads of FastAPI's pool, where the plain ``def`` resource routes and
``/health`` run (anyio's default limiter: 40 tokens). Datasette runs its SQL the same way.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from fastapi import Request, Response

from api.formats import Format, csv_response, wants_csv
from api.models import QueryRows
from graph.store import QueryError, QueryResult, StoreError

log = logging.getLogger("policykg.api")

T = TypeVar("T")

# Users' queries that may hold a thread at once; more wait in the lane's queue, not in a thread.
# The engine runs few queries in parallel anyway (FalkorDB: one per core by default).
QUERY_THREADS = 8


class QueryLane:
    """A bounded set of worker threads for users' queries, owned by one app.

    Both store clients may be called from several threads: redis-py's client (under FalkorDB's)
    takes a connection from its pool for each command, and the Neo4j store opens a session per
    call on a thread-safe driver.

    >>> lane = QueryLane(threads=2)
    >>> asyncio.run(lane.run(lambda: 6 * 7))
    42
    >>> lane.close()
    """

    def __init__(self, threads: int = QUERY_THREADS):
        self.threads = threads
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()  # the executor is made on first use, from any event loop

    async def run(self, call: Callable[[], T]) -> T:
        """``call()`` on one of the lane's threads; the event loop serves other requests meanwhile."""
        return await asyncio.get_running_loop().run_in_executor(self._pool(), call)

    def _pool(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(self.threads, thread_name_prefix="policykg-query")
            return self._executor

    def close(self) -> None:
        """Let the running queries finish (each is time-limited by the engine); start no more."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)


def lane_of(request: Request) -> QueryLane:
    """The app's lane (made on first use for an app built without one)."""
    state = request.app.state
    lane = getattr(state, "query_lane", None)
    if lane is None:
        lane = state.query_lane = QueryLane()
    return lane

_CONNECTION_ERRORS = {
    "ConnectionError",
    "ServiceUnavailable",
    "SessionExpired",
    "BrokenPipeError",
    "ConnectionRefusedError",
    "ConnectionResetError",
}


def classify(exc: BaseException) -> QueryError | StoreError:
    """The API's view of an engine error raised while running a user's query."""
    name = type(exc).__name__
    module = type(exc).__module__ or ""
    message = str(exc).strip() or name
    low = message.lower()
    code = str(getattr(exc, "code", "") or "")
    if name in _CONNECTION_ERRORS or isinstance(exc, ConnectionError):
        return StoreError(f"{name}: {message}")
    if name == "TimeoutError" or "timed out" in low or "timeout" in low or "TransactionTimedOut" in code:
        return QueryError("timeout", f"the query ran past the time limit ({message})")
    if (
        "read-only" in low
        or "readonly" in low
        or ("write" in low and ("not allowed" in low or "forbidden" in low or "read only" in low))
        or "AccessMode" in code
        or "Forbidden" in code
    ):
        return QueryError("write", f"the engine refused to change the graph: {message}")
    if "syntax" in low or "invalid input" in low or "SyntaxError" in code or "errMsg" in message:
        return QueryError("syntax", message)
    if "parameter" in low and ("missing" in low or "expected" in low):
        return QueryError("parameter", message)
    if module.startswith(("redis", "falkordb", "neo4j")):
        return QueryError("failed", message)
    return StoreError(f"{name}: {message}")


async def run_user_query(request: Request, call: Callable[[], QueryResult]) -> QueryResult:
    """Run ``call`` on the app's query lane, off the event loop; engine errors come back as
    QueryError / StoreError (never a bare exception)."""
    return await lane_of(request).run(lambda: mapped_errors(call))


def mapped_errors(call: Callable[[], QueryResult]) -> QueryResult:
    """Run ``call`` and turn engine errors into QueryError / StoreError (never a bare exception)."""
    try:
        return call()
    except (QueryError, StoreError):
        raise
    except ValueError as exc:  # the client library refusing a parameter value or name
        raise QueryError("parameter", str(exc)) from exc
    except Exception as exc:  # the engine's own errors, which the store did not map
        mapped = classify(exc)
        log.info("engine error mapped to %s: %r", type(mapped).__name__, exc)
        raise mapped from exc


def rows_out(request: Request, fmt: Format | None, result: QueryResult,
             detail: str | None = None) -> QueryRows | Response:
    """A query's rows as JSON, or as CSV (``X-Truncated`` tells whether the row cap cut them).
    ``detail``: what the store holds when the answer is empty (CSV: the ``X-Detail`` header,
    percent-encoded UTF-8)."""
    if wants_csv(request, fmt):
        headers = {"X-Truncated": "true" if result.truncated else "false"}
        if detail:
            from urllib.parse import quote

            headers["X-Detail"] = quote(detail)
        return csv_response(result.rows, result.columns, headers=headers, fmt=fmt)
    return QueryRows(
        detail=detail,
        columns=result.columns,
        rows=result.rows,
        row_count=len(result.rows),
        truncated=result.truncated,
        elapsed_ms=round(result.elapsed_ms, 3),
    )
