// name: count_documents
// summary: How many documents are stored whole, for GET /api/v1/health: the Document total the writer keeps on the Counts node (graph/model.py; it counts a document in the query that marks it complete); a store without that node (written before the totals were kept, opened read-only) is counted by reading its documents.
OPTIONAL MATCH (c:Counts {uid: 'counts'})
WITH [i IN range(0, size(coalesce(c.labels, [])) - 1) WHERE c.labels[i] = 'Document' | c.nodes[i]] AS kept
OPTIONAL MATCH (d:Document)
WHERE size(kept) = 0 AND d.complete = true
WITH kept, count(d) AS read
RETURN coalesce(kept[0], read) AS documents
