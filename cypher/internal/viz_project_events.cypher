// name: viz_project_events
// summary: A project's events for the history page: each Event node (stage, tense, year as stated, year_from/year_to) with the evidence of its HAS_EVENT edge, in year order.
// param: uid: str — the project's uid
// param: limit: int = 500 — at most this many events
MATCH (p:Project {uid: $uid})-[h:HAS_EVENT]->(e:Event)
RETURN e AS event, h.evidence AS evidence, h.doc AS doc, e.year_from AS year_from
ORDER BY year_from, e.stage
LIMIT $limit
