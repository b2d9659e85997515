"""``/queries``: the named queries of ``cypher/*.cypher``, typed from their headers.

Each named query gets its own ``GET /queries/<name>`` operation in the OpenAPI document, with one
query-string parameter per ``// param:`` line (type, default, description), so the contract shows
what each query takes. Values are always passed to the engine as parameters. Every run is
read-only (engine-enforced), time-limited and row-capped like ``POST /cypher``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from api.deps import SettingsDep, StoreDep
from api.formats import Format, FormatParam, csv_openapi
from api.models import QueryInfo, QueryParamInfo, QueryRows
from api.problems import problem_responses
from api.querying import rows_out, run_user_query
from api.settings import Settings
from graph.queries import NamedQuery, get_named, named_queries
from graph.store import GraphStore

PREFIX = "/queries"

_TYPES: dict[str, Any] = {
    "str": str,
    "name": str,
    "int": int,
    "float": float,
    "bool": bool,
    "list": list[str],
}


def _info(q: NamedQuery) -> QueryInfo:
    return QueryInfo(
        name=q.name,
        summary=q.summary or None,
        params=[
            QueryParamInfo(
                name=p.name, type=p.type, required=p.required, default=p.default, description=p.doc or None
            )
            for p in q.params
        ],
        url=f"/api/v1{PREFIX}/{q.name}",
    )


async def list_queries() -> list[QueryInfo]:
    """Every query in `cypher/*.cypher` with its summary and typed parameters, read from the
    file's header (`// name:`, `// summary:`, `// param: name: type = default — description`)."""
    return [_info(q) for q in named_queries().values()]


async def _run(
    query: NamedQuery,
    values: dict[str, Any],
    request: Request,
    store: GraphStore,
    settings: Settings,
    fmt: Format | None,
) -> QueryRows | Response:
    # the text is ours (cypher/, linted) and the engine runs it read-only: one round trip, no EXPLAIN
    given = {k: v for k, v in values.items() if v is not None}
    result = await run_user_query(
        request,
        lambda: store.run_named(query.name, given, timeout_ms=settings.timeout_ms, row_cap=settings.row_cap),
    )
    detail = None
    if not result.rows:  # an empty answer about a stored name says what the store holds
        detail = await run_user_query(request, lambda: store.explain_empty(query.name, given))
    return rows_out(request, fmt, result, detail)


_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: csv_openapi(),
    **problem_responses("query-parameter", "query-timeout", "query-not-found"),
}


def _endpoint_for(query: NamedQuery) -> Callable[..., Any]:
    """A route function whose signature has one typed query parameter per header ``param``."""
    params = [
        inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request),
        inspect.Parameter("store", inspect.Parameter.KEYWORD_ONLY, annotation=StoreDep),
        inspect.Parameter("settings", inspect.Parameter.KEYWORD_ONLY, annotation=SettingsDep),
        inspect.Parameter("fmt", inspect.Parameter.KEYWORD_ONLY, annotation=FormatParam, default=None),
    ]
    for p in query.params:
        if p.type == "map":  # internal queries only: not reachable from a URL
            continue
        kind = _TYPES.get(p.type, str)
        bounds = p.bounds or (None, None)  # an int's range: 422 naming the parameter outside it
        q = Query(alias=p.name, description=p.doc or None, ge=bounds[0], le=bounds[1])
        required = p.required
        params.append(
            inspect.Parameter(
                f"p_{p.name}",
                inspect.Parameter.KEYWORD_ONLY,
                annotation=Annotated[kind, q] if required else Annotated[kind | None, q],
                default=inspect.Parameter.empty if required else None,
            )
        )

    # async: the store call itself runs on the app's query lane (api.querying), off the event loop
    async def endpoint(**kwargs: Any) -> QueryRows | Response:
        values = {k[2:]: v for k, v in kwargs.items() if k.startswith("p_")}
        request, store, settings = kwargs["request"], kwargs["store"], kwargs["settings"]
        return await _run(query, values, request, store, settings, kwargs["fmt"])

    endpoint.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    endpoint.__name__ = f"query_{query.name}"
    endpoint.__doc__ = (query.summary or query.name) + _param_doc(query)
    return endpoint


def _param_doc(query: NamedQuery) -> str:
    lines = [
        f"- `{p.name}` ({p.type}{'' if p.required else f', default {p.default!r}'}): {p.doc}"
        for p in query.params
        if p.type != "map"
    ]
    return ("\n\nParameters:\n\n" + "\n".join(lines)) if lines else ""


async def run_named_query(
    request: Request,
    name: Annotated[str, Path(max_length=200, description="The query's name.")],
    store: StoreDep,
    settings: SettingsDep,
    fmt: FormatParam = None,
) -> Any:
    """The same as the per-query operations, for a name given at run time: the parameters are read
    from the query string (`?bureau=区住建委&limit=5`) and typed from the query's header."""
    query = get_named(name)  # 404 query-not-found for an unknown name
    values = {k: v for k, v in request.query_params.items() if k not in ("format",)}
    return await _run(query, values, request, store, settings, fmt)


def build_router() -> APIRouter:
    """The list, one operation per named query (from the catalogue as it is now), then the
    catch-all ``/queries/{name}`` that answers 404 for an unknown name."""
    router = APIRouter(prefix=PREFIX, tags=["queries"])
    router.add_api_route(
        "", list_queries, methods=["GET"], response_model=list[QueryInfo], summary="List the named queries"
    )
    for query in named_queries().values():
        router.add_api_route(
            f"/{query.name}",
            _endpoint_for(query),
            methods=["GET"],
            response_model=QueryRows,
            summary=query.summary or f"Named query {query.name}",
            responses=_RESPONSES,
            operation_id=f"query_{query.name}",
        )
    router.add_api_route(
        "/{name}",
        run_named_query,
        methods=["GET"],
        response_model=QueryRows,
        summary="Run a named query by name (unknown names answer 404)",
        responses=_RESPONSES,
    )
    return router
