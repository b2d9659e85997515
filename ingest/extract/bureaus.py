"""Bureau mentions: registry institutions named in running text, and the units of a 主责单位 cell.

Running text is matched only against the registry (full names and standard abbreviations), so a
phrase such as 区改革发展大局 never becomes an office; a 主责单位 cell is a list of units by
construction, so there the registry's generic rules expand abbreviations no entry lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.extract.names import names_pattern
from ingest.extract.text import Prepared
from ingest.registry import UNIT_SPLIT, Institution, Registry


@dataclass(frozen=True, slots=True)
class BureauHit:
    start: int  # compact-text offsets
    end: int
    institution: Institution


class BureauSpotter:
    """Example: ``BureauSpotter(reg).find(prepare("由区住建委牵头"))`` → one hit, 区住建委."""

    def __init__(self, registry: Registry):
        self.registry = registry
        names = sorted(set(registry.institution_names()), key=len, reverse=True)
        # 区-prefixed abbreviations are matched as written; full names also without 北京市
        variants = set(names)
        for n in names:
            if n.startswith("北京市东城区"):
                variants.add(n[3:])
        self._pattern = names_pattern(variants) or re.compile(r"(?!)")

    @property
    def names_pattern(self) -> re.Pattern:
        """Every institution name and abbreviation the spotter knows: names the tokenizer keeps whole."""
        return self._pattern

    def find(self, prep: Prepared) -> list[BureauHit]:
        out = []
        for m in self._pattern.finditer(prep.text):
            inst = self.registry.bureau(m.group())
            if inst is None:
                continue
            if inst.kind == "街道" and not m.group().endswith("办事处"):
                continue  # 景山街道 in running text is the area (a Place), not the office
            # 市教委 is not 区教委: an abbreviation must not be preceded by 市/省
            if m.start() > 0 and prep.text[m.start() - 1] in "市省" and m.group().startswith("区"):
                continue
            out.append(BureauHit(m.start(), m.end(), inst))
        return out


def split_units(cell_text: str) -> list[str]:
    """The entries of a 主责单位 cell: ``区规分局 区城管委`` → [区规分局, 区城管委]."""
    return [u for u in UNIT_SPLIT.split(re.sub(r"<[^>]+>", " ", cell_text)) if u]


def resolve_units(registry: Registry, cell_text: str) -> list[tuple[str, Institution]]:
    """(surface, institution) for each unit of a cell that the registry or its rules resolve."""
    out = []
    for unit in split_units(cell_text):
        inst = registry.expand_unit(unit)
        if inst is not None:
            out.append((unit, inst))
    return out
