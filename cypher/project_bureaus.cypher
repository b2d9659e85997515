// name: project_bureaus
// summary: The units responsible for a project (OWNED_BY), and for its phases and parts (PART_OF: `part` names the part, null for the project itself), each with why: `reason` stated (a sentence states it), sole (the only unit of a task row reporting it) or one_of (one of `units` units of a task row), `why` saying it in words with the task; stated and sole owners first. With the basis and the evidence. The units of a task row are counted once per task, in its first document that reports the project (thirty reports repeating a row cost one count). The project is the one the text names exactly (its uid, or its name or an alias in full); only when none is, every project a shorter form of the text names. Reads the ownership aggregates the writer keeps on each Project (graph/owners.py), not every OWNED_BY fact; only the page of evidence reads the facts of the returned rows.
// param: project: name — any name or alias of the project (any script), or its uid
// param: evidence: int = 5 — at most this many pieces of evidence per row (the count of all is `supports`); up to 5 come from the sample the writer keeps, more are read from the facts
// param: limit: int = 100 — at most this many bureaus
// when_empty: project_presence
// The project the text names exactly (its uid, or the text's full key among a project's keys)
// first; only when none does, the projects any shorter variant of the text names (as
// project_history: 望坛棚改项目 is that project, not every project with the alias 望坛).
UNWIND [$project, $project_key] AS k
OPTIONAL MATCH (p:Project)
WHERE p.uid = k OR k IN p.keys
WITH collect(DISTINCT p) AS exact
UNWIND CASE WHEN size(exact) > 0 THEN [''] ELSE [$project] + $project_keys END AS k
OPTIONAL MATCH (p:Project)
WHERE p.uid = k OR k IN p.keys
WITH exact, collect(DISTINCT p) AS loose
UNWIND exact + loose AS p
WITH DISTINCT p
OPTIONAL MATCH (x:Project)-[:PART_OF*1..4]->(p)
WITH p, collect(DISTINCT x) AS parts
UNWIND [p] + parts AS m
UNWIND range(0, size(coalesce(m.owners, [])) - 1) AS i
MATCH (b:Bureau {uid: m.owners[i]})
WITH p, m, b, i, m.owner_rank[i] AS rank, m.owner_units[i] AS units, m.owner_supports[i] AS supports,
  m.owner_doc[i] AS doc, CASE WHEN m.owner_task[i] = '' THEN null ELSE m.owner_task[i] END AS task,
  CASE WHEN m.owner_relation[i] = '' THEN null ELSE m.owner_relation[i] END AS relation, split(m.owner_bases[i], '|') AS bases,
  CASE WHEN m = p THEN null ELSE m.name END AS part
ORDER BY rank, CASE WHEN m = p THEN 0 ELSE 1 END, b.name, part
LIMIT $limit
WITH p, m, b, i, rank, units, supports, doc, task, relation, bases, part, 0 <= $evidence AND $evidence <= 5 AS sampled
WITH p, m, b, i, rank, units, supports, doc, task, relation, bases, part, sampled, CASE WHEN sampled THEN null ELSE m END AS q
OPTIONAL MATCH (q)-[x:OWNED_BY]->(b)
WITH p, m, b, i, rank, units, supports, doc, task, relation, bases, part, sampled, x
ORDER BY CASE WHEN x.basis = 'stated' THEN 0 WHEN x.basis = 'inferred_via_task' OR x.sole = true OR (x.basis = 'table_column' AND x.task IN m.owner_sole_tasks) THEN 1 ELSE 2 END, x.doc, x.start
WITH p, m, b, i, rank, units, supports, doc, task, relation, bases, part, sampled, collect(x) AS xs
WITH p, m, b, rank, units, supports, doc, task, relation, bases, part, CASE WHEN sampled
    THEN [k IN range(i * 10, i * 10 + $evidence - 1) WHERE m.owner_ev_doc[k] <> '' | {doc: m.owner_ev_doc[k], evidence: m.owner_ev_text[k], start: m.owner_ev_start[k], end: m.owner_ev_end[k], basis: m.owner_ev_basis[k]}]
    ELSE [r IN xs[0..$evidence] | {doc: r.doc, evidence: r.evidence, start: r.start, end: r.end, basis: r.basis}] END AS evidence,
  CASE rank WHEN 0 THEN 'stated' WHEN 1 THEN 'sole' ELSE 'one_of' END AS reason
RETURN p.uid AS project_uid, p.name AS project, b.uid AS uid, b.name AS bureau, b.aliases AS aliases, part, reason, CASE reason WHEN 'stated' THEN 'stated' + CASE WHEN relation IS NULL THEN '' ELSE ' (' + relation + ')' END + ' in ' + doc WHEN 'sole' THEN 'sole unit of ' + CASE WHEN task CONTAINS '#' THEN 'row ' + split(task, '#')[1] + ' of ' + split(task, '#')[0] ELSE coalesce(task, 'a task row') END ELSE 'one of ' + toString(units) + ' units of ' + CASE WHEN task CONTAINS '#' THEN 'row ' + split(task, '#')[1] + ' of ' + split(task, '#')[0] ELSE coalesce(task, 'a task row') END END AS why, CASE WHEN reason = 'stated' THEN null ELSE task END AS task, units, bases, supports,
  evidence
ORDER BY rank, CASE WHEN m = p THEN 0 ELSE 1 END, bureau, part
LIMIT $limit
