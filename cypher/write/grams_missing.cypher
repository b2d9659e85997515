// name: grams_missing
// summary: The named nodes without `grams` (a store written before the writer kept them): label, uid and keys of each, for graph/base.py ensure_grams.
MATCH (n:Project)
WHERE n.grams IS NULL
RETURN 'Project' AS label, n.uid AS uid, n.keys AS keys
UNION ALL
MATCH (n:Bureau)
WHERE n.grams IS NULL
RETURN 'Bureau' AS label, n.uid AS uid, n.keys AS keys
UNION ALL
MATCH (n:Place)
WHERE n.grams IS NULL
RETURN 'Place' AS label, n.uid AS uid, n.keys AS keys
UNION ALL
MATCH (n:Metric)
WHERE n.grams IS NULL
RETURN 'Metric' AS label, n.uid AS uid, n.keys AS keys
