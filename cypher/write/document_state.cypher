// name: document_state
// summary: Whether a document is stored (by uid, file name or sha256), its fingerprint, and whether its original bytes are kept.
// param: doc: str
MATCH (d:Document)
WHERE d.uid = $doc OR d.file = $doc OR d.sha256 = $doc
RETURN d.uid AS uid, d.file AS file, d.fingerprint AS fingerprint, d.complete AS complete, d.source_zip IS NOT NULL AS has_source
