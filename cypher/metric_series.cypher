// name: metric_series
// summary: The values of a metric (every metric whose name contains the text) over the years, with period, qualifier and evidence.
// param: metric: name — the metric's name or part of it (any script), or its uid
// param: subject: str = "" — only observations whose subject contains this text
// param: year_from: int = 0 — only observations ending in or after this year
// param: year_to: int = 9999 — only observations starting in or before this year
// param: skip: int = 0 — skip this many observations (the position reached by the previous page)
// param: limit: int = 500 — at most this many observations
// The metrics are found from indexes: the uid, or the first pair of characters of the folded text
// (`grams`, graph/keys.py) before `search CONTAINS` confirms (an empty text names no metric).
// Read bucket by bucket (graph/rows.py series_bucket: an Observation's metric and first year,
// indexed), only as far as the page reaches: the buckets are taken in the page's order (metric,
// then year) until $reach (skip + limit) observations have passed the filters, where the LIMIT
// stops the reading; then the buckets up to the last one reached are read again, sorted and cut
// to the page. The page's order starts with (metric, year_from), so an observation of a later
// bucket cannot be in it. Only the sort keys go through the sort; the page's observations are
// read after it. The years come from the Year nodes (an observation's years all have one). A
// bucket's year is its observations' `year_from` (the writer sets `year_to` with it, never
// below): a bucket after $year_to is not read, and one from $year_from on needs no row checked.
OPTIONAL MATCH (u:Metric {uid: $metric})
WITH collect(u) AS by_uid
UNWIND CASE WHEN $metric_key = '' THEN [null] ELSE [substring($metric_key, 0, 2)] END AS g
OPTIONAL MATCH (n:Metric)
WHERE g IN n.grams AND n.search CONTAINS $metric_key
WITH by_uid, collect(n) AS hits
WITH by_uid + [x IN hits WHERE NOT x IN by_uid] AS found
OPTIONAL MATCH (y:Year)
WITH found, y.value AS year
ORDER BY year
WITH found, collect(year) AS years
UNWIND found AS m
WITH found, years, m
ORDER BY m.name, m.uid
UNWIND [year IN years WHERE year <= $year_to] AS year
WITH found, years, m, year, m.uid + '|' + toString(year) AS key
MATCH (o:Observation)
WHERE o.series = key AND ($subject = '' OR o.subject CONTAINS $subject) AND (year >= $year_from OR o.year_to >= $year_from)
WITH found, years, m.name AS name, year
LIMIT $reach
WITH found, years, collect([name, year]) AS seen
WITH found, years, reduce(b = seen[0], x IN seen | CASE WHEN x[0] > b[0] OR (x[0] = b[0] AND x[1] > b[1]) THEN x ELSE b END) AS last
UNWIND found AS m
WITH m, years, last
WHERE m.name <= last[0]
UNWIND [year IN years WHERE year <= $year_to AND (m.name < last[0] OR year <= last[1])] AS year
WITH m, year, m.uid + '|' + toString(year) AS key
MATCH (o:Observation)
WHERE o.series = key AND ($subject = '' OR o.subject CONTAINS $subject) AND (year >= $year_from OR o.year_to >= $year_from)
WITH m, o, m.name AS metric, o.year_from AS year_from, o.year_to AS year_to, o.doc AS doc, o.start AS start
ORDER BY metric, year_from, year_to, doc, start
SKIP $skip
LIMIT $limit
RETURN m.uid AS metric_uid, metric, o.uid AS uid, o.year AS year, year_from, year_to, o.period AS period, o.qualifier AS qualifier, o.value AS value, o.unit AS unit, o.base_value AS base_value, o.base_unit AS base_unit, o.subject AS subject, doc, o.evidence AS evidence, start, o.end AS end
ORDER BY metric, year_from, year_to, doc, start
