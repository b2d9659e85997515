// name: api_bureau
// summary: One bureau with its number of projects and the sentences naming it (GET /api/v1/bureaus/{uid}). Each mention is a flat list: doc, sentence uid, evidence, start, end.
// param: uid: str — the bureau's uid
// param: mentions: int = 50 — at most this many mentions
// the end node's label is left out: every MENTIONED_IN ends at a Sentence (graph/model.py), and
// FalkorDB's check of the label costs with the store's Sentences (0.4 against 0.2 ms at 10,000 reports)
OPTIONAL MATCH (:Bureau {uid: $uid})-[m:MENTIONED_IN]->()
WITH m
LIMIT $mentions
WITH collect(CASE WHEN m IS NULL THEN null ELSE [m.doc, m.sentence_uid, m.evidence, m.start, m.end] END) AS mentions
MATCH (b:Bureau {uid: $uid})
RETURN b.uid AS uid, b.name AS name, b.kind AS kind, b.aliases AS aliases, coalesce(b.projects, 0) AS projects,
  mentions
