// name: entries_missing
// summary: The Observations without a series `entry` (a store written before the writer kept it), with their properties (graph/rows.py series_entry reads its fields from them), for graph/base.py ensure_entries.
MATCH (o:Observation)
WHERE o.entry IS NULL
RETURN o.uid AS uid, properties(o) AS props
