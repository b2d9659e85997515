// name: viz_mentions
// summary: The documents that mention the given nodes, and for a given Document the nodes it mentions: one row per (node, document) with the first mentioning sentence as evidence. One branch per label of the mentioned nodes, each finding its nodes by the uid index before it expands them (a label-less MATCH scans every node); each branch is cut at the limit, and the caller orders the union (at, source, target) and cuts it again.
// param: uids: list — uids of the nodes (any label; a Document's uid lists what it mentions)
// param: labels: list = "" — keep only these labels: documents only when Document is listed; for a Document, the mentioned nodes with one of them (empty: every label)
// param: limit: int = 2000 — at most this many rows per branch
MATCH (a:Project)
WHERE a.uid IN $uids AND (size($labels) = 0 OR 'Document' IN $labels)
WITH a
MATCH (a)-[m:MENTIONED_IN]->(:Sentence)-[:IN]->(:Section)-[:IN]->(d:Document)
WITH a, d, collect(m.evidence) AS evidence, count(m) AS mentions
RETURN a.uid AS at, a.uid AS source, d.uid AS target, 'MENTIONED_IN' AS type, evidence[0] AS evidence,
       d.file AS doc, mentions, d AS node
ORDER BY at, source, target
LIMIT $limit
UNION ALL
MATCH (a:Bureau)
WHERE a.uid IN $uids AND (size($labels) = 0 OR 'Document' IN $labels)
WITH a
MATCH (a)-[m:MENTIONED_IN]->(:Sentence)-[:IN]->(:Section)-[:IN]->(d:Document)
WITH a, d, collect(m.evidence) AS evidence, count(m) AS mentions
RETURN a.uid AS at, a.uid AS source, d.uid AS target, 'MENTIONED_IN' AS type, evidence[0] AS evidence,
       d.file AS doc, mentions, d AS node
ORDER BY at, source, target
LIMIT $limit
UNION ALL
MATCH (a:Place)
WHERE a.uid IN $uids AND (size($labels) = 0 OR 'Document' IN $labels)
WITH a
MATCH (a)-[m:MENTIONED_IN]->(:Sentence)-[:IN]->(:Section)-[:IN]->(d:Document)
WITH a, d, collect(m.evidence) AS evidence, count(m) AS mentions
RETURN a.uid AS at, a.uid AS source, d.uid AS target, 'MENTIONED_IN' AS type, evidence[0] AS evidence,
       d.file AS doc, mentions, d AS node
ORDER BY at, source, target
LIMIT $limit
UNION ALL
MATCH (a:Event)
WHERE a.uid IN $uids AND (size($labels) = 0 OR 'Document' IN $labels)
WITH a
MATCH (a)-[m:MENTIONED_IN]->(:Sentence)-[:IN]->(:Section)-[:IN]->(d:Document)
WITH a, d, collect(m.evidence) AS evidence, count(m) AS mentions
RETURN a.uid AS at, a.uid AS source, d.uid AS target, 'MENTIONED_IN' AS type, evidence[0] AS evidence,
       d.file AS doc, mentions, d AS node
ORDER BY at, source, target
LIMIT $limit
UNION ALL
MATCH (a:Observation)
WHERE a.uid IN $uids AND (size($labels) = 0 OR 'Document' IN $labels)
WITH a
MATCH (a)-[m:MENTIONED_IN]->(:Sentence)-[:IN]->(:Section)-[:IN]->(d:Document)
WITH a, d, collect(m.evidence) AS evidence, count(m) AS mentions
RETURN a.uid AS at, a.uid AS source, d.uid AS target, 'MENTIONED_IN' AS type, evidence[0] AS evidence,
       d.file AS doc, mentions, d AS node
ORDER BY at, source, target
LIMIT $limit
UNION ALL
MATCH (a:Task)
WHERE a.uid IN $uids AND (size($labels) = 0 OR 'Document' IN $labels)
WITH a
MATCH (a)-[m:MENTIONED_IN]->(:Sentence)-[:IN]->(:Section)-[:IN]->(d:Document)
WITH a, d, collect(m.evidence) AS evidence, count(m) AS mentions
RETURN a.uid AS at, a.uid AS source, d.uid AS target, 'MENTIONED_IN' AS type, evidence[0] AS evidence,
       d.file AS doc, mentions, d AS node
ORDER BY at, source, target
LIMIT $limit
UNION ALL
MATCH (d:Document)
WHERE d.uid IN $uids
WITH d
MATCH (d)<-[:IN]-(:Section)<-[:IN]-(:Sentence)<-[m:MENTIONED_IN]-(x)
WHERE size($labels) = 0 OR any(l IN labels(x) WHERE l IN $labels)
WITH d, x, collect(m.evidence) AS evidence, count(m) AS mentions
RETURN d.uid AS at, x.uid AS source, d.uid AS target, 'MENTIONED_IN' AS type, evidence[0] AS evidence,
       d.file AS doc, mentions, x AS node
ORDER BY at, source, target
LIMIT $limit
