"""``POST /cypher``: ad-hoc read-only Cypher, time-limited and row-capped (as Datasette's SQL)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Request
from fastapi.responses import Response

from api.deps import SettingsDep, StoreDep
from api.formats import FormatParam, csv_openapi
from api.models import CypherRequest, QueryRows
from api.problems import ProblemError, problem_responses
from api.querying import rows_out, run_user_query

router = APIRouter(tags=["cypher"])


@router.post(
    "/cypher",
    response_model=QueryRows,
    summary="Run a read-only Cypher query",
    responses={
        200: csv_openapi(),
        **problem_responses(
            "query-syntax", "query-write", "cypher-disabled", "query-timeout", "query-too-complex"
        ),
    },
)
async def run_cypher(
    request: Request,
    body: Annotated[CypherRequest, Body()],
    store: StoreDep,
    settings: SettingsDep,
    fmt: FormatParam = None,
) -> QueryRows | Response:
    """Run one Cypher statement that only reads.

    - **Read-only is enforced by the engine** (FalkorDB `GRAPH.RO_QUERY`, Neo4j READ access mode
      and `EXPLAIN`), not by a keyword list: a write of any kind answers **403** `query-write`
      and leaves the graph as it was.
    - A **time limit** (server-side, `POLICYKG_API_TIMEOUT_MS`, 1 s by default): a query over it
      answers **422** `query-timeout`.
    - A **row cap** (`POLICYKG_API_ROW_CAP`, 1,000 by default): `truncated` is true when it cut
      the result.
    - Text the engine could not bound once started answers **422** `query-too-complex`: more than
      12 levels of nested expressions (FalkorDB's parser is exponential in them), or `range()`
      calls building more than 1,000,000 elements (bounds must be integer literals).
    - A syntax error answers **400** `query-syntax`; any other error the engine raises while
      running the query **400** `query-failed`.
    - Parameters go in `params`, never into the text.
    - Switched off with `POLICYKG_API_CYPHER=0` (then **403** `cypher-disabled`).

    `?format=csv` (or `Accept: text/csv`) gives the rows as CSV.
    """
    if not settings.cypher_enabled:
        raise ProblemError(
            "cypher-disabled",
            "ad-hoc Cypher is switched off on this server (POLICYKG_API_CYPHER=0); "
            "the named queries under /api/v1/queries are still available",
        )
    result = await run_user_query(
        request,
        lambda: store.run_readonly(
            body.query, body.params, timeout_ms=settings.timeout_ms, row_cap=settings.row_cap
        ),
    )
    return rows_out(request, fmt, result)
