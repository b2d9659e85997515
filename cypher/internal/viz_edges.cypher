// name: viz_edges
// summary: One hop of a neighbourhood for the viz pages: the fact edges at the given nodes (either direction) and the nodes at their other end, with each edge's evidence; an OWNED_BY edge also says why (reason stated, sole or one_of, with the task row's `units` and `task`, as bureau_projects gives it). Provenance nodes (Sentence, Section), Year and Document nodes are left out (documents come from viz_mentions). One branch per label of the nodes expanded, so each starts from the uid index (a label-less MATCH scans every node), and it finds its nodes before it expands them (in one pattern FalkorDB's planner starts from the other end and scans every node); each branch is ordered and cut at the limit, and the caller orders the union (at, type, target, source) and cuts it again. A project's task-row units are read once per project (its table-column OWNED_BY rows), not once per edge.
// param: uids: list — uids of the nodes to expand
// param: labels: list = "" — keep only neighbours with one of these labels (empty: every label)
// param: year_from: int = null — leave out events and observations that end before this year
// param: year_to: int = null — leave out events and observations that start after this year
// param: limit: int = 2000 — at most this many edges per branch (the page's server-side cap)
MATCH (a:Project)
WHERE a.uid IN $uids
WITH a, [(a)-[r2:OWNED_BY]->(b2:Bureau) WHERE r2.basis = 'table_column' | [r2.doc, r2.task, b2.uid]] AS rows
MATCH (a)-[r]-(b)
WHERE NOT b:Sentence AND NOT b:Section AND NOT b:Year AND NOT b:Document
  AND (size($labels) = 0 OR any(l IN labels(b) WHERE l IN $labels))
  AND ($year_from IS NULL OR b.year_to IS NULL OR b.year_to >= $year_from)
  AND ($year_to IS NULL OR b.year_from IS NULL OR b.year_from <= $year_to)
WITH a, r, b, CASE WHEN type(r) = 'OWNED_BY' AND r.basis = 'table_column' THEN size(reduce(acc = [], x IN rows | CASE WHEN x[0] = r.doc AND x[1] = r.task AND NOT x[2] IN acc THEN acc + [x[2]] ELSE acc END)) ELSE 0 END AS units
RETURN a.uid AS at, startNode(r).uid AS source, endNode(r).uid AS target, type(r) AS type,
       r.evidence AS evidence, r.doc AS doc, r.basis AS basis, b AS node,
       CASE WHEN type(r) <> 'OWNED_BY' THEN null WHEN r.basis = 'stated' THEN 'stated' WHEN r.basis = 'inferred_via_task' OR r.sole = true OR units = 1 THEN 'sole' ELSE 'one_of' END AS reason,
       CASE WHEN type(r) = 'OWNED_BY' AND r.basis = 'table_column' THEN units ELSE null END AS units,
       CASE WHEN type(r) = 'OWNED_BY' THEN r.task ELSE null END AS task
ORDER BY at, type, target, source
LIMIT $limit
UNION ALL
MATCH (a:Bureau)
WHERE a.uid IN $uids
WITH a
MATCH (a)-[r]-(b)
WHERE NOT b:Sentence AND NOT b:Section AND NOT b:Year AND NOT b:Document
  AND (size($labels) = 0 OR any(l IN labels(b) WHERE l IN $labels))
  AND ($year_from IS NULL OR b.year_to IS NULL OR b.year_to >= $year_from)
  AND ($year_to IS NULL OR b.year_from IS NULL OR b.year_from <= $year_to)
WITH a, r, b, startNode(r) AS sn
WITH a, r, b, CASE WHEN type(r) = 'OWNED_BY' AND r.basis = 'table_column' THEN size(reduce(acc = [], u IN [(sn)-[r2:OWNED_BY]->(b2:Bureau) WHERE r2.basis = 'table_column' AND r2.doc = r.doc AND r2.task = r.task | b2.uid] | CASE WHEN u IN acc THEN acc ELSE acc + [u] END)) ELSE 0 END AS units
RETURN a.uid AS at, startNode(r).uid AS source, endNode(r).uid AS target, type(r) AS type,
       r.evidence AS evidence, r.doc AS doc, r.basis AS basis, b AS node,
       CASE WHEN type(r) <> 'OWNED_BY' THEN null WHEN r.basis = 'stated' THEN 'stated' WHEN r.basis = 'inferred_via_task' OR r.sole = true OR units = 1 THEN 'sole' ELSE 'one_of' END AS reason,
       CASE WHEN type(r) = 'OWNED_BY' AND r.basis = 'table_column' THEN units ELSE null END AS units,
       CASE WHEN type(r) = 'OWNED_BY' THEN r.task ELSE null END AS task
ORDER BY at, type, target, source
LIMIT $limit
UNION ALL
MATCH (a:Place)
WHERE a.uid IN $uids
WITH a
MATCH (a)-[r]-(b)
WHERE NOT b:Sentence AND NOT b:Section AND NOT b:Year AND NOT b:Document
  AND (size($labels) = 0 OR any(l IN labels(b) WHERE l IN $labels))
  AND ($year_from IS NULL OR b.year_to IS NULL OR b.year_to >= $year_from)
  AND ($year_to IS NULL OR b.year_from IS NULL OR b.year_from <= $year_to)
RETURN a.uid AS at, startNode(r).uid AS source, endNode(r).uid AS target, type(r) AS type,
       r.evidence AS evidence, r.doc AS doc, r.basis AS basis, b AS node,
       null AS reason, null AS units, null AS task
ORDER BY at, type, target, source
LIMIT $limit
UNION ALL
MATCH (a:Metric)
WHERE a.uid IN $uids
WITH a
MATCH (a)-[r]-(b)
WHERE NOT b:Sentence AND NOT b:Section AND NOT b:Year AND NOT b:Document
  AND (size($labels) = 0 OR any(l IN labels(b) WHERE l IN $labels))
  AND ($year_from IS NULL OR b.year_to IS NULL OR b.year_to >= $year_from)
  AND ($year_to IS NULL OR b.year_from IS NULL OR b.year_from <= $year_to)
RETURN a.uid AS at, startNode(r).uid AS source, endNode(r).uid AS target, type(r) AS type,
       r.evidence AS evidence, r.doc AS doc, r.basis AS basis, b AS node,
       null AS reason, null AS units, null AS task
ORDER BY at, type, target, source
LIMIT $limit
UNION ALL
MATCH (a:Event)
WHERE a.uid IN $uids
WITH a
MATCH (a)-[r]-(b)
WHERE NOT b:Sentence AND NOT b:Section AND NOT b:Year AND NOT b:Document
  AND (size($labels) = 0 OR any(l IN labels(b) WHERE l IN $labels))
  AND ($year_from IS NULL OR b.year_to IS NULL OR b.year_to >= $year_from)
  AND ($year_to IS NULL OR b.year_from IS NULL OR b.year_from <= $year_to)
RETURN a.uid AS at, startNode(r).uid AS source, endNode(r).uid AS target, type(r) AS type,
       r.evidence AS evidence, r.doc AS doc, r.basis AS basis, b AS node,
       null AS reason, null AS units, null AS task
ORDER BY at, type, target, source
LIMIT $limit
UNION ALL
MATCH (a:Observation)
WHERE a.uid IN $uids
WITH a
MATCH (a)-[r]-(b)
WHERE NOT b:Sentence AND NOT b:Section AND NOT b:Year AND NOT b:Document
  AND (size($labels) = 0 OR any(l IN labels(b) WHERE l IN $labels))
  AND ($year_from IS NULL OR b.year_to IS NULL OR b.year_to >= $year_from)
  AND ($year_to IS NULL OR b.year_from IS NULL OR b.year_from <= $year_to)
RETURN a.uid AS at, startNode(r).uid AS source, endNode(r).uid AS target, type(r) AS type,
       r.evidence AS evidence, r.doc AS doc, r.basis AS basis, b AS node,
       null AS reason, null AS units, null AS task
ORDER BY at, type, target, source
LIMIT $limit
UNION ALL
MATCH (a:Task)
WHERE a.uid IN $uids
WITH a
MATCH (a)-[r]-(b)
WHERE NOT b:Sentence AND NOT b:Section AND NOT b:Year AND NOT b:Document
  AND (size($labels) = 0 OR any(l IN labels(b) WHERE l IN $labels))
  AND ($year_from IS NULL OR b.year_to IS NULL OR b.year_to >= $year_from)
  AND ($year_to IS NULL OR b.year_from IS NULL OR b.year_from <= $year_to)
RETURN a.uid AS at, startNode(r).uid AS source, endNode(r).uid AS target, type(r) AS type,
       r.evidence AS evidence, r.doc AS doc, r.basis AS basis, b AS node,
       null AS reason, null AS units, null AS task
ORDER BY at, type, target, source
LIMIT $limit
UNION ALL
MATCH (a:Document)
WHERE a.uid IN $uids
WITH a
MATCH (a)-[r]-(b)
WHERE NOT b:Sentence AND NOT b:Section AND NOT b:Year AND NOT b:Document
  AND (size($labels) = 0 OR any(l IN labels(b) WHERE l IN $labels))
  AND ($year_from IS NULL OR b.year_to IS NULL OR b.year_to >= $year_from)
  AND ($year_to IS NULL OR b.year_from IS NULL OR b.year_from <= $year_to)
RETURN a.uid AS at, startNode(r).uid AS source, endNode(r).uid AS target, type(r) AS type,
       r.evidence AS evidence, r.doc AS doc, r.basis AS basis, b AS node,
       null AS reason, null AS units, null AS task
ORDER BY at, type, target, source
LIMIT $limit
