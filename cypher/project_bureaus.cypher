// name: project_bureaus
// summary: The units responsible for a project (OWNED_BY), and for its phases and parts (PART_OF: `part` names the part, null for the project itself), each with why: `reason` stated (a sentence states it), sole (the only unit of a task row reporting it) or one_of (one of `units` units of a task row), `why` saying it in words with the task; stated and sole owners first. With the basis and the evidence.
// param: project: name — any name or alias of the project (any script), or its uid
// param: evidence: int = 5 — at most this many pieces of evidence per row (the count of all is `supports`)
// param: limit: int = 100 — at most this many bureaus
// when_empty: project_presence
UNWIND [$project] + $project_keys AS k
MATCH (p:Project)
WHERE p.uid = k OR k IN p.keys
WITH DISTINCT p
OPTIONAL MATCH (x:Project)-[:PART_OF*1..4]->(p)
WITH p, collect(DISTINCT x) AS parts
UNWIND [p] + parts AS m
MATCH (m)-[o:OWNED_BY]->(b:Bureau)
OPTIONAL MATCH (m)-[o2:OWNED_BY]->(b2:Bureau)
WHERE o.basis = 'table_column' AND o2.basis = 'table_column' AND o2.doc = o.doc AND o2.task = o.task
WITH p, m, b, o, count(DISTINCT b2) AS units
WITH p, m, b, o, units, CASE WHEN o.basis = 'stated' THEN 0 WHEN o.basis = 'inferred_via_task' OR o.sole = true OR units = 1 THEN 1 ELSE 2 END AS rank
ORDER BY rank, o.doc, o.start
WITH p, m, b, collect(DISTINCT o.basis) AS bases, count(o) AS supports, collect({doc: o.doc, evidence: o.evidence, start: o.start, end: o.end, basis: o.basis})[0..$evidence] AS evidence, collect(o)[0] AS best, collect(rank)[0] AS rank, collect(units)[0] AS units
WITH p, m, b, bases, supports, evidence, best, rank, CASE rank WHEN 0 THEN 'stated' WHEN 1 THEN 'sole' ELSE 'one_of' END AS reason, CASE WHEN rank = 2 THEN units ELSE 1 END AS units
RETURN p.uid AS project_uid, p.name AS project, b.uid AS uid, b.name AS bureau, b.aliases AS aliases, CASE WHEN m = p THEN null ELSE m.name END AS part, reason, CASE reason WHEN 'stated' THEN 'stated' + CASE WHEN best.relation IS NULL THEN '' ELSE ' (' + best.relation + ')' END + ' in ' + best.doc WHEN 'sole' THEN 'sole unit of ' + CASE WHEN best.task CONTAINS '#' THEN 'row ' + split(best.task, '#')[1] + ' of ' + split(best.task, '#')[0] ELSE coalesce(best.task, 'a task row') END ELSE 'one of ' + toString(units) + ' units of ' + CASE WHEN best.task CONTAINS '#' THEN 'row ' + split(best.task, '#')[1] + ' of ' + split(best.task, '#')[0] ELSE coalesce(best.task, 'a task row') END END AS why, CASE WHEN reason = 'stated' THEN null ELSE best.task END AS task, units, bases, supports, evidence
ORDER BY rank, CASE WHEN m = p THEN 0 ELSE 1 END, bureau, part
LIMIT $limit
