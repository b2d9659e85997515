"""``/search?q=``: anything by any of its names, aliases or scripts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from api.deps import StoreDep
from api.formats import FormatParam, csv_openapi
from api.models import SearchHit
from api.pagination import Page, PageDep, decode_cursor, scope_of
from api.problems import ProblemError, problem_responses
from api.respond import fetch, page_out
from graph.keys import fold

router = APIRouter(tags=["search"])


@router.get(
    "/search",
    response_model=Page[SearchHit],
    summary="Find projects, bureaus, places and metrics by name or alias",
    responses={200: csv_openapi(), **problem_responses("invalid-request", "bad-cursor")},
)
def search(
    request: Request,
    response: Response,
    store: StoreDep,
    page: PageDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description="A name or part of one, in any script or width "
            "(望壇 finds 望坛; 东城区 and 区 prefixes are dropped).",
            examples=["望壇"],
        ),
    ],
    fmt: FormatParam = None,
) -> Any:
    """Exact names first, then names starting with the term, then names containing it; aliases
    count as names (`matched` tells which one matched)."""
    if not fold(q):
        raise ProblemError(
            "invalid-request", f"q={q!r} has nothing to search for once spaces and quotes are dropped"
        )
    scope = scope_of("search", {"q": q})
    after = decode_cursor(page.cursor, scope, 1)
    skip = max(0, int(after[0])) if after else 0
    rows = fetch(store, "api_search", {"q": q, "skip": skip, "limit": page.limit + 1})
    for i, row in enumerate(rows):
        row["_rank"] = skip + i + 1  # the cursor of a ranked list is the position reached
    return page_out(
        request,
        response,
        fmt,
        rows,
        page,
        scope,
        lambda r: [r["_rank"]],
        columns=["uid", "label", "name", "matched", "kind", "part_of", "parts"],
    )
