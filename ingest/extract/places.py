"""Place mentions: the district's streets (X街道, and lists such as 景山、东四、龙潭街道) and
business districts (X商圈, 前门、王府井…五大商圈)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.extract.text import Prepared
from ingest.extract.tokens import pos_of, tokenize
from ingest.registry import Registry

_SEP = "、"


@dataclass(frozen=True, slots=True)
class PlaceHit:
    start: int
    end: int
    name: str  # canonical (景山街道, 永定门外街道, 王府井)
    kind: str  # 街道 | 商圈


class PlaceSpotter:
    """Example: ``PlaceSpotter(reg).find(prepare("景山、东四街道"))`` → 景山街道, 东四街道."""

    def __init__(self, registry: Registry):
        self.registry = registry
        streets = sorted(registry.streets, key=len, reverse=True)
        alt = "|".join(map(re.escape, streets))
        # a run of street names joined by 、 and closed by 街道 (the list shares the suffix)
        self._streets = re.compile(rf"((?:(?:{alt})、)*(?:{alt}))街道(?!办事处)")
        self._street_name = re.compile(alt)
        # a run of 2-4 character names closed by (N大)商圈
        self._districts = re.compile(r"((?:[\u4e00-\u9fff]{2,4}、)*[\u4e00-\u9fff]{2,4}?)"
                                     r"(?:[一二三四五六七八九十两\d]+大|等)?商圈")

    def find(self, prep: Prepared) -> list[PlaceHit]:
        out: list[PlaceHit] = []
        text = prep.text
        if "街道" not in text and "商圈" not in text and "地区" not in text:
            return out  # every pattern below ends in one of these
        for m in self._streets.finditer(text):
            pos = m.start(1)
            for item in m.group(1).split(_SEP):
                short = self.registry.streets.get(item, item)
                out.append(PlaceHit(pos, pos + len(item) + (2 if pos + len(item) == m.end(1) else 0),
                                    f"{short}街道", "街道"))
                pos += len(item) + 1
        for m in self._districts.finditer(text):
            pos = m.start(1)
            for item in m.group(1).split(_SEP):
                if _district_name(item):
                    out.append(PlaceHit(pos, pos + len(item), item, "商圈"))
                pos += len(item) + 1
        for m in _AREA.finditer(text):
            if m.group(1) in self.registry.streets:
                out.append(PlaceHit(m.start(1), m.end(), m.group(1) + "地区", "片区"))
        return out


# a street short name + 地区 opening a list item or clause (its 片区)
_AREA = re.compile(r"(?:^|(?<=[、，。；：\s等和及]))([\u4e00-\u9fff]{2,3})地区")
_NOT_NAMES = re.compile(r"[的和及与在对将为以由把了并从向推动进加快打造提升深化传统特色高品质各大重点]")


_VERBISH = frozenset({"v", "vd", "vn", "ad", "d", "a", "p", "c", "u", "r"})


def _district_name(item: str) -> bool:
    """A business district's name: short, no function words, no verb (走访商圈 is not one)."""
    if not 2 <= len(item) <= 4 or _NOT_NAMES.search(item):
        return False
    return not any(pos_of(t.word) in _VERBISH for t in tokenize(item))
