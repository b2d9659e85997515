"""A cost guard for ad-hoc Cypher on FalkorDB, applied before the text reaches the engine.

FalkorDB bounds a running query with its server-side timeout, but two costs come before that
clock starts or are not watched by it: its parser takes time exponential in expression nesting
(20 levels of brackets or unary operators block the server for seconds, 25 for minutes), and
``range()`` builds its whole list before the time limit is looked at. Text that would do either
is refused with ``QueryError("too_complex", …)``. Neo4j needs no such guard.
"""

from __future__ import annotations

import re

from graph.store import QueryError

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
