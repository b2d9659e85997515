"""Projects listed as the members of a counted class: ``安排教育项目22个。包括A、B、C等。`` or
``共涉及41个小区，包括A、B、C等``.

A news report or a plan often names a class of projects with a count, then lists some of them
after 包括 / 包含 / 其中有. The items are projects although the list itself says nothing happens
to them (no stage word): the class clause — in the same sentence before 包括, or in the sentence
before — is what makes them projects. An item must look like a name: no verb, no clause
punctuation, and either a project head (学校, 公寓, 院区 …, ``lexicon.PROJECT_HEADS``), a
numbered site (某街64号院, 某胡同12号楼) or a word jieba's dictionary files as a proper name.

Example::

    InclusionLists().find(prepare("包括晨光小学、青藤公寓等。"), previous="安排教育项目2个。")
    # two spans: 晨光小学, 青藤公寓
"""

from __future__ import annotations

import re

from ingest.extract.lexicon import NUMERALS, PROJECT_HEADS
from ingest.extract.projects import Span, head_of
from ingest.extract.text import Prepared
from ingest.extract.tokens import pos_of

_INTRO = re.compile(r"(?:包括|包含|其中有|涉及)(?P<items>[^，,。；;！？!?]*?)(?=等|[，,。；;]|$)")
_COUNT = rf"[0-9{NUMERALS}]+"
# a counted class of projects: 教育项目22个, 41个小区, 8个项目, 一批院落
_CLASS = re.compile(rf"(?:项目|工程|小区|院落|地块|安置房)(?:共有|共|有|达)?{_COUNT}[个项处]"
                    rf"|{_COUNT}[个项处栋](?:[\u4e00-\u9fff]{{0,8}}?)(?:项目|工程|小区|院落|地块)")
_NUMBERED_SITE = re.compile(r"\d+号(?:院|楼)$")
# what a member of a counted class of projects may end with besides a project head
_SITE_END = re.compile(r"(?:社区|基地|中心|园|馆|站|厂|院|村|庄|屯|营|寨|堡)$")
_ITEM_STOP = re.compile(r"[，,：:“”\"《》]")
_PROPER_POS = frozenset({"ns", "nr", "nrt", "nz", "nt"})
_MIN_ITEMS = 2
_MAX_ITEM = 24


class InclusionLists:
    """Stateless; see the module docstring."""

    def find(self, prep: Prepared, previous: str | None = None) -> list[Span]:
        text = prep.text
        out: list[Span] = []
        for m in _INTRO.finditer(text):
            context = text[:m.start()]
            if not (_CLASS.search(context) or (previous and _CLASS.search(previous))):
                continue
            items = m.group("items")
            if "、" not in items:
                continue
            pos = m.start("items")
            parts = items.split("、")
            if m.end() == len(text):
                parts = parts[:-1]  # the text stops inside the last item (a page's excerpt)
            if len(parts) < _MIN_ITEMS:
                continue
            spans = []
            for part in parts:
                if _is_name(prep, part, pos):
                    head = head_of(part)
                    spans.append(Span(pos, pos + len(part), PROJECT_HEADS[head] if head else None, "member"))
                pos += len(part) + 1
            # most items must be names: a list of activities (拆违、整治、绿化) is not a list of projects
            if len(spans) * 2 > len(parts):
                out += spans
        return out


def _is_name(prep: Prepared, part: str, pos: int) -> bool:
    if not 3 <= len(part) <= _MAX_ITEM or _ITEM_STOP.search(part):
        return False
    if head_of(part) or _NUMBERED_SITE.search(part) or _SITE_END.search(part):
        return True
    toks = [t for t in prep.tokens if pos <= t.start and t.end <= pos + len(part)]
    if len(toks) < 2 or any(pos_of(t.word) in ("v", "vn") and len(t.word) >= 2 for t in toks):
        return False  # a bare place name (东城、西城) is where projects are, not one of them
    return any(pos_of(t.word) in _PROPER_POS for t in toks)
