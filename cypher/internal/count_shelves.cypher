// name: count_shelves
// summary: How many of the graph's nodes are the writer's Shelf nodes (the order of the name-sorted pages, graph/shelves.py), for GET /api/v1/health to leave out of the graph's size, as count_bookkeeping does the Counts node. A lone label count: answered from the engine's counters.
MATCH (s:Shelf)
RETURN count(s) AS shelves
