// name: nodes
// summary: The whole graph's nodes for networkx (GraphML export, analyses); Sentence and Section nodes only when asked.
// param: with_text: bool — include Sentence and Section nodes
MATCH (n)
WHERE ($with_text OR NOT (n:Sentence OR n:Section)) AND NOT n:Counts AND NOT n:Shelf
RETURN n AS node
