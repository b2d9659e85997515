"""The cross-document step, run once every document of a run is extracted.

1. **alias folding across documents**: names discovered in any document (the registry's run-time
   names) are looked for in every other document, so a bare mention in an earlier file of a name
   that only a later file introduced is still recognised; such mentions join the entity, and
   give events (and table ownership in a task table) like any other mention.
2. **inferred_via_task**: a project mentioned in a document that is not the task table is linked
   to the unit of the task row that reports it — when that unit is single: the row names one
   unit; or the progress cell is numbered (1. 2. …) with as many items as the row has units and
   the project sits in item *k* (unit *k*); or all rows reporting the project share exactly one
   unit. One record per mentioning sentence and unit.

4. **locations**: a project whose name begins with the name of a place the run knows (a street
   of the registry, a 商圈 or 片区 found in any document) is located there (东直门交通枢纽项目 →
   东直门), with the sentence that first names the project in the document as its source.
3. **canonical names**: each project takes the name the registry prefers among all the surfaces
   the run saw (:func:`ingest.registry.preferred_name`), so file order does not change names.

Each ``DocumentFacts`` is changed in place.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from ingest.extract.entities import EntityExtractor, build_gazetteer
from ingest.extract.events import EventRules, ProjectInSentence
from ingest.extract.lexicon import PROJECT_HEADS
from ingest.extract.metrics import attribute_to_projects
from ingest.extract.projects import ProjectSpotter, clause_may_have_stage, head_of
from ingest.extract.tasks import PROGRESS_COLUMN, UNIT_COLUMN
from ingest.extract.text import prepare
from ingest.extract.when import anchor_dates
from ingest.registry import Registry
from ingest.resolve import EntityTable, clean, original_surface, project_key, strip_prefix
from ingest.types import DocumentFacts, Location, Ownership, Sentence, StoredTaskOwner

_ITEM = re.compile(r"^\s*(\d{1,2})\s*[.．、]")
_GENERIC_KINDS = frozenset({"项目", "工程"})  # the kind of a name found by its 项目/工程 head alone


def link_documents(docs: list[DocumentFacts], registry: Registry,
                   stored: Sequence[StoredTaskOwner] = ()) -> None:
    """``stored``: the units task rows of stored documents outside the run give their projects."""
    if not docs:
        return
    extractor = EntityExtractor(registry)
    gazetteer = build_gazetteer(registry, extractor.excluded)
    if gazetteer is not None:
        canonical = _Canonical(registry)  # the registry does not change while names are folded
        for d in docs:
            _fold_known_names(d, canonical, extractor.project_spotter, gazetteer, extractor.excluded,
                              extractor.institutions)
    _infer_via_task(docs, _stored_rows(stored, registry))
    _settle_names(docs, registry)
    _locate_projects(docs, registry)
    for d in docs:
        attribute_to_projects(d)  # figures about one project, once its name is settled


# --------------------------------------------------------------------------- 3. canonical names


def _settle_names(docs: list[DocumentFacts], registry: Registry) -> None:
    """Rename each project to the canonical form the registry settles on once it has seen every
    surface of the run (the first surface seen would make the graph depend on file order)."""
    renamed = registry.settle_names("Project")
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    for d in docs:
        for e in d.projects:
            new = renamed.get(e.name)
            if new is not None:
                if e.name not in e.aliases:
                    e.aliases.append(e.name)
                e.name = new
            if e.kind:
                kinds[e.name][e.kind] += 1
        for ev in d.events:
            ev.project = renamed.get(ev.project, ev.project)
        for o in d.ownership:
            o.project = renamed.get(o.project, o.project)
        for t in d.tasks:
            # a set, listed in a fixed order: the order names were found in depends on file order
            t.projects = sorted({renamed.get(p, p) for p in t.projects})
    # one kind per project, the same in every document: the kind its core name's head gives
    # (东直门交通枢纽项目 → 枢纽), else the most specific kind its mentions were found with
    for d in docs:
        for e in d.projects:
            by_head = _kind_of_core(e.name)
            if by_head is not None:
                e.kind = by_head
            elif e.name in kinds:
                e.kind = min(kinds[e.name].items(),
                             key=lambda kv: (kv[0] in _GENERIC_KINDS, -kv[1], kv[0]))[0]


def _kind_of_core(name: str) -> str | None:
    head = head_of(project_key(name))
    kind = PROJECT_HEADS[head] if head else None
    return None if kind in _GENERIC_KINDS else kind


# --------------------------------------------------------------------------- 1. known names


class _Canonical(dict):
    """surface → the registry's canonical project name (or None), each surface worked out once for
    the whole step: the gazetteer finds the same few names in sentence after sentence."""

    def __init__(self, registry: Registry):
        super().__init__()
        self.registry = registry

    def __missing__(self, surface: str) -> str | None:
        self[surface] = found = self.registry.canonical("Project", surface)
        return found


def _fold_known_names(doc: DocumentFacts, canonical: _Canonical, spotter: ProjectSpotter, gazetteer,
                      excluded: set[str], institutions) -> None:
    mentioned: set[tuple[str, int]] = {(e.name, m.start) for e in doc.projects for m in e.mentions}
    table = EntityTable("Project")
    for e in doc.projects:
        table.adopt(e)  # extend the document's entities in place
    rules = EventRules()
    tasks_by_cell = {t.source.start: t for t in doc.tasks}
    anchors = None  # the document's dates, worked out for the first sentence that gives an event
    for s in doc.sentences:
        if s.column and UNIT_COLUMN.search(s.column):
            continue
        hits = {m.group() for m in gazetteer.finditer(s.text)}
        if not hits or all((canonical[h], s.start) in mentioned for h in hits):
            continue  # nothing known here that this sentence does not already mention
        prep = prepare(s.text, [institutions, gazetteer])
        if not any(clause_may_have_stage(prep.text, *m.span()) for m in gazetteer.finditer(prep.text)):
            continue  # no known name in a clause that states work: nothing to tokenize for
        new: list[ProjectInSentence] = []
        for span in spotter.find(prep, gazetteer, excluded):
            if span.rule != "gazetteer":
                continue
            surface = prep.text[span.start:span.end]
            name = canonical[surface]
            if name is None or (name, s.start) in mentioned:
                continue
            mentioned.add((name, s.start))
            ws, we = prep.working_span(span.start, span.end)
            a, b = s.original_span(ws, we)
            original = original_surface(s.evidence[a - s.start:b - s.start])
            table.add(name, [clean(surface), original], s.source())
            new.append(ProjectInSentence(name, ws, we))
        if not new:
            continue
        if anchors is None:
            anchors = anchor_dates(doc.document.date, doc.sentences)
        doc.events.extend(rules.events(s, new, anchors.get(s.uid)))
        if s.row is not None and s.column and PROGRESS_COLUMN.search(s.column):
            _add_table_ownership(doc, s, new, tasks_by_cell)
    doc.projects[:] = table.entities()


def _add_table_ownership(doc: DocumentFacts, s: Sentence, found: list[ProjectInSentence],
                         tasks_by_cell: dict) -> None:
    row = s.row
    assert row is not None
    task = next((tasks_by_cell[c.start] for c in row.cells if c.start in tasks_by_cell), None)
    if task is None:
        return
    owners = {o.bureau for o in doc.ownership if o.task == task.id and o.basis == "table_column"}
    units = [b for b in task.bureaus if b in owners] or _row_units(doc, task.id)
    column = next((c.column for c in row.cells if UNIT_COLUMN.search(c.column)), None)
    for p in found:
        if p.name not in task.projects:
            task.projects.append(p.name)
        for unit in units:
            doc.ownership.append(Ownership(project=p.name, bureau=unit, basis="table_column",
                                           source=s.source(), task=task.id, relation=column))


def _row_units(doc: DocumentFacts, task_id: str) -> list[str]:
    collective = {e.name for e in doc.bureaus if e.kind == "集合"}
    for t in doc.tasks:
        if t.id == task_id:
            return [b for b in t.bureaus if b not in collective]
    return []


# --------------------------------------------------------------------------- 2. inferred_via_task


def _stored_rows(stored: Sequence[StoredTaskOwner], registry: Registry) -> dict[str, dict[tuple, list[str]]]:
    """Stored task rows as project (this run's canonical name) → {(doc, task): units}; a row whose
    run resolved the project's unit (``sole``) gives that unit alone."""
    out: dict[str, dict[tuple, list[str]]] = defaultdict(dict)
    sole: dict[tuple[str, tuple], str] = {}
    for o in stored:
        if o.task is None:
            continue
        canonical = next((c for c in (registry.canonical("Project", n) for n in (o.project, *o.aliases))
                          if c), None)
        if canonical is None:
            continue
        units = out[canonical].setdefault((o.doc, o.task), [])
        if o.bureau not in units:
            units.append(o.bureau)
        if o.sole:
            sole[(canonical, (o.doc, o.task))] = o.bureau
    for (canonical, key), unit in sole.items():
        out[canonical][key] = [unit]
    return out


def projects_with_a_task_unit(docs: list[DocumentFacts]) -> list[str]:
    """The projects the task rows of ``docs`` give one unit: a mention of one of them in another
    document is linked to that unit (``inferred_via_task``)."""
    return sorted(_task_units(docs, {}))


def _infer_via_task(docs: list[DocumentFacts], stored: dict[str, dict[tuple, list[str]]]) -> None:
    single = _task_units(docs, stored)
    task_docs = {d.document.file for d in docs if d.tasks}
    for d in docs:
        if d.document.file in task_docs:
            continue
        seen: set[tuple[str, str, int]] = set()
        for e in d.projects:
            links = single.get(e.name)
            if not links:
                continue
            for (_tdoc, task_id), unit in sorted(links.items()):
                for m in e.mentions:
                    if (e.name, unit, m.start) in seen:
                        continue
                    seen.add((e.name, unit, m.start))
                    d.ownership.append(Ownership(project=e.name, bureau=unit, basis="inferred_via_task",
                                                 source=m, task=task_id))


def _task_units(docs: list[DocumentFacts], stored: dict[str, dict[tuple, list[str]]]
                ) -> dict[str, dict[tuple[str, str], str]]:
    """project → {(task doc, task id): unit} for the rows whose unit for the project is single;
    marks the table_column ownership of that unit ``sole``."""
    rows: dict[str, dict[tuple[str, str], list[str]]] = defaultdict(dict)
    single: dict[str, dict[tuple[str, str], str]] = defaultdict(dict)
    for p, by_row in stored.items():  # a stored row's table_column units are already per project
        for key, units in by_row.items():
            if len(units) == 1:
                single[p][key] = units[0]
            else:
                rows[p][key] = units
    for d in docs:
        if not d.tasks:
            continue
        collective = {e.name for e in d.bureaus if e.kind == "集合"}
        items = _item_numbers(d)
        for t in d.tasks:
            units = [b for b in t.bureaus if b not in collective]
            for p in t.projects:
                rows[p][(t.doc, t.id)] = units
        for o in d.ownership:
            if o.basis != "table_column" or o.task is None:
                continue
            t = next((t for t in d.tasks if t.id == o.task), None)
            if t is None:
                continue
            units = [b for b in t.bureaus if b not in collective]
            unit = None
            if len(units) == 1:
                unit = units[0]
            else:
                k = items.get(o.source.start)
                n_items = items.get(("count", t.id))
                if k is not None and n_items == len(units) and 1 <= k <= len(units):
                    unit = units[k - 1]
            if unit is not None:
                single[o.project][(t.doc, t.id)] = unit
                o.sole = o.bureau == unit
    for p, by_row in rows.items():
        if p in single:
            continue
        shared = set.intersection(*(set(u) for u in by_row.values())) if by_row else set()
        if len(shared) == 1:
            unit = shared.pop()
            single[p] = {key: unit for key in by_row}
    return single


def _item_numbers(doc: DocumentFacts) -> dict:
    """Sentence start → item number (1. 2. …) within its progress cell, and per task the count."""
    out: dict = {}
    current: dict[int, int] = {}
    counts: dict[int, int] = {}
    for s in doc.sentences:
        if s.row is None or not (s.column and PROGRESS_COLUMN.search(s.column)):
            continue
        m = _ITEM.match(s.text)
        if m:
            current[s.row.index] = int(m.group(1))
            counts[s.row.index] = max(counts.get(s.row.index, 0), int(m.group(1)))
        if s.row.index in current:
            out[s.start] = current[s.row.index]
    starts = {t.source.start: t.id for t in doc.tasks}
    for s in doc.sentences:
        if s.row is not None:
            for c in s.row.cells:
                if c.start in starts and s.row.index in counts:
                    out[("count", starts[c.start])] = counts[s.row.index]
    return out


# --------------------------------------------------------------------------- 4. locations


def _locate_projects(docs: list[DocumentFacts], registry: Registry) -> None:
    places: dict[str, dict[str, str | None]] = defaultdict(dict)  # short name → {place: kind}
    for short, street in registry.streets.items():
        places[short][f"{street}街道"] = "街道"
    for d in docs:
        for e in d.places:
            short = e.name[:-2] if e.kind == "街道" and e.name.endswith("街道") else e.name
            places[short].setdefault(e.name, e.kind)
    shorts = {p for p in places if len(p) >= 2}
    for d in docs:
        for e in sorted(d.projects, key=lambda e: e.name):
            if not e.mentions:
                continue
            names = {strip_prefix(clean(n)) for n in (e.name, *e.aliases)}
            # the longest place name (then the first in code-point order) that begins a name
            # and is not all of it
            heads = {n[:k] for n in names for k in range(2, len(n)) if n[:k] in shorts}
            if not heads:
                continue
            short = min(heads, key=lambda p: (-len(p), p))
            first = min(e.mentions, key=lambda m: (m.start, m.end))
            for place, kind in sorted(places[short].items()):
                # not a Place mention of this document: the store makes the node if none names it
                d.locations.append(Location(project=e.name, place=place, place_kind=kind, basis="name",
                                            source=first))
