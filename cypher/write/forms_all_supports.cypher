// name: forms_all_supports
// summary: Every complete Document's supports ("<entity uid>|<surface>"): read once, by graph/base.py ensure_forms, in a store written before the entities kept their surface forms' document counts.
MATCH (d:Document)
WHERE d.complete = true
RETURN d.supports AS supports
