"""Project families: a phase or part of a project (its 二期, its 南坊, its 3号地块) and the project.

A part's name is its family's name followed by a *part suffix*; the suffixes are grammar, not
names:

* a phase: a numeral + 期 (一期, 二期, 十二期, 2期), also in brackets (（二期）);
* a directional part of a site: 东/西/南/北/中 (or two of them: 东南) + 坊, 院, 区, 片, 块, 楼, 段;
* a plot: 地块, or a numbered plot (3号地块, A2地块, 三号地);
* a numbered section or lot: 3号楼, 2标段.

The suffix is looked for at the end of the project's resolution key (:func:`ingest.resolve.
project_key`: no district prefix, no 项目/工程, no work words), so 某园三期改造工程 is the part
三期 of 某园, and a part named on a project (某里项目3号地块) is the part of 某里项目. The stem left
is the family's name; the parent is the stored project whose uid that name resolves to (the
uid is the key's hash: the same folding the alias registry uses). Phases of phases (某寺二期南坊)
climb one suffix at a time to the nearest stored ancestor.

Example::

    >>> part_suffix("某寺二期")
    ('某寺', '二期')
    >>> part_suffix("某寺") is None
    True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.resolve import entity_uid, project_key

_NUM = "一二三四五六七八九十百零〇两0-9０-９"
_DIR = "东西南北中"
_PART = re.compile(
    rf"(?:[(（]?[{_NUM}]+期[)）]?"  # phases: 二期, （三期）
    rf"|[{_DIR}]{{1,2}}[坊院区片块楼段]"  # directional parts: 南坊, 东院, 西区
    rf"|(?:[A-Za-z{_NUM}]+号?)?地块"  # plots: 地块, 3号地块, A2地块
    rf"|[A-Za-z{_NUM}]+号地"  # 三号地
    rf"|[A-Za-z{_NUM}]+(?:号楼|标段))$"  # numbered buildings and lots
)
_MIN_STEM = 2  # a family name has at least two characters (南区, 二期 alone are not parts)


def part_suffix(name: str) -> tuple[str, str] | None:
    """``(stem, suffix)`` when ``name`` (as its resolution key) ends in a part suffix and what is
    left is long enough to name a project; else None."""
    key = project_key(name)
    m = _PART.search(key)
    if m is None or m.start() < _MIN_STEM:
        return None
    stem = key[: m.start()]
    if stem[-1] in "(（":
        stem = stem[:-1]
    return (stem, m.group().strip("()（）")) if len(stem) >= _MIN_STEM else None


@dataclass(frozen=True, slots=True)
class PartOf:
    """``part`` (a project's uid) is a phase or part of ``parent`` (uid); ``suffix`` is the part
    (二期, 南坊 …) as its name carries it."""

    part: str
    parent: str
    suffix: str

    def row(self) -> dict[str, str]:
        return {"part": self.part, "parent": self.parent, "suffix": self.suffix}


def family_links(projects: Iterable[tuple[str, str, Iterable[str]]]) -> list[PartOf]:
    """The PART_OF links among ``projects`` (uid, name, aliases): each project whose name (or,
    failing that, an alias) ends in a part suffix is linked to the nearest project of the list
    its stem resolves to. Sorted by part uid; deterministic whatever the order given."""
    listed = {uid: (name, tuple(aliases or ())) for uid, name, aliases in projects}
    out: list[PartOf] = []
    for uid, (name, aliases) in sorted(listed.items()):
        link = None
        for surface in (name, *sorted(aliases)):
            link = _nearest_parent(surface, uid, listed)
            if link is not None:
                break
        if link is not None:
            out.append(PartOf(part=uid, parent=link[0], suffix=link[1]))
    return out


def _nearest_parent(name: str, uid: str, listed: dict) -> tuple[str, str] | None:
    """Strip part suffixes one at a time until the stem names a listed project other than
    ``uid``: (its uid, the suffix naming the part)."""
    current, suffixes = name, []
    for _ in range(4):
        split = part_suffix(current)
        if split is None:
            return None
        current, suffix = split
        suffixes.insert(0, suffix)
        parent = entity_uid("Project", current)
        if parent != uid and parent in listed:
            return parent, "".join(suffixes)
    return None
