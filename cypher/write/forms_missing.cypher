// name: forms_missing
// summary: The entities without `form_docs` (a store written before the writer kept their surface forms' document counts): label and uid of each, for graph/base.py ensure_forms.
MATCH (n:Project)
WHERE n.form_docs IS NULL
RETURN 'Project' AS label, n.uid AS uid
UNION ALL
MATCH (n:Bureau)
WHERE n.form_docs IS NULL
RETURN 'Bureau' AS label, n.uid AS uid
UNION ALL
MATCH (n:Place)
WHERE n.form_docs IS NULL
RETURN 'Place' AS label, n.uid AS uid
