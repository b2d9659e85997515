"""``/documents``: the source documents; upload and delete when the server has a token."""

from __future__ import annotations

import re
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Path, Request, Response, UploadFile
from fastapi.responses import JSONResponse, PlainTextResponse

from api.deps import SettingsDep, StoreDep, require_token
from api.formats import FormatParam, csv_openapi
from api.models import DeleteResult, DocumentDetail, DocumentSummary, WriteResult
from api.pagination import Page, PageDep, decode_cursor, scope_of
from api.problems import ProblemError, problem_responses
from api.respond import by_fields, fetch, page_out
from graph.store import GraphStore

router = APIRouter(prefix="/documents", tags=["documents"])
write_router = APIRouter(prefix="/documents", tags=["documents"], dependencies=[Depends(require_token)])

KEY = ("file", "uid")
KEY_OF = by_fields(*KEY)
COLUMNS = ["uid", "file", "title", "date", "kind", "sha256", "url", "publisher", "district"]

DocUid = Annotated[
    str,
    Path(
        max_length=300,
        description="The document's uid (its file name and sha256 are accepted too).",
        examples=["000_537426b6e2e24b4a.txt"],
    ),
]


def _documents(store: GraphStore) -> list[dict[str, Any]]:
    docs = [{**d, "file": d.get("file") or "", "uid": str(d.get("uid") or "")} for d in store.documents()]
    docs.sort(key=lambda d: (d["file"], d["uid"]))
    return docs


def _find(store: GraphStore, ref: str) -> dict[str, Any]:
    for doc in _documents(store):
        if ref in (doc["uid"], doc["file"], doc.get("sha256")):
            return doc
    raise ProblemError("not-found", f"no document with uid, file name or sha256 {ref!r}")


@router.get(
    "",
    response_model=Page[DocumentSummary],
    summary="List the stored documents",
    responses={200: csv_openapi(), **problem_responses("bad-cursor", "invalid-request")},
)
def list_documents(
    request: Request, response: Response, store: StoreDep, page: PageDep, fmt: FormatParam = None
) -> Any:
    """Documents ordered by file name: title, date, kind and sha256 read from each."""
    scope = scope_of("documents", {})
    after = decode_cursor(page.cursor, scope, len(KEY))
    rows = [d for d in _documents(store) if after is None or KEY_OF(d) > after]
    return page_out(request, response, fmt, rows[: page.limit + 1], page, scope, KEY_OF, columns=COLUMNS)


@router.get(
    "/{uid}",
    response_model=DocumentDetail,
    summary="One document, with the number of facts read from it",
    responses=problem_responses("not-found"),
)
def get_document(uid: DocUid, store: StoreDep) -> Any:
    doc = _find(store, uid)
    rows = fetch(store, "api_document_counts", {"uid": doc["uid"]})
    counts = {k: int(v or 0) for k, v in (rows[0] if rows else {}).items()}
    return {**doc, "counts": counts}


@router.get(
    "/{uid}/text",
    response_class=PlainTextResponse,
    summary="The text of a document that every span of its facts indexes",
    responses={
        200: {
            "content": {"text/plain": {"schema": {"type": "string"}}},
            "description": "The text, UTF-8: `text[start:end]` is each fact's evidence.",
        },
        **problem_responses("not-found"),
    },
)
def get_document_text(uid: DocUid, store: StoreDep) -> PlainTextResponse:
    """The document's text as its facts were read from it: for a PDF its text layer, for a Word
    file its paragraphs and tables, for a saved web page its article, for a text file the file
    decoded. Every fact's provenance (`start`, `end`) indexes this text, so `text[start:end]` is
    its `evidence`. Read again from the document's kept original bytes by the same readers.

    404 (in Chinese and English) for an unknown uid, file name or sha256, and for a document
    stored by an earlier version without its bytes."""
    from graph.service import stored_text

    found = stored_text(store, uid)
    if found is None:
        raise ProblemError(
            "not-found", f"没有这个文档：{uid!r} / no document with uid, file name or sha256 {uid!r}"
        )
    if found.text is None:
        raise ProblemError(
            "not-found",
            f"文档 {found.file} 存储时没有保留原文，请重新导入 / {found.file} was stored without its "
            "original bytes (by an earlier version): ingest it again to serve its text",
        )
    return PlainTextResponse(found.text, media_type="text/plain; charset=utf-8")


# --------------------------------------------------------------------------- writes (token only)

_SAFE_NAME = re.compile(r"[^\w.\-\u4e00-\u9fff]+")


def _safe_name(name: str | None) -> str:
    base = FilePath((name or "").replace("\\", "/")).name
    base = _SAFE_NAME.sub("_", base).strip("._")
    return base[:200] or "upload.txt"


@write_router.post(
    "",
    response_model=WriteResult,
    status_code=201,
    summary="Upload a document and ingest it (needs the token)",
    responses=problem_responses("unauthorized", "forbidden", "too-large", "bad-document", "invalid-request"),
)
def upload_document(
    file: Annotated[UploadFile, File(description="A plain-text, tab-separated or HTML document.")],
    response: Response,
    store: StoreDep,
    settings: SettingsDep,
    date: Annotated[str | None, Form(max_length=10, description=(
        "Publication date, YYYY-MM-DD, YYYY-MM or YYYY: anchors 今年, 目前, 3月29日 (as a manifest's date)."),
        examples=["2030-03-29"])] = None,
    title: Annotated[str | None, Form(max_length=500,
                                      description="Title, used where the text has none.")] = None,
    url: Annotated[str | None, Form(max_length=2000, description="Where the document was found.")] = None,
    publisher: Annotated[str | None, Form(max_length=500, description="Who published it.")] = None,
    district: Annotated[str | None, Form(max_length=50, description="The district it is about.")] = None,
) -> Any:
    """Reads the file with the ingest pipeline (encoding detection, normalisation, extraction,
    resolution) and writes its facts to the graph, whole or not at all. The file name becomes the
    document's name in every provenance record. Uploading the same document again replaces it.

    The optional form fields are those of a manifest row (`policykg ingest --manifest`).

    413 when the file is larger than `POLICYKG_API_MAX_UPLOAD` (10 MB); 422 `bad-document`, with
    the ingest's cause, when the file cannot be read; 422 `invalid-request` for a malformed date."""
    from graph.service import DUPLICATE, FAILED, IngestService, Source
    from ingest.manifest import DocumentMeta, parse_date

    try:
        day = parse_date(date)
    except ValueError as err:
        raise ProblemError("invalid-request", str(err)) from err

    size = file.size if file.size is not None else _measure(file)
    if size > settings.max_upload_bytes:
        raise ProblemError("too-large", _too_large(settings.max_upload_bytes, size))
    if size == 0:
        raise ProblemError("bad-document", f"{file.filename or 'the upload'}: the file is empty")
    name = _safe_name(file.filename)
    file.file.seek(0)
    source = Source(name=name, data=file.file.read())
    meta = DocumentMeta(file=name, date=day, title=title or None, url=url or None,
                        publisher=publisher or None, district=district or None)
    # the one ingest service: identity (name + content), linking with the stored documents, the
    # durable write; one ingest at a time per store
    report = IngestService(store).ingest([source], metadata={name: meta})
    outcome = report.outcomes[0]
    if outcome.status == FAILED:
        raise ProblemError("bad-document", f"{name}: {outcome.cause}")
    uid = outcome.uid or ""
    if outcome.status == DUPLICATE:  # nothing changed: not a 201
        response.status_code = 200
    response.headers["Location"] = f"/api/v1/documents/{uid}"
    return WriteResult(
        document=uid, nodes=outcome.nodes, relationships=outcome.relationships,
        replaced=outcome.status == "replaced", status=outcome.status, duplicate_of=outcome.duplicate_of,
        relinked_documents=[o.name for o in report.relinked],
        unlinked_documents=[d.file for d in report.unlinked],
    )


def _measure(file: UploadFile) -> int:
    file.file.seek(0, 2)
    size = file.file.tell()
    file.file.seek(0)
    return size


def _too_large(limit: int, size: int | None = None) -> str:
    got = f" ({size:,} bytes)" if size is not None else ""
    return f"the upload is larger than this server's limit of {limit:,} bytes{got} (POLICYKG_API_MAX_UPLOAD)"


@write_router.delete(
    "/{uid}",
    response_model=DeleteResult,
    summary="Delete a document and the facts only it supports (needs the token)",
    responses=problem_responses("unauthorized", "forbidden", "not-found"),
)
def delete_document(uid: DocUid, store: StoreDep) -> Any:
    """Removes ONE document (by uid, then file name, then sha256), its sentences and facts, and
    the entities no other document supports; the other documents are linked again without it."""
    from graph.queries import control_character
    from graph.service import IngestService

    if control_character(uid) is not None or IngestService(store).delete(uid) is None:
        raise ProblemError("not-found", f"no document with uid, file name or sha256 {uid!r}")
    return DeleteResult(document=uid, deleted=True)


class UploadLimit:
    """ASGI middleware: 413 for an upload body over the limit, before it is read or parsed."""

    def __init__(self, app: Any, max_bytes: int, path: str):
        self.app = app
        self.max_bytes = max_bytes
        self.path = path
        self.slack = 64 * 1024  # multipart boundaries and part headers around the file

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"].rstrip("/") != self.path:
            await self.app(scope, receive, send)
            return
        limit = self.max_bytes + self.slack
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            await self._refuse(scope, receive, send, int(length))
            return
        seen = 0

        async def limited() -> dict[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    from fastapi import HTTPException

                    raise HTTPException(413, _too_large(self.max_bytes))
            return message

        await self.app(scope, limited, send)

    async def _refuse(self, scope: dict[str, Any], receive: Any, send: Any, size: int) -> None:
        from starlette.requests import Request as StarletteRequest

        from api.problems import KINDS, problem_response

        response: JSONResponse = problem_response(
            KINDS["too-large"], _too_large(self.max_bytes, size), StarletteRequest(scope)
        )
        await response(scope, receive, send)
