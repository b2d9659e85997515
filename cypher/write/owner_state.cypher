// name: owner_state
// summary: The ownership aggregates stored on every project that has them (graph/owners.py), to check them against the OWNED_BY facts (owner_all_edges).
MATCH (p:Project)
WHERE p.owners IS NOT NULL
RETURN p.uid AS uid, p.owners AS owners, p.owner_keys AS owner_keys, p.owner_rank AS owner_rank, p.owner_units AS owner_units, p.owner_supports AS owner_supports, p.owner_documents AS owner_documents, p.owner_doc AS owner_doc, p.owner_task AS owner_task, p.owner_relation AS owner_relation, p.owner_bases AS owner_bases, p.owner_sole_tasks AS owner_sole_tasks, p.owner_ev_basis AS owner_ev_basis, p.owner_ev_doc AS owner_ev_doc, p.owner_ev_sentence AS owner_ev_sentence, p.owner_ev_text AS owner_ev_text, p.owner_ev_start AS owner_ev_start, p.owner_ev_end AS owner_ev_end
ORDER BY uid
