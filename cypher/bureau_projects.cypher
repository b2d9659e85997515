// name: bureau_projects
// summary: Projects a bureau is responsible for (OWNED_BY), with the basis and the evidence.
// param: bureau: name — any name or alias of the bureau (any script), or its uid
// param: evidence: int = 5 — at most this many pieces of evidence per row (the count of all is `supports`)
// param: limit: int = 100 — at most this many projects
UNWIND [$bureau] + $bureau_keys AS k
MATCH (b:Bureau)
WHERE b.uid = k OR k IN b.keys
WITH DISTINCT b
MATCH (b)<-[o:OWNED_BY]-(p:Project)
WITH b, p, o
ORDER BY o.doc, o.start
WITH b, p, collect(DISTINCT o.basis) AS bases, count(o) AS supports, collect({doc: o.doc, evidence: o.evidence, start: o.start, end: o.end, basis: o.basis})[0..$evidence] AS evidence
RETURN b.uid AS bureau_uid, b.name AS bureau, p.uid AS uid, p.name AS project, p.aliases AS aliases, bases, supports, evidence
ORDER BY project
LIMIT $limit
