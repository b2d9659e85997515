// name: tasks
// summary: Export: every task row with its bureaus and projects.
MATCH (t:Task)
OPTIONAL MATCH (t)-[:ASSIGNED_TO]->(b:Bureau)
WITH t, collect(DISTINCT b.name) AS bureaus
OPTIONAL MATCH (t)-[:REPORTS]->(p:Project)
WITH t, bureaus, collect(DISTINCT p.name) AS projects
RETURN t.id AS id, t.doc AS doc, t.text AS text, bureaus, projects, t.evidence AS evidence, t.start AS start, t.end AS end
ORDER BY doc, start, id
