// name: shelf_state
// summary: The Shelf nodes (graph/shelves.py) a write moves entries in: each shelf that holds one of the uids (through the index on Shelf.uids), and each shelf a new key goes to (of its label, the one with the greatest low not above the key), for graph/base.py to work out the shelves the write sets.
// param: uids: list — uids of the shelved nodes the write touches
// param: keys: list — {of, key}: the new sort keys (graph/shelves.py sort_key) and their labels
// Rows may repeat a shelf.
UNWIND $uids AS u
MATCH (s:Shelf)
WHERE u IN s.uids
RETURN s.uid AS uid, s.of AS of, s.low AS low, s.keys AS keys, s.uids AS uids
UNION ALL
UNWIND $keys AS e
MATCH (s:Shelf {of: e.of})
WHERE s.low <= e.key
WITH e, max(s.low) AS low
MATCH (s:Shelf {of: e.of})
WHERE s.low = low
RETURN s.uid AS uid, s.of AS of, s.low AS low, s.keys AS keys, s.uids AS uids
