// name: document_sources
// summary: Every complete document's name, uid, sha256 and kept original bytes (zlib + base64; null when written without them), for re-extraction.
MATCH (d:Document)
WHERE d.complete = true
RETURN d.uid AS uid, d.file AS file, d.sha256 AS sha256, d.source_zip AS source_zip
ORDER BY file, uid
