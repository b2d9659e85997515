// name: viz_top_projects
// summary: The most connected projects (fact edges, not counting mentions and provenance: the `degree` count the writer keeps, graph/model.py), as entry points on the viz home page.
// param: limit: int = 15 — how many projects
// From the index on `degree` (graph/model.py): the highest floor of 1024, 256, 64, 16, 4 that at
// least `limit` projects reach is found by counting down (a floor once found makes every later
// count an empty range), and only the projects at or above it are sorted: the top list of a store
// of 10,000 reports reads a few hundred projects, not every one. When fewer than `limit` reach 4,
// the second branch sorts every project (a degree may be missing: read as 0). Each branch runs the
// same count (an index range per floor; FalkorDB loses a flag used only as a filter after it).
OPTIONAL MATCH (a:Project) WHERE a.degree >= 1024
WITH count(a) >= $limit AS done, 1024 AS f
OPTIONAL MATCH (a:Project) WHERE a.degree >= CASE WHEN done THEN 9223372036854775807 ELSE 256 END
WITH done, f, count(a) >= $limit AS now
WITH done OR now AS done, CASE WHEN done THEN f ELSE 256 END AS f
OPTIONAL MATCH (a:Project) WHERE a.degree >= CASE WHEN done THEN 9223372036854775807 ELSE 64 END
WITH done, f, count(a) >= $limit AS now
WITH done OR now AS done, CASE WHEN done THEN f ELSE 64 END AS f
OPTIONAL MATCH (a:Project) WHERE a.degree >= CASE WHEN done THEN 9223372036854775807 ELSE 16 END
WITH done, f, count(a) >= $limit AS now
WITH done OR now AS done, CASE WHEN done THEN f ELSE 16 END AS f
OPTIONAL MATCH (a:Project) WHERE a.degree >= CASE WHEN done THEN 9223372036854775807 ELSE 4 END
WITH done, f, count(a) >= $limit AS now
WITH done OR now AS done, CASE WHEN done THEN f ELSE 4 END AS f
UNWIND CASE WHEN done THEN [f] ELSE [] END AS floor
MATCH (p:Project)
WHERE p.degree >= floor
WITH p.uid AS uid, coalesce(p.degree, 0) AS degree, p.name AS name
ORDER BY degree DESC, name
LIMIT $limit
MATCH (p:Project {uid: uid})
RETURN p AS node, degree
ORDER BY degree DESC, p.name
UNION ALL
OPTIONAL MATCH (a:Project) WHERE a.degree >= 1024
WITH count(a) >= $limit AS done, 1024 AS f
OPTIONAL MATCH (a:Project) WHERE a.degree >= CASE WHEN done THEN 9223372036854775807 ELSE 256 END
WITH done, f, count(a) >= $limit AS now
WITH done OR now AS done, CASE WHEN done THEN f ELSE 256 END AS f
OPTIONAL MATCH (a:Project) WHERE a.degree >= CASE WHEN done THEN 9223372036854775807 ELSE 64 END
WITH done, f, count(a) >= $limit AS now
WITH done OR now AS done, CASE WHEN done THEN f ELSE 64 END AS f
OPTIONAL MATCH (a:Project) WHERE a.degree >= CASE WHEN done THEN 9223372036854775807 ELSE 16 END
WITH done, f, count(a) >= $limit AS now
WITH done OR now AS done, CASE WHEN done THEN f ELSE 16 END AS f
OPTIONAL MATCH (a:Project) WHERE a.degree >= CASE WHEN done THEN 9223372036854775807 ELSE 4 END
WITH done, f, count(a) >= $limit AS now
WITH done OR now AS done, CASE WHEN done THEN f ELSE 4 END AS f
UNWIND CASE WHEN done THEN [] ELSE [f] END AS floor
MATCH (p:Project)
WITH p.uid AS uid, coalesce(p.degree, 0) AS degree, p.name AS name
ORDER BY degree DESC, name
LIMIT $limit
MATCH (p:Project {uid: uid})
RETURN p AS node, degree
ORDER BY degree DESC, p.name
