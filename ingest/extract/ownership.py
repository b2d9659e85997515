"""Ownership a sentence states: 由X牵头 / X负责 / X为实施主体 with a project in the same sentence.

(Task-table ownership, ``table_column``, is read with the task rows in ``tasks.py``; the
cross-document ``inferred_via_task`` in ``ingest/link.py``.)
"""

from __future__ import annotations

import re

from ingest.extract.bureaus import BureauHit
from ingest.types import Ownership, Sentence

# the unit must sit right before the verb (由区住建委牵头, 区文旅局负责, 以区商务局为实施主体)
_STATED = re.compile(r"(?:由)?(?P<unit>\S{2,30}?)(?:牵头|负责实施|负责推进|为实施主体|作为实施主体|具体负责)")


class StatedOwnership:
    def run(self, sentence: Sentence, bureaus: list[tuple[BureauHit, int, int]],
            projects: list[str]) -> list[Ownership]:
        """``bureaus``: hits with their working-text span. One record per (project, unit)."""
        if not projects or not bureaus:
            return []
        out: list[Ownership] = []
        for m in _STATED.finditer(sentence.text):
            verb_at = m.end("unit")
            owners = [h.institution for h, _s, e in bureaus if e == verb_at and not h.institution.collective]
            for inst in owners:
                for p in projects:
                    out.append(Ownership(project=p, bureau=inst.name, basis="stated",
                                         source=sentence.source()))
        return out
