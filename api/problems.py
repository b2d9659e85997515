"""Errors as ``application/problem+json`` (RFC 9457): ``type``, ``title``, ``status``, ``detail``.

Every error the API returns has this shape, the framework's own (404 for an unknown path, 405,
request validation) included. ``type`` points into ``GET /api/v1/problems``, which lists every
kind with its status and what to do about it.

Status codes chosen for a user's query (named or ad hoc):

=============== ====== ==================================================================
reason          status why
=============== ====== ==================================================================
write           403    the store is read-only for queries: refused, not malformed
syntax          400    the query text is not Cypher the engine accepts
timeout         422    the query is well-formed but too costly for the server's time limit;
                       not 408, which tells clients and proxies to send the same request again
parameter       422    a parameter is missing or of the wrong type (as request validation)
not_found       404    no named query of that name
disabled        403    ad-hoc Cypher is switched off, or the query uses what the server never
                       runs (LOAD CSV)
too_complex     422    the text nests too deep or builds too large a range() for the engine to
                       bound (FalkorDB parses in exponential time, range() ignores the limit)
(engine error)  400    any other error the engine raises while running a user's query
=============== ====== ==================================================================
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.store import QueryError, StoreError

log = logging.getLogger("policykg.api")

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEMS_PATH = "/api/v1/problems"


class Problem(BaseModel):
    """An error, as RFC 9457 problem details."""

    type: str = Field(description="URI of the kind of problem; its anchor names the kind.")
    title: str = Field(description="Short summary of the kind of problem.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What went wrong in this request, and what to change.")
    instance: str | None = Field(default=None, description="The request path.")
    errors: list[dict[str, Any]] | None = Field(
        default=None, description="For invalid requests: each invalid field, where it is and why."
    )

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "type": f"{PROBLEMS_PATH}#not-found",
                    "title": "Not found",
                    "status": 404,
                    "detail": "no project with uid 'project:0000000000000000'",
                    "instance": "/api/v1/projects/project:0000000000000000",
                }
            ]
        }
    }


@dataclass(frozen=True, slots=True)
class ProblemKind:
    slug: str
    status: int
    title: str
    explanation: str


KINDS: dict[str, ProblemKind] = {
    k.slug: k
    for k in (
        ProblemKind("not-found", 404, "Not found", "No resource at this path, or no entity with this uid."),
        ProblemKind("method-not-allowed", 405, "Method not allowed", "See the Allow header."),
        ProblemKind("not-acceptable", 406, "Not acceptable", "Ask for application/json or text/csv."),
        ProblemKind(
            "invalid-request", 422, "Invalid request", "A parameter or the body is missing or ill-typed."
        ),
        ProblemKind(
            "bad-cursor",
            400,
            "Invalid cursor",
            "Use the next_cursor of the previous page, unchanged, with the same filters.",
        ),
        ProblemKind(
            "query-write", 403, "Write refused", "Queries are read-only; the engine refused a write."
        ),
        ProblemKind("query-syntax", 400, "Query syntax error", "The engine could not parse the query."),
        ProblemKind(
            "query-timeout",
            422,
            "Query took too long",
            "The query ran past the server's time limit; narrow it (labels, LIMIT, shorter paths).",
        ),
        ProblemKind("query-parameter", 422, "Bad query parameter", "A parameter is missing or ill-typed."),
        ProblemKind("query-not-found", 404, "No such named query", "GET /api/v1/queries lists them."),
        ProblemKind(
            "cypher-disabled", 403, "Ad-hoc Cypher disabled", "This server has POLICYKG_API_CYPHER=0."
        ),
        ProblemKind(
            "query-too-complex",
            422,
            "Query too complex",
            "The query nests too deep or builds too large a list (range()) for the engine to bound.",
        ),
        ProblemKind(
            "query-not-allowed",
            403,
            "Query not allowed",
            "This server does not run this kind of query (LOAD CSV, for one).",
        ),
        ProblemKind(
            "query-failed", 400, "Query failed", "The engine raised an error while running the query."
        ),
        ProblemKind("unauthorized", 401, "Authentication required", "Send Authorization: Bearer <token>."),
        ProblemKind("forbidden", 403, "Forbidden", "The bearer token is not the server's."),
        ProblemKind("too-large", 413, "Upload too large", "The file is larger than the server accepts."),
        ProblemKind("bad-document", 422, "Document not ingestible", "The ingest pipeline refused the file."),
        ProblemKind("store-unavailable", 503, "Store unavailable", "The graph store did not answer."),
        ProblemKind("internal", 500, "Internal server error", "A bug: the server log has the traceback."),
    )
}

QUERY_REASONS = {
    "write": "query-write",
    "syntax": "query-syntax",
    "timeout": "query-timeout",
    "parameter": "query-parameter",
    "not_found": "query-not-found",
    "disabled": "query-not-allowed",
    "too_complex": "query-too-complex",
}

_STATUS_KINDS = {404: "not-found", 405: "method-not-allowed", 406: "not-acceptable", 413: "too-large"}


class ProblemError(Exception):
    """Raise in a route to answer with a problem of kind ``slug``."""

    def __init__(self, slug: str, detail: str, *, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.kind = KINDS[slug]
        self.detail = detail
        self.headers = headers


def problem_response(
    kind: ProblemKind,
    detail: str,
    request: Request | None = None,
    *,
    status: int | None = None,
    headers: dict[str, str] | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> JSONResponse:
    body = Problem(
        type=f"{PROBLEMS_PATH}#{kind.slug}",
        title=kind.title,
        status=status or kind.status,
        detail=detail,
        instance=request.url.path if request is not None else None,
        errors=errors,
    )
    return JSONResponse(
        body.model_dump(exclude_none=True),
        status_code=body.status,
        headers=headers,
        media_type=PROBLEM_MEDIA_TYPE,
    )


def query_error_response(err: QueryError, request: Request | None = None) -> JSONResponse:
    kind = KINDS[QUERY_REASONS.get(err.reason, "query-failed")]
    return problem_response(kind, err.detail or str(err), request)


# --------------------------------------------------------------------------- handlers


async def _problem_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(exc.kind, exc.detail, request, headers=exc.headers)


async def _query_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, QueryError)
    return query_error_response(exc, request)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    kind = KINDS.get(_STATUS_KINDS.get(exc.status_code, ""))
    if kind is None:
        kind = ProblemKind("http", exc.status_code, _reason(exc.status_code), "")
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"no resource at {request.url.path}; the API lives under /api/v1 (see /docs)"
    elif exc.status_code == 405 and detail == "Method Not Allowed":
        detail = f"{request.method} is not allowed on {request.url.path}"
    return problem_response(kind, detail, request, status=exc.status_code, headers=exc.headers)


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    where, *path = list(loc) or ["request"]
    names = {"query": "query parameter", "path": "path parameter", "body": "body", "header": "header"}
    label = names.get(str(where), str(where))
    return f"{label} {'.'.join(map(str, path))!r}" if path else label


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = []
    for e in exc.errors():
        item = {
            "loc": [str(p) for p in e.get("loc", ())],
            "msg": str(e.get("msg", "")),
            "type": e.get("type"),
        }
        errors.append(item)
    detail = "; ".join(f"{_location(e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors()[:5])
    return problem_response(KINDS["invalid-request"], detail or "invalid request", request, errors=errors)


async def _store_error(request: Request, exc: Exception) -> JSONResponse:
    log.error("store error on %s: %s", request.url.path, exc)
    return problem_response(KINDS["store-unavailable"], f"the graph store failed: {exc}", request)


async def _internal_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(
        KINDS["internal"], f"unexpected {type(exc).__name__} while serving {request.url.path}", request
    )


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into problem+json."""
    app.add_exception_handler(ProblemError, _problem_error)
    app.add_exception_handler(QueryError, _query_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StoreError, _store_error)
    app.add_exception_handler(Exception, _internal_error)


# --------------------------------------------------------------------------- OpenAPI


def problem_content(example: dict[str, Any] | None = None) -> dict[str, Any]:
    media: dict[str, Any] = {"schema": {"$ref": "#/components/schemas/Problem"}}
    if example:
        media["example"] = example
    return {PROBLEM_MEDIA_TYPE: media}


def problem_responses(*slugs: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for a route: the named kinds with examples, and ``default``."""
    out: dict[int | str, dict[str, Any]] = {}
    for slug in slugs:
        kind = KINDS[slug]
        example = {
            "type": f"{PROBLEMS_PATH}#{slug}",
            "title": kind.title,
            "status": kind.status,
            "detail": kind.explanation,
        }
        if kind.status in out:  # two kinds share a status: keep one schema, list both titles
            out[kind.status]["description"] += f" / {kind.title}"
            continue
        out[kind.status] = {"description": kind.title, "content": problem_content(example)}
    out["default"] = {"description": "Any other error, as problem details.", "content": problem_content()}
    return out


class ProblemKindOut(BaseModel):
    kind: str
    type: str
    status: int
    title: str
    explanation: str


router = APIRouter(tags=["meta"])


@router.get("/problems", response_model=list[ProblemKindOut], summary="The kinds of error the API returns")
async def list_problems() -> list[ProblemKindOut]:
    """Every ``type`` an error response can carry, with its status and what to do about it."""
    return [
        ProblemKindOut(
            kind=k.slug,
            type=f"{PROBLEMS_PATH}#{k.slug}",
            status=k.status,
            title=k.title,
            explanation=k.explanation,
        )
        for k in KINDS.values()
    ]
