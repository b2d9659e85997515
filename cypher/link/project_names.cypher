// name: project_names
// summary: Families step: every project's uid, name and aliases, from which the part-suffix grammar (ingest/families.py) finds the phases and parts of a stored project.
MATCH (p:Project)
RETURN p.uid AS uid, p.name AS name, p.aliases AS aliases
ORDER BY uid
