// name: shelf_state
// summary: What a write needs of the Shelf nodes (graph/shelves.py) to move its entries: each shelf holding a uid whose key changes or goes (through the index on Shelf.uids), the uids whose key stays (`same`), and each shelf a changed key goes to (of its label, the one with the greatest low not above the key), for graph/base.py to work out the shelves the write sets.
// param: entries: list — {of, uid, key}: each shelved node the write touches, its label, and its sort key once written (graph/shelves.py sort_key; null: the node goes)
// Rows may repeat a shelf. A project a new document names again by the same name moves nothing:
// only its uid comes back, not its shelf. Only a changed key looks for its shelf by `low`, reading
// the label's shelves (one per ~64 nodes). (The uid through a variable: FalkorDB reads every shelf
// for `e.uid IN s.uids`, not the index.)
UNWIND $entries AS e
WITH e, e.uid AS u
MATCH (s:Shelf)
WHERE u IN s.uids
WITH s, e
WHERE e.key IS NULL OR NOT e.key IN s.keys
RETURN s.uid AS uid, s.of AS of, s.low AS low, s.keys AS keys, s.uids AS uids, null AS same
UNION ALL
UNWIND $entries AS e
WITH e, e.uid AS u
MATCH (s:Shelf)
WHERE u IN s.uids
WITH s, e
WHERE e.key IN s.keys
RETURN null AS uid, null AS of, null AS low, null AS keys, null AS uids, e.uid AS same
UNION ALL
UNWIND $entries AS e
WITH e, e.uid AS u
OPTIONAL MATCH (h:Shelf)
WHERE u IN h.uids
WITH e, h
WHERE e.key IS NOT NULL AND (h IS NULL OR NOT e.key IN h.keys)
WITH e.of AS of, e.key AS key
MATCH (s:Shelf {of: of})
WHERE s.low <= key
WITH of, key, collect(s) AS below
WITH reduce(top = head(below), x IN below | CASE WHEN x.low > top.low THEN x ELSE top END) AS s
RETURN s.uid AS uid, s.of AS of, s.low AS low, s.keys AS keys, s.uids AS uids, null AS same
