"""Build the API: ``create_app(settings, store)``.

The app reads the graph only through a :class:`graph.store.GraphStore`. Given one, it uses it
and leaves it open (tests, benchmarks); otherwise it opens ``settings.store`` when it starts and
closes it when it stops. ``policykg serve`` runs it with uvicorn.
"""

from __future__ import annotations

import importlib.metadata
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from api import problems
from api.formats import refuse_unoffered_format
from api.models import Provenance
from api.problems import Problem
from api.querying import QueryLane
from api.routers import bureaus, cypher, documents, health, metrics, projects, queries, search
from api.settings import Settings
from graph.store import GraphStore

log = logging.getLogger("policykg.api")

API_PREFIX = "/api/v1"
OPENAPI_URL = f"{API_PREFIX}/openapi.json"
SWAGGER_STATIC = "/static/swagger-ui"

DESCRIPTION = """\
A knowledge graph of district policy entities (projects, bureaus, metrics, documents) read from
Chinese government documents. **Every fact carries its provenance**: the document, the sentence
and the sentence's character span in the original file.

- JSON by default; flat **CSV** for tables with `?format=csv` or `Accept: text/csv` (evidence as
  columns, one row per piece of evidence), `?format=csv-excel` for the same with a byte-order mark
  for Excel. A route without CSV answers **406** to a request for it.
- Lists are **cursor-paginated**: pass `next_cursor` back as `?cursor=` with the same filters.
- Errors are **`application/problem+json`** (`type`, `title`, `status`, `detail`);
  `GET /api/v1/problems` lists the kinds.
- **Named queries** (`/api/v1/queries`) and **ad-hoc read-only Cypher** (`POST /api/v1/cypher`):
  read-only enforced by the engine, 1 s server-side time limit, 1,000-row cap.
- Writes (`POST /api/v1/documents`, `DELETE /api/v1/documents/{uid}`) exist only when the server
  has `POLICYKG_API_TOKEN`, and require it as a bearer token.
"""


def _version() -> str:
    try:
        return importlib.metadata.version("policykg")
    except importlib.metadata.PackageNotFoundError:
        return "0.0.0"


def _swagger_assets() -> str | None:
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:
        return None
    return str(swagger_ui_path)


def create_app(
    settings: Settings | None = None, store: GraphStore | None = None, *, close_store: bool = False
) -> FastAPI:
    """The API over ``store`` (or over the store ``settings.store`` names, opened at start-up and
    closed at shut-down). A given store stays open unless ``close_store``: ``policykg serve``
    hands its store over so that the shut-down closes it (and stops the embedded server) even
    when a signal ends the process right after."""
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned: GraphStore | None = app.state.store if close_store else None
        if app.state.store is None:
            from graph import open_store

            owned = app.state.store = open_store(settings.store)
        try:
            yield
        finally:
            app.state.query_lane.close()
            if owned is not None:
                owned.close()
                app.state.store = None

    app = FastAPI(
        title="policykg API",
        version=_version(),
        description=DESCRIPTION,
        openapi_url=OPENAPI_URL,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        # ?format=csv (or Accept: text/csv only) on a route that answers JSON only: 406, not JSON
        dependencies=[Depends(refuse_unoffered_format)],
    )
    app.state.settings = settings
    app.state.store = store
    # users' queries run on threads of their own (api.querying); the resource routes are plain
    # `def` handlers, which FastAPI runs in its thread pool: no store call runs on the event loop
    app.state.query_lane = QueryLane()
    problems.install(app)

    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "DELETE", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type", "Accept"],
            expose_headers=["Link", "X-Truncated"],
        )

    for module in (health, projects, bureaus, metrics, documents, search):
        app.include_router(module.router, prefix=API_PREFIX)
    app.include_router(queries.build_router(), prefix=API_PREFIX)
    app.include_router(cypher.router, prefix=API_PREFIX)
    app.include_router(problems.router, prefix=API_PREFIX)
    if settings.writes_enabled:
        app.include_router(documents.write_router, prefix=API_PREFIX)
        app.add_middleware(
            documents.UploadLimit, max_bytes=settings.max_upload_bytes, path=f"{API_PREFIX}/documents"
        )

    _mount_viz(app)
    _mount_docs(app)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _mount_viz(app: FastAPI) -> None:
    try:
        from viz.routes import router as viz_router
    except ImportError as err:
        log.info("viz pages not mounted: %s", err)
        return
    app.include_router(viz_router, prefix="/viz")


def _mount_docs(app: FastAPI) -> None:
    assets = _swagger_assets()
    if assets is not None:
        app.mount(SWAGGER_STATIC, StaticFiles(directory=assets), name="swagger-ui")

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        if assets is None:
            return HTMLResponse(
                "<h1>policykg API</h1><p>Swagger UI's assets are not installed "
                f"(pip install swagger-ui-bundle-v2); the OpenAPI document is at "
                f'<a href="{OPENAPI_URL}">{OPENAPI_URL}</a>.</p>',
                status_code=200,
            )
        return get_swagger_ui_html(
            openapi_url=OPENAPI_URL,
            title="policykg API",
            swagger_js_url=f"{SWAGGER_STATIC}/swagger-ui-bundle.js",
            swagger_css_url=f"{SWAGGER_STATIC}/swagger-ui.css",
            swagger_favicon_url=f"{SWAGGER_STATIC}/favicon-32x32.png",
        )

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        """The pages are the front door; the API's own pages are at /docs."""
        return RedirectResponse("/viz/")

    @app.get("/openapi.json", include_in_schema=False)
    def openapi_document() -> JSONResponse:
        """Where clients look first; the same document as /api/v1/openapi.json."""
        return JSONResponse(app.openapi())


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, plus the Problem schema the error responses refer to."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        tags=[
            {"name": "projects", "description": "Projects, their owners and their history."},
            {"name": "bureaus", "description": "Responsible units and their projects."},
            {"name": "metrics", "description": "Indicators and their values over time."},
            {"name": "documents", "description": "The source documents."},
            {"name": "search", "description": "Find anything by name, alias or script."},
            {"name": "queries", "description": "Named queries from cypher/*.cypher."},
            {"name": "cypher", "description": "Ad-hoc read-only Cypher."},
            {"name": "meta", "description": "Health and error kinds."},
        ],
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in (Problem, Provenance):
        components.setdefault(
            model.__name__, model.model_json_schema(ref_template="#/components/schemas/{model}")
        )
    app.openapi_schema = schema
    return schema
