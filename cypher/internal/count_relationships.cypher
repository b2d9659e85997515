// name: count_relationships
// summary: How many relationships the graph holds, for GET /api/v1/health. Alone in its query on purpose: a lone count of every relationship comes from the engines' counters, not a scan (see count_nodes).
MATCH ()-[r]->()
RETURN count(r) AS relationships
