// name: apply_document
// summary: Replace or delete one document in ONE query: its old facts out, the shared entities' names updated, its new facts in, orphans removed, then the Document marked complete (or deleted). One GRAPH.QUERY is atomic on FalkorDB; on Neo4j it runs in one write transaction. Rows come from graph/rows.py.
// param: doc_uid: str — the Document's uid
// param: doc_props: map — the Document's properties (complete = false until the last step)
// param: delete: bool — remove the Document instead of marking it complete
// param: cleanup: bool — remove Year and Metric nodes nothing points to any more
// param: drop_projects: list — uids of projects no document supports any more (likewise drop_bureaus, drop_places)
// param: drop_bureaus: list
// param: drop_places: list
// param: projects: list — {uid, name, kind, aliases, keys}: a new document's names, merged here (likewise bureaus, places)
// param: bureaus: list
// param: places: list
// param: project_updates: list — {uid, props}: exact properties after a replace or delete (likewise bureau_updates, place_updates)
// param: bureau_updates: list
// param: place_updates: list
// param: years: list — {uid, value} of the years the document's facts fall in
// param: sections: list — {uid, props}
// param: sentences: list — {uid, section, props}
// param: project_mentions: list — {entity, sentence, props} (likewise bureau_mentions, place_mentions)
// param: bureau_mentions: list
// param: place_mentions: list
// param: tasks: list — {uid, props}
// param: task_mentions: list — {node, sentence, props}
// param: assigned: list — {task, bureau, props}
// param: reports: list — {task, project, props}
// param: ownership: list — {project, bureau, props}
// param: located_in: list — {project, place, props}
// param: events: list — {uid, project, props, edge}
// param: event_years: list — {node, year, props}
// param: event_mentions: list — {node, sentence, props}
// param: observations: list — {uid, metric, props, edge}
// param: observation_years: list — {node, year, props}
// param: observation_mentions: list — {node, sentence, props}
// param: about_projects: list — {node, target, props}
// param: about_places: list — {node, target, props}
// Orphan checks match an untyped relationship and test type(r): FalkorDB (4.x here) does not see
// a relationship type created earlier in the same query through a typed pattern (-[r:OF]-).
// FalkorDB: a reduce() over a property set by the SET just before it gives null, hence WITH n.
MERGE (d:Document {uid: $doc_uid})
SET d = $doc_props
WITH count(*) AS _
MATCH (:Project)-[r:OWNED_BY {by_doc: $doc_uid}]->(:Bureau)
DELETE r
WITH count(*) AS _
MATCH (:Project)-[r:LOCATED_IN {by_doc: $doc_uid}]->(:Place)
DELETE r
WITH count(*) AS _
MATCH (n:Observation {by_doc: $doc_uid})
DETACH DELETE n
WITH count(*) AS _
MATCH (n:Event {by_doc: $doc_uid})
DETACH DELETE n
WITH count(*) AS _
MATCH (n:Task {by_doc: $doc_uid})
DETACH DELETE n
WITH count(*) AS _
MATCH (n:Sentence {by_doc: $doc_uid})
DETACH DELETE n
WITH count(*) AS _
MATCH (n:Section {by_doc: $doc_uid})
DETACH DELETE n
WITH count(*) AS _
UNWIND $drop_projects AS u
MATCH (n:Project {uid: u})
DETACH DELETE n
WITH count(*) AS _
UNWIND $drop_bureaus AS u
MATCH (n:Bureau {uid: u})
DETACH DELETE n
WITH count(*) AS _
UNWIND $drop_places AS u
MATCH (n:Place {uid: u})
DETACH DELETE n
WITH count(*) AS _
UNWIND $projects AS row
MERGE (n:Project {uid: row.uid})
SET n.name = row.name, n.kind = coalesce(row.kind, n.kind), n.aliases = coalesce(n.aliases, []) + [a IN row.aliases WHERE NOT a IN coalesce(n.aliases, [])], n.keys = coalesce(n.keys, []) + [k IN row.keys WHERE NOT k IN coalesce(n.keys, [])]
WITH n
SET n.search = reduce(acc = '|', k IN n.keys | acc + k + '|')
WITH count(*) AS _
UNWIND $project_updates AS row
MERGE (n:Project {uid: row.uid})
SET n = row.props
WITH count(*) AS _
UNWIND $bureaus AS row
MERGE (n:Bureau {uid: row.uid})
SET n.name = row.name, n.kind = coalesce(row.kind, n.kind), n.aliases = coalesce(n.aliases, []) + [a IN row.aliases WHERE NOT a IN coalesce(n.aliases, [])], n.keys = coalesce(n.keys, []) + [k IN row.keys WHERE NOT k IN coalesce(n.keys, [])]
WITH n
SET n.search = reduce(acc = '|', k IN n.keys | acc + k + '|')
WITH count(*) AS _
UNWIND $bureau_updates AS row
MERGE (n:Bureau {uid: row.uid})
SET n = row.props
WITH count(*) AS _
UNWIND $places AS row
MERGE (n:Place {uid: row.uid})
SET n.name = row.name, n.kind = coalesce(row.kind, n.kind), n.aliases = coalesce(n.aliases, []) + [a IN row.aliases WHERE NOT a IN coalesce(n.aliases, [])], n.keys = coalesce(n.keys, []) + [k IN row.keys WHERE NOT k IN coalesce(n.keys, [])]
WITH n
SET n.search = reduce(acc = '|', k IN n.keys | acc + k + '|')
WITH count(*) AS _
UNWIND $place_updates AS row
MERGE (n:Place {uid: row.uid})
SET n = row.props
WITH count(*) AS _
UNWIND $years AS row
MERGE (y:Year {uid: row.uid})
SET y.value = row.value
WITH count(*) AS _
UNWIND $years AS row
MATCH (a:Year {value: row.value})
MATCH (b:Year {value: row.value + 1})
MERGE (a)-[:NEXT]->(b)
WITH count(*) AS _
UNWIND $years AS row
MATCH (a:Year {value: row.value - 1})
MATCH (b:Year {value: row.value})
MERGE (a)-[:NEXT]->(b)
WITH count(*) AS _
MATCH (d:Document {uid: $doc_uid})
UNWIND $sections AS row
CREATE (s:Section)
SET s = row.props
CREATE (s)-[:IN]->(d)
WITH count(*) AS _
UNWIND $sentences AS row
MATCH (sec:Section {uid: row.section})
CREATE (s:Sentence)
SET s = row.props
CREATE (s)-[:IN]->(sec)
WITH count(*) AS _
UNWIND $project_mentions AS row
MATCH (n:Project {uid: row.entity})
MATCH (s:Sentence {uid: row.sentence})
CREATE (n)-[r:MENTIONED_IN]->(s)
SET r = row.props
WITH count(*) AS _
UNWIND $bureau_mentions AS row
MATCH (n:Bureau {uid: row.entity})
MATCH (s:Sentence {uid: row.sentence})
CREATE (n)-[r:MENTIONED_IN]->(s)
SET r = row.props
WITH count(*) AS _
UNWIND $place_mentions AS row
MATCH (n:Place {uid: row.entity})
MATCH (s:Sentence {uid: row.sentence})
CREATE (n)-[r:MENTIONED_IN]->(s)
SET r = row.props
WITH count(*) AS _
UNWIND $tasks AS row
CREATE (t:Task)
SET t = row.props
WITH count(*) AS _
UNWIND $task_mentions AS row
MATCH (t:Task {uid: row.node})
MATCH (s:Sentence {uid: row.sentence})
CREATE (t)-[r:MENTIONED_IN]->(s)
SET r = row.props
WITH count(*) AS _
UNWIND $assigned AS row
MATCH (t:Task {uid: row.task})
MATCH (b:Bureau {uid: row.bureau})
CREATE (t)-[r:ASSIGNED_TO]->(b)
SET r = row.props
WITH count(*) AS _
UNWIND $reports AS row
MATCH (t:Task {uid: row.task})
MATCH (p:Project {uid: row.project})
CREATE (t)-[r:REPORTS]->(p)
SET r = row.props
WITH count(*) AS _
UNWIND $ownership AS row
MATCH (p:Project {uid: row.project})
MATCH (b:Bureau {uid: row.bureau})
CREATE (p)-[r:OWNED_BY]->(b)
SET r = row.props
WITH count(*) AS _
UNWIND $located_in AS row
MATCH (p:Project {uid: row.project})
MATCH (pl:Place {uid: row.place})
CREATE (p)-[r:LOCATED_IN]->(pl)
SET r = row.props
WITH count(*) AS _
UNWIND $events AS row
MATCH (p:Project {uid: row.project})
CREATE (e:Event)
SET e = row.props
CREATE (p)-[h:HAS_EVENT]->(e)
SET h = row.edge
WITH count(*) AS _
UNWIND $event_years AS row
MATCH (e:Event {uid: row.node})
MATCH (y:Year {value: row.year})
CREATE (e)-[r:IN_YEAR]->(y)
SET r = row.props
WITH count(*) AS _
UNWIND $event_mentions AS row
MATCH (e:Event {uid: row.node})
MATCH (s:Sentence {uid: row.sentence})
CREATE (e)-[r:MENTIONED_IN]->(s)
SET r = row.props
WITH count(*) AS _
UNWIND $observations AS row
MERGE (m:Metric {uid: row.metric.uid})
SET m = row.metric
CREATE (o:Observation)
SET o = row.props
CREATE (o)-[r:OF]->(m)
SET r = row.edge
WITH count(*) AS _
UNWIND $observation_years AS row
MATCH (o:Observation {uid: row.node})
MATCH (y:Year {value: row.year})
CREATE (o)-[r:IN_YEAR]->(y)
SET r = row.props
WITH count(*) AS _
UNWIND $observation_mentions AS row
MATCH (o:Observation {uid: row.node})
MATCH (s:Sentence {uid: row.sentence})
CREATE (o)-[r:MENTIONED_IN]->(s)
SET r = row.props
WITH count(*) AS _
UNWIND $about_projects AS row
MATCH (o:Observation {uid: row.node})
MATCH (p:Project {uid: row.target})
CREATE (o)-[r:ABOUT]->(p)
SET r = row.props
WITH count(*) AS _
UNWIND $about_places AS row
MATCH (o:Observation {uid: row.node})
MATCH (p:Place {uid: row.target})
CREATE (o)-[r:ABOUT]->(p)
SET r = row.props
WITH count(*) AS _
MATCH (m:Metric)
WHERE $cleanup
OPTIONAL MATCH (m)<-[r]-()
WHERE type(r) = 'OF'
WITH m, count(r) AS uses
WHERE uses = 0
DETACH DELETE m
WITH count(*) AS _
MATCH (y:Year)
WHERE $cleanup
OPTIONAL MATCH (y)<-[r]-()
WHERE type(r) = 'IN_YEAR'
WITH y, count(r) AS uses
WHERE uses = 0
DETACH DELETE y
WITH count(*) AS _
MATCH (d:Document {uid: $doc_uid})
WHERE $delete
DETACH DELETE d
WITH count(*) AS _
MATCH (d:Document {uid: $doc_uid})
SET d.complete = true
RETURN count(d) AS written
