"""Running a user's query (named or ad hoc) through the store, and the errors that come back.

The store maps what it knows to :class:`graph.store.QueryError`. An engine error it let through
is classified here: when the query caused it (bad syntax, a type error at run time, a timeout) the
user gets a 4xx problem; when the store itself failed (connection lost) a 503.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from fastapi import Request, Response

from api.formats import Format, csv_response, wants_csv
from api.models import QueryRows
from graph.store import QueryError, QueryResult, StoreError

log = logging.getLogger("policykg.api")

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


def run_user_query(call: Callable[[], QueryResult]) -> QueryResult:
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


def rows_out(request: Request, fmt: Format | None, result: QueryResult) -> QueryRows | Response:
    """A query's rows as JSON, or as CSV (``X-Truncated`` tells whether the row cap cut them)."""
    if wants_csv(request, fmt):
        return csv_response(
            result.rows, result.columns, headers={"X-Truncated": "true" if result.truncated else "false"}
        )
    return QueryRows(
        columns=result.columns,
        rows=result.rows,
        row_count=len(result.rows),
        truncated=result.truncated,
        elapsed_ms=round(result.elapsed_ms, 3),
    )
