// name: project_history
// summary: A project's events by year (a span such as 2017-2021 sorts by its first year), with tense, stage and the evidence sentence; the events of its phases and parts (PART_OF) too, each naming the part it is from in `part`. The project is the one the text names exactly (its uid, or its name or an alias in full); only when none is, every project a shorter form of the text names (望坛棚改项目 is that project; 望坛 is every project called 望坛).
// param: project: name — any name or alias of the project (any script), or its uid
// param: year_from: int = 0 — only events ending in or after this year
// param: year_to: int = 9999 — only events starting in or before this year
// param: skip: int = 0 — skip this many events (the position reached by the previous page)
// param: limit: int = 500 — at most this many events
// The project the text names exactly (its uid, or the text's full key among a project's keys)
// first; only when none does, the projects any shorter variant of the text names (望坛棚改项目
// is that project, not every project with the alias 望坛). Both through the uid and keys indexes.
UNWIND [$project, $project_key] AS k
OPTIONAL MATCH (p:Project)
WHERE p.uid = k OR k IN p.keys
WITH collect(DISTINCT p) AS exact
UNWIND CASE WHEN size(exact) > 0 THEN [''] ELSE [$project] + $project_keys END AS k
OPTIONAL MATCH (p:Project)
WHERE p.uid = k OR k IN p.keys
WITH exact, collect(DISTINCT p) AS loose
UNWIND exact + loose AS p
WITH DISTINCT p
OPTIONAL MATCH (x:Project)-[:PART_OF*1..4]->(p)
WITH p, collect(DISTINCT x) AS parts
UNWIND [p] + parts AS m
MATCH (m)-[h:HAS_EVENT]->(e:Event)
WHERE e.year_to >= $year_from AND e.year_from <= $year_to
RETURN p.uid AS project_uid, p.name AS project, e.uid AS uid, e.year AS year, e.year_from AS year_from, e.year_to AS year_to, e.stage AS stage, e.tense AS tense, CASE WHEN m = p THEN null ELSE m.name END AS part, e.doc AS doc, e.evidence AS evidence, e.start AS start, e.end AS end, e.sentence_uid AS sentence_uid
ORDER BY year_from, year_to, doc, start
SKIP $skip
LIMIT $limit
