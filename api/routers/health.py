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
    """200 with the number of nodes, relationships and stored documents (counts the engines keep:
    cheap at any size), 503 when the store does not answer."""
    counts: dict[str, int] = {}
    try:
        # lone queries, not one: each lone count is answered from the engine's own counters
        for name in (
            "count_nodes",
            "count_bookkeeping",
            "count_shelves",
            "count_relationships",
            "count_documents",
        ):
            counts.update(store.run_named(name, {}, timeout_ms=COUNT_TIMEOUT_MS).rows[0])
        # the store's Counts node and the writer's Shelf nodes are not the graph's
        counts["nodes"] -= counts.pop("bookkeeping") + counts.pop("shelves")
        alive = True
    except Exception:
        alive = store.ping()  # alive but not counting (a timeout): the counts stay null
        counts = {}
    if not alive:
        body = Health(
            status="unavailable",
            store=store.url,
            cypher=settings.cypher_enabled,
            writes=settings.writes_enabled,
        )
        return JSONResponse(body.model_dump(), status_code=503)
    return Health(
        status="ok",
        store=store.url,
        nodes=counts.get("nodes"),
        relationships=counts.get("relationships"),
        documents=counts.get("documents"),
        cypher=settings.cypher_enabled,
        writes=settings.writes_enabled,
    )
