// name: document_facts
// summary: Every fact one document states (ownership, events, metrics, tasks), in the order of the text, with the evidence.
// param: doc: str — the document's uid, file name or sha256
// param: limit: int = 5000 — at most this many facts
MATCH (d:Document)
WHERE d.uid = $doc OR d.file = $doc OR d.sha256 = $doc
WITH d.uid AS uid
OPTIONAL MATCH (p)-[o:OWNED_BY {by_doc: uid}]->(b)
WITH uid, collect(CASE WHEN o IS NULL THEN null ELSE {fact: 'ownership', subject: p.name, predicate: o.basis, object: b.name, year: null, doc: o.doc, evidence: o.evidence, start: o.start, end: o.end} END) AS facts
OPTIONAL MATCH (p:Project)-[:HAS_EVENT]->(e:Event {by_doc: uid})
WITH uid, facts, collect(CASE WHEN e IS NULL THEN null ELSE {fact: 'event', subject: p.name, predicate: e.tense, object: e.stage, year: e.year, doc: e.doc, evidence: e.evidence, start: e.start, end: e.end} END) AS more
WITH uid, facts + more AS facts
OPTIONAL MATCH (ob:Observation {by_doc: uid})-[:OF]->(m:Metric)
WITH uid, facts, collect(CASE WHEN ob IS NULL THEN null ELSE {fact: 'metric', subject: m.name, predicate: ob.qualifier, object: toString(ob.value) + ob.unit, year: ob.year, doc: ob.doc, evidence: ob.evidence, start: ob.start, end: ob.end} END) AS more
WITH uid, facts + more AS facts
OPTIONAL MATCH (t:Task {by_doc: uid})-[:ASSIGNED_TO]->(tb:Bureau)
WITH facts, collect(CASE WHEN t IS NULL THEN null ELSE {fact: 'task', subject: t.id, predicate: 'assigned_to', object: tb.name, year: null, doc: t.doc, evidence: t.evidence, start: t.start, end: t.end} END) AS more
WITH facts + more AS facts
UNWIND facts AS f
RETURN f.fact AS fact, f.subject AS subject, f.predicate AS predicate, f.object AS object, f.year AS year, f.doc AS doc, f.evidence AS evidence, f.start AS start, f.end AS end
ORDER BY start, fact, subject, object
LIMIT $limit
