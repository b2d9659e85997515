// name: owner_edges
// summary: The writer's read before a document's write, replace or delete: every OWNED_BY fact that other documents hold for the projects the document's old or new facts touch (the given uids and the projects of its stored OWNED_BY facts), from which graph/owners.py recomputes those projects' ownership aggregates. One row per touched project without such facts (null bureau).
// param: doc_uid: str — the document being written
// param: projects: list — uids of the projects its new facts name (the stored facts are found by the by_doc index: no labels on their ends, so the plan starts from it)
OPTIONAL MATCH (q)-[:OWNED_BY {by_doc: $doc_uid}]->()
WITH collect(q.uid) AS old
UNWIND old + $projects AS u
WITH DISTINCT u
OPTIONAL MATCH (p:Project {uid: u})-[o:OWNED_BY]->(b:Bureau)
WHERE o.by_doc <> $doc_uid
RETURN u AS project, b.uid AS bureau, o.basis AS basis, o.doc AS doc, o.start AS start, o.end AS end, o.task AS task, o.sole AS sole, o.relation AS relation, o.evidence AS evidence, o.sentence_uid AS sentence_uid
