// name: api_metrics
// summary: Metrics (indicators) ordered by name with their number of observations, one keyset page (GET /api/v1/metrics).
// param: q: name = null — part of the indicator's name, any script
// param: after_name: str = null — keyset: the name of the previous page's last row
// param: after_uid: str = null — keyset: the uid of the previous page's last row
// param: limit: int = 50 — rows to return
MATCH (m:Metric)
WHERE ($q IS NULL OR any(k IN $q_keys WHERE m.search CONTAINS k))
  AND ($after_name IS NULL OR m.name > $after_name OR (m.name = $after_name AND m.uid > $after_uid))
WITH m
ORDER BY m.name, m.uid
LIMIT $limit
RETURN m.uid AS uid, m.name AS name, coalesce(m.observations, 0) AS observations
ORDER BY name, uid
