// name: health_counts
// summary: How many nodes and relationships the graph holds and how many documents are stored whole, for GET /api/v1/health: counts the engines keep (FalkorDB and Neo4j answer them without a scan) and one pass over the Document nodes.
OPTIONAL MATCH (d:Document)
WHERE d.complete = true
WITH count(d) AS documents
OPTIONAL MATCH (n)
WITH documents, count(n) AS nodes
OPTIONAL MATCH ()-[r]->()
RETURN nodes, count(r) AS relationships, documents
