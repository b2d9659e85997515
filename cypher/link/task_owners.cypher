// name: task_owners
// summary: Link context of a run: the unit a task row of a stored document outside the run gives each of its projects (table_column ownership), so mentions in a new document get inferred_via_task links.
// param: exclude: list — file names of the run's documents (their stored versions are being replaced)
MATCH (p:Project)-[o:OWNED_BY]->(b:Bureau)
WHERE o.basis = 'table_column' AND NOT o.doc IN $exclude
RETURN p.name AS project, p.aliases AS aliases, b.name AS bureau, o.doc AS doc, o.task AS task, coalesce(o.sole, false) AS sole
ORDER BY doc, task, project, bureau
