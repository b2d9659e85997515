// name: api_project_history
// summary: A project's events with their evidence (GET /api/v1/projects/{uid}/history). Each event is a flat list: year, year_from, year_to, stage, tense, doc, sentence uid, evidence, start, end.
// param: uid: str — the project's uid
MATCH (p:Project {uid: $uid})
RETURN p.uid AS uid, p.name AS name,
  [(p)-[h:HAS_EVENT]->(e:Event) |
    [e.year, e.year_from, e.year_to, e.stage, e.tense, h.doc, h.sentence_uid, h.evidence, h.start, h.end]] AS events
