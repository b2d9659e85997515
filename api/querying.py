"""Running a user's query (named or ad hoc) through the store, and the errors that come back.

The store maps what it knows to :class:`graph.store.QueryError`. An engine error it let through
is classified here: when the query caused it (bad syntax, a type error at run time, a timeout) the
user gets a 4xx problem; when the store itself failed (connection lost) a 503.
"""

from __future__ import annotations

import logging
import re
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


# --------------------------------------------------------------------------- cost guard

MAX_NESTING = 12
MAX_RANGE_ELEMENTS = 1_000_000

_TOKEN = re.compile(
    r"""(?P<skip>'(?:[^'\\]|\\.)*'?|"(?:[^"\\]|\\.)*"?|`[^`]*`?|//[^\n]*|/\*.*?(?:\*/|$))"""
    r"""|(?P<word>[^\W\d]\w*)|(?P<num>\d+(?:\.\d+)?)|(?P<op>[()\[\]{},+\-!]|<>|[^\s\w])""",
    re.S,
)
_OPEN, _CLOSE = set("([{"), set(")]}")


def guard_cost(query: str) -> None:
    """Refuse text that the engine cannot bound once it has started: FalkorDB's parser takes time
    exponential in expression nesting (20 levels of brackets or of unary operators block the
    server for seconds, 25 for minutes), and ``range()`` builds its whole list before the time
    limit is looked at (``range(1, 1000000000)`` runs for minutes). Raises ``QueryError``."""
    depth = unary = 0
    worst = 0
    prev: str | None = None  # the previous significant token
    ranges: list[int] = []
    tokens = [m for m in _TOKEN.finditer(query) if m.lastgroup != "skip"]
    for i, m in enumerate(tokens):
        text = m.group()
        upper = text.upper()
        if text in _OPEN or upper == "CASE":
            depth += 1
        elif text in _CLOSE or upper == "END":
            depth = max(0, depth - 1)
        is_unary = upper == "NOT" or (
            text in ("-", "+")
            and (
                prev is None
                or prev in _OPEN
                or prev
                in {
                    ",",
                    "+",
                    "-",
                    "*",
                    "/",
                    "%",
                    "^",
                    "=",
                    "<",
                    ">",
                    "NOT",
                    "AND",
                    "OR",
                    "XOR",
                    "RETURN",
                    "WHERE",
                    "WITH",
                }
            )
        )
        unary = unary + 1 if is_unary else (unary if text in _OPEN else 0)
        worst = max(worst, depth + unary)
        if upper == "RANGE" and i + 1 < len(tokens) and tokens[i + 1].group() == "(":
            ranges.append(_range_size(tokens, i + 2))
        prev = upper if m.lastgroup == "word" else text
    if worst > MAX_NESTING:
        raise QueryError(
            "too_complex",
            f"the query nests expressions {worst} deep; this server parses at most {MAX_NESTING} levels "
            "(brackets, CASE and unary operators count)",
        )
    total = 1
    for size in ranges:
        total *= size
    if total > MAX_RANGE_ELEMENTS:
        raise QueryError(
            "too_complex",
            f"range() here would build {total:,} elements; ad-hoc queries may build at most "
            f"{MAX_RANGE_ELEMENTS:,} (range() needs integer literal bounds)",
        )


def _range_size(tokens: list[re.Match[str]], start: int) -> int:
    """Elements of ``range(a, b[, step])`` with literal integer arguments; unbounded otherwise."""
    args: list[int] = []
    sign = 1
    for m in tokens[start : start + 8]:
        text = m.group()
        if text == ")":
            break
        if text == "-":
            sign = -1
        elif m.lastgroup == "num" and "." not in text:
            args.append(sign * int(text))
            sign = 1
        elif text != ",":
            return MAX_RANGE_ELEMENTS + 1  # a bound that is not a literal: refuse
    if len(args) not in (2, 3) or (len(args) == 3 and args[2] == 0):
        return MAX_RANGE_ELEMENTS + 1
    step = args[2] if len(args) == 3 else 1
    return max(0, (args[1] - args[0]) // step + 1)
