// name: observation_keys_all
// summary: Every observation with its metric and the fields their metric's two orders sort by (graph/shelves.py metric_keys): a scan, run when a store opens whose metric orders do not hold every observation (written before they were kept).
MATCH (o:Observation)-[:OF]->(m:Metric)
RETURN o.uid AS uid, m.uid AS metric, o.year_from AS year_from, o.year_to AS year_to, o.period AS period, o.qualifier AS qualifier, o.subject AS subject, o.value AS value, o.unit AS unit, o.base_value AS base_value, o.base_unit AS base_unit, o.year AS year, o.doc AS doc, o.start AS start
