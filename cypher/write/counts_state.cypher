// name: counts_state
// summary: The labels and relationship types whose totals the Counts node keeps (none: a store written before the totals were kept).
MATCH (c:Counts {uid: 'counts'})
RETURN c.labels AS labels, c.types AS types
