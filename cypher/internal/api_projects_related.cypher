// name: api_projects_related
// summary: Projects ordered by name, filtered by a responsible unit and/or a year (and kind and name), one keyset page (GET /api/v1/projects with bureau or year).
// param: bureau: name = null — a responsible unit: uid, name or alias
// param: year: int = null — only projects with an event in this year
// param: kind: str = null — only projects of this kind (棚改, 街区 …)
// param: q: name = null — part of the project's name or of an alias, any script
// param: after_name: str = null — keyset: the name of the previous page's last row
// param: after_uid: str = null — keyset: the uid of the previous page's last row
// param: limit: int = 50 — rows to return
MATCH (p:Project)
WHERE ($kind IS NULL OR p.kind = $kind)
  AND ($q IS NULL OR any(k IN $q_keys WHERE p.search CONTAINS k))
  AND ($after_name IS NULL OR p.name > $after_name OR (p.name = $after_name AND p.uid > $after_uid))
WITH p,
  CASE WHEN $bureau IS NULL THEN [] ELSE [(p)-[:OWNED_BY]->(b:Bureau) | b] END AS owners,
  CASE WHEN $year IS NULL THEN [] ELSE [(p)-[:HAS_EVENT]->(:Event)-[:IN_YEAR]->(y:Year) | y.value] END AS years
WHERE ($bureau IS NULL OR any(b IN owners WHERE b.uid = $bureau OR any(k IN b.keys WHERE k IN $bureau_keys)))
  AND ($year IS NULL OR $year IN years)
RETURN p.uid AS uid, p.name AS name, p.kind AS kind, p.aliases AS aliases
ORDER BY name, uid
LIMIT $limit
