// name: stats
// summary: How many nodes of each label and relationships of each type the graph holds.
MATCH (n)
UNWIND labels(n) AS name
RETURN 'node' AS kind, name, count(*) AS count
UNION ALL
MATCH ()-[r]->()
RETURN 'relationship' AS kind, type(r) AS name, count(*) AS count
