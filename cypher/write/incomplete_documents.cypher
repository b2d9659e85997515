// name: incomplete_documents
// summary: Documents whose write never finished (no complete marker): removed when a store opens.
MATCH (d:Document)
WHERE d.complete IS NULL OR d.complete = false
RETURN d.uid AS uid
