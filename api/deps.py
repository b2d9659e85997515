"""Dependencies the routers declare: the settings, the store, the bearer token for writes."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.problems import ProblemError
from api.settings import Settings
from graph.store import GraphStore


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_store(request: Request) -> GraphStore:
    store = getattr(request.app.state, "store", None)
    if store is None:
        raise ProblemError("store-unavailable", "the graph store is not open")
    return store


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[GraphStore, Depends(get_store)]

_bearer = HTTPBearer(auto_error=False, description="The server's POLICYKG_API_TOKEN.")


async def require_token(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """401 without a bearer token, 403 with a wrong one."""
    if not settings.token:  # the write routes are not mounted then; this is a second lock
        raise ProblemError("forbidden", "writes are disabled on this server (POLICYKG_API_TOKEN is unset)")
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise ProblemError(
            "unauthorized",
            "this endpoint changes the graph: send 'Authorization: Bearer <POLICYKG_API_TOKEN>'",
            headers={"WWW-Authenticate": 'Bearer realm="policykg"'},
        )
    if not secrets.compare_digest(credentials.credentials.encode(), settings.token.encode()):
        raise ProblemError("forbidden", "the bearer token does not match the server's POLICYKG_API_TOKEN")
