// name: owner_missing
// summary: Whether the store lacks the ownership aggregates (a store written before the writer kept them): one project with an OWNED_BY fact but no `owner_keys` (the newest of them).
MATCH (p:Project)-[:OWNED_BY]->(:Bureau)
WHERE p.owner_keys IS NULL
RETURN p.uid AS uid
LIMIT 1
