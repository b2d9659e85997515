// name: api_projects_related
// summary: Projects ordered by name, filtered by a responsible unit and/or a year (and kind and name), one keyset page (GET /api/v1/projects with bureau or year).
// param: bureau: name = null — a responsible unit: uid, name or alias
// param: year: int = null — only projects with an event in this year
// param: kind: str = null — only projects of this kind (棚改, 街区 …)
// param: q: name = null — part of the project's name or of an alias, any script
// param: after_name: str = null — keyset: the name of the previous page's last row
// param: after_uid: str = null — keyset: the uid of the previous page's last row
// param: limit: int = 50 — rows to return
// Five branches, of which only the one for the filters given yields rows; the first two start from
// an index: the unit (its uid or keys), else the year, and only the projects found there are read;
// with neither, the last three are api_projects: the writer's order walked (graph/shelves.py)
// without a kind or a name, the projects a name finds through the `grams` index, every project
// read and sorted for a kind alone.
// ($q_keys through a variable: FalkorDB 4 drops every row of any(k IN $param …) after a traversal.)
UNWIND CASE WHEN $bureau IS NULL THEN [] ELSE [$bureau] + $bureau_keys END AS bk
MATCH (b:Bureau)
WHERE b.uid = bk OR bk IN b.keys
MATCH (b)<-[:OWNED_BY]-(p:Project)
WITH DISTINCT p
WITH p, CASE WHEN $year IS NULL THEN [] ELSE [(p)-[:HAS_EVENT]->(:Event)-[:IN_YEAR]->(y:Year) | y.value] END AS years
WHERE ($year IS NULL OR $year IN years)
WITH p, $q_keys AS q_keys
WHERE ($kind IS NULL OR p.kind = $kind)
  AND ($q IS NULL OR any(k IN q_keys WHERE p.search CONTAINS k))
  AND ($after_name IS NULL OR p.name > $after_name OR (p.name = $after_name AND p.uid > $after_uid))
RETURN p.uid AS uid, p.name AS name, p.kind AS kind, p.aliases AS aliases
ORDER BY name, uid
LIMIT $limit
UNION ALL
UNWIND CASE WHEN $bureau IS NULL AND $year IS NOT NULL THEN [$year] ELSE [] END AS yv
MATCH (:Year {value: yv})<-[:IN_YEAR]-(:Event)<-[:HAS_EVENT]-(p:Project)
WITH DISTINCT p
WITH p, $q_keys AS q_keys
WHERE ($kind IS NULL OR p.kind = $kind)
  AND ($q IS NULL OR any(k IN q_keys WHERE p.search CONTAINS k))
  AND ($after_name IS NULL OR p.name > $after_name OR (p.name = $after_name AND p.uid > $after_uid))
RETURN p.uid AS uid, p.name AS name, p.kind AS kind, p.aliases AS aliases
ORDER BY name, uid
LIMIT $limit
UNION ALL
MATCH (s:Shelf {of: 'Project'})
WHERE $bureau IS NULL AND $year IS NULL AND $kind IS NULL AND $q IS NULL
WITH s
ORDER BY s.low
WITH collect(s) AS shelves, collect(s.low) AS lows, coalesce($after_name, '') AS after
WITH shelves, after, size([low IN lows WHERE low <= after]) - 1 AS first
UNWIND range(CASE WHEN first < 0 THEN 0 ELSE first END, size(shelves) - 1) AS i
WITH shelves[i] AS s, after
UNWIND range(0, size(s.keys) - 1) AS j
WITH s.keys[j] AS key, s.uids[j] AS uid, after
WHERE $after_name IS NULL OR key > after
MATCH (p:Project {uid: uid})
WITH p, p.name AS name
WHERE $after_name IS NULL OR name > $after_name OR (name = $after_name AND p.uid > $after_uid)
WITH p
LIMIT $limit
RETURN p.uid AS uid, p.name AS name, p.kind AS kind, p.aliases AS aliases
ORDER BY name, uid
UNION ALL
UNWIND CASE WHEN $bureau IS NULL AND $year IS NULL AND $q IS NOT NULL THEN range(0, size($q_keys) - 1) ELSE [] END AS i
WITH $q_keys[i] AS k, $q_grams[i] AS g
MATCH (p:Project)
WHERE g IN p.grams AND p.search CONTAINS k
WITH DISTINCT p
WHERE ($kind IS NULL OR p.kind = $kind)
  AND ($after_name IS NULL OR p.name > $after_name OR (p.name = $after_name AND p.uid > $after_uid))
RETURN p.uid AS uid, p.name AS name, p.kind AS kind, p.aliases AS aliases
ORDER BY name, uid
LIMIT $limit
UNION ALL
UNWIND CASE WHEN $bureau IS NULL AND $year IS NULL AND $kind IS NOT NULL AND $q IS NULL THEN [true] ELSE [] END AS filtered
MATCH (p:Project)
WHERE p.kind = $kind
  AND ($after_name IS NULL OR p.name > $after_name OR (p.name = $after_name AND p.uid > $after_uid))
RETURN p.uid AS uid, p.name AS name, p.kind AS kind, p.aliases AS aliases
ORDER BY name, uid
LIMIT $limit
