// name: metric_shelf_counts
// summary: How many observations the store holds against how many entries the metrics' two orders hold (graph/shelves.py, `entries:` and `series:` Shelf nodes): twice as many when they are kept, else they are built again.
MATCH (o:Observation)
RETURN count(o) AS observations, 0 AS entries
UNION ALL
MATCH (s:Shelf)
WHERE s.of STARTS WITH 'entries:' OR s.of STARTS WITH 'series:'
RETURN 0 AS observations, sum(size(s.uids)) AS entries
