// name: viz_top_projects
// summary: The most connected projects (fact edges, not counting mentions and provenance), as entry points on the viz home page.
// param: limit: int = 15 — how many projects
MATCH (p:Project)
OPTIONAL MATCH (p)-[r]-(x)
WHERE NOT x:Sentence AND NOT x:Section AND NOT x:Document
WITH p, count(r) AS degree
RETURN p AS node, degree
ORDER BY degree DESC, p.name
LIMIT $limit
