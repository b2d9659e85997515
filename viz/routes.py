"""The pages over HTTP: ``router`` is mounted at ``/viz`` by the API (api/app.py).

    GET /viz/                        home: search box, most connected projects and bureaus
    GET /viz/search?q=望坛            results (any name, alias or script) linking to the pages
    GET /viz/neighbourhood/{uid}     depth, cap, labels (repeatable), year_from, year_to
    GET /viz/history/{uid}           a project's history by year, graph and table
    GET /viz/static/{name}           vis-network (from the installed pyvis) and our script/style

The store comes from ``request.app.state.store`` (as api/deps.py); override :func:`get_store`
with ``app.dependency_overrides`` to inject another.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from graph.store import GraphStore, QueryError
from viz.assets import FILES, MEDIA_TYPES, read_asset, served_assets
from viz.pages import (
    DEFAULT_CAP,
    MAX_CAP,
    Links,
    NeighbourhoodParams,
    PageContext,
    render_entity_page,
    render_error,
    render_home,
    render_search,
)
from viz.queries import VizQueries

router = APIRouter(tags=["viz"])


def get_store(request: Request) -> GraphStore | None:
    return getattr(request.app.state, "store", None)


StoreDep = Annotated[GraphStore | None, Depends(get_store)]


def _ctx(request: Request) -> PageContext:
    base = request.url_for("viz_home").path
    return PageContext(links=Links(base=base), assets=served_assets(f"{base}static/"))


def _error(request: Request, status: int, title: str, detail: str) -> HTMLResponse:
    """The page for an error: in Chinese, with the search box (plain CSS, no graph script)."""
    return HTMLResponse(render_error(status, title, detail, ctx=_ctx(request)), status_code=status)


def _guard(request: Request, store: GraphStore | None, fn: Callable[[VizQueries], Response]) -> Response:
    if store is None:
        return _error(request, 503, "图数据库未打开", "服务器没有打开图数据库，请稍后再试。")
    try:
        return fn(VizQueries(store))
    except QueryError as err:
        status = 400 if err.reason in ("parameter", "syntax") else (504 if err.reason == "timeout" else 502)
        return _error(request, status, "查询失败", f"查询没有完成（{err.reason}）：{err.detail}")


@router.get("/", response_class=HTMLResponse, name="viz_home", summary="Home page: search and entry points")
def home(request: Request, store: StoreDep) -> Response:
    def page(q: VizQueries) -> Response:
        projects, bureaus = q.top()
        return HTMLResponse(render_home(projects, bureaus, ctx=_ctx(request)))

    return _guard(request, store, page)


@router.get("/search", response_class=HTMLResponse, name="viz_search", summary="Search results page")
def search(
    request: Request,
    store: StoreDep,
    q: Annotated[str, Query(max_length=200, description="any name, alias or script")] = "",
    go: Annotated[bool, Query(description="with exactly one hit, go straight to its page")] = False,
) -> Response:
    def page(queries: VizQueries) -> Response:
        if not q.strip():
            return RedirectResponse(request.url_for("viz_home").path, status_code=303)
        hits, truncated = queries.search(q)
        ctx = _ctx(request)
        if go and len(hits) == 1:
            return RedirectResponse(ctx.links.neighbourhood(hits[0].uid) or "/", status_code=303)
        return HTMLResponse(render_search(q, hits, ctx=ctx, truncated=truncated))

    return _guard(request, store, page)


def _number(value: str | None, name: str, lo: int, hi: int, default: int | None) -> int | None:
    """A number from a form field: empty means the default (browsers send empty fields)."""
    if value is None or not value.strip():
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ValueError(f"{name} 应为整数，收到 {value!r}") from None
    if not lo <= number <= hi:
        raise ValueError(f"{name} 应在 {lo} 到 {hi} 之间，收到 {number}")
    return number


@router.get(
    "/neighbourhood/{uid}",
    response_class=HTMLResponse,
    name="viz_neighbourhood",
    summary="Neighbourhood page",
)
def neighbourhood(
    request: Request,
    uid: str,
    store: StoreDep,
    depth: Annotated[
        str | None, Query(max_length=8, description="hops from the node, 1–3 (default 2)")
    ] = None,
    cap: Annotated[
        str | None,
        Query(max_length=8, description=f"at most this many nodes, 1–{MAX_CAP} (default {DEFAULT_CAP})"),
    ] = None,
    labels: Annotated[
        list[str] | None, Query(max_length=20, description="only these labels (repeat)")
    ] = None,
    year_from: Annotated[
        str | None, Query(max_length=8, description="leave out events and values before this year")
    ] = None,
    year_to: Annotated[
        str | None, Query(max_length=8, description="leave out events and values after this year")
    ] = None,
) -> Response:
    try:
        params = NeighbourhoodParams(
            depth=_number(depth, "depth", 1, 3, 2) or 2,
            cap=_number(cap, "cap", 1, MAX_CAP, DEFAULT_CAP) or DEFAULT_CAP,
            labels=tuple(labels or ()),
            year_from=_number(year_from, "year_from", 1900, 2200, None),
            year_to=_number(year_to, "year_to", 1900, 2200, None),
        )
    except ValueError as err:
        return _error(request, 422, "参数有误", f"{err}")

    def page(q: VizQueries) -> Response:
        sub = q.neighbourhood(uid, params)
        if sub is None:
            return _error(request, 404, "没有这个节点", f"图中没有标识为 {uid} 的节点。可以按名称搜索：")
        return HTMLResponse(render_entity_page(sub, None, params=params, ctx=_ctx(request)))

    return _guard(request, store, page)


@router.get("/history/{uid}", response_class=HTMLResponse, name="viz_history", summary="Project history page")
def history(request: Request, uid: str, store: StoreDep) -> Response:
    def page(q: VizQueries) -> Response:
        h = q.history(uid)
        if h is None:
            return _error(request, 404, "没有这个项目", f"图中没有标识为 {uid} 的项目。可以按名称搜索：")
        return HTMLResponse(render_entity_page(None, h, ctx=_ctx(request)))

    return _guard(request, store, page)


@router.get("/static/{name}", name="viz_static", include_in_schema=False)
def static(name: str) -> Response:
    if name not in FILES:
        return Response("not found", status_code=404, media_type="text/plain")
    media = MEDIA_TYPES[FILES[name].suffix]
    return Response(read_asset(name), media_type=media, headers={"Cache-Control": "public, max-age=3600"})


@router.get("/{rest:path}", name="viz_not_found", include_in_schema=False)
def not_found(request: Request, rest: str) -> Response:
    """Any other address under the pages: a 404 page in Chinese with the search box."""
    return _error(request, 404, "没有这个页面", f"地址 {request.url.path} 不存在。可以搜索项目、单位或地点：")
