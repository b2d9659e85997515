// name: apply_document
// summary: Replace or delete one document in ONE query: its old facts out, the shared entities' names updated, its new facts in, the entities' counts moved, orphans removed, then the Document marked complete (or deleted). One GRAPH.QUERY is atomic on FalkorDB; on Neo4j it runs in one write transaction. Rows come from graph/rows.py.
// param: doc_uid: str — the Document's uid
// param: doc_props: map — the Document's properties (complete = false until the last step)
// param: delete: bool — remove the Document instead of marking it complete
// param: node_change: list — the change of the kept node count of each label (graph/model.py COUNTED_LABELS) that the rows give; entities and shared nodes are counted here
// param: rel_change: list — the change of the kept relationship count of each type (COUNTED_TYPES)
// param: drop_projects: list — uids of Project nodes no document names any more
// param: projects: list — {uid, name, kind, aliases, keys}: a new document's names, merged
// param: project_updates: list — {uid, props}: exact properties after a replace or delete
// param: drop_bureaus: list — uids of Bureau nodes no document names any more
// param: bureaus: list — {uid, name, kind, aliases, keys}: a new document's names, merged
// param: bureau_updates: list — {uid, props}: exact properties after a replace or delete
// param: drop_places: list — uids of Place nodes no document names any more
// param: places: list — {uid, name, kind, aliases, keys}: a new document's names, merged
// param: place_updates: list — {uid, props}: exact properties after a replace or delete
// param: years: list — {uid, props} of the Year nodes the document's facts use
// param: metrics: list — {uid, props} of the Metric nodes the document's facts use
// param: sections: list — {uid, props}
// param: sentences: list — {uid, props}
// param: tasks: list — {uid, props}
// param: events: list — {uid, props}
// param: observations: list — {uid, props}
// param: section_in_document: list — {source, target, props}: (Section)-[:IN]->(Document {uid: target})
// param: sentence_in_section: list — {source, target, props}: (Sentence)-[:IN]->(Section {uid: target})
// param: project_mentioned_in_sentence: list — {source, target, props}: (Project)-[:MENTIONED_IN]->(Sentence {uid: target})
// param: bureau_mentioned_in_sentence: list — {source, target, props}: (Bureau)-[:MENTIONED_IN]->(Sentence {uid: target})
// param: place_mentioned_in_sentence: list — {source, target, props}: (Place)-[:MENTIONED_IN]->(Sentence {uid: target})
// param: task_mentioned_in_sentence: list — {source, target, props}: (Task)-[:MENTIONED_IN]->(Sentence {uid: target})
// param: task_assigned_to_bureau: list — {source, target, props}: (Task)-[:ASSIGNED_TO]->(Bureau {uid: target})
// param: task_reports_project: list — {source, target, props}: (Task)-[:REPORTS]->(Project {uid: target})
// param: project_owned_by_bureau: list — {source, target, props}: (Project)-[:OWNED_BY]->(Bureau {uid: target})
// param: project_located_in_place: list — {source, target, props}: (Project)-[:LOCATED_IN]->(Place {uid: target})
// param: project_has_event_event: list — {source, target, props}: (Project)-[:HAS_EVENT]->(Event {uid: target})
// param: event_in_year_year: list — {source, target, props}: (Event)-[:IN_YEAR]->(Year {uid: target})
// param: event_mentioned_in_sentence: list — {source, target, props}: (Event)-[:MENTIONED_IN]->(Sentence {uid: target})
// param: observation_of_metric: list — {source, target, props}: (Observation)-[:OF]->(Metric {uid: target})
// param: observation_in_year_year: list — {source, target, props}: (Observation)-[:IN_YEAR]->(Year {uid: target})
// param: observation_mentioned_in_sentence: list — {source, target, props}: (Observation)-[:MENTIONED_IN]->(Sentence {uid: target})
// param: observation_about_project: list — {source, target, props}: (Observation)-[:ABOUT]->(Project {uid: target})
// param: observation_about_place: list — {source, target, props}: (Observation)-[:ABOUT]->(Place {uid: target})
// param: project_counts: list — {uid, degree}: the change of each count
// param: bureau_counts: list — {uid, projects, tasks}: the change of each count
// param: metric_counts: list — {uid, observations}: the change of each count
// param: project_owners: list — {uid, props}: the ownership aggregates of each touched project (graph/owners.py)
// param: kept_change: list — {uid, change}: the change of the relationships pointing at each Year the document's old or new facts use (kept on the Counts node)
// param: old_years: list — uids of the Year nodes the document's old facts pointed to: removed when no IN_YEAR relationship points at one any more
// param: old_metrics: list — uids of the Metric nodes the document's old facts pointed to: removed when no OF relationship points at one any more
// param: shelf_moves: list — {uid, remove, add}: per Shelf node (graph/shelves.py) the write changes, the uids it loses and the [key, uid] pairs it gains (the order the name-sorted pages walk)
// param: shelves: list — {uid, props}: Shelf nodes set whole (a split, a label's first)
// Generated by tools/gen_cypher.py from graph/model.py: edit those, then run it.
// FalkorDB (4.x here) does not see a relationship type created earlier in the same query through
// a typed pattern (-[r:OF]-): the orphan checks' typed patterns only look for types the old facts
// (written by an earlier query) had, and every type is registered when a store opens.
// FalkorDB: a reduce() over a property set by the SET just before it gives null, hence WITH n.
MERGE (d:Document {uid: $doc_uid})
SET d = $doc_props
WITH count(*) AS _
MATCH ()-[r:OWNED_BY {by_doc: $doc_uid}]->()
DELETE r
WITH count(*) AS _
MATCH ()-[r:LOCATED_IN {by_doc: $doc_uid}]->()
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
WITH -count(*) AS gone
MATCH (c:Counts {uid: 'counts'})
SET c.nodes = [i IN range(0, size(c.nodes) - 1) | c.nodes[i] + CASE WHEN i = 3 THEN gone ELSE 0 END]
WITH count(*) AS _
UNWIND $projects + $project_updates AS row
OPTIONAL MATCH (x:Project {uid: row.uid})
WITH count(*) - count(x) AS made
MATCH (c:Counts {uid: 'counts'})
SET c.nodes = [i IN range(0, size(c.nodes) - 1) | c.nodes[i] + CASE WHEN i = 3 THEN made ELSE 0 END]
WITH count(*) AS _
UNWIND $projects AS row
MERGE (n:Project {uid: row.uid})
SET n.name = row.name, n.kind = coalesce(row.kind, n.kind), n.aliases = coalesce(n.aliases, []) + [a IN row.aliases WHERE NOT a IN coalesce(n.aliases, [])], n.keys = coalesce(n.keys, []) + [k IN row.keys WHERE NOT k IN coalesce(n.keys, [])], n.grams = coalesce(n.grams, []) + [g IN row.grams WHERE NOT g IN coalesce(n.grams, [])], n.form_docs = [i IN range(0, size(coalesce(n.forms, [])) - 1) | n.form_docs[i] + CASE WHEN n.forms[i] IN row.forms THEN 1 ELSE 0 END] + [s IN row.forms WHERE NOT s IN coalesce(n.forms, []) | 1], n.forms = coalesce(n.forms, []) + [s IN row.forms WHERE NOT s IN coalesce(n.forms, [])]
WITH n
SET n.search = reduce(acc = '|', k IN n.keys | acc + k + '|')
WITH count(*) AS _
UNWIND $project_updates AS row
MERGE (n:Project {uid: row.uid})
WITH n, row, n.degree AS degree
SET n = row.props
SET n.degree = degree
WITH count(*) AS _
UNWIND $drop_bureaus AS u
MATCH (n:Bureau {uid: u})
DETACH DELETE n
WITH -count(*) AS gone
MATCH (c:Counts {uid: 'counts'})
SET c.nodes = [i IN range(0, size(c.nodes) - 1) | c.nodes[i] + CASE WHEN i = 4 THEN gone ELSE 0 END]
WITH count(*) AS _
UNWIND $bureaus + $bureau_updates AS row
OPTIONAL MATCH (x:Bureau {uid: row.uid})
WITH count(*) - count(x) AS made
MATCH (c:Counts {uid: 'counts'})
SET c.nodes = [i IN range(0, size(c.nodes) - 1) | c.nodes[i] + CASE WHEN i = 4 THEN made ELSE 0 END]
WITH count(*) AS _
UNWIND $bureaus AS row
MERGE (n:Bureau {uid: row.uid})
SET n.name = row.name, n.kind = coalesce(row.kind, n.kind), n.aliases = coalesce(n.aliases, []) + [a IN row.aliases WHERE NOT a IN coalesce(n.aliases, [])], n.keys = coalesce(n.keys, []) + [k IN row.keys WHERE NOT k IN coalesce(n.keys, [])], n.grams = coalesce(n.grams, []) + [g IN row.grams WHERE NOT g IN coalesce(n.grams, [])], n.form_docs = [i IN range(0, size(coalesce(n.forms, [])) - 1) | n.form_docs[i] + CASE WHEN n.forms[i] IN row.forms THEN 1 ELSE 0 END] + [s IN row.forms WHERE NOT s IN coalesce(n.forms, []) | 1], n.forms = coalesce(n.forms, []) + [s IN row.forms WHERE NOT s IN coalesce(n.forms, [])]
WITH n
SET n.search = reduce(acc = '|', k IN n.keys | acc + k + '|')
WITH count(*) AS _
UNWIND $bureau_updates AS row
MERGE (n:Bureau {uid: row.uid})
WITH n, row, n.projects AS projects, n.tasks AS tasks
SET n = row.props
SET n.projects = projects, n.tasks = tasks
WITH count(*) AS _
UNWIND $drop_places AS u
MATCH (n:Place {uid: u})
DETACH DELETE n
WITH -count(*) AS gone
MATCH (c:Counts {uid: 'counts'})
SET c.nodes = [i IN range(0, size(c.nodes) - 1) | c.nodes[i] + CASE WHEN i = 5 THEN gone ELSE 0 END]
WITH count(*) AS _
UNWIND $places + $place_updates AS row
OPTIONAL MATCH (x:Place {uid: row.uid})
WITH count(*) - count(x) AS made
MATCH (c:Counts {uid: 'counts'})
SET c.nodes = [i IN range(0, size(c.nodes) - 1) | c.nodes[i] + CASE WHEN i = 5 THEN made ELSE 0 END]
WITH count(*) AS _
UNWIND $places AS row
MERGE (n:Place {uid: row.uid})
SET n.name = row.name, n.kind = coalesce(row.kind, n.kind), n.aliases = coalesce(n.aliases, []) + [a IN row.aliases WHERE NOT a IN coalesce(n.aliases, [])], n.keys = coalesce(n.keys, []) + [k IN row.keys WHERE NOT k IN coalesce(n.keys, [])], n.grams = coalesce(n.grams, []) + [g IN row.grams WHERE NOT g IN coalesce(n.grams, [])], n.form_docs = [i IN range(0, size(coalesce(n.forms, [])) - 1) | n.form_docs[i] + CASE WHEN n.forms[i] IN row.forms THEN 1 ELSE 0 END] + [s IN row.forms WHERE NOT s IN coalesce(n.forms, []) | 1], n.forms = coalesce(n.forms, []) + [s IN row.forms WHERE NOT s IN coalesce(n.forms, [])]
WITH n
SET n.search = reduce(acc = '|', k IN n.keys | acc + k + '|')
WITH count(*) AS _
UNWIND $place_updates AS row
MERGE (n:Place {uid: row.uid})
SET n = row.props
WITH count(*) AS _
UNWIND $years AS row
OPTIONAL MATCH (x:Year {uid: row.uid})
WITH count(*) - count(x) AS made
MATCH (c:Counts {uid: 'counts'})
SET c.nodes = [i IN range(0, size(c.nodes) - 1) | c.nodes[i] + CASE WHEN i = 8 THEN made ELSE 0 END]
WITH count(*) AS _
UNWIND $years AS row
MERGE (n:Year {uid: row.uid})
ON CREATE SET n += row.props
WITH count(*) AS _
UNWIND $metrics AS row
OPTIONAL MATCH (x:Metric {uid: row.uid})
WITH count(*) - count(x) AS made
MATCH (c:Counts {uid: 'counts'})
SET c.nodes = [i IN range(0, size(c.nodes) - 1) | c.nodes[i] + CASE WHEN i = 9 THEN made ELSE 0 END]
WITH count(*) AS _
UNWIND $metrics AS row
MERGE (n:Metric {uid: row.uid})
SET n += row.props
WITH count(*) AS _
UNWIND $years AS row
MATCH (a:Year {uid: row.uid})
MATCH (b:Year {uid: row.next})
MERGE (a)-[:NEXT]->(b)
WITH count(*) AS _
UNWIND $years AS row
MATCH (a:Year {uid: row.prev})
MATCH (b:Year {uid: row.uid})
MERGE (a)-[:NEXT]->(b)
WITH count(*) AS _
UNWIND $sections AS row
CREATE (n:Section)
SET n = row.props
WITH count(*) AS _
UNWIND $sentences AS row
CREATE (n:Sentence)
SET n = row.props
WITH count(*) AS _
UNWIND $tasks AS row
CREATE (n:Task)
SET n = row.props
WITH count(*) AS _
UNWIND $events AS row
CREATE (n:Event)
SET n = row.props
WITH count(*) AS _
UNWIND $observations AS row
CREATE (n:Observation)
SET n = row.props
WITH count(*) AS _
UNWIND $section_in_document AS row
MATCH (a:Section {uid: row.source})
MATCH (b:Document {uid: row.target})
CREATE (a)-[r:IN]->(b)
SET r = row.props
WITH count(*) AS _
UNWIND $sentence_in_section AS row
MATCH (a:Sentence {uid: row.source})
MATCH (b:Section {uid: row.target})
CREATE (a)-[r:IN]->(b)
SET r = row.props
WITH count(*) AS _
UNWIND $project_mentioned_in_sentence AS row
MATCH (a:Project {uid: row.source})
MATCH (b:Sentence {uid: row.target})
CREATE (a)-[r:MENTIONED_IN]->(b)
SET r = row.props
WITH count(*) AS _
UNWIND $bureau_mentioned_in_sentence AS row
MATCH (a:Bureau {uid: row.source})
MATCH (b:Sentence {uid: row.target})
CREATE (a)-[r:MENTIONED_IN]->(b)
SET r = row.props
WITH count(*) AS _
UNWIND $place_mentioned_in_sentence AS row
MATCH (a:Place {uid: row.source})
MATCH (b:Sentence {uid: row.target})
CREATE (a)-[r:MENTIONED_IN]->(b)
SET r = row.props
WITH count(*) AS _
UNWIND $task_mentioned_in_sentence AS row
MATCH (a:Task {uid: row.source})
MATCH (b:Sentence {uid: row.target})
CREATE (a)-[r:MENTIONED_IN]->(b)
SET r = row.props
WITH count(*) AS _
UNWIND $task_assigned_to_bureau AS row
MATCH (a:Task {uid: row.source})
MATCH (b:Bureau {uid: row.target})
CREATE (a)-[r:ASSIGNED_TO]->(b)
SET r = row.props
WITH count(*) AS _
UNWIND $task_reports_project AS row
MATCH (a:Task {uid: row.source})
MATCH (b:Project {uid: row.target})
CREATE (a)-[r:REPORTS]->(b)
SET r = row.props
WITH count(*) AS _
UNWIND $project_owned_by_bureau AS row
MATCH (a:Project {uid: row.source})
MATCH (b:Bureau {uid: row.target})
CREATE (a)-[r:OWNED_BY]->(b)
SET r = row.props
WITH count(*) AS _
UNWIND $project_located_in_place AS row
MATCH (a:Project {uid: row.source})
MATCH (b:Place {uid: row.target})
CREATE (a)-[r:LOCATED_IN]->(b)
SET r = row.props
WITH count(*) AS _
UNWIND $project_has_event_event AS row
MATCH (a:Project {uid: row.source})
MATCH (b:Event {uid: row.target})
CREATE (a)-[r:HAS_EVENT]->(b)
SET r = row.props
WITH count(*) AS _
UNWIND $event_in_year_year AS row
MATCH (a:Event {uid: row.source})
MATCH (b:Year {uid: row.target})
CREATE (a)-[r:IN_YEAR]->(b)
SET r = row.props
WITH count(*) AS _
UNWIND $event_mentioned_in_sentence AS row
MATCH (a:Event {uid: row.source})
MATCH (b:Sentence {uid: row.target})
CREATE (a)-[r:MENTIONED_IN]->(b)
SET r = row.props
WITH count(*) AS _
UNWIND $observation_of_metric AS row
MATCH (a:Observation {uid: row.source})
MATCH (b:Metric {uid: row.target})
CREATE (a)-[r:OF]->(b)
SET r = row.props
WITH count(*) AS _
UNWIND $observation_in_year_year AS row
MATCH (a:Observation {uid: row.source})
MATCH (b:Year {uid: row.target})
CREATE (a)-[r:IN_YEAR]->(b)
SET r = row.props
WITH count(*) AS _
UNWIND $observation_mentioned_in_sentence AS row
MATCH (a:Observation {uid: row.source})
MATCH (b:Sentence {uid: row.target})
CREATE (a)-[r:MENTIONED_IN]->(b)
SET r = row.props
WITH count(*) AS _
UNWIND $observation_about_project AS row
MATCH (a:Observation {uid: row.source})
MATCH (b:Project {uid: row.target})
CREATE (a)-[r:ABOUT]->(b)
SET r = row.props
WITH count(*) AS _
UNWIND $observation_about_place AS row
MATCH (a:Observation {uid: row.source})
MATCH (b:Place {uid: row.target})
CREATE (a)-[r:ABOUT]->(b)
SET r = row.props
WITH count(*) AS _
UNWIND $project_counts AS row
MATCH (n:Project {uid: row.uid})
SET n.degree = coalesce(n.degree, 0) + row.degree
WITH count(*) AS _
UNWIND $bureau_counts AS row
MATCH (n:Bureau {uid: row.uid})
SET n.projects = coalesce(n.projects, 0) + row.projects, n.tasks = coalesce(n.tasks, 0) + row.tasks
WITH count(*) AS _
UNWIND $metric_counts AS row
MATCH (n:Metric {uid: row.uid})
SET n.observations = coalesce(n.observations, 0) + row.observations
WITH count(*) AS _
UNWIND $project_owners AS row
MATCH (n:Project {uid: row.uid})
SET n += row.props
WITH count(*) AS _
MATCH (c:Counts {uid: 'counts'})
WHERE c.kept IS NOT NULL AND size($kept_change) > 0
WITH c, c.kept + [u IN [r IN $kept_change | r.uid] WHERE NOT u IN c.kept] AS ids
WITH c, ids, [i IN range(0, size(ids) - 1) | coalesce(c.kept_uses[i], 0) + reduce(a = 0, r IN $kept_change | a + CASE WHEN r.uid = ids[i] THEN r.change ELSE 0 END)] AS uses
SET c.kept = [i IN range(0, size(ids) - 1) WHERE uses[i] > 0 | ids[i]], c.kept_uses = [n IN uses WHERE n > 0]
WITH count(*) AS _
OPTIONAL MATCH (c:Counts {uid: 'counts'})
WITH c.kept IS NULL AS uncounted, coalesce(c.kept, []) AS kept
UNWIND [u IN $old_years WHERE uncounted OR NOT u IN kept] AS u
MATCH (n:Year {uid: u})
WHERE NOT (n)<-[:IN_YEAR]-()
DETACH DELETE n
WITH -count(*) AS gone
MATCH (c:Counts {uid: 'counts'})
SET c.nodes = [i IN range(0, size(c.nodes) - 1) | c.nodes[i] + CASE WHEN i = 8 THEN gone ELSE 0 END]
WITH count(*) AS _
UNWIND $old_metrics AS u
MATCH (n:Metric {uid: u})
WHERE n.observations = 0
DETACH DELETE n
WITH -count(*) AS gone
MATCH (c:Counts {uid: 'counts'})
SET c.nodes = [i IN range(0, size(c.nodes) - 1) | c.nodes[i] + CASE WHEN i = 9 THEN gone ELSE 0 END]
WITH count(*) AS _
UNWIND $shelf_moves AS row
MATCH (s:Shelf {uid: row.uid})
WITH s, row, [i IN range(0, size(s.keys) - 1) WHERE NOT s.uids[i] IN row.remove | [s.keys[i], s.uids[i]]] AS kept
WITH s, reduce(acc = kept, a IN row.add | [p IN acc WHERE p[0] < a[0]] + [a] + [p IN acc WHERE p[0] > a[0]]) AS pairs
SET s.keys = [p IN pairs | p[0]], s.uids = [p IN pairs | p[1]]
WITH count(*) AS _
UNWIND $shelves AS row
MERGE (s:Shelf {uid: row.uid})
SET s = row.props
WITH count(*) AS _
UNWIND $shelf_moves AS row
MATCH (s:Shelf {uid: row.uid})
WHERE size(s.keys) = 0 AND s.low <> ''
DELETE s
WITH count(*) AS _
MATCH (c:Counts {uid: 'counts'})
SET c.nodes = [i IN range(0, size(c.nodes) - 1) | c.nodes[i] + $node_change[i]], c.rels = [i IN range(0, size(c.rels) - 1) | c.rels[i] + $rel_change[i]]
WITH count(*) AS _
MATCH (d:Document {uid: $doc_uid})
WHERE $delete
DETACH DELETE d
WITH count(*) AS _
MATCH (d:Document {uid: $doc_uid})
SET d.complete = true
RETURN count(d) AS written
