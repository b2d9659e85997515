// name: api_project
// summary: One project with every unit responsible for it and for its phases and parts (PART_OF), stated and sole owners first, its places and the sentences naming it, each with its evidence (GET /api/v1/projects/{uid}). Facts come as flat lists (cheaper for the engine than nested maps), in the order the list names: an owner is [bureau uid, bureau name, basis, doc, sentence uid, evidence, start, end, reason, why, task, units, part] (part: the phase or part it owns, null for the project itself); parts lists [uid, name, suffix] of the phases and parts.
// param: uid: str — the project's uid
// param: mentions: int = 50 — at most this many mentions
// the mentions first, cut as they are read (a project named in thousands of sentences)
// the end node's label is left out: every MENTIONED_IN ends at a Sentence (graph/model.py), and
// FalkorDB's check of the label costs with the store's Sentences (0.4 against 0.2 ms at 10,000 reports)
OPTIONAL MATCH (:Project {uid: $uid})-[mi:MENTIONED_IN]->()
WITH mi
LIMIT $mentions
WITH collect(CASE WHEN mi IS NULL THEN null ELSE [mi.doc, mi.sentence_uid, mi.evidence, mi.start, mi.end] END) AS mentions
MATCH (p:Project {uid: $uid})
WITH p, mentions, [p] + [(x:Project)-[:PART_OF*1..4]->(p) | x] AS members
UNWIND members AS m
OPTIONAL MATCH (m)-[r:OWNED_BY]->(b:Bureau)
WITH p, mentions, m, r, b, [(m)-[r2:OWNED_BY]->(b2:Bureau) WHERE r.basis = 'table_column' AND r2.basis = 'table_column' AND r2.doc = r.doc AND r2.task = r.task | b2.uid] AS row_units
WITH p, mentions, m, r, b, size(reduce(acc = [], u IN row_units | CASE WHEN u IN acc THEN acc ELSE acc + [u] END)) AS units
WITH p, mentions, m, r, b, units, CASE WHEN r.basis = 'stated' THEN 0 WHEN r.basis = 'inferred_via_task' OR r.sole = true OR units = 1 THEN 1 ELSE 2 END AS rank
ORDER BY rank, b.name, r.doc, r.start
WITH p, mentions, m, r, b, rank, CASE rank WHEN 0 THEN 'stated' WHEN 1 THEN 'sole' ELSE 'one_of' END AS reason, CASE WHEN rank = 2 THEN units ELSE 1 END AS units
WITH p, mentions, collect(CASE WHEN r IS NULL THEN null ELSE
    [b.uid, b.name, r.basis, r.doc, r.sentence_uid, r.evidence, r.start, r.end, reason,
     CASE reason WHEN 'stated' THEN 'stated' + CASE WHEN r.relation IS NULL THEN '' ELSE ' (' + r.relation + ')' END + ' in ' + r.doc WHEN 'sole' THEN 'sole unit of ' + CASE WHEN r.task CONTAINS '#' THEN 'row ' + split(r.task, '#')[1] + ' of ' + split(r.task, '#')[0] ELSE coalesce(r.task, 'a task row') END ELSE 'one of ' + toString(units) + ' units of ' + CASE WHEN r.task CONTAINS '#' THEN 'row ' + split(r.task, '#')[1] + ' of ' + split(r.task, '#')[0] ELSE coalesce(r.task, 'a task row') END END,
     CASE WHEN reason = 'stated' THEN null ELSE r.task END, units, CASE WHEN m = p THEN null ELSE m.name END] END) AS owners
RETURN p.uid AS uid, p.name AS name, p.kind AS kind, p.aliases AS aliases, owners,
  [(xp:Project)-[f:PART_OF]->(p) | [xp.uid, xp.name, f.part]] AS parts,
  [(p)-[g:PART_OF]->(y:Project) | [y.uid, y.name, g.part]] AS part_of,
  [(p)-[x:LOCATED_IN]->(pl:Place) |
    [pl.uid, pl.name, x.basis, x.doc, x.sentence_uid, x.evidence, x.start, x.end]] AS places,
  mentions
