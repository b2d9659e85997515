// name: shelves_clear
// summary: Remove every Shelf node of one label (graph/shelves.py), before graph/base.py ensure_shelves builds them again.
// param: of: str — the shelved label
MATCH (s:Shelf {of: $of})
DELETE s
RETURN count(*) AS removed
