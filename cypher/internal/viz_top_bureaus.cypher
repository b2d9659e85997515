// name: viz_top_bureaus
// summary: The bureaus responsible for the most projects (OWNED_BY), as entry points on the viz home page.
// param: limit: int = 15 — how many bureaus
MATCH (b:Bureau)
OPTIONAL MATCH (p:Project)-[:OWNED_BY]->(b)
WITH b, count(DISTINCT p) AS projects
RETURN b AS node, projects
ORDER BY projects DESC, b.name
LIMIT $limit
