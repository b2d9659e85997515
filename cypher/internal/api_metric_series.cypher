// name: api_metric_series
// summary: A metric's values with their evidence (GET /api/v1/metrics/{uid}/series), one entry per distinct fact: the same value for the same year, period, qualifier and subject said by many documents is one entry with the count of documents that say it and a page of their sentences; a page of entries (`skip`, `limit`) ordered by year. Each entry is a flat list: value, unit, base_value, base_unit, year, year_from, year_to, period, qualifier, subject, supports, evidence; each piece of evidence is a flat list: doc, sentence uid, evidence, start, end (ordered by document, then offset). `observations` is the count of all the metric's observations (the writer's count). A metric without observations gives no entries.
// param: uid: str — the metric's uid
// param: skip: int = 0 — entries to skip (the position reached by the previous page)
// param: limit: int = 500 — at most this many entries
// param: evidence_offset: int = 0 — skip this many pieces of evidence of each entry (a page of evidence)
// param: evidence: int = 3 — at most this many pieces of evidence per entry (the count of all is `supports`)
// The order is the writer's (graph/shelves.py metric_keys): the metric's `entries:` shelves hold
// its observations' keys, sorted as this page is (the grouping key, then the observation), so the
// observations of one entry are neighbours. The walk goes through the keys in order and keeps
// the first key of each entry (its key less the uid differs from the one before), stopping at the
// page's end (LIMIT): the entries before the page and after it are never grouped. Then only the
// page's observations, from its first entry's first key to the next entry's (found by a walk
// from the last one's, in a subquery: LIMIT takes no expression), are read and grouped.
MATCH (m:Metric {uid: $uid})
OPTIONAL MATCH (s:Shelf {of: 'entries:' + m.uid})
WITH s
ORDER BY s.low
WITH collect(s) AS shelves
UNWIND range(0, size(shelves) - 1) AS i
WITH i, shelves[i].keys AS keys, shelves[i].uids AS uids,
  CASE WHEN i > 0 AND size(shelves[i - 1].keys) > 0
  THEN [last(shelves[i - 1].keys), last(shelves[i - 1].uids)] END AS tail
UNWIND range(0, size(keys) - 1) AS j
WITH i, j, left(keys[j], size(keys[j]) - size(uids[j])) AS entry,
  CASE WHEN j > 0 THEN [keys[j - 1], uids[j - 1]] ELSE tail END AS before
WHERE before IS NULL OR left(before[0], size(before[0]) - size(before[1])) <> entry
WITH i, j, entry
SKIP $skip
LIMIT $limit
WITH collect([i, j, entry]) AS starts
WITH starts[0] AS first, last(starts) AS end
OPTIONAL MATCH (s:Shelf {of: 'entries:' + $uid})
WITH first, end, s
ORDER BY s.low
WITH first, end, collect(s) AS shelves
// the page ends where the entry after its last one starts
CALL {
  WITH shelves, end
  UNWIND range(coalesce(end[0], 0), CASE WHEN end IS NULL THEN -1 ELSE size(shelves) - 1 END) AS i
  WITH end, i, shelves[i].keys AS keys, shelves[i].uids AS uids
  UNWIND range(CASE WHEN i = end[0] THEN end[1] ELSE 0 END, size(keys) - 1) AS j
  WITH i, j, left(keys[j], size(keys[j]) - size(uids[j])) AS entry, end
  WHERE entry <> end[2]
  WITH i, j
  LIMIT 1
  RETURN collect([i, j]) AS stops
}
WITH shelves, first, stops[0] AS stop
UNWIND range(coalesce(first[0], 0), CASE WHEN first IS NULL THEN -1 ELSE coalesce(stop[0], size(shelves) - 1) END) AS i
WITH i, shelves[i].uids AS uids, first, stop
UNWIND range(CASE WHEN i = first[0] THEN first[1] ELSE 0 END,
  CASE WHEN i = stop[0] THEN stop[1] - 1 ELSE size(uids) - 1 END) AS j
WITH uids[j] AS observation
MATCH (o:Observation {uid: observation})
MATCH (o)-[r:OF]->()
WITH o.year_from AS year_from, o.year_to AS year_to, o.period AS period, o.qualifier AS qualifier,
  o.subject AS subject, o.value AS value, o.unit AS unit, o.base_value AS base_value, o.base_unit AS base_unit,
  o.year AS year, r
ORDER BY r.doc, r.start
WITH year_from, year_to, period, qualifier, subject, value, unit, base_value, base_unit, year,
  count(DISTINCT r.doc) AS supports, collect([r.doc, r.sentence_uid, r.evidence, r.start, r.end]) AS evidence
ORDER BY year_from, year_to, period, qualifier, subject, value, unit, base_value, base_unit
WITH collect([value, unit, base_value, base_unit, year, year_from, year_to, period, qualifier, subject, supports,
  evidence[$evidence_offset..$evidence_offset + $evidence]]) AS series
MATCH (m:Metric {uid: $uid})
// as the grouping did: a page past the last entry is no row; a metric without observations one
WITH m, series
WHERE size(series) > 0 OR coalesce(m.observations, 0) = 0
RETURN m.uid AS uid, m.name AS name, coalesce(m.observations, 0) AS observations, series
