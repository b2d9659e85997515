// name: count_documents
// summary: How many documents are stored whole, for GET /api/v1/health: the Document label's index and one property per document (documents are few).
MATCH (d:Document)
WHERE d.complete = true
RETURN count(d) AS documents
