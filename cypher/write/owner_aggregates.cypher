// name: owner_aggregates
// summary: Set the ownership aggregates (graph/owners.py) of the given projects: the store's one-time fill for a store written before the writer kept them (graph/base.py ensure_counts); the writer itself sets them in apply_document.
// param: rows: list — {uid, props}
UNWIND $rows AS row
MATCH (n:Project {uid: row.uid})
SET n += row.props
RETURN count(n) AS projects
