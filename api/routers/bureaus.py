"""``/bureaus``: responsible units, one unit, and the projects it is responsible for."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from api import shapes
from api.deps import StoreDep
from api.formats import FormatParam, csv_openapi
from api.models import BureauDetail, BureauProject, BureauSummary
from api.pagination import OwnershipEvidenceDep, Page, PageDep, decode_cursor, scope_of
from api.problems import ProblemError, problem_responses
from api.respond import by_fields, fetch, fetch_one, keyset_params, page_out

router = APIRouter(prefix="/bureaus", tags=["bureaus"])

Uid = Annotated[
    str, Path(max_length=200, description="The bureau's uid.", examples=["bureau:0a1b2c3d4e5f6a7b"])
]
KEY = ("name", "uid")
KEY_OF = by_fields(*KEY)
PROJECT_KEY = ("rank", "name", "uid")  # stated and sole owners first (api_bureau_projects)
PROJECT_KEY_OF = by_fields("rank", "project.name", "project.uid")


@router.get(
    "",
    response_model=Page[BureauSummary],
    summary="List bureaus and other responsible units",
    responses={200: csv_openapi(), **problem_responses("bad-cursor", "invalid-request")},
)
def list_bureaus(
    request: Request,
    response: Response,
    store: StoreDep,
    page: PageDep,
    fmt: FormatParam = None,
    q: Annotated[
        str | None,
        Query(
            max_length=200, description="Part of the name or of an alias, any script.", examples=["住建委"]
        ),
    ] = None,
) -> Any:
    """Units ordered by name, each with the number of projects it is responsible for."""
    filters = {"q": q.strip() or None if q else None}
    scope = scope_of("bureaus", filters)
    after = decode_cursor(page.cursor, scope, len(KEY))
    rows = fetch(store, "api_bureaus", {**filters, **keyset_params(after, KEY), "limit": page.limit + 1})
    return page_out(
        request,
        response,
        fmt,
        rows,
        page,
        scope,
        KEY_OF,
        columns=["uid", "name", "kind", "aliases", "projects"],
    )


@router.get(
    "/{uid}",
    response_model=BureauDetail,
    summary="One bureau",
    responses=problem_responses("not-found"),
)
def get_bureau(uid: Uid, store: StoreDep) -> Any:
    """The unit, its aliases, its number of projects and the sentences that name it."""
    return shapes.bureau(fetch_one(store, "api_bureau", {"uid": uid}, "bureau", uid))


@router.get(
    "/{uid}/projects",
    response_model=Page[BureauProject],
    summary="Projects a bureau is responsible for, with the evidence",
    responses={200: csv_openapi(), **problem_responses("not-found", "bad-cursor")},
)
def bureau_projects(
    request: Request,
    response: Response,
    uid: Uid,
    store: StoreDep,
    page: PageDep,
    evidence: OwnershipEvidenceDep,
    fmt: FormatParam = None,
) -> Any:
    """One row per project, stated and sole owners first, then by name; each says why the unit
    owns it (`reason`: stated, sole or one_of; `why`: in words, with the task), how many pieces
    of evidence there are (``supports``, from ``documents`` documents) and a page of them, each
    with its basis (table_column, stated, inferred_via_task) and the sentence it was read from."""
    scope = scope_of("bureau_projects", {"uid": uid})
    after = decode_cursor(page.cursor, scope, len(PROJECT_KEY))
    params = {"uid": uid, "limit": page.limit + 1, **keyset_params(after, PROJECT_KEY), **evidence.params()}
    rows = fetch(store, "api_bureau_projects", params)
    if not rows:  # the query gives one row with a null uid for a bureau without projects
        raise ProblemError("not-found", f"no bureau with uid {uid!r}")
    rows = [shapes.bureau_project(r) for r in rows if r.get("uid")]
    return page_out(request, response, fmt, rows, page, scope, PROJECT_KEY_OF)
