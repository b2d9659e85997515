// name: api_search
// summary: Projects, bureaus, places and metrics whose name or an alias contains the term (any script), best matches first (GET /api/v1/search), folded as the alias registry folds names (望坛棚改 finds 望坛项目); a project's family (the project it is part of, its phases and parts) follows it, each row naming `part_of` and `parts`. Each label is read from the index of its nodes' `grams` (the nodes holding the first two characters of a key of the term), then `search CONTAINS` confirms (graph/keys.py); a label-less MATCH would scan every node.
// param: q: name — the term: a name or part of one
// param: skip: int = 0 — rows to skip (the position reached by the previous page)
// param: limit: int = 50 — rows to return
UNWIND range(0, size($q_keys) - 1) AS i
WITH $q_keys[i] AS k, $q_grams[i] AS g
OPTIONAL MATCH (p:Project)
WHERE g IN p.grams AND p.search CONTAINS k
WITH collect(DISTINCT p) AS hits
UNWIND CASE WHEN size(hits) = 0 THEN [null] ELSE hits END AS h
OPTIONAL MATCH (h)-[:PART_OF]-(f:Project)
WITH hits, collect(DISTINCT f) AS family
WITH hits + [f IN family WHERE NOT f IN hits] AS found
UNWIND CASE WHEN size($q_keys) = 0 THEN [null] ELSE range(0, size($q_keys) - 1) END AS i
WITH found, $q_keys[i] AS k, $q_grams[i] AS g
OPTIONAL MATCH (b:Bureau)
WHERE g IN b.grams AND b.search CONTAINS k
WITH found, collect(DISTINCT b) AS more
WITH found + more AS found
UNWIND CASE WHEN size($q_keys) = 0 THEN [null] ELSE range(0, size($q_keys) - 1) END AS i
WITH found, $q_keys[i] AS k, $q_grams[i] AS g
OPTIONAL MATCH (pl:Place)
WHERE g IN pl.grams AND pl.search CONTAINS k
WITH found, collect(DISTINCT pl) AS more
WITH found + more AS found
UNWIND CASE WHEN size($q_keys) = 0 THEN [null] ELSE range(0, size($q_keys) - 1) END AS i
WITH found, $q_keys[i] AS k, $q_grams[i] AS g
OPTIONAL MATCH (m:Metric)
WHERE g IN m.grams AND m.search CONTAINS k
WITH found, collect(DISTINCT m) AS more
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
