// name: shelves_set
// summary: Set whole Shelf nodes (graph/shelves.py), for graph/base.py ensure_shelves.
// param: shelves: list — {uid, props}
UNWIND $shelves AS row
MERGE (s:Shelf {uid: row.uid})
SET s = row.props
RETURN count(*) AS set
