// name: api_project
// summary: One project with every unit responsible for it, its places and the sentences naming it, each with its evidence (GET /api/v1/projects/{uid}). Facts come as flat lists (cheaper for the engine than nested maps), in the order the list names.
// param: uid: str — the project's uid
// param: mentions: int = 50 — at most this many mentions
OPTIONAL MATCH (:Project {uid: $uid})-[m:MENTIONED_IN]->(:Sentence)
WITH m
LIMIT $mentions
WITH collect(CASE WHEN m IS NULL THEN null ELSE [m.doc, m.sentence_uid, m.evidence, m.start, m.end] END) AS mentions
MATCH (p:Project {uid: $uid})
RETURN p.uid AS uid, p.name AS name, p.kind AS kind, p.aliases AS aliases,
  [(p)-[r:OWNED_BY]->(b:Bureau) |
    [b.uid, b.name, r.basis, r.doc, r.sentence_uid, r.evidence, r.start, r.end]] AS owners,
  [(p)-[x:LOCATED_IN]->(pl:Place) |
    [pl.uid, pl.name, x.basis, x.doc, x.sentence_uid, x.evidence, x.start, x.end]] AS places,
  mentions
