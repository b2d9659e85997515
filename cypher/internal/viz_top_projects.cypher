// name: viz_top_projects
// summary: The most connected projects (fact edges, not counting mentions and provenance: the `degree` count the writer keeps, graph/model.py), as entry points on the viz home page.
// param: limit: int = 15 — how many projects
MATCH (p:Project)
RETURN p AS node, coalesce(p.degree, 0) AS degree
ORDER BY degree DESC, p.name
LIMIT $limit
