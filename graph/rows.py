"""DocumentFacts → the parameters of ``cypher/write/apply_document.cypher`` (engine-independent).

The writer replaces one document's facts in ONE query (see :mod:`graph.base`). This module turns
the typed records into the rows that query unwinds, and merges the per-document support of the
shared entities (Project, Bureau, Place) with what the store already holds:

* each Document keeps ``supports``: ``"<entity uid>|<surface>"`` for every surface form of every
  entity it names, so that a document's removal takes away exactly its aliases, and an entity no
  document supports goes. (Kept on the Document, not on the entity: a bureau every document
  names would otherwise carry a list that grows with the corpus and is rewritten on every write.)
  The entity keeps only its surface forms and, parallel, how many complete documents name it by
  each (``forms``/``form_docs``: as long as its names, not its documents): a replace or delete
  reads from them what the OTHER documents call it, less the document's own ``supports``.
* document-scoped nodes (Section, Sentence, Task, Event, Observation) carry ``by_doc``, and so do
  fact edges between shared nodes (OWNED_BY, LOCATED_IN), so that a document's facts can be found and removed;
* every fact edge and fact node carries its evidence: ``doc`` (file name), ``sentence_uid``,
  ``start``, ``end``, ``evidence`` (and ``basis`` for ownership).

Year spans: an Event or Observation keeps its ``year`` as stated (``2022`` or ``"2017-2021"``),
plus ``year_from``/``year_to``; it is linked by ``IN_YEAR`` to EVERY Year node of the span, each
such edge carrying ``span`` (the stated span, or null for a single year). Year nodes are chained
by ``NEXT`` (y → y+1).
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from graph import model
from graph.keys import fold, name_keys, search_grams, search_text
from graph.order import ordered_key
from ingest.resolve import entity_uid
from ingest.types import DocumentFacts, Entity, Sentence, Source, Year, stable_uid

WRITER_VERSION = 2  # 2: rows per declared kind (graph/model.py), entity counters
ENTITY_LABELS = model.ENTITY_LABELS
_YEAR_SPAN = re.compile(r"^\s*(\d{4})\s*[-–—~至到]\s*(\d{4})\s*$")
_YEAR_ONE = re.compile(r"^\s*(\d{4})")


def year_range(year: Year | None) -> tuple[int, int] | None:
    """``2022`` → (2022, 2022); ``"2017-2021"`` → (2017, 2021); unreadable → None."""
    if year is None or isinstance(year, bool):
        return None
    if isinstance(year, int):
        return year, year
    text = str(year)
    m = _YEAR_SPAN.match(text)
    if m:
        lo, hi = int(m.group(1)), int(m.group(2))
        return (lo, hi) if lo <= hi else (hi, lo)
    m = _YEAR_ONE.match(text)
    if m:
        return int(m.group(1)), int(m.group(1))
    return None


@dataclass(slots=True)
class EntityState:
    """What the store holds about one shared entity before a replace or delete: ``forms`` maps
    each surface form OTHER complete documents name it by to how many do (empty: no other
    document supports it); ``supported_before`` says whether the document being replaced or
    deleted named it."""

    label: str
    uid: str
    name: str
    kind: str | None
    forms: dict[str, int]
    supported_before: bool

    @property
    def support(self) -> list[str]:
        return sorted(self.forms)


@dataclass(slots=True)
class WritePlan:
    doc_uid: str
    params: dict[str, Any]
    fingerprint: str
    nodes: int = 0
    relationships: int = 0
    entity_uids: list[str] = field(default_factory=list)
    counts: list[str] = field(default_factory=list)  # the document's share of the counters


# One entry of a metric's series (cypher/internal/api_metric_series.cypher): the observations
# whose fields are all equal are one fact said by many documents. Kept as one string on each
# Observation (``entry``, graph/order.py), in the series' order: the query groups and sorts by it.
SERIES_FIELDS = ("year_from", "year_to", "period", "qualifier", "subject", "value", "unit",
                 "base_value", "base_unit", "year")


def series_entry(props: dict[str, Any]) -> str:
    """An Observation's ``entry`` from its properties (a missing one is null)."""
    return ordered_key(props.get(f) for f in SERIES_FIELDS)


def series_bucket(metric_uid: str, year_from: int | None) -> str:
    """An Observation's ``series``, indexed: its metric and the first year it covers (empty when
    it has none). A metric's series is read bucket by bucket in year order, and only as many
    buckets as the page needs (cypher/metric_series.cypher, api_metric_series.cypher): its
    order starts with ``year_from``, so a page never needs a later bucket than the one that
    completes it."""
    return f"{metric_uid}|{'' if year_from is None else year_from}"


def _clean_props(props: dict[str, Any]) -> dict[str, Any]:
    """Property maps both engines store: no nulls, no maps."""
    return {k: v for k, v in props.items() if v is not None}


class _Sentences:
    """Finds the Sentence node of a source (and makes one when the segmenter had none)."""

    def __init__(self, facts: DocumentFacts, doc_uid: str, root_section: str):
        self.file = facts.document.file
        self.doc_uid = doc_uid
        self.root = root_section
        self.rows: dict[str, dict[str, Any]] = {}
        self.by_span: dict[tuple[int, int], str] = {}
        ordered: list[Sentence] = sorted(facts.sentences, key=lambda s: (s.start, s.end))
        self.starts = [s.start for s in ordered]
        self.ordered = ordered
        for s in ordered:
            self.rows[s.uid] = {
                "uid": s.uid,
                "section": s.section.uid if s.section else root_section,
                "props": _clean_props({
                    "uid": s.uid, "doc": s.doc, "by_doc": doc_uid, "index": s.index, "text": s.text,
                    "evidence": s.evidence, "start": s.start, "end": s.end, "column": s.column,
                    "row": s.row.index if s.row else None, "page": s.page,
                    "section": s.section.uid if s.section else root_section,
                }),
            }
            self.by_span.setdefault((s.start, s.end), s.uid)

    def uid_for(self, source: Source) -> str | None:
        if source.doc != self.file:
            return None  # evidence in another document (e.g. ownership inferred via a task row)
        found = self.by_span.get((source.start, source.end))
        if found:
            return found
        i = bisect.bisect_right(self.starts, source.start) - 1
        while i >= 0 and i < len(self.ordered):
            s = self.ordered[i]
            if s.start <= source.start and source.end <= s.end:
                return s.uid
            if s.start < source.start - 2000:
                break
            i -= 1
        uid = stable_uid("Sentence", self.file, source.start, source.end)
        if uid not in self.rows:
            self.rows[uid] = {
                "uid": uid,
                "section": self.root,
                "props": {
                    "uid": uid, "doc": self.file, "by_doc": self.doc_uid, "index": -1,
                    "text": source.evidence, "evidence": source.evidence, "start": source.start,
                    "end": source.end, "section": self.root,
                },
            }
        self.by_span[(source.start, source.end)] = uid
        return uid


def _evidence(source: Source, sentence_uid: str | None, doc_uid: str) -> dict[str, Any]:
    return _clean_props({
        "doc": source.doc, "sentence_uid": sentence_uid, "start": source.start, "end": source.end,
        "evidence": source.evidence, "by_doc": doc_uid, "page": source.page,
    })


class _Entities:
    """Canonical name → uid for the document's entities; makes an entity for a name it lacks."""

    def __init__(self, facts: DocumentFacts):
        self.items: dict[str, dict[str, Entity]] = {label: {} for label in ENTITY_LABELS}
        self.by_name: dict[str, dict[str, str]] = {label: {} for label in ENTITY_LABELS}
        for label, entities in (("Project", facts.projects), ("Bureau", facts.bureaus),
                                ("Place", facts.places)):
            for e in entities:
                self._add(label, e)

    def _add(self, label: str, e: Entity) -> None:
        known = self.items[label].get(e.id)
        if known is not None:  # the same entity listed twice: keep one, with every alias
            known.aliases = sorted({*known.aliases, *e.aliases})
            known.mentions = [*known.mentions, *e.mentions]
        else:
            self.items[label][e.id] = Entity(e.id, e.label, e.name, list(e.aliases), e.kind,
                                             list(e.mentions))
        for n in (e.name, *e.aliases):
            self.by_name[label].setdefault(n, e.id)
            self.by_name[label].setdefault(fold(n), e.id)

    def uid(self, label: str, name: str, kind: str | None = None) -> str:
        found = self.by_name[label].get(name) or self.by_name[label].get(fold(name))
        if found:
            return found
        entity = Entity(id=entity_uid(label, name), label=label, name=name, kind=kind)  # type: ignore[arg-type]
        self._add(label, entity)
        return entity.id

    def find(self, label: str, name: str | None) -> str | None:
        if not name:
            return None
        return self.by_name[label].get(name) or self.by_name[label].get(fold(name))


def entity_props(uid: str, name: str, kind: str | None, forms: dict[str, int]) -> dict[str, Any]:
    """Properties of a shared entity named by the surface forms ``forms`` (its name and every
    alias), each by that many complete documents (kept as ``forms``/``form_docs``)."""
    aliases = sorted(set(forms) - {name})
    keys = name_keys([name, *aliases])
    ordered = sorted(forms)
    return _clean_props({"uid": uid, "name": name, "aliases": aliases, "kind": kind, "keys": keys,
                         "search": search_text(keys), "grams": search_grams(keys),
                         model.FORMS: ordered, model.FORM_DOCS: [forms[f] for f in ordered]})


def _surfaces(e: Entity) -> list[str]:
    return sorted({a.replace("|", "") for a in (e.name, *e.aliases) if a})


def support_entries(entities: _Entities) -> list[str]:
    """The Document's ``supports`` property: ``<entity uid>|<surface>`` for every surface form."""
    return sorted(f"{e.id}|{a}" for label in ENTITY_LABELS for e in entities.items[label].values()
                  for a in _surfaces(e))


def _entity_updates(
    entities: _Entities | None, state: list[EntityState]
) -> tuple[dict[str, list[dict]], dict[str, list[str]]]:
    """Exact rows to SET and uids to delete, per label, after a replace (``entities`` = the new
    version's) or a delete (``entities`` None)."""
    upserts: dict[str, list[dict]] = {label: [] for label in ENTITY_LABELS}
    drops: dict[str, list[str]] = {label: [] for label in ENTITY_LABELS}
    known = {(s.label, s.uid): s for s in state}
    seen: set[tuple[str, str]] = set()
    if entities is not None:
        for label in ENTITY_LABELS:
            for e in entities.items[label].values():
                prev = known.get((label, e.id))
                forms = dict(prev.forms) if prev else {}
                for a in _surfaces(e):
                    forms[a] = forms.get(a, 0) + 1
                kind = e.kind or (prev.kind if prev else None)
                upserts[label].append({"uid": e.id, "props": entity_props(e.id, e.name, kind, forms)})
                seen.add((label, e.id))
    for (label, uid), prev in known.items():
        if (label, uid) in seen or not prev.supported_before:
            continue
        if not prev.forms:
            drops[label].append(uid)
        else:
            props = entity_props(uid, prev.name, prev.kind, prev.forms)
            upserts[label].append({"uid": uid, "props": props})
    for label in ENTITY_LABELS:
        upserts[label].sort(key=lambda r: r["uid"])
        drops[label].sort()
    return upserts, drops


def _dedupe(rows: list[dict], key: str = "uid") -> list[dict]:
    out: dict[Any, dict] = {}
    for row in rows:
        out.setdefault(row[key], row)
    return list(out.values())


def _merge_rows(entities: _Entities) -> dict[str, list[dict]]:
    """Rows that ADD this document's names to its entities, merged by the query on the server
    (a document not stored before: nothing to take away, so nothing needs to be read first)."""
    out: dict[str, list[dict]] = {label: [] for label in ENTITY_LABELS}
    for label in ENTITY_LABELS:
        for e in sorted(entities.items[label].values(), key=lambda e: e.id):
            surfaces = _surfaces(e)
            out[label].append({"uid": e.id, "name": e.name, "kind": e.kind, "forms": surfaces,
                               "aliases": [a for a in surfaces if a != e.name],
                               "keys": name_keys(surfaces), "grams": search_grams(name_keys(surfaces))})
    return out


class _Rows:
    """The writer's rows, one list per declared node kind and relationship (graph/model.py)."""

    def __init__(self) -> None:
        self.nodes: dict[str, list[dict]] = {n.label: [] for n in model.NODES
                                             if n.scope in (model.DOCUMENT, model.SHARED)}
        self.rels: dict[str, list[dict]] = {model.rel_param(r): [] for r in model.writable_relationships()}

    def node(self, label: str, uid: str, props: dict[str, Any], **fields: Any) -> None:
        self.nodes[label].append({"uid": uid, "props": props, **fields})

    def rel(self, start: str, type_: str, end: str, source: str, target: Any,
            props: dict[str, Any] | None = None) -> None:
        self.rels[model.rel_param((start, type_, end))].append(
            {"source": source, "target": target, "props": props or {}})

    def params(self) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = {}
        for label, rows in self.nodes.items():
            out[model.node_param(label)] = _dedupe(rows)
        out.update(self.rels)
        return out


def count_entries(params: dict[str, Any]) -> list[str]:
    """A document's share of the entities' counters (graph/model.py ``Counter``), kept on its
    Document as ``counts``: ``<uid>|<counter>|<n>`` for a count of relationships,
    ``<uid>|<counter>|<other uid>`` for a count of distinct other ends."""
    additive: dict[tuple[str, str], int] = {}
    pairs: set[tuple[str, str, str]] = set()
    for label, counter in model.counters():
        for rel in model.writable_relationships():
            if rel.type not in counter.types or label not in (rel.start, rel.end):
                continue
            for row in params.get(model.rel_param(rel), []):
                uid, other = ((row["source"], row["target"]) if rel.start == label
                              else (row["target"], row["source"]))
                if counter.distinct:
                    pairs.add((uid, counter.name, str(other)))
                else:
                    additive[(uid, counter.name)] = additive.get((uid, counter.name), 0) + 1
    totals = [f"@node|{n.label}|{len(params.get(n.rows, []))}" for n in model.NODES
              if n.scope == model.DOCUMENT]
    types: dict[str, int] = {}
    for rel in model.writable_relationships():
        types[rel.type] = types.get(rel.type, 0) + len(params.get(model.rel_param(rel), []))
    totals += [f"@rel|{t}|{n}" for t, n in types.items()]
    return sorted([f"{u}|{c}|{n}" for (u, c), n in additive.items()]
                  + [f"{u}|{c}|{o}" for u, c, o in pairs] + totals)


def total_changes(new: list[str], old: list[str], documents: int) -> dict[str, list[int]]:
    """The change of the graph's kept totals (graph/model.py COUNTS) that the rows make: the
    document's nodes and relationships (``@node|…``/``@rel|…`` entries of :func:`count_entries`,
    new against old) and ``documents`` (+1 new, -1 deleted, 0 replaced). Entities and shared
    nodes are counted by the query itself (whether a MERGE made one is only known there)."""
    def totals(entries: list[str]) -> dict[tuple[str, str], int]:
        out = {}
        for e in entries:
            if e.startswith("@"):
                kind, name, n = e[1:].split("|")
                out[(kind, name)] = int(n)
        return out

    a, b = totals(new), totals(old)
    nodes = [a.get(("node", label), 0) - b.get(("node", label), 0) + (documents if label == "Document" else 0)
             for label in model.COUNTED_LABELS]
    rels = [a.get(("rel", t), 0) - b.get(("rel", t), 0) for t in model.COUNTED_TYPES]
    return {"node_change": nodes, "rel_change": rels}


def distinct_pairs(entries: list[str], label: str, counter: str) -> set[str]:
    """``<uid>|<other uid>`` of a distinct counter's entries whose uid is a ``label`` node."""
    prefix = label.lower() + ":"
    out = set()
    for e in entries:
        uid, c, other = e.split("|", 2)
        if c == counter and uid.startswith(prefix):
            out.add(f"{uid}|{other}")
    return out


def counter_rows(new: list[str], old: list[str], others: dict[tuple[str, str], set[str]],
                 entity_uids: list[str]) -> dict[str, list[dict]]:
    """The change of every counter this write makes: ``new`` and ``old`` are the document's
    :func:`count_entries` after and before (empty for a new document or a delete); ``others``
    maps (label, distinct counter) to the ``uid|other`` pairs some OTHER document holds.
    Every entity the document names gets a row (zeros included), so its counters exist."""
    by_label = {label: [c for lab, c in model.counters() if lab == label]
                for label in dict.fromkeys(lab for lab, _ in model.counters())}
    delta: dict[str, dict[str, int]] = {}

    def add(uid: str, counter: str, n: int) -> None:
        label = next((lab for lab in by_label if uid.startswith(lab.lower() + ":")), None)
        if label is None:
            return
        row = delta.setdefault(uid, {c.name: 0 for c in by_label[label]})
        row[counter] = row.get(counter, 0) + n

    for uid in entity_uids:
        add(uid, "", 0)
    for label, cs in by_label.items():
        for c in cs:
            if c.distinct:
                now, before = distinct_pairs(new, label, c.name), distinct_pairs(old, label, c.name)
                held = others.get((label, c.name), set())
                for pair in now - before - held:
                    add(pair.split("|", 1)[0], c.name, 1)
                for pair in before - now - held:
                    add(pair.split("|", 1)[0], c.name, -1)
    for sign, entries in ((1, new), (-1, old)):
        for e in entries:
            uid, c, n = e.split("|", 2)
            if n.lstrip("-").isdigit() and not any(k.name == c and k.distinct for _, k in model.counters()):
                add(uid, c, sign * int(n))
    out: dict[str, list[dict]] = {model.counter_param(label): [] for label in by_label}
    for uid in sorted(delta):
        label = next(lab for lab in by_label if uid.startswith(lab.lower() + ":"))
        row = {k: v for k, v in delta[uid].items() if k}
        out[model.counter_param(label)].append({"uid": uid, **row})
    return out


def plan_document(facts: DocumentFacts, state: list[EntityState] | None) -> WritePlan:
    """The parameters that write ``facts``. ``state`` is None for a document the store does not
    hold (its names are merged into its entities on the server); for a stored document it is the
    other documents' support of every entity it names or named (read by the caller), and those
    entities are rewritten exactly. The counters' rows are added by the caller
    (:func:`counter_rows`: they depend on what the store holds)."""
    info = facts.document
    doc_uid = info.id
    root = stable_uid("Section", doc_uid, "root")
    sentences = _Sentences(facts, doc_uid, root)
    entities = _Entities(facts)
    rows = _Rows()

    section_props = [{"uid": root, "doc": info.file, "by_doc": doc_uid, "heading": "", "level": 0,
                      "start": 0, "end": 0}]
    listed = {s.uid for s in facts.sections}
    extra = {s.section.uid: s.section for s in facts.sentences if s.section and s.section.uid not in listed}
    for s in [*facts.sections, *extra.values()]:
        ctx = s.context
        section_props.append(_clean_props({
            "uid": s.uid, "doc": info.file, "by_doc": doc_uid, "heading": s.heading, "level": s.level,
            "start": s.start, "end": s.end, "parent": s.parent, "year": ctx.year,
            "tense": ctx.tense, "period": ctx.period,
        }))
    seen_sections: set[str] = set()
    for props in section_props:
        if props["uid"] not in seen_sections:
            seen_sections.add(props["uid"])
            rows.node("Section", props["uid"], props)
            rows.rel("Section", "IN", "Document", props["uid"], doc_uid)

    for label in ENTITY_LABELS:
        for e in list(entities.items[label].values()):
            for src in e.mentions:
                sid = sentences.uid_for(src)
                if sid:
                    rows.rel(label, "MENTIONED_IN", "Sentence", e.id, sid, _evidence(src, sid, doc_uid))

    years: set[int] = set()

    def year_rows(node: str, label: str, year: Year | None) -> dict[str, Any]:
        rng = year_range(year)
        if rng is None:
            return {}
        lo, hi = rng
        span = str(year) if lo != hi else None
        years.update(range(lo, hi + 1))
        for y in range(lo, hi + 1):
            rows.rel(label, "IN_YEAR", "Year", node, stable_uid("Year", y),
                     _clean_props({"span": span, "by_doc": doc_uid}))
        return {"year_from": lo, "year_to": hi}

    for t in facts.tasks:
        uid = stable_uid("Task", doc_uid, t.id, t.source.start)
        sid = sentences.uid_for(t.source)
        rows.node("Task", uid, _clean_props({"uid": uid, "id": t.id, "text": t.text,
                                             **_evidence(t.source, sid, doc_uid)}))
        if sid:
            rows.rel("Task", "MENTIONED_IN", "Sentence", uid, sid, _evidence(t.source, sid, doc_uid))
        for b in dict.fromkeys(t.bureaus):
            rows.rel("Task", "ASSIGNED_TO", "Bureau", uid, entities.uid("Bureau", b),
                     _evidence(t.source, sid, doc_uid))
        for p in dict.fromkeys(t.projects):
            rows.rel("Task", "REPORTS", "Project", uid, entities.uid("Project", p),
                     _evidence(t.source, sid, doc_uid))

    ownership: dict[str, tuple[str, str, dict]] = {}
    for o in facts.ownership:
        sid = sentences.uid_for(o.source)
        row = (entities.uid("Project", o.project), entities.uid("Bureau", o.bureau),
               _clean_props({**_evidence(o.source, sid, doc_uid), "basis": o.basis, "task": o.task,
                             "sole": o.sole or None, "relation": o.relation}))
        ownership.setdefault(json.dumps(row, sort_keys=True, ensure_ascii=False), row)
    for project, bureau, props in ownership.values():
        rows.rel("Project", "OWNED_BY", "Bureau", project, bureau, props)

    located: dict[str, tuple[str, str, dict]] = {}
    for x in facts.locations:
        sid = sentences.uid_for(x.source)
        row = (entities.uid("Project", x.project), entities.uid("Place", x.place, kind=x.place_kind),
               _clean_props({**_evidence(x.source, sid, doc_uid), "basis": x.basis}))
        located.setdefault(json.dumps(row, sort_keys=True, ensure_ascii=False), row)
    for project, place, props in located.values():
        rows.rel("Project", "LOCATED_IN", "Place", project, place, props)

    seen_events: set[str] = set()
    for ev in facts.events:
        uid = stable_uid("Event", doc_uid, ev.project, ev.year, ev.stage, ev.tense, ev.source.start)
        sid = sentences.uid_for(ev.source)
        evidence = _evidence(ev.source, sid, doc_uid)
        yprops = year_rows(uid, "Event", ev.year)
        if uid not in seen_events:
            seen_events.add(uid)
            rows.node("Event", uid, _clean_props({"uid": uid, "year": ev.year, "stage": ev.stage,
                                                  "tense": ev.tense, "project": ev.project, **yprops,
                                                  **evidence}))
            rows.rel("Project", "HAS_EVENT", "Event", entities.uid("Project", ev.project), uid, evidence)
        if sid:
            rows.rel("Event", "MENTIONED_IN", "Sentence", uid, sid, evidence)

    seen_obs: set[str] = set()
    for m in facts.metrics:
        uid = stable_uid("Observation", doc_uid, m.name, m.value, m.unit, m.year, m.period,
                         m.qualifier, m.subject, m.source.start)
        sid = sentences.uid_for(m.source)
        evidence = _evidence(m.source, sid, doc_uid)
        yprops = year_rows(uid, "Observation", m.year)
        metric_uid = stable_uid("Metric", fold(m.name))
        mkeys = name_keys([m.name])
        rows.node("Metric", metric_uid, {"uid": metric_uid, "name": m.name, "keys": mkeys,
                                         "search": search_text(mkeys), "grams": search_grams(mkeys)})
        if uid not in seen_obs:
            seen_obs.add(uid)
            props = {"uid": uid, "name": m.name, "value": m.value, "unit": m.unit, "year": m.year,
                     "period": m.period, "qualifier": m.qualifier, "subject": m.subject,
                     "base_value": m.base_value, "base_unit": m.base_unit, **yprops, **evidence}
            kept = {"entry": series_entry(props), "series": series_bucket(metric_uid, props.get("year_from"))}
            rows.node("Observation", uid, _clean_props({**props, **kept}))
            rows.rel("Observation", "OF", "Metric", uid, metric_uid, evidence)
        if sid:
            rows.rel("Observation", "MENTIONED_IN", "Sentence", uid, sid, evidence)
        project = entities.find("Project", m.subject)
        place = entities.find("Place", m.subject)
        if project:
            rows.rel("Observation", "ABOUT", "Project", uid, project, evidence)
        elif place:
            rows.rel("Observation", "ABOUT", "Place", uid, place, evidence)

    for y in sorted(years):
        year_uid = stable_uid("Year", y)
        # the chain's neighbours by uid: a lookup by value reads the numeric index (model.fixed)
        rows.node("Year", year_uid, {"uid": year_uid, "value": y},
                  next=stable_uid("Year", y + 1), prev=stable_uid("Year", y - 1))
    sentence_rows = sorted(sentences.rows.values(), key=lambda r: (r["props"]["start"], r["uid"]))
    for r in sentence_rows:
        rows.node("Sentence", r["uid"], r["props"])
        rows.rel("Sentence", "IN", "Section", r["uid"], r["section"])

    doc_props = _clean_props({
        "uid": doc_uid, "file": info.file, "title": info.title, "date": info.date, "kind": info.kind,
        "sha256": info.sha256, "encoding": info.encoding, "complete": False,
        "garbled": len(facts.garbled), "writer": WRITER_VERSION,
        # manifest metadata; the extra columns as one JSON string (neither engine stores maps)
        "url": info.url, "publisher": info.publisher, "district": info.district,
        "properties": (json.dumps(info.properties, ensure_ascii=False, sort_keys=True)
                       if info.properties else None),
    })
    content: dict[str, Any] = {"doc_props": doc_props, **rows.params()}
    fingerprint = hashlib.sha1(json.dumps(
        {**content, "entities": {label: sorted(
            [{"uid": e.id, "name": e.name, "aliases": sorted(set(e.aliases)), "kind": e.kind}
             for e in entities.items[label].values()], key=lambda r: r["uid"]) for label in ENTITY_LABELS}},
        sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()
    doc_props["supports"] = support_entries(entities)
    doc_props["fingerprint"] = fingerprint
    counts = count_entries(content)
    doc_props["counts"] = counts
    empty: dict[str, list] = {label: [] for label in ENTITY_LABELS}
    if state is None:
        merges, upserts, drops = _merge_rows(entities), empty, empty
    else:
        merges = empty
        upserts, drops = _entity_updates(entities, state)
    params: dict[str, Any] = {**model.empty_params(), "doc_uid": doc_uid, "delete": False, **content}
    params[model.KEPT_CHANGE] = [{"uid": u, "change": n} for u, n in sorted(model.uses_rows(content).items())]
    for label in ENTITY_LABELS:
        merge, updates, drop = model.entity_params(label)
        params[merge], params[updates], params[drop] = merges[label], upserts[label], drops[label]
    n_entities = sum(len(entities.items[label]) for label in ENTITY_LABELS)
    nodes = 1 + n_entities + sum(len(params[model.node_param(label)]) for label in rows.nodes)
    rels = sum(len(v) for v in rows.rels.values())
    return WritePlan(doc_uid=doc_uid, params=params, fingerprint=fingerprint, nodes=nodes,
                     relationships=rels,
                     entity_uids=[e for label in ENTITY_LABELS for e in entities.items[label]],
                     counts=counts)


def plan_delete(doc_uid: str, state: list[EntityState]) -> WritePlan:
    """The parameters that remove a document: the same query with no new facts."""
    upserts, drops = _entity_updates(None, state)
    params: dict[str, Any] = {**model.empty_params(), "doc_uid": doc_uid, "delete": True,
                              "doc_props": {"uid": doc_uid, "complete": False}}
    for label in ENTITY_LABELS:
        _, updates, drop = model.entity_params(label)
        params[updates], params[drop] = upserts[label], drops[label]
    return WritePlan(doc_uid=doc_uid, params=params, fingerprint="")
