// name: metric_shelves_clear
// summary: Remove every Shelf node of the metrics' orders (graph/shelves.py), before graph/base.py ensure_metric_shelves builds them again.
MATCH (s:Shelf)
WHERE s.of STARTS WITH 'entries:' OR s.of STARTS WITH 'series:'
DELETE s
RETURN count(*) AS removed
