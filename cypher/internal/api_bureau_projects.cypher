// name: api_bureau_projects
// summary: The projects a bureau is responsible for, stated and sole owners first (rank 0 stated, 1 sole unit of a task row, 2 one of several units), then by name, one keyset page (GET /api/v1/bureaus/{uid}/projects); each with reason, why, task and units as bureau_projects gives them, the count of pieces of evidence and of documents, and a page of the evidence (ordered by document, then offset). Each piece of evidence is a flat list: basis, doc, sentence uid, evidence, start, end. A bureau without projects gives one row with a null uid. The units of a task row are counted once per task, in its first document that reports the project: thirty reports repeating a row cost one count, not thirty times thirty. Reads the ownership aggregates the writer keeps on each Project (graph/owners.py): the page is chosen without reading any OWNED_BY fact (the bureau's projects looked up rank by rank through `owner_keys`, only their names sorted), and only its projects' facts are read for their page of evidence.
// param: uid: str — the bureau's uid
// param: after_rank: int = null — keyset: the rank of the previous page's last project
// param: after_name: str = null — keyset: the name of the previous page's last project
// param: after_uid: str = null — keyset: the uid of the previous page's last project
// param: limit: int = 50 — projects to return
// param: evidence_offset: int = 0 — skip this many pieces of evidence of each project
// param: evidence: int = 5 — at most this many pieces of evidence per project (the count of all is `supports`); a page within the first 5 comes from the sample the writer keeps, a page past them is read from the facts
MATCH (b:Bureau {uid: $uid})
UNWIND [0, 1, 2] AS rank
WITH b, rank, toString(rank) + b.uid AS key
MATCH (p:Project)
WHERE key IN p.owner_keys
WITH b, p, rank
WHERE $after_name IS NULL OR rank > $after_rank OR (rank = $after_rank AND (p.name > $after_name OR (p.name = $after_name AND p.uid > $after_uid)))
WITH b, p, rank, p.name AS name, p.uid AS pu
ORDER BY rank, name, pu
LIMIT $limit
WITH collect([p, rank]) AS page
MATCH (b:Bureau {uid: $uid})
UNWIND CASE WHEN size(page) = 0 AND coalesce(b.projects, 0) = 0 AND ($after_name IS NULL OR 3 > $after_rank) THEN [[null, 3]] ELSE page END AS pr
WITH b, pr[0] AS p, pr[1] AS rank
WITH b, p, rank, coalesce([j IN range(0, size(coalesce(p.owners, [])) - 1) WHERE p.owners[j] = b.uid][0], 0) AS i
WITH b, p, i, rank, $evidence_offset >= 0 AND $evidence >= 0 AND $evidence_offset + $evidence <= 5 AS sampled
WITH b, p, i, rank, sampled, CASE WHEN sampled THEN null ELSE p END AS q
OPTIONAL MATCH (q)-[x:OWNED_BY]->(b)
WITH b, p, i, rank, sampled, x
ORDER BY x.doc, x.start
WITH b, p, i, rank, sampled, collect(x) AS xs
WITH p, i, rank, CASE WHEN sampled
    THEN [k IN range(i * 10 + 5 + $evidence_offset, i * 10 + 4 + $evidence_offset + $evidence) WHERE p.owner_ev_doc[k] <> '' | [p.owner_ev_basis[k], p.owner_ev_doc[k], CASE WHEN p.owner_ev_sentence[k] = '' THEN null ELSE p.owner_ev_sentence[k] END, p.owner_ev_text[k], p.owner_ev_start[k], p.owner_ev_end[k]]]
    ELSE [x IN xs[$evidence_offset..$evidence_offset + $evidence] | [x.basis, x.doc, x.sentence_uid, x.evidence, x.start, x.end]] END AS evidence,
  CASE rank WHEN 0 THEN 'stated' WHEN 1 THEN 'sole' WHEN 2 THEN 'one_of' ELSE null END AS reason,
  coalesce(p.owner_units[i], 1) AS units, p.owner_doc[i] AS doc, CASE WHEN p.owner_task[i] = '' THEN null ELSE p.owner_task[i] END AS task,
  CASE WHEN p.owner_relation[i] = '' THEN null ELSE p.owner_relation[i] END AS relation
WITH p, i, rank, evidence, reason, units, doc, task, relation, CASE WHEN task CONTAINS '#' THEN 'row ' + split(task, '#')[1] + ' of ' + split(task, '#')[0] ELSE coalesce(task, 'a task row') END AS task_name
RETURN p.uid AS uid, p.name AS name, p.kind AS kind, p.aliases AS aliases, rank, reason,
  CASE WHEN p IS NULL THEN null WHEN reason = 'stated' THEN 'stated' + CASE WHEN relation IS NULL THEN '' ELSE ' (' + relation + ')' END + ' in ' + doc WHEN reason = 'sole' THEN 'sole unit of ' + task_name ELSE 'one of ' + toString(units) + ' units of ' + task_name END AS why,
  CASE WHEN reason = 'stated' THEN null ELSE task END AS task, units, coalesce(p.owner_supports[i], 0) AS supports, coalesce(p.owner_documents[i], 0) AS documents,
  evidence
ORDER BY rank, name, uid
