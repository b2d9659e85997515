"""Response models: the contract the OpenAPI document publishes.

Every fact carries its :class:`Provenance`: the document (file name), the sentence (uid and its
text as it stands in the original file) and the character span ``[start, end)`` of that sentence
in the document's decoded text.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from graph.queries import internal_queries

YearValue = int | str  # 2022, or "2017-2021" for a span


class Provenance(BaseModel):
    """Where a fact was read: ``text[start:end] == evidence`` in the document's decoded text."""

    doc: str = Field(description="The document's file name.")
    sentence: str | None = Field(default=None, description="uid of the sentence.")
    evidence: str | None = Field(default=None, description="The sentence as in the original file.")
    start: int | None = Field(default=None, description="Start offset of the sentence in the document.")
    end: int | None = Field(default=None, description="End offset (exclusive).")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "doc": "003_f56275b4641689bc.txt",
                    "sentence": "sentence:4be1f0d2a4c4b0a1",
                    "evidence": "推进望坛棚户区改造项目收尾工作",
                    "start": 1534,
                    "end": 1549,
                }
            ]
        }
    )


class EntityRef(BaseModel):
    uid: str
    name: str
    label: str | None = Field(default=None, description="Project, Bureau, Place, Metric …")


class ProjectSummary(BaseModel):
    uid: str
    name: str = Field(description="Canonical name (Simplified Chinese).")
    kind: str | None = Field(default=None, description="e.g. 棚改, 街区, 商圈")
    aliases: list[str] = Field(default_factory=list, description="Every surface form seen.")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "uid": "project:1f2e3d4c5b6a7980",
                    "name": "望坛棚改项目",
                    "kind": "棚改",
                    "aliases": ["望坛", "望坛项目", "望壇"],
                }
            ]
        }
    )


REASON_DOC = (
    "Why the unit is responsible: stated (a sentence states it), sole (the only unit of a task row "
    "reporting the project) or one_of (one of several units of a task row)."
)


class Ownership(BaseModel):
    """A unit responsible for a project, and why the graph says so."""

    bureau: EntityRef
    basis: str | None = Field(default=None, description="table_column | stated | inferred_via_task")
    provenance: Provenance
    reason: str | None = Field(default=None, description=REASON_DOC)
    why: str | None = Field(default=None, description="The reason in words, with the task.")
    task: str | None = Field(default=None, description="The task row the responsibility is read from.")
    units: int | None = Field(default=None, description="How many units that task row names.")
    part: str | None = Field(
        default=None,
        description="The phase or part of the project this unit owns (PART_OF); null for the project itself.",
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "bureau": {
                        "uid": "bureau:0a1b2c3d4e5f6a7b",
                        "name": "北京市东城区住房和城乡建设委员会",
                        "label": "Bureau",
                    },
                    "basis": "table_column",
                    "provenance": {
                        "doc": "003_f56275b4641689bc.txt",
                        "sentence": "sentence:4be1f0d2a4c4b0a1",
                        "evidence": "推进望坛棚户区改造项目收尾工作",
                        "start": 1534,
                        "end": 1549,
                    },
                }
            ]
        }
    )


class EventOut(BaseModel):
    """A stage of a project in a year (done, planned or expected)."""

    year: YearValue | None = None
    stage: str | None = None
    tense: str | None = Field(default=None, description="done | planned | expected")
    provenance: Provenance = Field(description="The first sentence of this page of evidence.")
    supports: int = Field(default=1, description="How many documents state this event.")
    evidence: list[Provenance] = Field(
        default_factory=list,
        description="A page of the sentences that state it, ordered by document and offset "
        "(`evidence` caps the page, `evidence_offset` turns it).",
    )
    part: str | None = Field(
        default=None,
        description="The phase or part of the project the event is of "
        "(PART_OF); null for the project itself.",
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "year": 2022,
                    "stage": "拆迁收尾",
                    "tense": "done",
                    "provenance": {
                        "doc": "003_f56275b4641689bc.txt",
                        "sentence": "sentence:4be1f0d2a4c4b0a1",
                        "evidence": "推进望坛棚户区改造项目收尾工作",
                        "start": 1534,
                        "end": 1549,
                    },
                }
            ]
        }
    )


class Location(BaseModel):
    """A place a project is in, and why the graph says so."""

    place: EntityRef
    basis: str | None = Field(default=None, description="name: the project's name begins with the place's")
    provenance: Provenance


class FamilyMember(EntityRef):
    """A phase or part of a project (二期, 南坊 …), or the project it is part of."""

    part: str | None = Field(default=None, description="The part's suffix: 二期, 南坊, 3号地块 …")


class ProjectDetail(ProjectSummary):
    owners: list[Ownership] = Field(
        default_factory=list,
        description="Stated and sole owners first; "
        "the owners of the project's phases and parts too (`part`).",
    )
    parts: list[FamilyMember] = Field(default_factory=list, description="The project's phases and parts.")
    part_of: list[FamilyMember] = Field(default_factory=list, description="The project it is a part of.")
    places: list[Location] = Field(default_factory=list)
    mentions: list[Provenance] = Field(default_factory=list, description="Sentences naming the project.")


class ProjectHistory(BaseModel):
    project: EntityRef
    events: list[EventOut]


class BureauSummary(BaseModel):
    uid: str
    name: str
    kind: str | None = None
    aliases: list[str] = Field(default_factory=list)
    projects: int = Field(default=0, description="How many projects it is responsible for.")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "uid": "bureau:0a1b2c3d4e5f6a7b",
                    "name": "北京市东城区住房和城乡建设委员会",
                    "kind": "委办局",
                    "aliases": ["区住建委"],
                    "projects": 12,
                }
            ]
        }
    )


class BureauDetail(BureauSummary):
    mentions: list[Provenance] = Field(default_factory=list)


class Responsibility(BaseModel):
    """One piece of evidence that a unit is responsible for a project."""

    basis: str | None = Field(default=None, description="table_column | stated | inferred_via_task")
    provenance: Provenance


class BureauProject(BaseModel):
    """A project a bureau is responsible for, why, how many pieces of evidence say so, in how many
    documents, and a page of them."""

    project: ProjectSummary
    reason: str | None = Field(default=None, description=REASON_DOC)
    why: str | None = Field(
        default=None,
        description="The reason in words: stated (牵头) in a.txt, "
        "sole unit of 市重点任务第8项, one of 5 units of 市重点任务第9项.",
    )
    task: str | None = Field(default=None, description="The task row the responsibility is read from.")
    units: int | None = Field(default=None, description="How many units that task row names (one_of).")
    supports: int = Field(default=0, description="Pieces of evidence of the responsibility.")
    documents: int = Field(default=0, description="Documents they come from.")
    evidence: list[Responsibility] = Field(
        description="A page of the evidence, ordered by document and offset (`evidence` caps the "
        "page, `evidence_offset` turns it)."
    )


class MetricSummary(BaseModel):
    uid: str
    name: str = Field(description="The indicator, e.g. 地区生产总值.")
    observations: int = 0

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"uid": "metric:9a8b7c6d5e4f3a2b", "name": "地区生产总值", "observations": 4}]
        }
    )


class Observation(BaseModel):
    """One value of a metric, and where it was read."""

    value: float | None = None
    unit: str | None = None
    base_value: float | None = Field(default=None, description="The value in base_unit (亿元 → 元 …).")
    base_unit: str | None = None
    year: YearValue | None = None
    period: str | None = Field(default=None, description="全年 | 上半年 | 前三季度 | 年底 | 累计 | …")
    qualifier: str | None = Field(default=None, description="实际 | 预计 | 目标 | 同比增长 | …")
    subject: str | None = None
    provenance: Provenance = Field(description="The first sentence of this page of evidence.")
    supports: int = Field(default=1, description="How many documents state this value.")
    evidence: list[Provenance] = Field(
        default_factory=list,
        description="A page of the sentences that state it, ordered by document and offset "
        "(`evidence` caps the page, `evidence_offset` turns it).",
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "value": 3200,
                    "unit": "亿元",
                    "base_value": 320000000000,
                    "base_unit": "元",
                    "year": 2021,
                    "period": "全年",
                    "qualifier": "预计",
                    "subject": "东城区",
                    "provenance": {
                        "doc": "003_f56275b4641689bc.txt",
                        "sentence": "sentence:4be1f0d2a4c4b0a1",
                        "evidence": "推进望坛棚户区改造项目收尾工作",
                        "start": 1534,
                        "end": 1549,
                    },
                }
            ]
        }
    )


class MetricSeries(BaseModel):
    metric: EntityRef
    total: int = Field(
        default=0,
        description="How many observations the metric has in all (one per "
        "statement of a value in a document).",
    )
    observations: list[Observation] = Field(
        description="A page of the distinct values (the same value, year, period, qualifier and "
        "subject stated by many documents is one, with `supports`), ordered by year."
    )
    next_offset: int | None = Field(
        default=None, description="`offset` of the next page; null on the last page."
    )


class DocumentSummary(BaseModel):
    uid: str
    file: str | None = None
    title: str | None = None
    date: str | None = None
    kind: str | None = None
    sha256: str | None = None
    url: str | None = None  # from a manifest or the upload's form fields
    publisher: str | None = None
    district: str | None = None

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "uid": "document:3f56ced52c7d7ca8",
                    "file": "000_537426b6e2e24b4a.txt",
                    "title": "政府工作报告",
                    "date": "2021-12-09",
                    "kind": "政府工作报告",
                    "sha256": "5f0c…",
                }
            ]
        },
    )


class DocumentDetail(DocumentSummary):
    counts: dict[str, int] = Field(default_factory=dict, description="Facts of this document, by kind.")


class SearchHit(BaseModel):
    uid: str
    label: str = Field(description="Project, Bureau, Place, Metric or Document.")
    name: str
    matched: str | None = Field(default=None, description="The name or alias that matched.")
    kind: str | None = None
    part_of: list[str] = Field(
        default_factory=list,
        description="A project's family: the project it is a phase or part of (PART_OF).",
    )
    parts: list[str] = Field(default_factory=list, description="A project's phases and parts.")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "uid": "project:7b598852121b7053",
                    "label": "Project",
                    "name": "望坛项目",
                    "matched": "望壇",
                    "kind": "棚改",
                }
            ]
        }
    )


class QueryParamInfo(BaseModel):
    name: str
    type: str
    required: bool
    default: Any = None
    description: str | None = None


class QueryInfo(BaseModel):
    name: str
    summary: str | None = None
    params: list[QueryParamInfo]
    url: str = Field(description="GET it with the parameters in the query string.")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "bureau_projects",
                    "summary": "Projects a bureau is responsible for, with the evidence.",
                    "params": [
                        {
                            "name": "bureau",
                            "type": "name",
                            "required": True,
                            "default": None,
                            "description": "any name or alias of the bureau",
                        }
                    ],
                    "url": "/api/v1/queries/bureau_projects",
                }
            ]
        }
    )


class QueryRows(BaseModel):
    """Rows of a query, capped and time-limited."""

    columns: list[str]
    rows: list[dict[str, Any]]
    row_count: int
    truncated: bool = Field(description="True when the row cap cut the result.")
    elapsed_ms: float
    detail: str | None = Field(
        default=None,
        description="An empty answer about a name the store holds: what it holds (e.g. the store holds 6 "
        "mention(s) of X in 4 document(s) but no stated owner).",
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"columns": ["n"], "rows": [{"n": 42}], "row_count": 1, "truncated": False, "elapsed_ms": 0.4}
            ]
        }
    )


class CypherRequest(BaseModel):
    query: str = Field(min_length=1, max_length=20_000, description="One read-only Cypher statement.")
    params: dict[Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,99}$")], Any] = Field(
        default_factory=dict, description="Passed as query parameters (`$name` in the query)."
    )

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "query": internal_queries("examples")["cypher_request"].text,
                    "params": {"unit": "住房"},
                }
            ]
        },
    )


class Health(BaseModel):
    status: str = Field(description="ok, or unavailable when the store does not answer.")
    store: str = Field(description="The store's URL.")
    nodes: int | None = Field(None, description="Nodes in the graph (null when the store does not answer).")
    relationships: int | None = Field(None, description="Relationships in the graph.")
    documents: int | None = Field(None, description="Documents stored whole.")
    cypher: bool = Field(description="Whether POST /cypher is on.")
    writes: bool = Field(description="Whether the write endpoints are on (a token is set).")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "status": "ok",
                    "store": "falkordb:./data/policykg",
                    "nodes": 3300,
                    "relationships": 5200,
                    "documents": 28,
                    "cypher": True,
                    "writes": False,
                }
            ]
        }
    )


class WriteResult(BaseModel):
    document: str
    nodes: int
    relationships: int
    replaced: bool
    status: str = Field(
        "stored",
        description="stored (new), replaced (the name was stored with other content), unchanged "
        "(stored as it is), or duplicate (the same content is stored under `duplicate_of`; nothing "
        "changed).",
    )
    duplicate_of: str | None = Field(None, description="duplicate: the stored document's name.")
    relinked_documents: list[str] = Field(
        default_factory=list,
        description="Stored documents whose facts this upload changed (extracted again with it: a "
        "task table's units, a name it introduces).",
    )
    unlinked_documents: list[str] = Field(
        default_factory=list,
        description="Stored documents kept without their text (by an earlier version) that mention "
        "projects of this document's task rows without the ownership its rows give: upload them "
        "again to link them.",
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "document": "document:3f56ced52c7d7ca8",
                    "nodes": 866,
                    "relationships": 1748,
                    "replaced": False,
                    "status": "stored",
                    "duplicate_of": None,
                    "relinked_documents": [],
                    "unlinked_documents": [],
                }
            ]
        }
    )


class DeleteResult(BaseModel):
    document: str
    deleted: bool
