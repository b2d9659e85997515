// name: api_metric_series
// summary: Every observation of a metric with its evidence (GET /api/v1/metrics/{uid}/series). Each observation is a flat list: value, unit, base_value, base_unit, year, year_from, year_to, period, qualifier, subject, doc, sentence uid, evidence, start, end.
// param: uid: str — the metric's uid
MATCH (m:Metric {uid: $uid})
RETURN m.uid AS uid, m.name AS name,
  [(m)<-[r:OF]-(o:Observation) |
    [o.value, o.unit, o.base_value, o.base_unit, o.year, o.year_from, o.year_to, o.period, o.qualifier,
     o.subject, r.doc, r.sentence_uid, r.evidence, r.start, r.end]] AS observations
