// name: project_bureaus
// summary: The units responsible for a project (OWNED_BY), with the basis and the evidence.
// param: project: name — any name or alias of the project (any script), or its uid
// param: evidence: int = 5 — at most this many pieces of evidence per row (the count of all is `supports`)
// param: limit: int = 100 — at most this many bureaus
UNWIND [$project] + $project_keys AS k
MATCH (p:Project)
WHERE p.uid = k OR k IN p.keys
WITH DISTINCT p
MATCH (p)-[o:OWNED_BY]->(b:Bureau)
WITH p, b, o
ORDER BY o.doc, o.start
WITH p, b, collect(DISTINCT o.basis) AS bases, count(o) AS supports, collect({doc: o.doc, evidence: o.evidence, start: o.start, end: o.end, basis: o.basis})[0..$evidence] AS evidence
RETURN p.uid AS project_uid, p.name AS project, b.uid AS uid, b.name AS bureau, b.aliases AS aliases, bases, supports, evidence
ORDER BY bureau
LIMIT $limit
