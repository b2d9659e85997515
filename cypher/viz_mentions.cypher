// name: viz_mentions
// summary: The documents that mention the given nodes, and for a given Document the nodes it mentions: one row per (node, document) with the first mentioning sentence as evidence.
// param: uids: list — uids of the nodes (any label; a Document's uid lists what it mentions)
// param: labels: list = "" — keep only these labels: documents only when Document is listed; for a Document, the mentioned nodes with one of them (empty: every label)
// param: limit: int = 2000 — at most this many rows
MATCH (a)-[m:MENTIONED_IN]->(:Sentence)-[:IN]->(:Section)-[:IN]->(d:Document)
WHERE a.uid IN $uids AND (size($labels) = 0 OR 'Document' IN $labels)
WITH a, d, collect(m.evidence) AS evidence, count(m) AS mentions
RETURN a.uid AS at, a.uid AS source, d.uid AS target, 'MENTIONED_IN' AS type, evidence[0] AS evidence,
       d.file AS doc, mentions, d AS node
UNION ALL
MATCH (d:Document)<-[:IN]-(:Section)<-[:IN]-(:Sentence)<-[m:MENTIONED_IN]-(x)
WHERE d.uid IN $uids
  AND (size($labels) = 0 OR any(l IN labels(x) WHERE l IN $labels))
WITH d, x, collect(m.evidence) AS evidence, count(m) AS mentions
RETURN d.uid AS at, x.uid AS source, d.uid AS target, 'MENTIONED_IN' AS type, evidence[0] AS evidence,
       d.file AS doc, mentions, x AS node
LIMIT $limit
