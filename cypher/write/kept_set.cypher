// name: kept_set
// summary: Set the Counts node's kept lists (graph/model.py KEPT): the Years and, parallel, the IN_YEAR relationships pointing at each, for graph/base.py ensure_kept.
// param: kept: list — uids
// param: kept_uses: list — counts, parallel
MATCH (c:Counts {uid: 'counts'})
SET c.kept = $kept, c.kept_uses = $kept_uses
RETURN count(c) AS set
