"""Numbers, magnitudes and units in Chinese text.

Three layers, each usable on its own:

* :func:`parse_chinese_numeral` / :func:`parse_number`: a numeral string → a float
  (``"一千零五"`` → 1005, ``"1,234.5"`` → 1234.5, ``"两"`` → 2, ``"千"`` → 1000);
* :func:`find_quantities`: every *number + unit* in a working text, with its span, the unit as
  written (``1.2万块`` → 1.2 ``万块``; ``近千户`` → 1000 ``户``; ``超三成`` → 3 ``成``) and the
  approximation words around it (近, 超, 余, 左右 …);
* :func:`to_base`: a value in a written unit → the value in a base unit (3200 亿元 → 3.2e11 元).

The unit is kept *as written* (the facts format asks for it); the base unit is what makes two
figures comparable. Nothing here raises on odd input: a string that is not a number gives ``None``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# --------------------------------------------------------------------------- numerals

_CN_DIGIT = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL_CHARS = "零〇○一二两三四五六七八九十百千万亿"
_ZEROS = "零〇○"

_ARABIC_RE = re.compile(r"^[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?$")


def _parse_section(text: str) -> int | None:
    """A numeral below 10 000 (``"一千零五"``, ``"十五"``, ``"千"``); ``None`` if malformed.

    Strict on purpose: two digits in a row (``"四六"``, as in the street name 东四六条) are not a
    number, so place names made of numerals are not read as quantities.
    """
    if not text:
        return None
    total = 0
    digit: int | None = None
    last_small = 10_000  # multipliers must decrease: 一千二百 yes, 一百二千 no
    prev_zero = False
    for ch in text:
        if ch in _CN_DIGIT:
            if digit is not None and not prev_zero:
                return None
            d = _CN_DIGIT[ch]
            prev_zero = d == 0
            digit = None if d == 0 else d
            if d == 0 and last_small == 10_000:
                return None  # a leading 零 is not a number
        elif ch in _CN_SMALL:
            mult = _CN_SMALL[ch]
            if mult >= last_small:
                return None
            if digit is None:
                if prev_zero:
                    return None
                digit = 1  # 十五, 千亿: the leading 一 is implicit
            total += digit * mult
            digit = None
            last_small = mult
            prev_zero = False
        else:
            return None
    if digit is not None:
        total += digit
    return total


def parse_chinese_numeral(text: str) -> int | None:
    """Chinese numeral → int, or ``None``. Handles 万/亿 sections: ``"三万零五"`` → 30005.

    A bare magnitude is one of it (``"万"`` → 10000), as in 近万处.
    """
    if not text:
        return None
    if text in _ZEROS:
        return 0
    total = 0
    rest = text
    for big in ("亿", "万"):
        if big not in rest:
            continue
        head, _, rest = rest.partition(big)
        if big in rest:
            return None  # 万万: not a numeral
        if total:
            head = head.lstrip(_ZEROS)
            if not head:
                return None
        if not head:
            value: int | None = 1
        elif big == "亿":
            value = parse_chinese_numeral(head)  # 一万亿: the head may hold a 万
        else:
            value = _parse_section(head)
        if not value:
            return None
        total += value * _CN_BIG[big]
    if total:
        rest = rest.lstrip(_ZEROS)
    if rest:
        value = _parse_section(rest)
        if value is None:
            return None
        total += value
    return total if total or not rest else None


def parse_number(text: str) -> float | None:
    """Arabic (``"1,283.5"``, full-width digits too) or Chinese numeral → float; ``None`` otherwise."""
    if not isinstance(text, str):
        return None
    t = text.strip().translate(_FULLWIDTH)
    if not t:
        return None
    if _ARABIC_RE.match(t):
        try:
            value = float(t.replace(",", ""))
        except ValueError:  # pragma: no cover - the regex admits only valid floats
            return None
        return value if math.isfinite(value) else None
    value = parse_chinese_numeral(t)
    return float(value) if value is not None else None


_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")

# --------------------------------------------------------------------------- units

# Counters: what a number counts. Longest first so 万平方米 wins over 平方米 and 人次 over 人.
# Left out on purpose: 年/月/日/天/周/岁/号/层/级/期/米/千伏 (dates, ages, ordinals, addresses and
# definitional sizes are not measures of the district's work). 米 counts only after a dimension word
# (全长260米, 宽4米): see _DIMENSION_RE.
COUNTERS: tuple[str, ...] = (
    "元/平方公里", "微克/立方米",
    "平方公里", "平方米", "立方米", "公顷", "公里", "千米", "㎡",
    "美元", "元",
    "个百分点", "百分点", "%",
    "人次", "户次", "件次", "家次", "架次", "车次",
    "大类", "个", "家", "项", "条", "处", "户", "栋", "幢", "件", "场", "次", "名", "人", "成",
    "套", "所", "座", "张", "株", "棵", "类", "部", "届", "片", "辆", "台", "间", "册", "篇",
    "吨", "亩", "块", "宗", "份", "位", "分", "倍", "批", "种", "例", "组", "笔", "根", "盏",
)
_COUNTER_ALT = "|".join(re.escape(c) for c in sorted(COUNTERS, key=len, reverse=True))

_MAGNITUDE = {"万": 1e4, "亿": 1e8}

# Units whose base is another written unit, with a factor.
_BASE_UNITS: dict[str, tuple[str, float]] = {
    "㎡": ("平方米", 1.0),
    "千米": ("公里", 1.0),
    "成": ("%", 10.0),
    "个百分点": ("百分点", 1.0),
    "亿": ("元", 1e8),  # "150亿" in a sentence about funds is money
}


def to_base(value: float, unit: str) -> tuple[float, str]:
    """A value in its written unit → (value, base unit). 3200 亿元 → (3.2e11, 元); 3 成 → (30, %)."""
    u = (unit or "").strip().translate(_FULLWIDTH)
    if u in _BASE_UNITS:
        base, factor = _BASE_UNITS[u]
        return _round(value * factor), base
    if len(u) > 1 and u[0] in "万亿":
        factor = _MAGNITUDE[u[0]]
        inner, base = to_base(1.0, u[1:])
        return _round(value * factor * inner), base
    return _round(value), u


def _round(x: float) -> float:
    # 1.2 * 1e4 is 12000.000000000002 in floating point; base values are meant to compare equal.
    return float(round(x, 6)) if math.isfinite(x) else x


# --------------------------------------------------------------------------- quantities in text

_ARABIC = r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?"
_CN_NUM = r"[零〇一二两三四五六七八九十百千]+"
_ABOUT_AFTER = r"(?:余|多|来)"

# number, optional 余/多, optional magnitude 万/亿, optional 余/多, counter.
_QTY_RE = re.compile(
    rf"(?P<num>{_ARABIC}|{_CN_NUM})\s*(?P<a1>{_ABOUT_AFTER})?\s*"
    rf"(?P<mag>万亿|万|亿)?\s*(?P<a2>{_ABOUT_AFTER})?\s*"
    rf"(?P<unit>{_COUNTER_ALT})?"
)
# 近万处 / 超亿元: a bare magnitude stands for one of it.
# Money is left out: 超亿元楼宇 describes a building, it does not count one.
_BARE_MAG_RE = re.compile(rf"(?<=[近超逾约])(?P<mag>万|亿)(?P<a2>{_ABOUT_AFTER})?(?P<unit>{_COUNTER_ALT})")
_MONEY_UNITS = ("元", "美元", "元/平方公里")
# 3金1银1铜: medals count as their own units.
_MEDAL_RE = re.compile(
    r"(?P<num>[0-9]+|[一二两三四五六七八九十])\s*(?P<unit>金|银|铜)"
    r"(?=[0-9一二两三四五六七八九十]\s*[金银铜]|牌|[，。,；;、\s]|$)"
)

# A length, width or height stated of something (全长260米, 宽4米, 高约12米): 米 as a measure.
_DIMENSION_RE = re.compile(
    rf"(?:全长|总长|长度|宽度|高度|长|宽|高|深)\s*(?:约|近|达|为|仅)?\s*(?P<num>{_ARABIC})\s*(?P<unit>米)(?![0-9])"
)
# A minus sign, unless it closes a range or a date (2021-2025, 5-8%): then a digit precedes it.
# a character some pattern above needs (a digit, a Chinese numeral, a magnitude): none, no quantity
_NUMERAL = re.compile("[0-9零〇一二两三四五六七八九十百千万亿]")
_NEGATIVE_BEFORE = re.compile(r"(?:(?<![0-9A-Za-z])[-－−]|负)\s*$")
_APPROX_BEFORE = re.compile(r"(近|约|超过|超|逾|突破|不少于|不低于|不超过|低于|高于|以上|达到|达)\s*$")
_APPROX_AFTER = re.compile(r"\s*(左右|以上|以内|以下|上下)")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit in a text. ``start``/``end`` span the number through the unit."""

    value: float
    unit: str  # as written: 亿元, 万平方米, %, 户, 成, 亿 …
    start: int
    end: int
    numeral: str  # the number as written ("2,280", "千", "三")
    chinese: bool  # written in Chinese numerals
    approx: str | None = None  # 近, 超, 余, 左右 … (the value is the stated bound)

    @property
    def base(self) -> tuple[float, str]:
        return to_base(self.value, self.unit)


def find_quantities(text: str) -> list[Quantity]:
    """Every number that carries a unit or counter in ``text``, left to right, spans disjoint.

    Numbers without a unit (years, list numbers, phone numbers, 5G) are not quantities here; the
    caller decides which quantities measure something.
    """
    if not isinstance(text, str) or _NUMERAL.search(text) is None:
        return []  # every pattern below needs one of these: a third of the sentences have none
    return _find_quantities(text)


def _find_quantities(text: str) -> list[Quantity]:
    """:func:`find_quantities` without the pre-check (tests hold the two equal)."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for m in _MEDAL_RE.finditer(text):
        value = parse_number(m.group("num"))
        if value is not None:
            found.append(Quantity(value, m.group("unit"), m.start(), m.end(), m.group("num"),
                                  not m.group("num")[0].isdigit()))
            taken.append((m.start(), m.end()))
    for m in _QTY_RE.finditer(text):
        q = _quantity(text, m)
        if q and not any(a < q.end and q.start < b for a, b in taken):
            found.append(q)
    for m in _DIMENSION_RE.finditer(text):
        if any(q.start < m.end() and m.start("num") < q.end for q in found):
            continue
        value = parse_number(m.group("num"))
        if value is not None:
            found.append(Quantity(value, "米", m.start("num"), m.end(), m.group("num"), False,
                                  _approx(text, m.start("num"), m.end(), None)))
    for m in _BARE_MAG_RE.finditer(text):
        if m.group("unit") in _MONEY_UNITS:
            continue
        if any(a < m.end() and m.start() < b for a, b in taken) or any(
            q.start < m.end() and m.start() < q.end for q in found
        ):
            continue
        found.append(Quantity(1.0, m.group("mag") + m.group("unit"), m.start(), m.end(),
                              m.group("mag"), True, _approx(text, m.start(), m.end(), None)))
    found.sort(key=lambda q: q.start)
    return found


def _quantity(text: str, m: re.Match[str]) -> Quantity | None:
    num, mag, unit = m.group("num"), m.group("mag"), m.group("unit")
    chinese = not num[0].isdigit()
    if not unit:
        # A bare 亿 ("150亿新能源基金") is money; a bare 万 is too ambiguous to keep.
        if mag != "亿" or chinese:
            return None
        unit = ""
    # 千亿元: 千 is the number, 亿 the magnitude. A Chinese numeral needs a real counter.
    if chinese and unit in ("%", "百分点", "个百分点", "分", "倍"):
        return None
    start = m.start("num")
    if not chinese and start > 0 and (text[start - 1].isalnum() and text[start - 1].isascii()):
        return None  # P2P, 5G-A, B2: part of a code, not a number
    value = parse_number(num)
    if value is None:
        return None
    if not chinese and _NEGATIVE_BEFORE.search(text, max(0, start - 2), start):
        value = -value  # 增长-3.2%: a fall written as negative growth
    written = (mag or "") + unit
    if m.group("unit") == "分" and text[m.end("unit"):m.end("unit") + 1] == "钟":
        return None  # 15分钟: a time span
    return Quantity(value, written, start, m.end(), num, chinese,
                    _approx(text, start, m.end(), m.group("a1") or m.group("a2")))


def _approx(text: str, start: int, end: int, inner: str | None) -> str | None:
    before = _APPROX_BEFORE.search(text, max(0, start - 4), start)
    if before:
        return before.group(1)
    if inner:
        return inner
    after = _APPROX_AFTER.match(text, end)
    return after.group(1) if after else None
