// name: owner_all_edges
// summary: Every OWNED_BY fact of the store, for the one-time fill of the ownership aggregates (owner_aggregates).
MATCH (p:Project)-[o:OWNED_BY]->(b:Bureau)
RETURN p.uid AS project, b.uid AS bureau, o.basis AS basis, o.doc AS doc, o.start AS start, o.end AS end, o.task AS task, o.sole AS sole, o.relation AS relation, o.evidence AS evidence, o.sentence_uid AS sentence_uid
