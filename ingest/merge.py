"""Run-level facts: the documents' facts merged into the shape of FACTS.md.

One entity per (label, canonical name) with every alias and mention unioned; records deduplicated
on what makes them one fact (an event is one per project, year and sentence; an ownership one per
project, bureau, basis and sentence).

Example::

    facts = merge_documents(result.documents)
    json.dumps(facts.to_json(), ensure_ascii=False)
"""

from __future__ import annotations

from ingest.types import DocumentFacts, Entity, Facts


def _merge_entities(groups: list[list[Entity]]) -> list[Entity]:
    by_name: dict[str, Entity] = {}
    seen_sources: dict[str, set[tuple[str, int, int]]] = {}
    for entities in groups:
        for e in entities:
            merged = by_name.get(e.name)
            if merged is None:
                merged = Entity(id=e.id, label=e.label, name=e.name, aliases=[], kind=e.kind, mentions=[])
                by_name[e.name] = merged
                seen_sources[e.name] = set()
            for a in e.aliases:
                if a not in merged.aliases:
                    merged.aliases.append(a)
            if not merged.kind:
                merged.kind = e.kind
            for m in e.mentions:
                key = (m.doc, m.start, m.end)
                if key not in seen_sources[e.name]:
                    seen_sources[e.name].add(key)
                    merged.mentions.append(m)
    return list(by_name.values())


def merge_documents(docs: list[DocumentFacts]) -> Facts:
    facts = Facts()
    facts.documents = [d.document for d in docs]
    facts.projects = _merge_entities([d.projects for d in docs])
    facts.bureaus = _merge_entities([d.bureaus for d in docs])
    facts.places = _merge_entities([d.places for d in docs])

    task_keys: set[tuple[str, str]] = set()
    own_keys: set[tuple] = set()
    event_keys: set[tuple] = set()
    location_keys: set[tuple] = set()
    for d in docs:
        for t in d.tasks:
            if (t.id, t.doc) not in task_keys:
                task_keys.add((t.id, t.doc))
                facts.tasks.append(t)
        for o in d.ownership:
            key = (o.project, o.bureau, o.basis, o.source.doc, o.source.start)
            if key not in own_keys:
                own_keys.add(key)
                facts.ownership.append(o)
        for e in d.events:
            # a sentence may tell two steps of one project in a year (完成改造 于5月1日重新开街)
            key = (e.project, str(e.year), e.stage, e.source.doc, e.source.start)
            if key not in event_keys:
                event_keys.add(key)
                facts.events.append(e)
        facts.metrics.extend(d.metrics)
        for x in d.locations:
            key = (x.project, x.place, x.source.doc, x.source.start)
            if key not in location_keys:
                location_keys.add(key)
                facts.locations.append(x)
    return facts
