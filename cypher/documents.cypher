// name: documents
// summary: The stored documents (complete ones only), by file name: uid, title, date, kind, sha256, encoding, and the manifest's url, publisher, district.
// param: after: str = "" — cursor: only documents whose file name sorts after this one
// param: limit: int = 100 — at most this many documents
MATCH (d:Document)
WHERE d.complete = true AND d.file > $after
RETURN d.uid AS uid, d.file AS file, d.title AS title, d.date AS date, d.kind AS kind, d.sha256 AS sha256, d.encoding AS encoding, d.url AS url, d.publisher AS publisher, d.district AS district
ORDER BY file
LIMIT $limit
