// name: entity_state
// summary: The shared entities a replace or delete touches, by uid: their label, name, kind, and their surface forms with the number of complete documents naming them by each (forms/form_docs, kept by the writer).
// param: uids: list — uids of projects, bureaus and places
UNWIND $uids AS u
OPTIONAL MATCH (p:Project {uid: u})
OPTIONAL MATCH (b:Bureau {uid: u})
OPTIONAL MATCH (pl:Place {uid: u})
WITH coalesce(p, b, pl) AS n, CASE WHEN p IS NOT NULL THEN 'Project' WHEN b IS NOT NULL THEN 'Bureau' ELSE 'Place' END AS label
WHERE n IS NOT NULL
RETURN label, n.uid AS uid, n.name AS name, n.kind AS kind, n.forms AS forms, n.form_docs AS form_docs
