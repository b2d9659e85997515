"""``/projects``: list (filters, cursor), one project with its owners, its history by year."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from api import shapes
from api.deps import StoreDep
from api.formats import FormatParam, csv_openapi
from api.models import ProjectDetail, ProjectHistory, ProjectSummary
from api.pagination import EventEvidenceDep, Page, PageDep, decode_cursor, scope_of
from api.problems import problem_responses
from api.respond import by_fields, by_year, fetch, fetch_one, keyset_params, page_out, table_out

router = APIRouter(prefix="/projects", tags=["projects"])

Uid = Annotated[
    str, Path(max_length=200, description="The project's uid.", examples=["project:1f2e3d4c5b6a7980"])
]
KEY = ("name", "uid")
KEY_OF = by_fields(*KEY)


@router.get(
    "",
    response_model=Page[ProjectSummary],
    summary="List projects",
    responses={200: csv_openapi(), **problem_responses("bad-cursor", "invalid-request")},
)
def list_projects(
    request: Request,
    response: Response,
    store: StoreDep,
    page: PageDep,
    fmt: FormatParam = None,
    bureau: Annotated[
        str | None,
        Query(
            max_length=200,
            description="A responsible unit: uid, name or alias (区住建委).",
            examples=["区住建委"],
        ),
    ] = None,
    year: Annotated[
        int | None,
        Query(ge=1900, le=2200, description="Projects with an event in this year.", examples=[2022]),
    ] = None,
    kind: Annotated[
        str | None, Query(max_length=50, description="e.g. 棚改, 街区", examples=["棚改"])
    ] = None,
    q: Annotated[
        str | None,
        Query(max_length=200, description="Part of the name or of an alias, any script.", examples=["望坛"]),
    ] = None,
) -> Any:
    """Projects ordered by name, with filters that combine (AND)."""
    filters = {"bureau": bureau, "year": year, "kind": kind, "q": q.strip() or None if q else None}
    scope = scope_of("projects", filters)
    after = decode_cursor(page.cursor, scope, len(KEY))
    params = {**filters, **keyset_params(after, KEY), "limit": page.limit + 1}
    if bureau is None and year is None:  # the plain scan; the relational filters need a costlier query
        del params["bureau"], params["year"]
        rows = fetch(store, "api_projects", params)
    else:
        rows = fetch(store, "api_projects_related", params)
    return page_out(
        request, response, fmt, rows, page, scope, KEY_OF, columns=["uid", "name", "kind", "aliases"]
    )


@router.get(
    "/{uid}",
    response_model=ProjectDetail,
    summary="One project, with its owners and the evidence",
    responses=problem_responses("not-found"),
)
def get_project(uid: Uid, store: StoreDep) -> Any:
    """The project, every unit responsible for it (with the basis and the sentence that says so),
    its places and the sentences that name it."""
    return shapes.project(fetch_one(store, "api_project", {"uid": uid}, "project", uid))


@router.get(
    "/{uid}/history",
    response_model=ProjectHistory,
    summary="A project's history, year by year",
    responses={200: csv_openapi("The events as CSV."), **problem_responses("not-found")},
)
def project_history(
    request: Request, uid: Uid, store: StoreDep, evidence: EventEvidenceDep, fmt: FormatParam = None
) -> Any:
    """Events (stage, tense: done / planned / expected) ordered by year. The same stage in the same
    year said by many documents is one event: ``supports`` counts the documents, ``evidence`` is a
    page of their sentences. CSV: one row per event, with its first sentence."""
    params = {"uid": uid, **evidence.params()}
    shaped = shapes.history(fetch_one(store, "api_project_history", params, "project", uid))
    body = ProjectHistory.model_validate({**shaped, "events": sorted(shaped["events"], key=by_year)})
    return table_out(request, fmt, body, [e.model_dump(exclude={"evidence"}) for e in body.events])
