// name: api_project_history
// summary: A project's events with their evidence, its phases' and parts' (PART_OF) too (GET /api/v1/projects/{uid}/history), one entry per distinct event: the same stage in the same year said by many documents is one entry with the count of documents that say it and a page of their sentences. Each entry is a flat list: year, year_from, year_to, stage, tense, supports, evidence, part (the phase or part the event is of, null for the project itself); each piece of evidence is a flat list: doc, sentence uid, evidence, start, end (ordered by document, then offset). A project without events gives one entry with supports 0.
// param: uid: str — the project's uid
// param: evidence_offset: int = 0 — skip this many pieces of evidence of each event (a page of evidence)
// param: evidence: int = 3 — at most this many pieces of evidence per event (the count of all is `supports`)
MATCH (p:Project {uid: $uid})
WITH p, [p] + [(x:Project)-[:PART_OF*1..4]->(p) | x] AS members
UNWIND members AS m
OPTIONAL MATCH (m)-[h:HAS_EVENT]->(e:Event)
WITH p, m, h, e
ORDER BY h.doc, h.start
WITH p, CASE WHEN m = p THEN null ELSE m.name END AS part, e.year AS year, e.year_from AS year_from, e.year_to AS year_to, e.stage AS stage, e.tense AS tense,
  count(DISTINCT h.doc) AS supports,
  collect([h.doc, h.sentence_uid, h.evidence, h.start, h.end]) AS evidence
ORDER BY year_from, year_to, stage, tense, part
RETURN p.uid AS uid, p.name AS name,
  collect([year, year_from, year_to, stage, tense, supports,
    evidence[$evidence_offset..$evidence_offset + $evidence], part]) AS events
