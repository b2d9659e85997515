// name: api_projects
// summary: Projects ordered by name, filtered by kind and name, one keyset page (GET /api/v1/projects).
// param: kind: str = null — only projects of this kind (棚改, 街区 …)
// param: q: name = null — part of the project's name or of an alias, any script
// param: after_name: str = null — keyset: the name of the previous page's last row
// param: after_uid: str = null — keyset: the uid of the previous page's last row
// param: limit: int = 50 — rows to return
// The order is the writer's (graph/shelves.py): the Project shelves' `low`s are read (one shelf
// per ~64 projects), the walk starts at the shelf holding the cursor and goes through the entries
// in order (key = name, a separator, uid: a key above `$after_name` is needed for a row after the
// cursor), looking each project up by uid and keeping those the filters pass until the page is
// full. No sort over the label: the LIMIT stops the walk.
MATCH (s:Shelf {of: 'Project'})
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
WITH p, $q_keys AS q_keys
WHERE ($kind IS NULL OR p.kind = $kind)
  AND ($q IS NULL OR any(k IN q_keys WHERE p.search CONTAINS k))
  AND ($after_name IS NULL OR p.name > $after_name OR (p.name = $after_name AND p.uid > $after_uid))
WITH p
LIMIT $limit
RETURN p.uid AS uid, p.name AS name, p.kind AS kind, p.aliases AS aliases
ORDER BY name, uid
