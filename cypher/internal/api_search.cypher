// name: api_search
// summary: Projects, bureaus, places and metrics whose name or an alias contains the term (any script), best matches first (GET /api/v1/search), folded as the alias registry folds names (望坛棚改 finds 望坛项目); a project's family (the project it is part of, its phases and parts) follows it, each row naming `part_of` and `parts`. One scan per label (a label-less MATCH would scan every node).
// param: q: name — the term: a name or part of one
// param: skip: int = 0 — rows to skip (the position reached by the previous page)
// param: limit: int = 50 — rows to return
OPTIONAL MATCH (p:Project)
WHERE any(k IN $q_keys WHERE p.search CONTAINS k)
WITH collect(p) AS hits
UNWIND CASE WHEN size(hits) = 0 THEN [null] ELSE hits END AS h
OPTIONAL MATCH (h)-[:PART_OF]-(f:Project)
WITH hits, collect(DISTINCT f) AS family
WITH hits + [f IN family WHERE NOT f IN hits] AS found
OPTIONAL MATCH (b:Bureau)
WHERE any(k IN $q_keys WHERE b.search CONTAINS k)
WITH found, collect(b) AS more
WITH found + more AS found
OPTIONAL MATCH (pl:Place)
WHERE any(k IN $q_keys WHERE pl.search CONTAINS k)
WITH found, collect(pl) AS more
WITH found + more AS found
OPTIONAL MATCH (m:Metric)
WHERE any(k IN $q_keys WHERE m.search CONTAINS k)
WITH found, collect(m) AS more
WITH found + more AS found
UNWIND found AS n
WITH n, [a IN [n.name] + coalesce(n.aliases, []) WHERE any(k IN $q_keys WHERE a CONTAINS k)] AS hits
WITH n, CASE WHEN size(hits) > 0 THEN hits[0] ELSE n.name END AS matched
WITH n, matched, CASE WHEN n.name = $q OR matched = $q THEN 0 WHEN n.name STARTS WITH $q_key THEN 1 WHEN any(k IN $q_keys WHERE n.search CONTAINS k) THEN 2 ELSE 3 END AS rank
ORDER BY rank, size(n.name), n.name, n.uid
SKIP $skip
LIMIT $limit
RETURN n.uid AS uid, labels(n)[0] AS label, n.name AS name, matched, n.kind AS kind,
  [(n)-[:PART_OF]->(y:Project) | y.name] AS part_of, [(x:Project)-[:PART_OF]->(n) | x.name] AS parts
