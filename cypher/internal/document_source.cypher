// name: document_source
// summary: One complete document by uid, then file name, then sha256: its uid, file name and kept original bytes (zlib + base64; null when an earlier version wrote it without them), from which GET /api/v1/documents/{uid}/text reads its text again.
// param: ref: str — the document's uid, file name or sha256
MATCH (d:Document)
WHERE d.complete = true AND (d.uid = $ref OR d.file = $ref OR d.sha256 = $ref)
WITH d, CASE WHEN d.uid = $ref THEN 0 WHEN d.file = $ref THEN 1 ELSE 2 END AS rank
ORDER BY rank, d.file
LIMIT 1
RETURN d.uid AS uid, d.file AS file, d.source_zip AS packed
