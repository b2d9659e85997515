// name: events
// summary: Export: every event of a project, with its year as stated (a span stays a span).
MATCH (p:Project)-[:HAS_EVENT]->(e:Event)
RETURN p.name AS project, e.year AS year, e.stage AS stage, e.tense AS tense, e.doc AS doc, e.evidence AS evidence, e.start AS start, e.end AS end
ORDER BY doc, start, project, stage, end, tense, toString(year)
