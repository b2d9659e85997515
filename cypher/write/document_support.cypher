// name: document_support
// summary: The entities a stored document names (its supports: "<entity uid>|<surface>").
// param: doc_uid: str
MATCH (d:Document {uid: $doc_uid})
RETURN d.supports AS supports
