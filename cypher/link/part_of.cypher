// name: part_of
// summary: Families step, after every ingest, relink and delete: the PART_OF links of the store become exactly $links (a phase or part of a project → the project), in ONE query; links no longer true go.
// param: links: list — {part, parent, suffix}: uids of the part and its parent project, and the part's suffix (二期, 南坊 …)
OPTIONAL MATCH (:Project)-[r:PART_OF]->(:Project)
WITH r, [l IN $links WHERE l.part = startNode(r).uid AND l.parent = endNode(r).uid AND l.suffix = r.part] AS kept
WHERE r IS NOT NULL AND size(kept) = 0
DELETE r
WITH count(*) AS _
UNWIND $links AS row
MATCH (a:Project {uid: row.part})
MATCH (b:Project {uid: row.parent})
MERGE (a)-[r:PART_OF]->(b)
SET r.part = row.suffix
RETURN count(r) AS links
