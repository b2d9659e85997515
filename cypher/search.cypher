// name: search
// summary: Projects, bureaus, places and metrics whose name or any alias contains the text (any script, spacing ignored); exact names first.
// param: q: name — the text to look for
// param: label: str = "" — only this label (Project, Bureau, Place or Metric)
// param: limit: int = 20 — at most this many results
OPTIONAL MATCH (p:Project)
WHERE p.search CONTAINS $q_key
WITH collect(p) AS found
OPTIONAL MATCH (b:Bureau)
WHERE b.search CONTAINS $q_key
WITH found, collect(b) AS more
WITH found + more AS found
OPTIONAL MATCH (pl:Place)
WHERE pl.search CONTAINS $q_key
WITH found, collect(pl) AS more
WITH found + more AS found
OPTIONAL MATCH (m:Metric)
WHERE m.search CONTAINS $q_key
WITH found, collect(m) AS more
WITH found + more AS found
UNWIND found AS n
WITH n, labels(n)[0] AS label
WHERE $q_key <> '' AND ($label = '' OR label = $label)
WITH n, label, CASE WHEN any(k IN $q_keys WHERE k IN n.keys) THEN 0 ELSE 1 END AS rank
RETURN n.uid AS uid, label, n.name AS name, n.aliases AS aliases, n.kind AS kind, rank
ORDER BY rank, size(name), name
LIMIT $limit
