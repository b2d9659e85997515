// name: api_bureaus
// summary: Bureaus and other responsible units ordered by name, with their number of projects, one keyset page (GET /api/v1/bureaus).
// param: q: name = null — part of the unit's name or of an alias, any script
// param: after_name: str = null — keyset: the name of the previous page's last row
// param: after_uid: str = null — keyset: the uid of the previous page's last row
// param: limit: int = 50 — rows to return
MATCH (b:Bureau)
WHERE ($q IS NULL OR any(k IN $q_keys WHERE b.search CONTAINS k))
  AND ($after_name IS NULL OR b.name > $after_name OR (b.name = $after_name AND b.uid > $after_uid))
WITH b
ORDER BY b.name, b.uid
LIMIT $limit
RETURN b.uid AS uid, b.name AS name, b.kind AS kind, b.aliases AS aliases, coalesce(b.projects, 0) AS projects
ORDER BY name, uid
