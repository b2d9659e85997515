"""The project in focus: what 该项目 / 此项目 / 本项目 / 项目 / 此次退租 / 这里 refer to.

A news report names its project in the headline or its first sentences and then calls it 该项目,
本次退租, 项目 (项目于2021年完成签约) or 这里. ``FocusTracker`` walks a document's sentences in
order and says, for each anaphor, which project it refers to:

* an earlier project mention **in the same sentence** (甲项目启动，该项目位于…);
* else the **project in focus**: the first project the document names (its headline), replaced by
  the project a later sentence is about — the only project it names, or the one it opens with. A
  sentence that lists several projects in its middle does not move the focus (a list is not a
  topic).

The focus keeps the undertaking as the document names it, too (``said``: 甲片区申请式退租 where the
entity is the site 甲片区): an anaphor's events and a unit that carries out the focus (由区政府确定
X负责实施) are the undertaking's, as the headline's events are.

One tracker per document; it holds the document's focus while the sentences are walked and nothing
else (no module state).

Example::

    tracker = FocusTracker()
    tracker.observe("晨光棚改项目启动。", [ProjectInSentence("晨光棚改项目", 0, 6)])
    tracker.resolve("项目于2030年完成签约。", [])
    # [ProjectInSentence(name='晨光棚改项目', wstart=0, wend=2, listed=False)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.extract.events import ProjectInSentence

# 该/此/本/这个 + a word for the undertaking; 此次/本次 + its work; a clause-initial bare 项目/工程
_ANAPHOR = re.compile(
    r"(?:该|此|本|这个|这一|这项)(?:棚改|改造|整治)?(?:项目|工程|小区|片区|地区|产业园|园区|施工)"
    r"|(?:此次|本次|这次)(?:申请式退租|退租|腾退|征收|搬迁|改造|整治|修缮|棚改|委托协议)"
    r"|(?:(?<=^)|(?<=[，,。；;：:\s]))(?:项目|工程)(?=[于已将在共目正自从由])"
    r"|这里"
)
# a sentence "opens with" a project when its mention starts this close to the sentence's start
_OPENING = 6


@dataclass(frozen=True, slots=True)
class Anaphor:
    """An anaphor's working-text span in a sentence."""

    start: int
    end: int
    surface: str


def anaphors(text: str) -> list[Anaphor]:
    """The anaphors of a sentence's working text (该项目, 本次退租, clause-initial 项目 …)."""
    if _ANAPHOR_CHAR.search(text) is None:
        return []  # two sentences in three: the pattern's lookbehinds make its own scan slow
    return [Anaphor(m.start(), m.end(), m.group()) for m in _ANAPHOR.finditer(text)]


# a character every anaphor above opens with (该 此 本 这, or 项目/工程 on their own)
_ANAPHOR_CHAR = re.compile("[该此本这项工]")


@dataclass(slots=True)
class FocusTracker:
    """The project in focus while a document's sentences are walked in order."""

    focus: str | None = None
    # the focus as the document names its undertaking (甲片区申请式退租 for the entity 甲片区)
    said: str | None = None
    _history: list[str] = field(default_factory=list)

    def resolve(self, text: str, found: list[ProjectInSentence]) -> list[ProjectInSentence]:
        """The anaphors of ``text`` as mentions of the project they refer to (``found``: the
        sentence's own project mentions, which anaphors never overlap)."""
        out: list[ProjectInSentence] = []
        for a in anaphors(text):
            if any(p.wstart < a.end and a.start < p.wend for p in found):
                continue  # part of a name (本项目 inside a longer mention)
            earlier = [p for p in found if p.wend <= a.start]
            name, said = (earlier[-1].name, earlier[-1].said) if earlier else (self.focus, self.said)
            if name is not None:
                out.append(ProjectInSentence(name, a.start, a.end, said=said if said != name else None))
        return out

    def observe(self, text: str, found: list[ProjectInSentence]) -> None:
        """Move the focus after a sentence with its own project mentions (``found``)."""
        names = list(dict.fromkeys(p.name for p in found))
        if not names:
            return
        lead = min(found, key=lambda p: p.wstart)
        if self.focus is None or len(names) == 1 or lead.wstart <= _OPENING:
            # one name: the lead is a mention of it; several: the sentence's topic is its lead
            self.focus, self.said = lead.name, lead.event_name
            self._history.append(self.focus)

    @property
    def history(self) -> list[str]:
        """Every project that was in focus, in order (for tests and diagnostics)."""
        return list(self._history)
