// name: forms_set
// summary: Set the entities' surface forms and, parallel, the number of complete documents naming them by each (forms/form_docs), for graph/base.py ensure_forms.
// param: rows: list — {label, uid, forms, form_docs}
UNWIND [r IN $rows WHERE r.label = 'Project'] AS row
MATCH (n:Project {uid: row.uid})
SET n.forms = row.forms, n.form_docs = row.form_docs
WITH count(*) AS _
UNWIND [r IN $rows WHERE r.label = 'Bureau'] AS row
MATCH (n:Bureau {uid: row.uid})
SET n.forms = row.forms, n.form_docs = row.form_docs
WITH count(*) AS _
UNWIND [r IN $rows WHERE r.label = 'Place'] AS row
MATCH (n:Place {uid: row.uid})
SET n.forms = row.forms, n.form_docs = row.form_docs
RETURN count(*) AS set
