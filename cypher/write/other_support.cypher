// name: other_support
// summary: The surface forms under which the OTHER complete documents name the given entities (a scan of every Document's supports: run only on a replace or delete).
// param: doc_uid: str — the document being replaced or deleted
// param: uids: list — the entities' uids
MATCH (d:Document)
WHERE d.uid <> $doc_uid AND d.complete = true
UNWIND d.supports AS entry
WITH entry
WHERE split(entry, '|')[0] IN $uids
RETURN DISTINCT entry
