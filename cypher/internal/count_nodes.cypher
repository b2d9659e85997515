// name: count_nodes
// summary: How many nodes the graph holds, for GET /api/v1/health. Alone in its query on purpose: FalkorDB and Neo4j answer a lone label-less count from their own counters (0.2 ms at 10,000 nodes); chained with WITH or UNION it becomes a scan (100 ms; bench/health.py).
MATCH (n)
RETURN count(n) AS nodes
