"""Cursor pagination: keyset, with opaque cursors bound to the list and its filters.

A list is ordered by a key (for entities ``(name, uid)``); a page holds the rows after the key the
cursor carries. The cursor is URL-safe base64 of JSON ``{"k": key, "s": scope}`` where ``scope``
is a short hash of the endpoint and its filters, so a cursor used on another list or with other
filters is refused (400 ``bad-cursor``) instead of silently skipping rows. Clients must treat it
as opaque.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel, Field

from api.problems import ProblemError

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 50

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list. Ask for the next with ``?cursor=<next_cursor>`` and the same filters."""

    items: list[T]
    next_cursor: str | None = Field(description="Opaque; null on the last page.")
    limit: int = Field(description="The page size asked for.")


class PageParams(BaseModel):
    limit: int
    cursor: str | None


async def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Rows per page.")] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[
        str | None,
        Query(max_length=1000, description="The `next_cursor` of the previous page (opaque)."),
    ] = None,
) -> PageParams:
    return PageParams(limit=limit, cursor=cursor)


PageDep = Annotated[PageParams, Depends(page_params)]


def scope_of(endpoint: str, filters: dict[str, Any]) -> str:
    text = json.dumps(
        [endpoint, sorted((k, v) for k, v in filters.items() if v is not None)],
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def encode_cursor(key: Sequence[Any], scope: str) -> str:
    raw = json.dumps({"k": list(key), "s": scope}, ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str | None, scope: str, width: int) -> list[Any] | None:
    """The key a cursor carries, or None for the first page. Raises 400 ``bad-cursor``."""
    if cursor is None or cursor == "":
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw.decode("utf-8"))
        key = data["k"]
        ok = isinstance(key, list) and len(key) == width and data["s"] == scope
        ok = ok and all(isinstance(v, str | int | float) for v in key)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        ok = False
    if not ok:
        raise ProblemError(
            "bad-cursor",
            "the cursor is not one this list gave out with these filters: pass the next_cursor of "
            "the previous page unchanged, with the same filters, or drop it to start again",
        )
    return key


MAX_EVIDENCE = 100


class EvidenceParams(BaseModel):
    """A page of the evidence of every row: rows say how many pieces exist (``supports``)."""

    evidence: int
    evidence_offset: int

    def params(self) -> dict[str, int]:
        return {"evidence": self.evidence, "evidence_offset": self.evidence_offset}


def _evidence_dependency(default: int) -> Any:
    """``?evidence=N&evidence_offset=K`` read into :class:`EvidenceParams` (``default`` pieces)."""

    async def read(
        evidence: Annotated[
            int,
            Query(ge=1, le=MAX_EVIDENCE, description="At most this many pieces of evidence per row "
                  "(the count of all is the row's `supports`)."),
        ] = default,
        evidence_offset: Annotated[
            int, Query(ge=0, description="Skip this many pieces of evidence of each row: the next page.")
        ] = 0,
    ) -> EvidenceParams:
        return EvidenceParams(evidence=evidence, evidence_offset=evidence_offset)

    return Annotated[EvidenceParams, Depends(read)]


EventEvidenceDep = _evidence_dependency(3)
OwnershipEvidenceDep = _evidence_dependency(5)
SeriesEvidenceDep = _evidence_dependency(3)
