// name: neighbourhood
// summary: The nodes within `depth` hops (1-3) of a project, bureau, place or metric (or any node by uid), nearest first, capped, with the relationships among them; for the viz. Year, Metric, Document, Section, Bureau and Place nodes end a path (they are hubs: a unit or a district is linked to every project, task and sentence of its own, thousands in a large store), so the nodes read grow with the start's own facts, not with the store; every node on a path must pass the label and year filters.
// param: node: name — any name or alias of a project, bureau, place or metric, or any node's uid
// param: depth: int = 1 — hops, 1 to 3
// param: limit: int = 100 — at most this many nodes besides the start
// param: labels: list = "Project,Bureau,Place,Task,Event,Year,Metric,Observation,Document" — only paths through these labels
// param: year_from: int = 0 — leave out events, observations and years ending before this year
// param: year_to: int = 9999 — leave out events, observations and years starting after this year
// Each keyed label gives its first node in the order of the keys (the text itself first): the
// stream stops there (LIMIT 1) instead of collecting every node a short form names (~420 projects
// share `望坛` at 10,000 reports); a last index past the keys gives the row when none matches.
// Only the first start is used.
WITH [$node] + $node_keys AS ks
UNWIND range(0, size(ks)) AS i
OPTIONAL MATCH (p:Project)
WHERE p.uid = ks[i] OR ks[i] IN p.keys
WITH ks, i, p
WHERE p IS NOT NULL OR i = size(ks)
WITH p
LIMIT 1
WITH collect(p) AS starts
WITH starts, [$node] + $node_keys AS ks
UNWIND range(0, size(ks)) AS i
OPTIONAL MATCH (b:Bureau)
WHERE b.uid = ks[i] OR ks[i] IN b.keys
WITH starts, ks, i, b
WHERE b IS NOT NULL OR i = size(ks)
WITH starts, b
LIMIT 1
WITH starts, collect(b) AS more
WITH starts + more AS starts
WITH starts, [$node] + $node_keys AS ks
UNWIND range(0, size(ks)) AS i
OPTIONAL MATCH (pl:Place)
WHERE pl.uid = ks[i] OR ks[i] IN pl.keys
WITH starts, ks, i, pl
WHERE pl IS NOT NULL OR i = size(ks)
WITH starts, pl
LIMIT 1
WITH starts, collect(pl) AS more
WITH starts + more AS starts
WITH starts, [$node] + $node_keys AS ks
UNWIND range(0, size(ks)) AS i
OPTIONAL MATCH (m:Metric)
WHERE m.uid = ks[i] OR ks[i] IN m.keys
WITH starts, ks, i, m
WHERE m IS NOT NULL OR i = size(ks)
WITH starts, m
LIMIT 1
WITH starts, collect(m) AS more
WITH starts + more AS starts
OPTIONAL MATCH (d:Document)
WHERE d.uid = $node OR d.file = $node
WITH starts, collect(d) AS more
WITH starts + more AS starts
OPTIONAL MATCH (t:Task {uid: $node})
WITH starts, collect(t) AS more
WITH starts + more AS starts
OPTIONAL MATCH (e:Event {uid: $node})
WITH starts, collect(e) AS more
WITH starts + more AS starts
OPTIONAL MATCH (o:Observation {uid: $node})
WITH starts, collect(o) AS more
WITH starts + more AS starts
OPTIONAL MATCH (y:Year {uid: $node})
WITH starts, collect(y) AS more
WITH starts + more AS starts
OPTIONAL MATCH (st:Sentence {uid: $node})
WITH starts, collect(st) AS more
WITH starts + more AS starts
OPTIONAL MATCH (sc:Section {uid: $node})
WITH starts, collect(sc) AS more
WITH starts + more AS starts
UNWIND starts[0..1] AS s
OPTIONAL MATCH (s)--(a)
WHERE any(l IN labels(a) WHERE l IN $labels)
  AND (a.year_from IS NULL OR (a.year_to >= $year_from AND a.year_from <= $year_to))
  AND (NOT a:Year OR (a.value >= $year_from AND a.value <= $year_to))
WITH s, collect(DISTINCT a) AS hop1
WITH s, hop1, CASE WHEN $depth >= 2 THEN [x IN hop1 WHERE NOT (x:Year OR x:Metric OR x:Document OR x:Section OR x:Bureau OR x:Place)] ELSE [] END AS via1
UNWIND CASE WHEN size(via1) = 0 THEN [null] ELSE via1 END AS v1
OPTIONAL MATCH (v1)--(b)
WHERE v1 IS NOT NULL AND b <> s AND NOT b IN hop1
  AND any(l IN labels(b) WHERE l IN $labels)
  AND (b.year_from IS NULL OR (b.year_to >= $year_from AND b.year_from <= $year_to))
  AND (NOT b:Year OR (b.value >= $year_from AND b.value <= $year_to))
WITH s, hop1, collect(DISTINCT b) AS hop2
WITH s, hop1, hop2, CASE WHEN $depth >= 3 THEN [x IN hop2 WHERE NOT (x:Year OR x:Metric OR x:Document OR x:Section OR x:Bureau OR x:Place)] ELSE [] END AS via2
UNWIND CASE WHEN size(via2) = 0 THEN [null] ELSE via2 END AS v2
OPTIONAL MATCH (v2)--(c)
WHERE v2 IS NOT NULL AND c <> s AND NOT c IN hop1 AND NOT c IN hop2
  AND any(l IN labels(c) WHERE l IN $labels)
  AND (c.year_from IS NULL OR (c.year_to >= $year_from AND c.year_from <= $year_to))
  AND (NOT c:Year OR (c.value >= $year_from AND c.value <= $year_to))
WITH s, hop1, hop2, collect(DISTINCT c) AS hop3
WITH s, [x IN hop1 | {node: x, distance: 1}] + [x IN hop2 | {node: x, distance: 2}] + [x IN hop3 | {node: x, distance: 3}] AS found
UNWIND CASE WHEN size(found) = 0 THEN [null] ELSE found END AS f
WITH s, f
ORDER BY f.distance, f.node.uid
LIMIT $limit
WITH s, collect(f.node) AS found, collect(CASE WHEN f IS NULL THEN null ELSE {uid: f.node.uid, distance: f.distance} END) AS distances
WITH s, found + [s] AS members, distances
// the relationships among the members, from their starts; a unit's or a district's are all
// MENTIONED_IN a sentence (thousands), read only when a sentence is a member
WITH s, members, distances, [m IN members WHERE NOT (m:Bureau OR m:Place) OR any(x IN members WHERE x:Sentence)] AS starts
UNWIND CASE WHEN size(starts) = 0 THEN [null] ELSE starts END AS a
OPTIONAL MATCH (a)-[r]->(b)
WHERE b IN members
WITH s, members, distances, collect(DISTINCT {source: a.uid, target: b.uid, type: type(r), doc: r.doc, evidence: r.evidence, basis: r.basis, span: r.span}) AS links
RETURN s.uid AS start, members AS nodes, distances, [l IN links WHERE l.target IS NOT NULL] AS relationships
