// name: api_bureaus
// summary: Bureaus and other responsible units ordered by name, with their number of projects, one keyset page (GET /api/v1/bureaus).
// param: q: name = null — part of the unit's name or of an alias, any script
// param: after_name: str = null — keyset: the name of the previous page's last row
// param: after_uid: str = null — keyset: the uid of the previous page's last row
// param: limit: int = 50 — rows to return
// Without a name, every Bureau is read and sorted (one node per unit, however many reports name it); with
// one, the Bureaus are found from the index on `grams` (graph/keys.py: each folded key of the
// text looked up by its first pair of characters, `search CONTAINS` confirming, as `search` does).
UNWIND CASE WHEN $q IS NULL THEN [true] ELSE [] END AS unfiltered
MATCH (b:Bureau)
WHERE ($after_name IS NULL OR b.name > $after_name OR (b.name = $after_name AND b.uid > $after_uid))
WITH b
ORDER BY b.name, b.uid
LIMIT $limit
RETURN b.uid AS uid, b.name AS name, b.kind AS kind, b.aliases AS aliases, coalesce(b.projects, 0) AS projects
ORDER BY name, uid
UNION ALL
UNWIND CASE WHEN $q IS NULL THEN [] ELSE range(0, size($q_keys) - 1) END AS i
WITH $q_keys[i] AS k, $q_grams[i] AS g
MATCH (b:Bureau)
WHERE g IN b.grams AND b.search CONTAINS k
WITH DISTINCT b
WHERE ($after_name IS NULL OR b.name > $after_name OR (b.name = $after_name AND b.uid > $after_uid))
WITH b
ORDER BY b.name, b.uid
LIMIT $limit
RETURN b.uid AS uid, b.name AS name, b.kind AS kind, b.aliases AS aliases, coalesce(b.projects, 0) AS projects
ORDER BY name, uid
