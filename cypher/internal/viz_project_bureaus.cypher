// name: viz_project_bureaus
// summary: The bureaus responsible for a project (OWNED_BY), one row per bureau with the basis, evidence and document of one ownership fact (table_column first) and how many facts support it.
// param: uid: str — the project's uid
// param: limit: int = 100 — at most this many bureaus
MATCH (p:Project {uid: $uid})-[r:OWNED_BY]->(b:Bureau)
WITH b, r ORDER BY CASE r.basis WHEN 'table_column' THEN 0 WHEN 'stated' THEN 1 ELSE 2 END, r.doc
WITH b, collect(r) AS facts
RETURN b AS bureau, facts[0].basis AS basis, facts[0].evidence AS evidence, facts[0].doc AS doc,
       size(facts) AS facts
ORDER BY facts DESC, b.name
LIMIT $limit
