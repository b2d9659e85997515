// name: bureaus_ranked
// summary: Bureaus ranked by how many projects they are responsible for, then by how many tasks they are assigned.
// param: limit: int = 50 — at most this many bureaus
MATCH (b:Bureau)
OPTIONAL MATCH (p:Project)-[:OWNED_BY]->(b)
WITH b, count(DISTINCT p) AS projects
OPTIONAL MATCH (t:Task)-[:ASSIGNED_TO]->(b)
WITH b, projects, count(DISTINCT t) AS tasks
RETURN b.uid AS uid, b.name AS bureau, b.aliases AS aliases, projects, tasks
ORDER BY projects DESC, tasks DESC, bureau
LIMIT $limit
