// name: api_project_history
// summary: A project's events with their evidence, its phases' and parts' (PART_OF) too (GET /api/v1/projects/{uid}/history). Each event is a flat list: year, year_from, year_to, stage, tense, doc, sentence uid, evidence, start, end, part (the phase or part the event is of, null for the project itself).
// param: uid: str — the project's uid
MATCH (p:Project {uid: $uid})
WITH p, [p] + [(x:Project)-[:PART_OF*1..4]->(p) | x] AS members
UNWIND members AS m
OPTIONAL MATCH (m)-[h:HAS_EVENT]->(e:Event)
WITH p, collect(CASE WHEN e IS NULL THEN null ELSE
    [e.year, e.year_from, e.year_to, e.stage, e.tense, h.doc, h.sentence_uid, h.evidence, h.start, h.end, CASE WHEN m = p THEN null ELSE m.name END] END) AS events
RETURN p.uid AS uid, p.name AS name, events
