// name: api_projects
// summary: Projects ordered by name, filtered by kind and name, one keyset page (GET /api/v1/projects).
// param: kind: str = null — only projects of this kind (棚改, 街区 …)
// param: q: name = null — part of the project's name or of an alias, any script
// param: after_name: str = null — keyset: the name of the previous page's last row
// param: after_uid: str = null — keyset: the uid of the previous page's last row
// param: limit: int = 50 — rows to return
// Without a kind or a name, the first branch walks the writer's order (graph/shelves.py): the
// Project shelves' `low`s are read (one shelf per ~64 projects), the walk starts at the shelf
// holding the cursor and goes through the entries in order (key = name, a separator, uid: a key
// above `$after_name` is needed for a row after the cursor), looking each project up by uid until
// the page is full. No sort over the label: the LIMIT stops the walk. With a name, the second
// branch starts from the index on `grams` (graph/keys.py: each folded key of the text is looked
// up by its first pair of characters, `search CONTAINS` confirms, as `search` does) and sorts only
// the projects found. With a kind alone, the third reads every project and sorts those of the
// kind: a walk would look up every project for a kind few have (27 ms against 2 ms at 10,000
// documents), a scan filters them at a fraction of that.
MATCH (s:Shelf {of: 'Project'})
WHERE $kind IS NULL AND $q IS NULL
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
UNWIND CASE WHEN $q IS NULL THEN [] ELSE range(0, size($q_keys) - 1) END AS i
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
UNWIND CASE WHEN $kind IS NOT NULL AND $q IS NULL THEN [true] ELSE [] END AS filtered
MATCH (p:Project)
WHERE p.kind = $kind
  AND ($after_name IS NULL OR p.name > $after_name OR (p.name = $after_name AND p.uid > $after_uid))
RETURN p.uid AS uid, p.name AS name, p.kind AS kind, p.aliases AS aliases
ORDER BY name, uid
LIMIT $limit
