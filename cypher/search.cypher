// name: search
// summary: Projects, bureaus, places and metrics whose name or any alias contains the text, folded as the alias registry folds names (any script, spacing ignored, district prefix, 项目/工程 and project-type suffixes such as 棚改 dropped: 望坛棚改 finds 望坛项目); exact names first (rank 0; 1 contains the text, 2 contains a folded form, 3 only of the family of a match). A project shows its family, the family's other members are listed too: `part_of` the project it is a phase or part of, `parts` its own phases and parts.
// param: q: name — the text to look for
// param: label: str = "" — only this label (Project, Bureau, Place or Metric)
// param: limit: int = 20 — at most this many results
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
WITH n, labels(n)[0] AS label
WHERE $q_key <> '' AND ($label = '' OR label = $label)
WITH n, label, CASE WHEN any(k IN $q_keys WHERE k IN n.keys) THEN 0 WHEN n.search CONTAINS $q_key THEN 1 WHEN any(k IN $q_keys WHERE n.search CONTAINS k) THEN 2 ELSE 3 END AS rank
ORDER BY rank, size(n.name), n.name
LIMIT $limit
RETURN n.uid AS uid, label, n.name AS name, n.aliases AS aliases, n.kind AS kind, rank,
  [(n)-[:PART_OF]->(y:Project) | y.name] AS part_of, [(x:Project)-[:PART_OF]->(n) | x.name] AS parts
