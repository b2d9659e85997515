// name: project_presence
// summary: Why a project query answered nothing: what the store holds of the project (its mentions and the documents they are in, its phases and parts included), one row per project the name matches; none when no project matches.
// detail: the store holds {mentions} mention(s) of {name} in {documents} document(s) but no stated owner (and no task row names a unit for it)
// param: project: name — any name or alias of the project (any script), or its uid
MATCH (p:Project)
WHERE p.uid = $project OR any(k IN $project_keys WHERE k IN p.keys)
WITH p
OPTIONAL MATCH (x:Project)-[:PART_OF*1..4]->(p)
WITH p, [p] + collect(DISTINCT x) AS members
UNWIND members AS m
OPTIONAL MATCH (m)-[r:MENTIONED_IN]->(:Sentence)
WITH p, count(r) AS mentions, count(DISTINCT r.doc) AS documents
RETURN p.uid AS uid, p.name AS name, mentions, documents
ORDER BY mentions DESC, name
