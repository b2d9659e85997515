"""Typed records that flow through the ingest pipeline and out of it.

Two families live here:

* pipeline records (``RawDocument``, ``WorkingText``, ``Section``, ``Sentence``, ``TableRow``,
  ``SegmentedDocument``, ``Mention``) that one stage hands to the next;
* fact records (``DocumentInfo``, ``Entity``, ``Task``, ``Ownership``, ``Event``, ``Metric``,
  ``Source``) whose JSON form is the facts format of ``shared/spec/FACTS.md``.

Offsets: every ``start``/``end`` named ``start``/``end`` on a fact or a sentence is a character
offset into the ORIGINAL decoded text of the file (its bytes decoded with the detected encoding,
newlines untouched, a BOM dropped), so ``original[start:end] == evidence``. Offsets into the
normalised working text are named ``wstart``/``wend``.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from functools import cache
from operator import attrgetter
from typing import Literal

Tense = Literal["done", "planned", "expected"]
Basis = Literal["table_column", "stated", "inferred_via_task"]
Year = int | str  # 2022, or "2017-2021" for a span
DocFormat = Literal["text", "table", "html"]
# What the file was: its text is the file itself (``text``) or was extracted from it (the others).
Container = Literal["text", "pdf", "docx", "html"]


def stable_uid(kind: str, *parts: object) -> str:
    """A content-derived id: the same facts give the same uid on every run and every engine."""
    digest = hashlib.sha1("\x1f".join([kind, *map(str, parts)]).encode("utf-8")).hexdigest()
    return f"{kind.lower()}:{digest[:16]}"


class _Record:
    """Base of the records here: pickled as their constructor's arguments, in field order.

    Documents cross from a worker process to the parent pickled (``ingest.parallel``); the
    dataclass default (``__getstate__``/``__setstate__`` over ``fields()`` per object) took twice
    as long on both sides for the tens of thousands of sentences and sources of a run."""

    __slots__ = ()

    def __reduce__(self):
        return type(self), _field_values(type(self))(self)


@cache
def _field_values(cls: type) -> Callable[[object], tuple]:
    getter = attrgetter(*(f.name for f in fields(cls)))
    if len(fields(cls)) == 1:
        return lambda obj: (getter(obj),)
    return getter


# --------------------------------------------------------------------------- pipeline records


@dataclass(frozen=True, slots=True)
class RawDocument(_Record):
    """A file read and decoded. ``text`` is the original text all offsets refer to."""

    path: str
    file: str  # the file's name, used as ``doc`` in every SOURCE
    sha256: str
    encoding: str  # e.g. "utf-8", "gb18030", "big5"
    format: DocFormat
    text: str
    # For PDF, Word and web pages ``text`` is the EXTRACTED text (offsets index it, and the store
    # keeps it); ``container`` says which reader made it.
    container: Container = "text"
    title: str | None = None  # metadata the file declares (a web page's title), over the text's
    date: str | None = None  # "YYYY-MM-DD" the file declares (a web page's publication date)
    pages: tuple[int, ...] = ()  # PDF: the offset in ``text`` where each page starts

    def page_at(self, offset: int) -> int | None:
        """The 1-based page holding ``offset``, or None when the file has no pages.

        Example: with ``pages == (0, 120)``, ``page_at(119) == 1`` and ``page_at(120) == 2``.
        """
        if not self.pages:
            return None
        return max(1, bisect.bisect_right(self.pages, offset))


@dataclass(frozen=True, slots=True)
class TimeContext(_Record):
    """What a heading (or the document) says about time, inherited by everything below it.

    ``year`` is the default year of facts in the section, ``tense`` the default tense of events
    (a review is ``done``, a work plan ``planned``), ``period`` the default metric period.
    """

    year: Year | None = None
    tense: Tense | None = None
    period: str | None = None


@dataclass(frozen=True, slots=True)
class Section(_Record):
    uid: str
    heading: str  # normalised (Simplified) heading text
    level: int
    start: int  # span of the heading in the original text
    end: int
    context: TimeContext
    parent: str | None = None  # uid of the enclosing section


@dataclass(frozen=True, slots=True)
class TableCell(_Record):
    column: str  # header name, e.g. "主责单位"
    text: str  # normalised text of the cell (tags removed)
    start: int  # span in the original text
    end: int


@dataclass(frozen=True, slots=True)
class TableRow(_Record):
    index: int  # 0-based among the data rows of the document
    cells: tuple[TableCell, ...]
    start: int
    end: int

    def cell(self, column: str) -> TableCell | None:
        for c in self.cells:
            if c.column == column:
                return c
        return None


@dataclass(frozen=True, slots=True)
class Sentence(_Record):
    """A sentence (or a table cell's sentence) with its place in the original file.

    ``text`` is the normalised working text (Simplified, pinyin artefacts and layout breaks
    removed); ``evidence`` is the original slice ``original[start:end]``. ``offsets[i]`` is the
    original offset of ``text[i]`` so a mention inside the sentence maps back exactly; use
    :meth:`original_span`.
    """

    uid: str
    doc: str
    index: int  # order within the document
    text: str
    evidence: str
    start: int
    end: int
    offsets: tuple[int, ...]
    section: Section | None
    paragraph: int
    row: TableRow | None = None  # set for sentences inside a table cell
    column: str | None = None  # the cell's column for sentences inside a table cell
    page: int | None = None  # 1-based page of a PDF, where the sentence starts

    def original_span(self, i: int, j: int) -> tuple[int, int]:
        """Original [start, end) of working text ``text[i:j]`` (``0 <= i < j <= len(text)``)."""
        if not self.offsets:
            return self.start, self.end
        i = max(0, min(i, len(self.offsets) - 1))
        j = max(i + 1, min(j, len(self.offsets)))
        return self.offsets[i], self.offsets[j - 1] + 1

    @property
    def context(self) -> TimeContext:
        return self.section.context if self.section else TimeContext()

    def source(self) -> Source:
        return Source(doc=self.doc, evidence=self.evidence, start=self.start, end=self.end, page=self.page)


@dataclass(slots=True)
class SegmentedDocument(_Record):
    raw: RawDocument
    info: DocumentInfo
    sections: list[Section]
    sentences: list[Sentence]
    rows: list[TableRow]
    garbled: list[tuple[int, int]]  # original spans judged to be mojibake, never extracted from


@dataclass(frozen=True, slots=True)
class Mention(_Record):
    """A surface form found in a sentence, before resolution."""

    label: Literal["Project", "Bureau", "Place"]
    surface: str  # as in the working text (Simplified)
    sentence: Sentence
    wstart: int  # offsets in sentence.text
    wend: int
    kind: str | None = None  # e.g. 棚改, 街道, 委办局
    original: str | None = None  # the surface as in the original file (its own script)


# --------------------------------------------------------------------------- fact records


@dataclass(frozen=True, slots=True)
class Source(_Record):
    doc: str
    evidence: str
    start: int
    end: int
    page: int | None = None  # 1-based PDF page (left out of the JSON when None)


@dataclass(slots=True)
class DocumentInfo(_Record):
    id: str
    file: str
    title: str | None
    date: str | None
    kind: str | None
    sha256: str
    encoding: str = "utf-8"
    # From a manifest (ingest.manifest), None without one: where the page was found, who published
    # it, and the district whose 区-abbreviations it uses. ``properties``: the manifest's other columns.
    url: str | None = None
    publisher: str | None = None
    district: str | None = None
    properties: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Entity(_Record):
    """A resolved Project, Bureau or Place: one node, every surface form kept as an alias."""

    id: str
    label: Literal["Project", "Bureau", "Place"]
    name: str
    aliases: list[str] = field(default_factory=list)
    kind: str | None = None
    mentions: list[Source] = field(default_factory=list)


@dataclass(slots=True)
class Task(_Record):
    id: str  # e.g. "市重点任务第8项"
    doc: str
    bureaus: list[str]  # canonical bureau names
    projects: list[str]  # canonical project names
    source: Source
    text: str | None = None


@dataclass(slots=True)
class Ownership(_Record):
    project: str
    bureau: str
    basis: Basis
    source: Source
    task: str | None = None
    # table_column only: this unit is the one of the row's units the row gives the project (the
    # row has one unit, or its numbered items say which); a later run infers ownership from it
    sole: bool = False
    # the role the text states (实施主体, 牵头, 负责, 建设单位, 启动 …); None for a table column
    relation: str | None = None


@dataclass(slots=True)
class Location(_Record):
    """A project's place. ``basis`` ``name``: the project's name begins with the place's name
    (东直门交通枢纽项目 → 东直门); the source is a sentence that names the project so."""

    project: str
    place: str
    place_kind: str | None  # 街道, 商圈 …: the kind of a place no sentence of the document names
    basis: Literal["name"]
    source: Source


@dataclass(slots=True)
class Event(_Record):
    project: str
    year: Year
    stage: str
    tense: Tense
    source: Source


@dataclass(slots=True)
class Metric(_Record):
    name: str
    value: float
    unit: str
    year: Year
    period: str
    qualifier: str
    subject: str | None
    source: Source
    base_value: float | None = None  # value in base_unit (亿元 → 元 …)
    base_unit: str | None = None


@dataclass(slots=True)
class DocumentFacts(_Record):
    """Everything one document contributes: what the store writes (or deletes) as one unit."""

    document: DocumentInfo
    sections: list[Section]
    sentences: list[Sentence]
    projects: list[Entity]
    bureaus: list[Entity]
    places: list[Entity]
    tasks: list[Task]
    ownership: list[Ownership]
    events: list[Event]
    metrics: list[Metric]
    garbled: list[tuple[int, int]] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StoredTaskOwner(_Record):
    """A unit a stored task row gives a project (its ``table_column`` ownership)."""

    project: str
    aliases: tuple[str, ...]
    bureau: str
    doc: str
    task: str | None
    sole: bool = False  # the row's run resolved this unit as the project's (Ownership.sole)


@dataclass(slots=True)
class LinkContext(_Record):
    """What a run links against besides its own files: the stored documents outside the run.

    ``project_names`` join the run's gazetteer (a bare mention of a name an earlier run found is
    recognised); ``task_owners`` give mentions in the run's documents ``inferred_via_task``
    ownership from task rows stored earlier."""

    project_names: list[str] = field(default_factory=list)
    task_owners: list[StoredTaskOwner] = field(default_factory=list)


@dataclass(slots=True)
class DocumentError(_Record):
    """A file that could not be ingested, and why."""

    path: str
    cause: str


@dataclass(slots=True)
class Facts(_Record):
    """The facts of a run, several documents merged, in the shape of FACTS.md."""

    documents: list[DocumentInfo] = field(default_factory=list)
    projects: list[Entity] = field(default_factory=list)
    bureaus: list[Entity] = field(default_factory=list)
    places: list[Entity] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    ownership: list[Ownership] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    errors: list[DocumentError] = field(default_factory=list)

    def to_json(self) -> dict:
        """The FACTS.md shape; a SOURCE without a page (a text file's) has no ``page`` key."""
        from ingest.jsonout import plain

        def entity(e: Entity) -> dict:
            return {"id": e.id, "name": e.name, "aliases": sorted(set(e.aliases)), "kind": e.kind}

        return {
            "documents": plain(self.documents),
            "projects": [entity(e) for e in self.projects],
            "bureaus": [entity(e) for e in self.bureaus],
            "places": [entity(e) for e in self.places],
            "tasks": plain(self.tasks),
            "ownership": plain(self.ownership),
            "events": plain(self.events),
            "metrics": plain(self.metrics),
            # an addition to FACTS.md: (Project)-[:LOCATED_IN]->(Place) of DESIGN.md
            "locations": plain(self.locations),
            "errors": plain(self.errors),
        }
