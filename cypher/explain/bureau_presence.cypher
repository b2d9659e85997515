// name: bureau_presence
// summary: Why a bureau query answered nothing: what the store holds of the bureau (its mentions, the documents they are in, the tasks assigned to it), one row per bureau the name matches; none when no bureau matches.
// detail: the store holds {mentions} mention(s) of {name} in {documents} document(s) and {tasks} task(s) assigned to it, but no project it owns
// param: bureau: name — any name or alias of the bureau (any script), or its uid
MATCH (b:Bureau)
WHERE b.uid = $bureau OR any(k IN $bureau_keys WHERE k IN b.keys)
WITH b
OPTIONAL MATCH (b)-[r:MENTIONED_IN]->(:Sentence)
WITH b, count(r) AS mentions, count(DISTINCT r.doc) AS documents
OPTIONAL MATCH (t:Task)-[:ASSIGNED_TO]->(b)
WITH b, mentions, documents, count(DISTINCT t) AS tasks
RETURN b.uid AS uid, b.name AS name, mentions, documents, tasks
ORDER BY mentions DESC, name
