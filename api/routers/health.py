"""``GET /health``: is the store answering, how large is the graph, and what is switched on."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from api.deps import SettingsDep, StoreDep
from api.models import Health

router = APIRouter(tags=["meta"])

COUNT_TIMEOUT_MS = 2000  # the counts come from the engines' own counters: far below this


@router.get(
    "/health",
    response_model=Health,
    summary="Health of the API and its store, with the graph's size",
    responses={503: {"model": Health, "description": "The store does not answer."}},
)
def health(
    store: StoreDep,
    settings: SettingsDep,
    stats: Annotated[
        bool, Query(description="Kept for old clients: the counts are always given now.")
    ] = True,
) -> Health | JSONResponse:
    """200 with the number of nodes, relationships and stored documents (one query over counts the
    engines keep: cheap at any size), 503 when the store does not answer."""
    try:
        counts = store.run_named("health_counts", {}, timeout_ms=COUNT_TIMEOUT_MS).rows
        alive = True
    except Exception:
        counts, alive = [], False
    if not alive:
        body = Health(
            status="unavailable",
            store=store.url,
            cypher=settings.cypher_enabled,
            writes=settings.writes_enabled,
        )
        return JSONResponse(body.model_dump(), status_code=503)
    row = counts[0] if counts else {}
    return Health(
        status="ok",
        store=store.url,
        nodes=int(row.get("nodes") or 0),
        relationships=int(row.get("relationships") or 0),
        documents=int(row.get("documents") or 0),
        cypher=settings.cypher_enabled,
        writes=settings.writes_enabled,
    )
