// name: events
// summary: Export: every event of a project, named as its sentence named it, with its year as stated.
MATCH (p:Project)-[:HAS_EVENT]->(e:Event)
RETURN coalesce(e.project, p.name) AS project, e.year AS year, e.stage AS stage, e.tense AS tense, e.doc AS doc, e.evidence AS evidence, e.start AS start, e.end AS end
ORDER BY doc, start, project, stage, end, tense, toString(year)
