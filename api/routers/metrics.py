"""``/metrics``: indicators, and one indicator's values over the years."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from api import shapes
from api.deps import StoreDep
from api.formats import FormatParam, csv_openapi
from api.models import MetricSeries, MetricSummary
from api.pagination import Page, PageDep, SeriesEvidenceDep, decode_cursor, scope_of
from api.problems import problem_responses
from api.respond import by_fields, by_year, fetch, fetch_one, keyset_params, page_out, table_out

router = APIRouter(prefix="/metrics", tags=["metrics"])

KEY = ("name", "uid")
KEY_OF = by_fields(*KEY)
MAX_SERIES = 5_000


@router.get(
    "",
    response_model=Page[MetricSummary],
    summary="List metrics (indicators)",
    responses={200: csv_openapi(), **problem_responses("bad-cursor", "invalid-request")},
)
def list_metrics(
    request: Request,
    response: Response,
    store: StoreDep,
    page: PageDep,
    fmt: FormatParam = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Part of the indicator's name.", examples=["生产总值"])
    ] = None,
) -> Any:
    """Indicators ordered by name, each with its number of observations."""
    filters = {"q": q.strip() or None if q else None}
    scope = scope_of("metrics", filters)
    after = decode_cursor(page.cursor, scope, len(KEY))
    rows = fetch(store, "api_metrics", {**filters, **keyset_params(after, KEY), "limit": page.limit + 1})
    return page_out(
        request, response, fmt, rows, page, scope, KEY_OF, columns=["uid", "name", "observations"]
    )


@router.get(
    "/{uid}/series",
    response_model=MetricSeries,
    summary="A metric's values, year by year",
    responses={200: csv_openapi("The values as CSV."), **problem_responses("not-found", "invalid-request")},
)
def metric_series(
    request: Request,
    uid: Annotated[
        str, Path(max_length=200, description="The metric's uid.", examples=["metric:9a8b7c6d5e4f3a2b"])
    ],
    store: StoreDep,
    evidence: SeriesEvidenceDep,
    fmt: FormatParam = None,
    offset: Annotated[
        int,
        Query(
            ge=0,
            le=10_000_000,
            description="Skip this many values: the next page (the previous page's `next_offset`).",
        ),
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_SERIES, description="At most this many values.")] = 500,
) -> Any:
    """The metric's distinct values (value, unit, base value, period, qualifier) ordered by year,
    a page at a time. The same value for the same year said by many documents is one value:
    ``supports`` counts the documents, ``evidence`` is a page of their sentences. CSV: one row per
    value, with its first sentence."""
    params = {"uid": uid, "skip": offset, "limit": limit, **evidence.params()}
    row = fetch_one(store, "api_metric_series", params, "metric", uid)
    shaped = shapes.series(row)
    body = MetricSeries.model_validate(
        {
            **shaped,
            "observations": sorted(shaped["observations"], key=by_year),
            "next_offset": offset + limit if shaped["entries"] == limit else None,
        }
    )
    return table_out(request, fmt, body, [o.model_dump(exclude={"evidence"}) for o in body.observations])
