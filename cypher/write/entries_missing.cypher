// name: entries_missing
// summary: The Observations without a series `entry` (a store written before the writer kept it), with the fields it is made of, for graph/base.py ensure_entries.
MATCH (o:Observation)
WHERE o.entry IS NULL
RETURN o.uid AS uid, o.year_from AS year_from, o.year_to AS year_to, o.period AS period, o.qualifier AS qualifier, o.subject AS subject, o.value AS value, o.unit AS unit, o.base_value AS base_value, o.base_unit AS base_unit, o.year AS year
