// name: entries_set
// summary: Set the series `entry` of Observations (graph/rows.py series_entry), for graph/base.py ensure_entries.
// param: rows: list — {uid, entry}
UNWIND $rows AS row
MATCH (o:Observation {uid: row.uid})
SET o.entry = row.entry
RETURN count(*) AS set
