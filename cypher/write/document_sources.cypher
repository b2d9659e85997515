// name: document_sources
// summary: Every complete document's name, uid, sha256, kept original bytes (zlib + base64; null when written without them) and the metadata it was extracted with (a manifest's date, title, url, publisher, district, other columns), for re-extraction.
MATCH (d:Document)
WHERE d.complete = true
RETURN d.uid AS uid, d.file AS file, d.sha256 AS sha256, d.source_zip AS source_zip, d.date AS date,
       d.title AS title, d.url AS url, d.publisher AS publisher, d.district AS district,
       d.properties AS properties
ORDER BY file, uid
