// name: relationships
// summary: The whole graph's relationships for networkx, by the uids of their ends; those touching Sentence and Section nodes only when asked.
// param: with_text: bool — include relationships of Sentence and Section nodes
MATCH (a)-[r]->(b)
WHERE $with_text OR NOT (a:Sentence OR a:Section OR b:Sentence OR b:Section)
RETURN a.uid AS source, b.uid AS target, type(r) AS type, r AS rel
