// name: count_bookkeeping
// summary: How many of the graph's nodes are the store's own bookkeeping (the Counts node the writer keeps its totals on, graph/model.py), for GET /api/v1/health to leave out of the graph's size. A lone label count: answered from the engine's counters.
MATCH (c:Counts)
RETURN count(c) AS bookkeeping
