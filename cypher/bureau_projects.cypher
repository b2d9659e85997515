// name: bureau_projects
// summary: Projects a bureau is responsible for (OWNED_BY), each with why: `reason` stated (a sentence states it), sole (the only unit of a task row reporting it) or one_of (one of `units` units of a task row), `why` saying it in words with the task; stated and sole owners first, then by name. With the basis and the evidence.
// param: bureau: name — any name or alias of the bureau (any script), or its uid
// param: evidence: int = 5 — at most this many pieces of evidence per row (the count of all is `supports`)
// param: limit: int = 100 — at most this many projects
// when_empty: bureau_presence
UNWIND [$bureau] + $bureau_keys AS k
MATCH (b:Bureau)
WHERE b.uid = k OR k IN b.keys
WITH DISTINCT b
MATCH (b)<-[o:OWNED_BY]-(p:Project)
OPTIONAL MATCH (p)-[o2:OWNED_BY]->(b2:Bureau)
WHERE o.basis = 'table_column' AND o2.basis = 'table_column' AND o2.doc = o.doc AND o2.task = o.task
WITH b, p, o, count(DISTINCT b2) AS units
WITH b, p, o, units, CASE WHEN o.basis = 'stated' THEN 0 WHEN o.basis = 'inferred_via_task' OR o.sole = true OR units = 1 THEN 1 ELSE 2 END AS rank
ORDER BY rank, o.doc, o.start
WITH b, p, collect(DISTINCT o.basis) AS bases, count(o) AS supports, collect({doc: o.doc, evidence: o.evidence, start: o.start, end: o.end, basis: o.basis})[0..$evidence] AS evidence, collect(o)[0] AS best, collect(rank)[0] AS rank, collect(units)[0] AS units
WITH b, p, bases, supports, evidence, best, rank, CASE rank WHEN 0 THEN 'stated' WHEN 1 THEN 'sole' ELSE 'one_of' END AS reason, CASE WHEN rank = 2 THEN units ELSE 1 END AS units
RETURN b.uid AS bureau_uid, b.name AS bureau, p.uid AS uid, p.name AS project, p.aliases AS aliases, reason, CASE reason WHEN 'stated' THEN 'stated' + CASE WHEN best.relation IS NULL THEN '' ELSE ' (' + best.relation + ')' END + ' in ' + best.doc WHEN 'sole' THEN 'sole unit of ' + CASE WHEN best.task CONTAINS '#' THEN 'row ' + split(best.task, '#')[1] + ' of ' + split(best.task, '#')[0] ELSE coalesce(best.task, 'a task row') END ELSE 'one of ' + toString(units) + ' units of ' + CASE WHEN best.task CONTAINS '#' THEN 'row ' + split(best.task, '#')[1] + ' of ' + split(best.task, '#')[0] ELSE coalesce(best.task, 'a task row') END END AS why, CASE WHEN reason = 'stated' THEN null ELSE best.task END AS task, units, bases, supports, evidence
ORDER BY rank, project
LIMIT $limit
