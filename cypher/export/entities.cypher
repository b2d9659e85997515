// name: entities
// summary: Export: every project, bureau and place with its aliases.
MATCH (n:Project)
RETURN 'Project' AS label, n.uid AS id, n.name AS name, n.aliases AS aliases, n.kind AS kind
ORDER BY name, id
UNION ALL
MATCH (n:Bureau)
RETURN 'Bureau' AS label, n.uid AS id, n.name AS name, n.aliases AS aliases, n.kind AS kind
ORDER BY name, id
UNION ALL
MATCH (n:Place)
RETURN 'Place' AS label, n.uid AS id, n.name AS name, n.aliases AS aliases, n.kind AS kind
ORDER BY name, id
