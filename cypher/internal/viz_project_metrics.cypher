// name: viz_project_metrics
// summary: The observations about a project (value, unit, year, qualifier, evidence) with their metric, for the history page.
// param: uid: str — the project's uid
// param: limit: int = 200 — at most this many observations
MATCH (o:Observation)-[:ABOUT]->(p:Project {uid: $uid})
OPTIONAL MATCH (o)-[:OF]->(m:Metric)
RETURN o AS observation, m.name AS metric, o.year_from AS year_from
ORDER BY year_from, metric
LIMIT $limit
