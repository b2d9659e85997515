// name: api_bureau_projects
// summary: The projects a bureau is responsible for, stated and sole owners first (rank 0 stated, 1 sole unit of a task row, 2 one of several units), then by name, one keyset page (GET /api/v1/bureaus/{uid}/projects); each with reason, why, task and units as bureau_projects gives them, the count of pieces of evidence and of documents, and a page of the evidence (ordered by document, then offset). Each piece of evidence is a flat list: basis, doc, sentence uid, evidence, start, end. A bureau without projects gives one row with a null uid.
// param: uid: str — the bureau's uid
// param: after_rank: int = null — keyset: the rank of the previous page's last project
// param: after_name: str = null — keyset: the name of the previous page's last project
// param: after_uid: str = null — keyset: the uid of the previous page's last project
// param: limit: int = 50 — projects to return
// param: evidence_offset: int = 0 — skip this many pieces of evidence of each project
// param: evidence: int = 5 — at most this many pieces of evidence per project (the count of all is `supports`)
MATCH (b:Bureau {uid: $uid})
OPTIONAL MATCH (b)<-[r:OWNED_BY]-(p:Project)
OPTIONAL MATCH (p)-[r2:OWNED_BY]->(b2:Bureau)
WHERE r.basis = 'table_column' AND r2.basis = 'table_column' AND r2.doc = r.doc AND r2.task = r.task
WITH p, r, count(DISTINCT b2) AS units
WITH p, r, units, CASE WHEN r IS NULL THEN 3 WHEN r.basis = 'stated' THEN 0 WHEN r.basis = 'inferred_via_task' OR r.sole = true OR units = 1 THEN 1 ELSE 2 END AS rank
ORDER BY r.doc, r.start
WITH p, count(r) AS supports, count(DISTINCT r.doc) AS documents,
  collect([r.basis, r.doc, r.sentence_uid, r.evidence, r.start, r.end]) AS evidence,
  collect([rank, units, r.relation, r.doc, r.task]) AS facts
WITH p, supports, documents, evidence, facts, reduce(m = 9, f IN facts | CASE WHEN f[0] < m THEN f[0] ELSE m END) AS rank
WHERE $after_name IS NULL OR rank > $after_rank OR (rank = $after_rank AND (p.name > $after_name OR (p.name = $after_name AND p.uid > $after_uid)))
WITH p, supports, documents, evidence, rank, [f IN facts WHERE f[0] = rank][0] AS best
WITH p, supports, documents, evidence, rank, best, CASE rank WHEN 0 THEN 'stated' WHEN 1 THEN 'sole' ELSE 'one_of' END AS reason, CASE WHEN rank = 2 THEN best[1] ELSE 1 END AS units,
  CASE WHEN best[4] CONTAINS '#' THEN 'row ' + split(best[4], '#')[1] + ' of ' + split(best[4], '#')[0] ELSE coalesce(best[4], 'a task row') END AS task_name
ORDER BY rank, p.name, p.uid
LIMIT $limit
RETURN p.uid AS uid, p.name AS name, p.kind AS kind, p.aliases AS aliases, rank,
  CASE WHEN p IS NULL THEN null ELSE reason END AS reason,
  CASE WHEN p IS NULL THEN null WHEN reason = 'stated' THEN 'stated' + CASE WHEN best[2] IS NULL THEN '' ELSE ' (' + best[2] + ')' END + ' in ' + best[3] WHEN reason = 'sole' THEN 'sole unit of ' + task_name ELSE 'one of ' + toString(units) + ' units of ' + task_name END AS why,
  CASE WHEN reason = 'stated' THEN null ELSE best[4] END AS task, units, supports, documents,
  evidence[$evidence_offset..$evidence_offset + $evidence] AS evidence
