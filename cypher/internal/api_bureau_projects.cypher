// name: api_bureau_projects
// summary: The projects a bureau is responsible for, ordered by name, one keyset page (GET /api/v1/bureaus/{uid}/projects). Each piece of evidence is a flat list: basis, doc, sentence uid, evidence, start, end. A bureau without projects gives one row with a null uid.
// param: uid: str — the bureau's uid
// param: after_name: str = null — keyset: the name of the previous page's last project
// param: after_uid: str = null — keyset: the uid of the previous page's last project
// param: limit: int = 50 — projects to return
MATCH (b:Bureau {uid: $uid})
OPTIONAL MATCH (b)<-[r:OWNED_BY]-(p:Project)
WHERE $after_name IS NULL OR p.name > $after_name OR (p.name = $after_name AND p.uid > $after_uid)
WITH p, collect([r.basis, r.doc, r.sentence_uid, r.evidence, r.start, r.end]) AS evidence
ORDER BY p.name, p.uid
LIMIT $limit
RETURN p.uid AS uid, p.name AS name, p.kind AS kind, p.aliases AS aliases, evidence
