// name: viz_project_bureaus
// summary: The bureaus responsible for a project and for its phases and parts (PART_OF), one row per bureau with why (reason stated, sole or one_of; why in words with the task), the basis, evidence and document of its strongest ownership fact and how many facts support it; stated and sole owners first. `part` names the part a bureau owns when it owns only a part.
// param: uid: str — the project's uid
// param: limit: int = 100 — at most this many bureaus
MATCH (p:Project {uid: $uid})
WITH p, [p] + [(x:Project)-[:PART_OF*1..4]->(p) | x] AS members
UNWIND members AS m
MATCH (m)-[r:OWNED_BY]->(b:Bureau)
WITH p, m, r, b, [(m)-[r2:OWNED_BY]->(b2:Bureau) WHERE r.basis = 'table_column' AND r2.basis = 'table_column' AND r2.doc = r.doc AND r2.task = r.task | b2.uid] AS row_units
WITH p, m, r, b, size(reduce(acc = [], u IN row_units | CASE WHEN u IN acc THEN acc ELSE acc + [u] END)) AS units
WITH p, m, r, b, units, CASE WHEN r.basis = 'stated' THEN 0 WHEN r.basis = 'inferred_via_task' OR r.sole = true OR units = 1 THEN 1 ELSE 2 END AS rank
ORDER BY rank, CASE WHEN m = p THEN 0 ELSE 1 END, r.doc, r.start
WITH b, collect(r) AS facts, collect(rank)[0] AS rank, collect(units)[0] AS units, collect(CASE WHEN m = p THEN '' ELSE m.name END)[0] AS part
WITH b, facts, facts[0] AS best, rank, CASE rank WHEN 0 THEN 'stated' WHEN 1 THEN 'sole' ELSE 'one_of' END AS reason, CASE WHEN rank = 2 THEN units ELSE 1 END AS units, part
RETURN b AS bureau, best.basis AS basis, best.evidence AS evidence, best.doc AS doc, size(facts) AS facts, reason,
       CASE reason WHEN 'stated' THEN 'stated' + CASE WHEN best.relation IS NULL THEN '' ELSE ' (' + best.relation + ')' END + ' in ' + best.doc WHEN 'sole' THEN 'sole unit of ' + CASE WHEN best.task CONTAINS '#' THEN 'row ' + split(best.task, '#')[1] + ' of ' + split(best.task, '#')[0] ELSE coalesce(best.task, 'a task row') END ELSE 'one of ' + toString(units) + ' units of ' + CASE WHEN best.task CONTAINS '#' THEN 'row ' + split(best.task, '#')[1] + ' of ' + split(best.task, '#')[0] ELSE coalesce(best.task, 'a task row') END END AS why,
       CASE WHEN reason = 'stated' THEN null ELSE best.task END AS task, units, CASE WHEN part = '' THEN null ELSE part END AS part, rank
ORDER BY rank, facts DESC, b.name
LIMIT $limit
