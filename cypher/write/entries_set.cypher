// name: entries_set
// summary: Set the series `entry` and `series` bucket of Observations (graph/rows.py series_entry, series_bucket), for graph/base.py ensure_entries.
// param: rows: list — {uid, entry, series}
UNWIND $rows AS row
MATCH (o:Observation {uid: row.uid})
SET o.entry = row.entry, o.series = row.series
RETURN count(*) AS set
