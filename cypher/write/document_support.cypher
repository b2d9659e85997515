// name: document_support
// summary: The entities a stored document names (its supports: "<entity uid>|<surface>") and its share of the entities' counters (counts).
// param: doc_uid: str
MATCH (d:Document {uid: $doc_uid})
RETURN d.supports AS supports, d.counts AS counts
