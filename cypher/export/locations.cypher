// name: locations
// summary: Export: every LOCATED_IN fact with its basis and evidence.
MATCH (p:Project)-[x:LOCATED_IN]->(pl:Place)
RETURN p.name AS project, pl.name AS place, pl.kind AS place_kind, x.basis AS basis, x.doc AS doc, x.evidence AS evidence, x.start AS start, x.end AS end
ORDER BY doc, start, project, place, end, basis
