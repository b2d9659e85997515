// name: bureaus_ranked
// summary: Bureaus ranked by how many projects they are responsible for, then by how many tasks they are assigned (the counts the writer keeps, graph/model.py).
// param: limit: int = 50 — at most this many bureaus
MATCH (b:Bureau)
WITH b, coalesce(b.projects, 0) AS projects, coalesce(b.tasks, 0) AS tasks
RETURN b.uid AS uid, b.name AS bureau, b.aliases AS aliases, projects, tasks
ORDER BY projects DESC, tasks DESC, bureau
LIMIT $limit
