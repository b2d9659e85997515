// name: api_metric_series
// summary: A metric's values with their evidence (GET /api/v1/metrics/{uid}/series), one entry per distinct fact: the same value for the same year, period, qualifier and subject said by many documents is one entry with the count of documents that say it and a page of their sentences; a page of entries (`skip`, `limit`) ordered by year. Each entry is a flat list: value, unit, base_value, base_unit, year, year_from, year_to, period, qualifier, subject, supports, evidence; each piece of evidence is a flat list: doc, sentence uid, evidence, start, end (ordered by document, then offset). `observations` is the count of all the metric's observations (the writer's count). A metric without observations (a store keeps none: a Metric goes with its last observation) gives no row, as a page past the last entry does.
// param: uid: str — the metric's uid
// param: skip: int = 0 — entries to skip (the position reached by the previous page)
// param: limit: int = 500 — at most this many entries
// param: evidence_offset: int = 0 — skip this many pieces of evidence of each entry (a page of evidence)
// param: evidence: int = 3 — at most this many pieces of evidence per entry (the count of all is `supports`)
// Grouped without collecting evidence lists: only the page's entries read their observations'
// provenance (a metric stated by every report of 10,000 has thousands of distinct values).
// Grouped and ordered by the one string the writer keeps on each Observation (`entry`,
// graph/rows.py series_entry: year_from, year_to, period, qualifier, subject, value, unit,
// base_value, base_unit, year, in that order, nulls last): the engine groups by nine keys four
// times slower than by one. The page's fields are read from one observation of each entry (all
// of an entry's observations have the same), its evidence from the OF relationships of the page's
// entries only.
// Read bucket by bucket (graph/rows.py series_bucket: the metric and the first year, indexed),
// only as far as the page reaches: the buckets in year order (then the one without a year, as
// the entries order nulls last) are read until $reach (skip + limit) distinct entries are seen,
// where the LIMIT stops the reading; only the buckets up to the last one reached are then
// grouped. An entry lies in one bucket (its first year is part of it), and the entries order by
// that year first, so no entry of a later bucket can be in the page. (An observation's OF is
// reached from the observation, the bucket naming its metric: from the metric, the engine
// would go through every observation of it.)
MATCH (m:Metric {uid: $uid})
OPTIONAL MATCH (y:Year)
WITH m, y.value AS year
ORDER BY year
WITH m, collect(year) + [null] AS years
UNWIND range(0, size(years) - 1) AS i
WITH m, years, i, m.uid + '|' + coalesce(toString(years[i]), '') AS key
MATCH (o:Observation)
WHERE o.series = key
WITH DISTINCT m, years, i, o.entry AS entry
LIMIT $reach
WITH m, years, max(i) AS last
UNWIND years[0..last + 1] AS year
WITH m, m.uid + '|' + coalesce(toString(year), '') AS key
MATCH (o:Observation)
WHERE o.series = key
WITH m, o.entry AS entry, collect(o) AS os
ORDER BY entry
SKIP $skip
LIMIT $limit
WITH m, entry, os, os[0] AS o
UNWIND os AS x
MATCH (x)-[r:OF]->()
WITH m, entry, o, r
ORDER BY r.doc, r.start
WITH m, entry, o, count(DISTINCT r.doc) AS supports,
  collect([r.doc, r.sentence_uid, r.evidence, r.start, r.end]) AS evidence
ORDER BY entry
WITH m, collect(CASE WHEN supports = 0 THEN null ELSE
  [o.value, o.unit, o.base_value, o.base_unit, o.year, o.year_from, o.year_to, o.period, o.qualifier, o.subject,
   supports, evidence[$evidence_offset..$evidence_offset + $evidence]] END) AS series
RETURN m.uid AS uid, m.name AS name, coalesce(m.observations, 0) AS observations, series
