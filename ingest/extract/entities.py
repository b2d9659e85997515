"""Mentions → resolved entities, tasks, ownership and events for one segmented document.

The component runs the spotters (``projects``, ``bureaus``, ``places``) over every sentence in two
passes: the first discovers project names by their heads and list contexts and registers them; the
second adds the registry's gazetteer (names found earlier in this document or run), so that a bare
later mention (星河湾 after 星河湾项目) is recognised. Every surface is resolved through the registry
to one canonical Simplified name; the original-script surface joins the aliases.

Example::

    result = EntityExtractor(Registry.load()).run(segment_document(read_document(path)))
    result.projects, result.bureaus, result.places, result.tasks, result.ownership, result.events
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.extract.bureaus import BureauHit, BureauSpotter
from ingest.extract.district import document_district
from ingest.extract.events import EventRules, ProjectInSentence, qualifies_counted_head, without_vague_repeats
from ingest.extract.focus import FocusTracker
from ingest.extract.inclusions import InclusionLists
from ingest.extract.lexicon import PROJECT_TYPES
from ingest.extract.names import names_pattern
from ingest.extract.ownership import StatedOwnership
from ingest.extract.places import PlaceSpotter
from ingest.extract.projects import ProjectSpotter, Span, head_of, stage_in
from ingest.extract.tasks import TaskReader
from ingest.extract.text import Prepared, prepare
from ingest.extract.when import anchor_dates
from ingest.registry import Registry
from ingest.resolve import EntityTable, clean, original_surface, project_key
from ingest.types import Entity, Event, Ownership, SegmentedDocument, Sentence, Task


@dataclass(slots=True)
class EntityResult:
    projects: list[Entity] = field(default_factory=list)
    bureaus: list[Entity] = field(default_factory=list)
    places: list[Entity] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    ownership: list[Ownership] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # sentence uid → the project in focus there (what 该项目 / 此次退租 refer to), or None
    focus: dict[str, str | None] = field(default_factory=dict)


def build_gazetteer(registry: Registry, excluded: set[str]) -> re.Pattern | None:
    """One alternation of every known project surface (and its 项目/工程-less core)."""
    names: set[str] = set()
    for name in registry.names("Project"):
        names.add(name)
        core = project_key(name)
        if core != name and len(core) >= 2 and clean(name).endswith(("项目", "工程")):
            names.add(core)
        if name.endswith(_PHASES) and len(name) >= 5:
            names.add(name[:-2])  # 银杏坊二期 → 银杏坊
    names = {n for n in names if len(n) >= 2 and n not in excluded}
    if not names:
        return None
    return names_pattern(names)


_PHASES = ("一期", "二期", "三期")


def aligned(prep: Prepared, gazetteer: re.Pattern) -> bool:
    """Every known name in the sentence already starts and ends on a token boundary."""
    return all(m.start() in prep.starts and m.end() in prep.ends for m in gazetteer.finditer(prep.text))


class EntityExtractor:
    def __init__(self, registry: Registry):
        self.registry = registry
        self.project_spotter = ProjectSpotter()
        self.inclusions = InclusionLists()
        self.bureau_spotter = BureauSpotter(registry)
        self.place_spotter = PlaceSpotter(registry)
        self.event_rules = EventRules()
        self.stated = StatedOwnership()
        self.tasks = TaskReader(registry)
        # the registry's institutions are kept whole by the tokenizer (passed with each sentence)
        self.institutions = self.bureau_spotter.names_pattern
        # street names are places, never projects on their own
        self.excluded = set(registry.streets) | {f"{s}街道" for s in registry.streets}

    def run(self, doc: SegmentedDocument) -> EntityResult:
        sentences = [s for s in doc.sentences if not _in_garbled(s, doc.garbled)]
        # pass 1: discover names by rule, so that pass 2 knows them wherever they recur
        prepared = [prepare(s.text, [self.institutions]) for s in sentences]
        rule_spans = [self.project_spotter.rule_spans(prep, self.excluded) + self._included(prepared, i)
                      for i, prep in enumerate(prepared)]
        for prep, spans in zip(prepared, rule_spans, strict=True):
            for span in self.project_spotter.find(prep, None, self.excluded, spans):
                self.registry.discover("Project", prep.text[span.start:span.end], span.kind)
        gazetteer = build_gazetteer(self.registry, self.excluded)

        projects, bureaus, places = EntityTable("Project"), EntityTable("Bureau"), EntityTable("Place")
        in_sentence: dict[str, list[ProjectInSentence]] = {}
        result = EntityResult()
        focus = FocusTracker()  # one per document: the project its anaphors refer to
        anchors = anchor_dates(doc.info.date, doc.sentences)
        district = document_district(doc, self.registry.template)
        units_seen: list = []  # units found so far in the document, for short forms to refer back
        previous: list[ProjectInSentence] = []  # the projects of the sentence before
        for i, (s, prep, spans) in enumerate(zip(sentences, prepared, rule_spans, strict=True)):
            if gazetteer is not None and stage_in(prep) and not aligned(prep, gazetteer):
                prep = prepare(s.text, [self.institutions, gazetteer])  # re-cut, known names whole
                # new tokens: the rules run again
                spans = (self.project_spotter.rule_spans(prep, self.excluded)
                         + self._included(prepared, i, prep))
            found = self._projects(doc, s, prep, gazetteer, projects, spans)
            in_sentence[s.uid] = found
            # 该项目 / 此次退租 / 项目于…: the project in focus (the headline's, or the last topic)
            referred = focus.resolve(s.text, found)
            result.focus[s.uid] = referred[0].name if referred else focus.focus
            hits = self._bureaus(doc, s, prep, bureaus, district, units_seen)
            self._places(doc, s, prep, places)
            owned = referred[0].event_name if referred else focus.said
            result.ownership += self.stated.run(s, hits, found, owned, previous)
            mentions = sorted(self._counted_heads(s.text, found, focus.focus) + referred,
                              key=lambda p: p.wstart)
            result.events += self.event_rules.events(s, mentions, anchors.get(s.uid))
            focus.observe(s.text, found)
            previous = found

        for row in self.tasks.run(doc, in_sentence, district):
            result.tasks.append(row.task)
            result.ownership += row.ownership
            for surface, inst, src in row.units:
                bureaus.add(inst.name, [clean(surface)], src, inst.kind)
                if inst.kind == "街道":
                    short = self.registry.street_of(surface)
                    if short:
                        places.add(f"{short}街道", [clean(surface)], src, "街道")

        result.events = without_vague_repeats(result.events)
        result.projects = projects.entities()
        result.bureaus = bureaus.entities()
        result.places = places.entities()
        return result

    # ------------------------------------------------------------------ per sentence

    @staticmethod
    def _counted_heads(text: str, found: list[ProjectInSentence],
                       focus: str | None) -> list[ProjectInSentence]:
        """The mentions whose events the sentence states: a bare site qualifying a counted head
        (甲村的300户居民迎来回迁, 乙等片区一批院落完成建设) stands for the work in progress there, the
        project in focus (when the sentence names no other); a site with a project head is its own
        subject (丙项目的3栋楼封顶)."""
        out: list[ProjectInSentence] = []
        for p in found:
            if head_of(p.name) is None and qualifies_counted_head(text, p.wend):
                if focus is not None and focus not in {q.name for q in found} | {q.name for q in out}:
                    out.append(ProjectInSentence(focus, p.wstart, p.wend))
                continue
            out.append(p)
        return out

    def _included(self, prepared: list[Prepared], i: int, prep: Prepared | None = None) -> list[Span]:
        """Members of a counted class listed after 包括 (the class may be in the sentence before)."""
        previous = prepared[i - 1].text if i > 0 else None
        return [s for s in self.inclusions.find(prep or prepared[i], previous)
                if (prep or prepared[i]).text[s.start:s.end] not in self.excluded]

    def _projects(self, doc: SegmentedDocument, s: Sentence, prep: Prepared, gazetteer,
                  table: EntityTable, rule_spans: list[Span] | None) -> list[ProjectInSentence]:
        out: list[ProjectInSentence] = []
        # a name a counted class lists (包括A、B等) is a member whichever rule found it first
        members = {(r.start, r.end) for r in rule_spans or () if r.rule == "member"}
        for span in self.project_spotter.find(prep, gazetteer, self.excluded, rule_spans):
            surface = prep.text[span.start:span.end]
            canonical = self.registry.discover("Project", surface, span.kind)
            ws, we = prep.working_span(span.start, span.end)
            surfaces = [clean(surface), _original(doc, s, ws, we)]
            if span.alias is not None:
                # the site and the work done on it: both are names people use for the project
                if span.rule == "work":
                    self.registry.discover("Project", span.alias, span.kind)
                surfaces.append(clean(span.alias))
            named = _named(prep.text, span) or surface
            said = _undertaking(canonical, clean(named))
            table.add(canonical, surfaces, s.source(), span.kind)
            listed = span.rule == "member" or (span.start, span.end) in members
            out.append(ProjectInSentence(canonical, ws, we, listed=listed, said=said))
        return out

    def _bureaus(self, doc: SegmentedDocument, s: Sentence, prep: Prepared, table: EntityTable,
                 district: str | None, seen: list) -> list[tuple[BureauHit, int, int]]:
        out = []
        for hit in self.bureau_spotter.find(prep, district, seen):
            if hit.institution not in seen:
                seen.append(hit.institution)
            ws, we = prep.working_span(hit.start, hit.end)
            surface = prep.text[hit.start:hit.end]
            table.add(hit.institution.name, [clean(surface), _original(doc, s, ws, we)], s.source(),
                      hit.institution.kind)
            out.append((hit, ws, we))
        return out

    def _places(self, doc: SegmentedDocument, s: Sentence, prep: Prepared, table: EntityTable) -> None:
        for hit in self.place_spotter.find(prep):
            ws, we = prep.working_span(hit.start, hit.end)
            table.add(hit.name, [clean(prep.text[hit.start:hit.end]), _original(doc, s, ws, we)],
                      s.source(), hit.kind)


def _named(text: str, span: Span) -> str | None:
    """The name the sentence gives the project with its work: the span's alias, unless that alias
    comes from another sentence (a known name's), or is a list's shared work written as a noun
    after it (甲、乙、丙申请式退租已完成: documents name such members by their sites). A list whose
    sites each carry out the programme (甲、乙等片区陆续开展申请式退租) names the undertakings."""
    if not span.alias or span.rule == "gazetteer":
        return None
    if span.rule == "list":
        work = span.alias[span.end - span.start:] if len(span.alias) > span.end - span.start else ""
        if not work or not re.search(f"{_CARRY_OUT}{re.escape(work)}", text):
            return None
    return span.alias


# verbs whose object is a programme carried out (开展申请式退租, 实施棚户区改造)
_CARRY_OUT = "(?:开展|实施|启动|进行)"


def _undertaking(canonical: str, named: str) -> str | None:
    """The name an event carries when its sentence names a project's site with a programme the
    canonical name lacks (甲片区申请式退租 where the project is 甲片区): the programme is what
    happened there. A plain work (整治提升, 品质提升) or a repair (恢复性修建) is left to the site:
    documents name those works too loosely for the phrase to be a name.

    >>> _undertaking("甲片区", "甲片区申请式退租")
    '甲片区申请式退租'
    """
    if named == canonical:
        return None
    if any(t in named and t not in canonical for t in _PROGRAMMES) or named.endswith(_STAGED_PARTS):
        return named
    return None


# parts of a project planned as its own step (甲片区启动区 opens before the rest): what happens to
# the part is the part's event
_STAGED_PARTS = ("启动区", "先行区", "示范段")


# project types that are programmes with their own name (申请式退租, 棚改); repairs of buildings
# (恢复性修建, 保护性修缮, 修缮整治) are named by the site they are done on
_PROGRAMMES = PROJECT_TYPES - {"恢复性修建", "保护性修缮", "修缮整治"}


def _original(doc: SegmentedDocument, s: Sentence, ws: int, we: int) -> str:
    """The mention as written in the original file (its own script), layout removed."""
    a, b = s.original_span(ws, we)
    return original_surface(doc.raw.text[a:b])


def _in_garbled(s: Sentence, garbled: list[tuple[int, int]]) -> bool:
    return any(s.start < e and b < s.end and (e - b) >= (s.end - s.start) // 2 for b, e in garbled)

