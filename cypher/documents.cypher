// name: documents
// summary: The stored documents (complete ones only), by file name: uid, title, date, kind, sha256, encoding, and the manifest's url, publisher, district.
// param: after: str = "" — cursor: only documents whose file name sorts after this one
// param: limit: int = 100 — at most this many documents
// The order is the writer's (graph/shelves.py): the Document shelves' `low`s are read (one shelf
// per ~64 documents), the walk starts at the shelf holding the cursor and goes through the
// entries in order (key = file, a separator, uid: a key above `$after` is needed for a file
// above it), looking each document up by uid until the page is full. No sort over the label:
// the LIMIT stops the walk (an index on `file` would read the whole range `> $after` first; the
// filter is on projected values so that FalkorDB does not fold `file > $after` into the uid lookup,
// which then reads that range for every entry).
MATCH (s:Shelf {of: 'Document'})
WITH s
ORDER BY s.low
WITH collect(s) AS shelves, collect(s.low) AS lows
WITH shelves, size([low IN lows WHERE low <= $after]) - 1 AS first
UNWIND range(CASE WHEN first < 0 THEN 0 ELSE first END, size(shelves) - 1) AS i
WITH shelves[i] AS s
UNWIND range(0, size(s.keys) - 1) AS j
WITH s.keys[j] AS key, s.uids[j] AS uid
WHERE key > $after
MATCH (d:Document {uid: uid})
WITH d, d.file AS file, d.complete AS complete
WHERE complete = true AND file > $after
WITH d
LIMIT $limit
RETURN d.uid AS uid, d.file AS file, d.title AS title, d.date AS date, d.kind AS kind, d.sha256 AS sha256, d.encoding AS encoding, d.url AS url, d.publisher AS publisher, d.district AS district
ORDER BY file
