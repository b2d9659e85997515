// name: cypher_request
// summary: The example body of POST /api/v1/cypher in the OpenAPI schema: the projects of the units whose name contains a word.
// param: unit: str — part of a unit's name
MATCH (p:Project)-[:OWNED_BY]->(b:Bureau) WHERE b.name CONTAINS $unit RETURN p.name AS project, b.name AS bureau LIMIT 10
