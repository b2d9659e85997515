// name: metrics
// summary: Export: every observation of a metric.
MATCH (o:Observation)-[:OF]->(m:Metric)
RETURN m.name AS name, o.value AS value, o.unit AS unit, o.year AS year, o.period AS period, o.qualifier AS qualifier, o.subject AS subject, o.base_value AS base_value, o.base_unit AS base_unit, o.doc AS doc, o.evidence AS evidence, o.start AS start, o.end AS end
ORDER BY doc, start, name, end, value, unit, toString(year), period, qualifier, subject
