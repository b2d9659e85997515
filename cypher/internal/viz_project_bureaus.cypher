// name: viz_project_bureaus
// summary: The bureaus responsible for a project and for its phases and parts (PART_OF), one row per bureau with why (reason stated, sole or one_of; why in words with the task), the basis, evidence and document of its strongest ownership fact and how many facts support it; stated and sole owners first. `part` names the part a bureau owns when it owns only a part. Reads the ownership aggregates the writer keeps on each Project (graph/owners.py: the strongest fact is the first of the kept sample), not the OWNED_BY facts; a task row's units are counted once per task, in its first document that reports the project.
// param: uid: str — the project's uid
// param: limit: int = 100 — at most this many bureaus
MATCH (p:Project {uid: $uid})
WITH p, [p] + [(x:Project)-[:PART_OF*1..4]->(p) | x] AS members
UNWIND members AS m
UNWIND range(0, size(coalesce(m.owners, [])) - 1) AS i
WITH p, m, i, m.owner_rank[i] AS rank, m.owner_doc[i] AS doc, m.owner_ev_start[i * 10] AS start
ORDER BY rank, CASE WHEN m = p THEN 0 ELSE 1 END, doc, start
WITH m.owners[i] AS bu, collect([m, i, rank, CASE WHEN m = p THEN '' ELSE m.name END])[0] AS best, sum(m.owner_supports[i]) AS facts
MATCH (b:Bureau {uid: bu})
WITH b, facts, best[0] AS m, best[1] AS i, best[2] AS rank, best[3] AS part
WITH b, facts, m, i, rank, part, CASE rank WHEN 0 THEN 'stated' WHEN 1 THEN 'sole' ELSE 'one_of' END AS reason, m.owner_units[i] AS units,
  m.owner_doc[i] AS doc, CASE WHEN m.owner_task[i] = '' THEN null ELSE m.owner_task[i] END AS task,
  CASE WHEN m.owner_relation[i] = '' THEN null ELSE m.owner_relation[i] END AS relation
RETURN b AS bureau, m.owner_ev_basis[i * 10] AS basis, m.owner_ev_text[i * 10] AS evidence, doc, facts, reason,
       CASE reason WHEN 'stated' THEN 'stated' + CASE WHEN relation IS NULL THEN '' ELSE ' (' + relation + ')' END + ' in ' + doc WHEN 'sole' THEN 'sole unit of ' + CASE WHEN task CONTAINS '#' THEN 'row ' + split(task, '#')[1] + ' of ' + split(task, '#')[0] ELSE coalesce(task, 'a task row') END ELSE 'one of ' + toString(units) + ' units of ' + CASE WHEN task CONTAINS '#' THEN 'row ' + split(task, '#')[1] + ' of ' + split(task, '#')[0] ELSE coalesce(task, 'a task row') END END AS why,
       CASE WHEN reason = 'stated' THEN null ELSE task END AS task, units, CASE WHEN part = '' THEN null ELSE part END AS part, rank
ORDER BY rank, facts DESC, b.name
LIMIT $limit
