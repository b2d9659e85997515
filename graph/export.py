"""Exports of the stored graph: the facts format (round-trips ``policykg extract``), JSON, CSV.

``facts_from_rows`` turns the rows of ``cypher/export/*.cypher`` back into :class:`Facts`;
GraphML lives in :mod:`graph.analysis` (it goes through networkx).
"""

from __future__ import annotations

from typing import Any

from ingest.types import DocumentInfo, Entity, Event, Facts, Location, Metric, Ownership, Source, Task


def _source(row: dict[str, Any]) -> Source:
    return Source(doc=row.get("doc") or "", evidence=row.get("evidence") or "",
                  start=int(row.get("start") or 0), end=int(row.get("end") or 0), page=row.get("page"))


def _properties(stored: Any) -> dict[str, str]:
    """A Document's extra manifest columns, stored as one JSON string (engines store no maps)."""
    import json

    if not stored:
        return {}
    try:
        value = json.loads(stored)
    except (TypeError, ValueError):
        return {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def facts_from_rows(rows: dict[str, list[dict[str, Any]]]) -> Facts:
    """Facts from the export queries' rows (keys: the query names in cypher/export/)."""
    facts = Facts()
    for r in rows.get("documents", []):
        facts.documents.append(DocumentInfo(
            id=r["id"], file=r["file"], title=r.get("title"), date=r.get("date"), kind=r.get("kind"),
            sha256=r.get("sha256") or "", encoding=r.get("encoding") or "utf-8",
            url=r.get("url"), publisher=r.get("publisher"), district=r.get("district"),
            properties=_properties(r.get("properties"))))
    targets = {"Project": facts.projects, "Bureau": facts.bureaus, "Place": facts.places}
    for r in rows.get("entities", []):
        targets[r["label"]].append(Entity(id=r["id"], label=r["label"], name=r["name"],
                                          aliases=list(r.get("aliases") or []), kind=r.get("kind")))
    for r in rows.get("tasks", []):
        facts.tasks.append(Task(
            id=r["id"], doc=r.get("doc") or "", bureaus=sorted(r.get("bureaus") or []),
            projects=sorted(r.get("projects") or []), source=_source(r), text=r.get("text")))
    for r in rows.get("ownership", []):
        facts.ownership.append(Ownership(project=r["project"], bureau=r["bureau"], basis=r["basis"],
                                         source=_source(r), task=r.get("task"), sole=bool(r.get("sole")),
                                         relation=r.get("relation")))
    for r in rows.get("locations", []):
        facts.locations.append(Location(project=r["project"], place=r["place"],
                                        place_kind=r.get("place_kind"), basis=r.get("basis") or "name",
                                        source=_source(r)))
    for r in rows.get("events", []):
        facts.events.append(Event(project=r["project"], year=r["year"], stage=r.get("stage") or "",
                                  tense=r.get("tense") or "done", source=_source(r)))
    for r in rows.get("metrics", []):
        facts.metrics.append(Metric(name=r["name"], value=r["value"], unit=r.get("unit") or "",
                                    year=r.get("year"), period=r.get("period") or "",
                                    qualifier=r.get("qualifier") or "", subject=r.get("subject"),
                                    source=_source(r), base_value=r.get("base_value"),
                                    base_unit=r.get("base_unit")))
    return facts


def rows_to_csv(columns: list[str], rows: list[dict[str, Any]]) -> str:
    """Flat CSV text of query rows (:mod:`graph.flat`: evidence as columns, no JSON in a cell)."""
    from graph.flat import csv_text

    return csv_text(rows, columns)
