// name: bureau_projects
// summary: Projects a bureau is responsible for (OWNED_BY), each with why: `reason` stated (a sentence states it), sole (the only unit of a task row reporting it) or one_of (one of `units` units of a task row), `why` saying it in words with the task; stated and sole owners first, then by name. With the basis and the evidence. The units of a task row are counted once per task, in its first document that reports the project (thirty reports repeating a row cost one count). Reads the ownership aggregates the writer keeps on each Project (graph/owners.py), not every OWNED_BY fact: the bureau's projects are looked up rank by rank (`owner_keys`), only their names go through the sort, and only the page's projects are read further; only the page of evidence reads the facts of the returned rows.
// param: bureau: name — any name or alias of the bureau (any script), or its uid
// param: evidence: int = 5 — at most this many pieces of evidence per row (the count of all is `supports`); up to 5 come from the sample the writer keeps, more are read from the facts
// param: limit: int = 100 — at most this many projects
// when_empty: bureau_presence
UNWIND [$bureau] + $bureau_keys AS k
MATCH (b:Bureau)
WHERE b.uid = k OR k IN b.keys
WITH DISTINCT b
UNWIND [0, 1, 2] AS rank
WITH b, rank, toString(rank) + b.uid AS key
MATCH (p:Project)
WHERE key IN p.owner_keys
WITH b, p, rank, p.name AS name
ORDER BY rank, name
LIMIT $limit
WITH b, p, rank, [j IN range(0, size(p.owners) - 1) WHERE p.owners[j] = b.uid][0] AS i
WITH b, p, i, rank, p.owner_units[i] AS units, p.owner_supports[i] AS supports,
  p.owner_doc[i] AS doc, CASE WHEN p.owner_task[i] = '' THEN null ELSE p.owner_task[i] END AS task,
  CASE WHEN p.owner_relation[i] = '' THEN null ELSE p.owner_relation[i] END AS relation, split(p.owner_bases[i], '|') AS bases
WITH b, p, i, rank, units, supports, doc, task, relation, bases, 0 <= $evidence AND $evidence <= 5 AS sampled
WITH b, p, i, rank, units, supports, doc, task, relation, bases, sampled, CASE WHEN sampled THEN null ELSE p END AS q
OPTIONAL MATCH (q)-[x:OWNED_BY]->(b)
WITH b, p, i, rank, units, supports, doc, task, relation, bases, sampled, x
ORDER BY CASE WHEN x.basis = 'stated' THEN 0 WHEN x.basis = 'inferred_via_task' OR x.sole = true OR (x.basis = 'table_column' AND x.task IN p.owner_sole_tasks) THEN 1 ELSE 2 END, x.doc, x.start
WITH b, p, i, rank, units, supports, doc, task, relation, bases, sampled, collect(x) AS xs
WITH b, p, rank, units, supports, doc, task, relation, bases, CASE WHEN sampled
    THEN [k IN range(i * 10, i * 10 + $evidence - 1) WHERE p.owner_ev_doc[k] <> '' | {doc: p.owner_ev_doc[k], evidence: p.owner_ev_text[k], start: p.owner_ev_start[k], end: p.owner_ev_end[k], basis: p.owner_ev_basis[k]}]
    ELSE [r IN xs[0..$evidence] | {doc: r.doc, evidence: r.evidence, start: r.start, end: r.end, basis: r.basis}] END AS evidence,
  CASE rank WHEN 0 THEN 'stated' WHEN 1 THEN 'sole' ELSE 'one_of' END AS reason
RETURN b.uid AS bureau_uid, b.name AS bureau, p.uid AS uid, p.name AS project, p.aliases AS aliases, reason, CASE reason WHEN 'stated' THEN 'stated' + CASE WHEN relation IS NULL THEN '' ELSE ' (' + relation + ')' END + ' in ' + doc WHEN 'sole' THEN 'sole unit of ' + CASE WHEN task CONTAINS '#' THEN 'row ' + split(task, '#')[1] + ' of ' + split(task, '#')[0] ELSE coalesce(task, 'a task row') END ELSE 'one of ' + toString(units) + ' units of ' + CASE WHEN task CONTAINS '#' THEN 'row ' + split(task, '#')[1] + ' of ' + split(task, '#')[0] ELSE coalesce(task, 'a task row') END END AS why, CASE WHEN reason = 'stated' THEN null ELSE task END AS task, units, bases, supports,
  evidence
ORDER BY rank, project
LIMIT $limit
