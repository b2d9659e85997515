// name: documents
// summary: Export: every complete document's properties.
MATCH (d:Document)
WHERE d.complete = true
RETURN d.uid AS id, d.file AS file, d.title AS title, d.date AS date, d.kind AS kind, d.sha256 AS sha256, d.encoding AS encoding, d.url AS url, d.publisher AS publisher, d.district AS district, d.properties AS properties
ORDER BY file
