// name: api_metrics
// summary: Metrics (indicators) ordered by name with their number of observations, one keyset page (GET /api/v1/metrics).
// param: q: name = null — part of the indicator's name, any script
// param: after_name: str = null — keyset: the name of the previous page's last row
// param: after_uid: str = null — keyset: the uid of the previous page's last row
// param: limit: int = 50 — rows to return
// Without a name, every Metric is read and sorted (one node per indicator, however many reports name it); with
// one, the Metrics are found from the index on `grams` (graph/keys.py: each folded key of the
// text looked up by its first pair of characters, `search CONTAINS` confirming, as `search` does).
UNWIND CASE WHEN $q IS NULL THEN [true] ELSE [] END AS unfiltered
MATCH (m:Metric)
WHERE ($after_name IS NULL OR m.name > $after_name OR (m.name = $after_name AND m.uid > $after_uid))
WITH m
ORDER BY m.name, m.uid
LIMIT $limit
RETURN m.uid AS uid, m.name AS name, coalesce(m.observations, 0) AS observations
ORDER BY name, uid
UNION ALL
UNWIND CASE WHEN $q IS NULL THEN [] ELSE range(0, size($q_keys) - 1) END AS i
WITH $q_keys[i] AS k, $q_grams[i] AS g
MATCH (m:Metric)
WHERE g IN m.grams AND m.search CONTAINS k
WITH DISTINCT m
WHERE ($after_name IS NULL OR m.name > $after_name OR (m.name = $after_name AND m.uid > $after_uid))
WITH m
ORDER BY m.name, m.uid
LIMIT $limit
RETURN m.uid AS uid, m.name AS name, coalesce(m.observations, 0) AS observations
ORDER BY name, uid
