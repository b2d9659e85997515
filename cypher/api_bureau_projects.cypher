// name: api_bureau_projects
// summary: The projects a bureau is responsible for, ordered by name, one keyset page (GET /api/v1/bureaus/{uid}/projects), each with the count of pieces of evidence and of documents, and a page of the evidence (ordered by document, then offset). Each piece of evidence is a flat list: basis, doc, sentence uid, evidence, start, end. A bureau without projects gives one row with a null uid.
// param: uid: str — the bureau's uid
// param: after_name: str = null — keyset: the name of the previous page's last project
// param: after_uid: str = null — keyset: the uid of the previous page's last project
// param: limit: int = 50 — projects to return
// param: evidence_offset: int = 0 — skip this many pieces of evidence of each project
// param: evidence: int = 5 — at most this many pieces of evidence per project (the count of all is `supports`)
MATCH (b:Bureau {uid: $uid})
OPTIONAL MATCH (b)<-[r:OWNED_BY]-(p:Project)
WHERE $after_name IS NULL OR p.name > $after_name OR (p.name = $after_name AND p.uid > $after_uid)
WITH p, r
ORDER BY r.doc, r.start
WITH p, count(r) AS supports, count(DISTINCT r.doc) AS documents,
  collect([r.basis, r.doc, r.sentence_uid, r.evidence, r.start, r.end]) AS evidence
ORDER BY p.name, p.uid
LIMIT $limit
RETURN p.uid AS uid, p.name AS name, p.kind AS kind, p.aliases AS aliases, supports, documents,
  evidence[$evidence_offset..$evidence_offset + $evidence] AS evidence
