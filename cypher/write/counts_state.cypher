// name: counts_state
// summary: The labels and relationship types whose totals the Counts node keeps (none: a store written before the totals were kept), and the Years it keeps the relationship counts of (kept; null: a store written before those were kept).
MATCH (c:Counts {uid: 'counts'})
RETURN c.labels AS labels, c.types AS types, c.kept AS kept
