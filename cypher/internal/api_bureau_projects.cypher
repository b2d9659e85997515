// name: api_bureau_projects
// summary: The projects a bureau is responsible for, stated and sole owners first (rank 0 stated, 1 sole unit of a task row, 2 one of several units), then by name, one keyset page (GET /api/v1/bureaus/{uid}/projects); each with reason, why, task and units as bureau_projects gives them, the count of pieces of evidence and of documents, and a page of the evidence (ordered by document, then offset). Each piece of evidence is a flat list: basis, doc, sentence uid, evidence, start, end. A bureau without projects gives one row with a null uid. The units of a task row are counted once per task, in its first document: thirty reports repeating a row cost one count, not thirty times thirty.
// param: uid: str — the bureau's uid
// param: after_rank: int = null — keyset: the rank of the previous page's last project
// param: after_name: str = null — keyset: the name of the previous page's last project
// param: after_uid: str = null — keyset: the uid of the previous page's last project
// param: limit: int = 50 — projects to return
// param: evidence_offset: int = 0 — skip this many pieces of evidence of each project
// param: evidence: int = 5 — at most this many pieces of evidence per project (the count of all is `supports`)
MATCH (b:Bureau {uid: $uid})
OPTIONAL MATCH (b)<-[r:OWNED_BY]-(p:Project)
WITH p, r
ORDER BY r.doc, r.start
WITH p, collect(r) AS rs, count(DISTINCT r.doc) AS documents
WITH p, rs, documents, [x IN rs WHERE x.basis = 'table_column'] AS tabled
UNWIND CASE WHEN size(tabled) = 0 THEN [null] ELSE tabled END AS t
WITH p, rs, documents, t.task AS task, collect(t)[0] AS rep
OPTIONAL MATCH (p)-[r2:OWNED_BY]->(b2:Bureau)
WHERE rep IS NOT NULL AND r2.basis = 'table_column' AND r2.doc = rep.doc AND r2.task = rep.task
WITH p, rs, documents, rep, count(DISTINCT b2) AS units
WITH p, rs, documents,
  collect(CASE WHEN rep IS NULL THEN null ELSE [units, rep.doc, rep.start, rep.task] END) AS rows
WITH p, rs, documents, rows,
  [x IN rs WHERE x.basis = 'stated' | [x.doc, x.start, x.task, 1, x.relation]] AS c0,
  [x IN rs WHERE x.basis = 'inferred_via_task' OR x.sole = true | [x.doc, x.start, x.task, 1, null]]
    + [x IN rows WHERE x[0] = 1 | [x[1], x[2], x[3], 1, null]] AS c1,
  [x IN rows WHERE x[0] <> 1 | [x[1], x[2], x[3], x[0], null]]
    + [x IN rs WHERE NOT x.basis IN ['stated', 'table_column', 'inferred_via_task'] AND NOT coalesce(x.sole, false) | [x.doc, x.start, x.task, 0, null]] AS c2
WITH p, rs, documents, c0, c1, c2,
  CASE WHEN p IS NULL THEN 3 WHEN size(c0) > 0 THEN 0 WHEN size(c1) > 0 THEN 1 ELSE 2 END AS rank
WHERE $after_name IS NULL OR rank > $after_rank OR (rank = $after_rank AND (p.name > $after_name OR (p.name = $after_name AND p.uid > $after_uid)))
WITH p, rs, documents, rank,
  reduce(m = null, c IN CASE rank WHEN 0 THEN c0 WHEN 1 THEN c1 ELSE c2 END |
    CASE WHEN m IS NULL OR c[0] < m[0] OR (c[0] = m[0] AND c[1] < m[1]) THEN c ELSE m END) AS best
WITH p, rs, documents, rank, best, CASE rank WHEN 0 THEN 'stated' WHEN 1 THEN 'sole' ELSE 'one_of' END AS reason,
  CASE WHEN rank = 2 THEN best[3] ELSE 1 END AS units,
  CASE WHEN best[2] CONTAINS '#' THEN 'row ' + split(best[2], '#')[1] + ' of ' + split(best[2], '#')[0] ELSE coalesce(best[2], 'a task row') END AS task_name
ORDER BY rank, p.name, p.uid
LIMIT $limit
RETURN p.uid AS uid, p.name AS name, p.kind AS kind, p.aliases AS aliases, rank,
  CASE WHEN p IS NULL THEN null ELSE reason END AS reason,
  CASE WHEN p IS NULL THEN null WHEN reason = 'stated' THEN 'stated' + CASE WHEN best[4] IS NULL THEN '' ELSE ' (' + best[4] + ')' END + ' in ' + best[0] WHEN reason = 'sole' THEN 'sole unit of ' + task_name ELSE 'one of ' + toString(units) + ' units of ' + task_name END AS why,
  CASE WHEN reason = 'stated' THEN null ELSE best[2] END AS task, units, size(rs) AS supports, documents,
  [x IN rs[$evidence_offset..$evidence_offset + $evidence] | [x.basis, x.doc, x.sentence_uid, x.evidence, x.start, x.end]] AS evidence
