// name: ownership
// summary: Export: every OWNED_BY fact with its basis, the role a text states and the evidence.
MATCH (p:Project)-[o:OWNED_BY]->(b:Bureau)
RETURN p.name AS project, b.name AS bureau, o.basis AS basis, o.task AS task, coalesce(o.sole, false) AS sole, o.relation AS relation, o.doc AS doc, o.evidence AS evidence, o.start AS start, o.end AS end
ORDER BY doc, start, project, bureau, end, basis, task, sole
