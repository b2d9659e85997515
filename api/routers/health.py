"""``GET /health``: is the store answering, and what is switched on."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from api.deps import SettingsDep, StoreDep
from api.models import Health

router = APIRouter(tags=["meta"])


@router.get(
    "/health",
    response_model=Health,
    summary="Health of the API and its store",
    responses={503: {"model": Health, "description": "The store does not answer."}},
)
def health(
    store: StoreDep,
    settings: SettingsDep,
    stats: Annotated[bool, Query(description="Also count the graph's nodes and relationships.")] = False,
) -> Health | JSONResponse:
    """200 when the store answers a ping (with the graph's size if `stats=true`), 503 otherwise."""
    try:
        alive = store.ping()
    except Exception:
        alive = False
    if not alive:
        body = Health(
            status="unavailable",
            store=store.url,
            cypher=settings.cypher_enabled,
            writes=settings.writes_enabled,
        )
        return JSONResponse(body.model_dump(), status_code=503)
    counts = store.stats() if stats else None
    return Health(
        status="ok",
        store=store.url,
        nodes=counts.nodes if counts else None,
        relationships=counts.edges if counts else None,
        cypher=settings.cypher_enabled,
        writes=settings.writes_enabled,
    )
