// name: api_document_counts
// summary: How many sections, sentences and facts one document holds (GET /api/v1/documents/{uid}).
// param: uid: str — the document's uid
MATCH (d:Document {uid: $uid})
OPTIONAL MATCH (s:Section {by_doc: $uid})
WITH d, count(s) AS sections
OPTIONAL MATCH (n:Sentence {by_doc: $uid})
WITH d, sections, count(n) AS sentences
OPTIONAL MATCH (t:Task {by_doc: $uid})
WITH d, sections, sentences, count(t) AS tasks
OPTIONAL MATCH (e:Event {by_doc: $uid})
WITH d, sections, sentences, tasks, count(e) AS events
OPTIONAL MATCH (o:Observation {by_doc: $uid})
WITH d, sections, sentences, tasks, events, count(o) AS metrics
OPTIONAL MATCH ()-[r:OWNED_BY {by_doc: $uid}]->()
RETURN sections, sentences, tasks, events, metrics, count(r) AS ownership
