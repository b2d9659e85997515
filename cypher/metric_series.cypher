// name: metric_series
// summary: The values of a metric (every metric whose name contains the text) over the years, with period, qualifier and evidence.
// param: metric: name — the metric's name or part of it (any script), or its uid
// param: subject: str = "" — only observations whose subject contains this text
// param: year_from: int = 0 — only observations ending in or after this year
// param: year_to: int = 9999 — only observations starting in or before this year
// param: skip: int = 0 — skip this many observations (the position reached by the previous page)
// param: limit: int = 500 — at most this many observations
// Only the sort keys go through the sort; the page's observations are read after it.
MATCH (m:Metric)
WHERE m.uid = $metric OR m.search CONTAINS $metric_key
WITH m
MATCH (o:Observation)-[:OF]->(m)
WHERE ($subject = '' OR o.subject CONTAINS $subject) AND o.year_to >= $year_from AND o.year_from <= $year_to
WITH m, o, m.name AS metric, o.year_from AS year_from, o.year_to AS year_to, o.doc AS doc, o.start AS start
ORDER BY metric, year_from, year_to, doc, start
SKIP $skip
LIMIT $limit
RETURN m.uid AS metric_uid, metric, o.uid AS uid, o.year AS year, year_from, year_to, o.period AS period, o.qualifier AS qualifier, o.value AS value, o.unit AS unit, o.base_value AS base_value, o.base_unit AS base_unit, o.subject AS subject, doc, o.evidence AS evidence, start, o.end AS end
ORDER BY metric, year_from, year_to, doc, start
