"""Helpers the resource routers share: run a named query, shape a page, answer JSON or CSV."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from fastapi import Request, Response

from api.formats import Format, csv_response, wants_csv
from api.pagination import PageParams, encode_cursor
from api.problems import ProblemError
from graph.store import GraphStore


def fetch(store: GraphStore, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows of the API's own named query ``name`` (``cypher/internal/<name>.cypher``)."""
    return store.run_named(name, params).rows


def fetch_one(store: GraphStore, name: str, params: dict[str, Any], what: str, uid: str) -> dict[str, Any]:
    rows = fetch(store, name, params)
    if not rows:
        raise ProblemError("not-found", f"no {what} with uid {uid!r}")
    return rows[0]


def keyset_params(after: list[Any] | None, names: Sequence[str]) -> dict[str, Any]:
    """Cypher parameters ``after_<name>`` for a keyset page (all None on the first page)."""
    return {f"after_{n}": (after[i] if after else None) for i, n in enumerate(names)}


def page_out(
    request: Request,
    response: Response,
    fmt: Format | None,
    rows: list[dict[str, Any]],
    page: PageParams,
    scope: str,
    key: Callable[[dict[str, Any]], list[Any]],
    columns: Sequence[str] | None = None,
) -> dict[str, Any] | Response:
    """A page body (or CSV) from rows fetched with ``LIMIT limit + 1``."""
    next_cursor = None
    if len(rows) > page.limit:
        rows = rows[: page.limit]
        next_cursor = encode_cursor(key(rows[-1]), scope)
    headers = {}
    if next_cursor:
        headers["Link"] = f'<{request.url.include_query_params(cursor=next_cursor)}>; rel="next"'
    if wants_csv(request, fmt):
        return csv_response(rows, columns, headers=headers, fmt=fmt)
    response.headers.update(headers)
    return {"items": rows, "next_cursor": next_cursor, "limit": page.limit}


def table_out(
    request: Request,
    fmt: Format | None,
    body: Any,
    rows: list[dict[str, Any]],
    columns: Sequence[str] | None = None,
) -> Any:
    """``body`` as JSON, or ``rows`` as CSV when asked for."""
    if wants_csv(request, fmt):
        return csv_response(rows, columns, fmt=fmt)
    return body


def by_fields(*names: str) -> Callable[[dict[str, Any]], list[Any]]:
    """The keyset key of a row: its fields ``names`` (dotted for nested objects)."""

    def key(row: dict[str, Any]) -> list[Any]:
        out = []
        for name in names:
            value: Any = row
            for part in name.split("."):
                value = value.get(part) if isinstance(value, dict) else None
            out.append(value)
        return out

    return key


def by_year(fact: dict[str, Any]) -> tuple[Any, ...]:
    """Order of dated facts: by year (a span by its first year, undated last), then by source."""
    prov = fact.get("provenance") or {}
    first = fact.get("year_from")
    last = fact.get("year_to")
    return (
        first if isinstance(first, int) else 10_000,
        last if isinstance(last, int) else 10_000,
        str(prov.get("doc") or ""),
        prov.get("start") if isinstance(prov.get("start"), int) else -1,
    )
