// name: documents
// summary: The stored documents (complete ones only), by file name: uid, title, date, kind, sha256, encoding, and the manifest's url, publisher, district.
// param: after: str = "" — cursor: only documents whose file name sorts after this one
// param: limit: int = 100 — at most this many documents
// Every document is read (no engine here walks an index in order, and FalkorDB's index on
// `file` reads the whole range `> $after` before a LIMIT, slower than the label), but only the
// sort key and the uid are carried through the sort; the page's nodes are found again by uid.
MATCH (d:Document)
WITH d.file AS file, d.uid AS uid, d.complete AS complete
WHERE complete = true AND file > $after
WITH file, uid
ORDER BY file
LIMIT $limit
MATCH (d:Document {uid: uid})
RETURN d.uid AS uid, d.file AS file, d.title AS title, d.date AS date, d.kind AS kind, d.sha256 AS sha256, d.encoding AS encoding, d.url AS url, d.publisher AS publisher, d.district AS district
ORDER BY file
