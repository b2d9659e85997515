// name: viz_node
// summary: One node by its uid, with its labels and properties (the centre of a viz page).
// param: uid: str — the node's uid
MATCH (n {uid: $uid})
RETURN n AS node
LIMIT 1
