// name: entries_missing
// summary: The Observations without a series `entry` or `series` bucket (a store written before the writer kept them), with their properties and their metric's uid (graph/rows.py series_entry and series_bucket read them), for graph/base.py ensure_entries.
MATCH (o:Observation)-[:OF]->(m:Metric)
WHERE o.entry IS NULL OR o.series IS NULL
RETURN o.uid AS uid, properties(o) AS props, m.uid AS metric
