// name: unlinked_mentions
// summary: After a run: the stored documents outside it (task tables left out) that mention projects of the run's task rows but hold no inferred_via_task ownership for them: they were linked without those rows, and an ingest of them again links them.
// param: projects: list — uids of the projects the run's task rows report
// param: exclude: list — file names of the run's documents
MATCH (p:Project)
WHERE p.uid IN $projects
MATCH (p)-[m:MENTIONED_IN]->(:Sentence)
WHERE NOT m.doc IN $exclude
WITH p, m.doc AS doc, m.by_doc AS doc_uid
WITH DISTINCT p, doc, doc_uid
OPTIONAL MATCH (p)-[o:OWNED_BY]->(:Bureau)
WHERE o.by_doc = doc_uid AND o.basis = 'inferred_via_task'
WITH p, doc, doc_uid, count(o) AS linked
WHERE linked = 0
OPTIONAL MATCH (t:Task {by_doc: doc_uid})
WITH p, doc, count(t) AS tasks
WHERE tasks = 0
WITH doc, p.name AS project
ORDER BY doc, project
RETURN doc, collect(project) AS projects
ORDER BY doc
