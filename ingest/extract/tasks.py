"""Task rows of a key-task table (序号 / 项目内容 / 主责单位 / 进展情况): one ``Task`` per row,
and ``table_column`` ownership — each unit of the row's 主责单位 owns each project its 进展情况
reports (collective entries such as 各街道办事处 own nothing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.extract.bureaus import resolve_units
from ingest.extract.events import ProjectInSentence
from ingest.registry import Institution, Registry
from ingest.types import Ownership, SegmentedDocument, Sentence, Source, TableCell, TableRow, Task

# the units a row makes responsible; a 配合单位 (or 协办单位) column assists and owns nothing
UNIT_COLUMN = re.compile(r"^(?!.*(?:配合|协办|协同|参与))(?=.*(?:主责单位|责任单位|牵头单位|承办单位))")
PROGRESS_COLUMN = re.compile(r"进展|完成情况|落实情况")
CONTENT_COLUMN = re.compile(r"项目内容|任务内容|重点任务|工作任务|内容")
_TASK_ID = re.compile(r"((?:市|区)?重点任务)\s*第\s*(\d+)\s*项")


@dataclass(slots=True)
class RowFacts:
    task: Task
    units: list[tuple[str, Institution, Source]] = field(default_factory=list)
    ownership: list[Ownership] = field(default_factory=list)


def _cell(row: TableRow, pattern: re.Pattern) -> TableCell | None:
    for c in row.cells:
        if pattern.search(c.column):
            return c
    return None


def cell_source(doc: SegmentedDocument, cell: TableCell) -> Source:
    text = doc.raw.text
    return Source(doc=doc.raw.file, evidence=text[cell.start:cell.end], start=cell.start, end=cell.end)


class TaskReader:
    """Example: ``TaskReader(reg).run(doc, projects_by_sentence)`` → one RowFacts per row."""

    def __init__(self, registry: Registry):
        self.registry = registry

    def run(self, doc: SegmentedDocument, projects: dict[str, list[ProjectInSentence]],
            district: str | None = None) -> list[RowFacts]:
        """``district``: the document's, which a 区-abbreviation of a unit cell names."""
        by_row: dict[int, list[Sentence]] = {}
        for s in doc.sentences:
            if s.row is not None:
                by_row.setdefault(s.row.index, []).append(s)
        out: list[RowFacts] = []
        for row in doc.rows:
            facts = self._row(doc, row, by_row.get(row.index, []), projects, district)
            if facts is not None:
                out.append(facts)
        return out

    def task_id(self, doc: SegmentedDocument, row: TableRow) -> str:
        content = _cell(row, CONTENT_COLUMN)
        if content is not None and (m := _TASK_ID.search(content.text)):
            return f"{m.group(1)}第{m.group(2)}项"
        number = _cell(row, re.compile(r"序号|编号"))
        label = number.text.strip() if number is not None and number.text.strip() else str(row.index + 1)
        return f"{doc.raw.file}#{label}"

    def _row(self, doc: SegmentedDocument, row: TableRow, sentences: list[Sentence],
             projects: dict[str, list[ProjectInSentence]], district: str | None) -> RowFacts | None:
        unit_cell = _cell(row, UNIT_COLUMN)
        content = _cell(row, CONTENT_COLUMN)
        if unit_cell is None and content is None:
            return None
        task_id = self.task_id(doc, row)
        units: list[tuple[str, Institution, Source]] = []
        unit_column = unit_cell.column if unit_cell is not None else None
        if unit_cell is not None:
            src = cell_source(doc, unit_cell)
            resolved = resolve_units(self.registry, unit_cell.text, district)
            units = [(surface, inst, src) for surface, inst in resolved]
        reported: list[str] = []
        ownership: list[Ownership] = []
        seen: set[tuple[str, str]] = set()
        for s in sentences:
            if not (s.column and PROGRESS_COLUMN.search(s.column)):
                continue
            for p in projects.get(s.uid, []):
                if p.name not in reported:
                    reported.append(p.name)
                for _surface, inst, _src in units:
                    if inst.collective or (p.name, inst.name) in seen:
                        continue
                    seen.add((p.name, inst.name))
                    ownership.append(Ownership(project=p.name, bureau=inst.name, basis="table_column",
                                               source=s.source(), task=task_id, relation=unit_column))
        anchor = content or unit_cell
        assert anchor is not None
        task = Task(id=task_id, doc=doc.raw.file, bureaus=list(dict.fromkeys(i.name for _, i, _ in units)),
                    projects=reported, source=cell_source(doc, anchor), text=anchor.text)
        return RowFacts(task=task, units=units, ownership=ownership)
