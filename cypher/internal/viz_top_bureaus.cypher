// name: viz_top_bureaus
// summary: The bureaus responsible for the most projects (OWNED_BY; the `projects` count the writer keeps, graph/model.py), as entry points on the viz home page.
// param: limit: int = 15 — how many bureaus
MATCH (b:Bureau)
RETURN b AS node, coalesce(b.projects, 0) AS projects
ORDER BY projects DESC, b.name
LIMIT $limit
