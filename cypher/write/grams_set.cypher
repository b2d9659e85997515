// name: grams_set
// summary: Set the `grams` of named nodes (graph/keys.py search_grams, from their keys), for graph/base.py ensure_grams.
// param: rows: list — {label, uid, grams}
UNWIND [r IN $rows WHERE r.label = 'Project'] AS row
MATCH (n:Project {uid: row.uid})
SET n.grams = row.grams
WITH count(*) AS _
UNWIND [r IN $rows WHERE r.label = 'Bureau'] AS row
MATCH (n:Bureau {uid: row.uid})
SET n.grams = row.grams
WITH count(*) AS _
UNWIND [r IN $rows WHERE r.label = 'Place'] AS row
MATCH (n:Place {uid: row.uid})
SET n.grams = row.grams
WITH count(*) AS _
UNWIND [r IN $rows WHERE r.label = 'Metric'] AS row
MATCH (n:Metric {uid: row.uid})
SET n.grams = row.grams
RETURN count(*) AS set
