// name: observation_keys
// summary: A stored document's observations with their metric and the fields their metric's two orders sort by (graph/shelves.py metric_keys): the keys a replace or delete moves out of the shelves.
// param: doc_uid: str — the document
MATCH (o:Observation {by_doc: $doc_uid})-[:OF]->(m:Metric)
RETURN o.uid AS uid, m.uid AS metric, o.year_from AS year_from, o.year_to AS year_to, o.period AS period, o.qualifier AS qualifier, o.subject AS subject, o.value AS value, o.unit AS unit, o.base_value AS base_value, o.base_unit AS base_unit, o.year AS year, o.doc AS doc, o.start AS start
