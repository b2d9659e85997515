// name: viz_project_metrics
// summary: The observations about a project and its phases and parts (PART_OF) (value, unit, year, qualifier, evidence) with their metric and `part` (the phase or part it is about, null for the project itself), for the history page.
// param: uid: str — the project's uid
// param: limit: int = 200 — at most this many observations
MATCH (p:Project {uid: $uid})
WITH p, [p] + [(x:Project)-[:PART_OF*1..4]->(p) | x] AS members
UNWIND members AS m
MATCH (o:Observation)-[:ABOUT]->(m)
OPTIONAL MATCH (o)-[:OF]->(mt:Metric)
RETURN o AS observation, mt.name AS metric, o.year_from AS year_from, CASE WHEN m = p THEN null ELSE m.name END AS part
ORDER BY year_from, metric
LIMIT $limit
