// name: project_bureaus
// summary: The units responsible for a project (OWNED_BY), and for its phases and parts (PART_OF: `part` names the part, null for the project itself), each with why: `reason` stated (a sentence states it), sole (the only unit of a task row reporting it) or one_of (one of `units` units of a task row), `why` saying it in words with the task; stated and sole owners first. With the basis and the evidence. The units of a task row are counted once per task, in its first document (thirty reports repeating a row cost one count).
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
OPTIONAL MATCH (m)-[t:OWNED_BY]->(:Bureau)
WHERE t.basis = 'table_column'
WITH p, m, t
ORDER BY t.doc, t.start
WITH p, m, t.task AS task, collect(t)[0] AS rep
OPTIONAL MATCH (m)-[o2:OWNED_BY]->(b2:Bureau)
WHERE rep IS NOT NULL AND o2.basis = 'table_column' AND o2.doc = rep.doc AND o2.task = rep.task
WITH p, m, rep, count(DISTINCT b2) AS units
WITH p, m, collect(CASE WHEN rep IS NULL THEN null ELSE [rep.task, units] END) AS task_units
MATCH (m)-[o:OWNED_BY]->(b:Bureau)
WITH p, m, task_units, b, o
ORDER BY o.doc, o.start
WITH p, m, b, task_units, collect(o) AS rs
WITH p, m, b, [x IN rs |
    [CASE WHEN x.basis = 'stated' THEN 0
          WHEN x.basis = 'inferred_via_task' OR x.sole = true THEN 1
          WHEN x.basis = 'table_column' AND [u IN task_units WHERE u[0] = x.task | u[1]][0] = 1 THEN 1
          ELSE 2 END,
     x,
     CASE WHEN x.basis = 'table_column' THEN coalesce([u IN task_units WHERE u[0] = x.task | u[1]][0], 0) ELSE 0 END]] AS ranked
WITH p, m, b, [r IN ranked WHERE r[0] = 0] + [r IN ranked WHERE r[0] = 1] + [r IN ranked WHERE r[0] = 2] AS ordered
WITH p, m, b, ordered, ordered[0][0] AS rank, ordered[0][1] AS best, ordered[0][2] AS first_units
WITH p, m, b, ordered, rank, best, CASE rank WHEN 0 THEN 'stated' WHEN 1 THEN 'sole' ELSE 'one_of' END AS reason,
  CASE WHEN rank = 2 THEN first_units ELSE 1 END AS units,
  reduce(acc = [], r IN ordered | CASE WHEN r[1].basis IN acc THEN acc ELSE acc + [r[1].basis] END) AS bases
RETURN p.uid AS project_uid, p.name AS project, b.uid AS uid, b.name AS bureau, b.aliases AS aliases, CASE WHEN m = p THEN null ELSE m.name END AS part, reason, CASE reason WHEN 'stated' THEN 'stated' + CASE WHEN best.relation IS NULL THEN '' ELSE ' (' + best.relation + ')' END + ' in ' + best.doc WHEN 'sole' THEN 'sole unit of ' + CASE WHEN best.task CONTAINS '#' THEN 'row ' + split(best.task, '#')[1] + ' of ' + split(best.task, '#')[0] ELSE coalesce(best.task, 'a task row') END ELSE 'one of ' + toString(units) + ' units of ' + CASE WHEN best.task CONTAINS '#' THEN 'row ' + split(best.task, '#')[1] + ' of ' + split(best.task, '#')[0] ELSE coalesce(best.task, 'a task row') END END AS why, CASE WHEN reason = 'stated' THEN null ELSE best.task END AS task, units, bases, size(ordered) AS supports,
  [r IN ordered[0..$evidence] | {doc: r[1].doc, evidence: r[1].evidence, start: r[1].start, end: r[1].end, basis: r[1].basis}] AS evidence
ORDER BY rank, CASE WHEN m = p THEN 0 ELSE 1 END, bureau, part
LIMIT $limit
