// name: viz_project_events
// summary: A project's events for the history page, its phases' and parts' (PART_OF) too: each Event node (stage, tense, year as stated, year_from/year_to) with the evidence of its HAS_EVENT edge and `part` (the phase or part it is of, null for the project itself), in year order.
// param: uid: str — the project's uid
// param: limit: int = 500 — at most this many events
MATCH (p:Project {uid: $uid})
WITH p, [p] + [(x:Project)-[:PART_OF*1..4]->(p) | x] AS members
UNWIND members AS m
MATCH (m)-[h:HAS_EVENT]->(e:Event)
RETURN e AS event, h.evidence AS evidence, h.doc AS doc, e.year_from AS year_from, CASE WHEN m = p THEN null ELSE m.name END AS part
ORDER BY year_from, e.stage
LIMIT $limit
