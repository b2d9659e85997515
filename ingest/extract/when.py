"""When a sentence's fact happened: its year, tense and (for metrics) period, anchored on the document date.

Two inputs decide: the sentence's section ``TimeContext`` (what its heading says: 过去五年 →
"2017-2021"/done, 2022年重点工作 → 2022/planned) and the *anchor*, the date the text was written
on (the manifest's date, else the text's own date line; in a file that concatenates several pages,
the nearest date line before the sentence: :func:`anchor_dates`). The sentence's own cues win over
the section's defaults:

==========================================  ==================================================
the sentence says                           year
==========================================  ==================================================
2018年, 二〇一八年, 18年 (the anchor's century)  that year (one distinct year; several: the context)
2016-2020年, 2016年至2020年                     "2016-2020"
今年, 年内, 年底, 目前, 近日, 日前, 截至目前,      the anchor's year
  上半年/下半年/前三季度 (no year), X月X日
去年 / 前年 / 明年                               the anchor's year − 1 / − 2 / + 1
X年来, X年以来, 过去X年, 近X年                    "A-(X-1) - A" with A the last full year (the anchor's
                                                year, or the one before when dated before July)
2016年以来, 去年9月以来                            an event: the start (2016, last year); a figure's
                                                total: "2016 - A" (去年…以来 does not date it)
八十年代                                          "1980-1989"
==========================================  ==================================================

Several years in one sentence leave it to the section (:func:`time_at` reads the one before a given
position); of several relative cues the first governs. A heading that itself names a time
(2022年重点工作) holds over a year the sentence names (:func:`states_time`).

Tense: 预计 → expected; else the section's tense when a heading gives one; else 将, 计划, 拟, 力争,
争取, 确保, 目标, 要, 明年 → planned; else done. Words inside 《…》 do not count. Period: 上半年 |
前三季度 | 年底 (年底, 年末, 截至X月) | 累计 | the section's.

Example::

    >>> w = resolve_time("今年将完成改造", TimeContext(), "2030-03-29")
    >>> (w.year, w.tense)
    (2030, 'planned')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.numbers import parse_chinese_numeral
from ingest.types import Section, Sentence, Tense, TimeContext, Year

# --------------------------------------------------------------------------- years in a text

_CN_YEAR_DIGITS = "〇○零一二三四五六七八九"
# A year that dates what the sentence says. Not a range's start (2018-2020年 is a span), not 以来
# (a start: see _SINCE_YEAR), not a batch's label (推动2030年23个小区整治: a count follows; a month
# does not make it one).
_YEAR = re.compile(
    r"(?<![\d.])((?:19|20)\d\d)\s*年(?!\s*[—\-－~～至到]\s*(?:19|20)?\d\d)(?!\s*[0-9]+(?![0-9]|\s*月))(?!以来|来)"
)
# A title's years name the title (《2018年-2020年某行动方案》), not the time of the sentence.
_TITLE = re.compile(r"《[^《》\n]{0,80}》")
_CN_YEAR = re.compile(rf"(?<![{_CN_YEAR_DIGITS}])([{_CN_YEAR_DIGITS}]{{4}})\s*年")
# 18年: a two-digit year, only where it is clearly a calendar year (followed by a month or 底/初).
_SHORT_YEAR = re.compile(r"(?<![\d.])([0-2]\d)\s*年(?=\s*(?:\d{1,2}\s*月|底|初|末|上半年|下半年))")
_SPAN = re.compile(r"(?<![\d.])((?:19|20)\d\d)\s*年?\s*[-—–~～至到]\s*((?:19|20)\d\d)\s*年")
_YEARS_SINCE = re.compile(
    r"(?:([0-9]+|[一二两三四五六七八九十]+)\s*年(?:以)?来|(?:过去|近)\s*([0-9]+|[一二两三四五六七八九十]+)\s*年(?!\s*[\d底初]))"
)
# 八十年代: a decade of the last century
_DECADE = re.compile(r"(?<![一二三四五六七八九十])([一二三四五六七八九])十年代")
# 自2013年以来 / 2013年以来: from that year up to the last full year
_SINCE_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d\d)\s*年\s*(?:以来|来)")
_SINCE = re.compile(r"[^，,。；;]{0,6}?(?:以来|起)")
_RELATIVE = (
    (re.compile(r"前年"), -2),
    (re.compile(r"去年(?!同期)"), -1),  # 上年 is nearly always a comparison base (比上年, 上年同期)
    (re.compile(r"明年|来年"), +1),
)
_THIS_YEAR = re.compile(
    r"今年|本年度|(?<![\d\s〇○零一二三四五六七八九十])(?:年内|年底前|年底|年末)|目前|近日|日前|近期|截至目前|截止目前|眼下|现阶段|"
    r"(?<![\d年])\d{1,2}\s*月\s*\d{1,2}\s*日|(?<!年)上半年|(?<!年)下半年|(?<!年)前三季度|(?<!年)一季度"
)
_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*日")

# --------------------------------------------------------------------------- tense and period

_EXPECTED = re.compile(r"预计|预期将")
_PLANNED = re.compile(r"将|计划|拟|力争|争取|确保|目标|要|明年|预期目标|年内完成|年底前完成")
# words that look like plan words but state a fact: 将近 (nearly), 将军, 要求 of a policy, 目标客群
_NOT_PLANNED = re.compile(r"将近|将军|即将|要求|重要|主要|需要|要素|目标客群|必要|只要")
_PERIODS = (
    (re.compile(r"上半年"), "上半年"),
    (re.compile(r"前三季度"), "前三季度"),
    (re.compile(r"累计"), "累计"),
    (re.compile(r"年底|年末|截至\s*\d{1,2}\s*月(?:底|末)?"), "年底"),
)


@dataclass(frozen=True, slots=True)
class Anchor:
    """The date a sentence's relative time is read against: ``date``, and the document's own date
    when a date line inside the file moved the anchor away from it (a concatenated file)."""

    date: str | None
    document: str | None = None

    @property
    def moved(self) -> bool:
        return self.date != self.document


AnchorLike = Anchor | str | int | None


def _split(anchor: AnchorLike) -> tuple[str | None, Anchor | None]:
    if isinstance(anchor, Anchor):
        return anchor.date, anchor
    return (str(anchor) if anchor is not None else None), None


@dataclass(frozen=True, slots=True)
class When:
    """The time of one fact. ``explicit``: the year comes from the sentence itself."""

    year: Year | None
    tense: Tense
    period: str | None
    explicit: bool = False


# an anchor date's parts (compiled once: every quantity of every sentence asks)
_ANCHOR_YEAR = re.compile(r"(\d{4})")
_ANCHOR_MONTH = re.compile(r"\d{4}-(\d{1,2})")
_ANCHOR_DAY = re.compile(r"\d{4}-(\d{1,2})(?:-(\d{1,2}))?")


def anchor_year(anchor: str | None) -> int | None:
    """The year of a date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``): ``anchor_year("2030-03") == 2030``."""
    m = _ANCHOR_YEAR.match(anchor or "")
    return int(m.group(1)) if m else None


def _anchor_month(anchor: str | None) -> int | None:
    m = _ANCHOR_MONTH.match(anchor or "")
    return int(m.group(1)) if m else None


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return parse_chinese_numeral(text)


def _cn_year(text: str) -> int | None:
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    digits.update({"〇": 0, "○": 0})
    value = "".join(str(digits[c]) for c in text if c in digits)
    year = int(value) if len(value) == 4 else None
    return year if year and 1900 <= year <= 2099 else None


def explicit_years(text: str, anchor: str | None = None) -> list[int]:
    """The calendar years a text names, in order: 2018年, 二〇一八年, and 18年 when a month or 底
    follows it (the anchor's century). Years inside a span (2018-2020年) are not listed.

    Example: ``explicit_years("二〇一八年三月和2019年底") == [2018, 2019]``.
    """
    text = _TITLE.sub(lambda m: " " * len(m.group()), text)
    spans = [(m.start(), m.end()) for m in _SPAN.finditer(text)]
    found: list[tuple[int, int]] = []
    for m in _YEAR.finditer(text):
        if not any(a <= m.start() < b for a, b in spans):
            found.append((m.start(), int(m.group(1))))
    for m in _CN_YEAR.finditer(text):
        if (y := _cn_year(m.group(1))) is not None:
            found.append((m.start(), y))
    century = (anchor_year(anchor) or 2000) // 100 * 100
    for m in _SHORT_YEAR.finditer(text):
        if not any(a <= m.start() < b for a, b in spans):
            y = century + int(m.group(1))
            ay = anchor_year(anchor)
            if ay is None or y <= ay + 1:
                found.append((m.start(), y))
    return [y for _, y in sorted(found)]


def relative_year(text: str, anchor: str | None, tense: Tense = "done", since: str = "span") -> Year | None:
    """The year a relative cue in ``text`` names against the anchor date, or ``None``.

    The first cue in the text wins. A month and day without a year (3月29日) is the anchor's year,
    or the year before when the text reports it as done and that day comes after the anchor (a
    January page on 10月20日).

    Example: ``relative_year("去年完成", "2030-05-01") == 2029``;
    ``relative_year("五年来累计", "2030-01-10") == "2025-2029"``.
    """
    cues = relative_cues(text, anchor, tense, since)
    # the first cue governs the sentence's main clause (今年将开工…，明年开放 → this year)
    return min(cues, key=lambda c: c[0])[1] if cues else None


def _last_full_year(anchor: str | None) -> int | None:
    """The last year a text dated ``anchor`` can review whole: its own from July, else the one before."""
    year = anchor_year(anchor)
    if year is None:
        return None
    month = _anchor_month(anchor)
    return year - 1 if month is not None and month < 7 else year


def relative_cues(text: str, anchor: str | None, tense: Tense = "done",
                  since: str = "span") -> list[tuple[int, Year]]:
    """Every relative time cue in ``text`` with its position, read against the anchor date, in the
    order of :func:`relative_year`'s precedence (a span first, then 去年/明年, then 今年-like cues).

    ``since``: what 2026年以来 / 去年9月以来 gives. ``"span"`` (a figure: the total since then, up to
    the last full year; 去年…以来 then does not date the figure) or ``"start"`` (an event: what
    began then, 去年9月以来开始整治 → last year).

    Example: ``relative_cues("今年比去年多", "2030-05-01") == [(3, 2029), (0, 2030)]``.
    """
    out: list[tuple[int, Year]] = []
    for m in _DECADE.finditer(text):
        start = 1900 + int(_number(m.group(1)) or 0) * 10
        out.append((m.start(), f"{start}-{start + 9}"))
    year = anchor_year(anchor)
    if year is None:
        return out
    last = _last_full_year(anchor) or year
    for m in _YEARS_SINCE.finditer(text):
        n = _number(m.group(1) or m.group(2) or "")
        if n and 2 <= n <= 20:
            out.append((m.start(), f"{last - n + 1}-{last}"))
    for m in _SINCE_YEAR.finditer(text):
        first = int(m.group(1))
        if since == "start":
            out.append((m.start(), first))
        elif first < last:
            out.append((m.start(), f"{first}-{last}"))
    for pattern, delta in _RELATIVE:
        # 去年9月以来: for a figure, where its period began, not its year
        out += [(m.start(), year + delta) for m in pattern.finditer(text)
                if since == "start" or not _SINCE.match(text, m.end())]
    for m in _MONTH_DAY.finditer(text):
        if tense == "done" and _after_anchor(int(m.group(1)), int(m.group(2)), anchor):
            out.append((m.start(), year - 1))
    out += [(m.start(), year) for m in _THIS_YEAR.finditer(text)]
    return out


def _after_anchor(month: int, day: int, anchor: str | None) -> bool:
    m = _ANCHOR_DAY.match(anchor or "")
    if not m or not 1 <= month <= 12:
        return False
    a_month, a_day = int(m.group(1)), int(m.group(2) or 31)
    return (month, day) > (a_month, a_day)


def tense_of(text: str, default: Tense | None = None) -> Tense:
    """预计 → expected; else the section's tense ``default`` when a heading gives one (in a review,
    将 is as often 把 as "will"); else a plan word (将, 计划, 拟, 力争 …) → planned; else done.
    Words inside a title (《…三年行动计划》) do not count.

    Example: ``tense_of("计划年底完工") == "planned"``; ``tense_of("将近百户已签约") == "done"``.
    """
    text = _TITLE.sub("", text)
    if _EXPECTED.search(text):
        return "expected"
    if default:
        return default
    cleaned = _NOT_PLANNED.sub("", text)
    if _PLANNED.search(cleaned):
        return "planned"
    return "done"


def period_of(text: str, default: str | None = None) -> str | None:
    """The metric period a text names (上半年, 前三季度, 累计, 年底), else ``default``."""
    for pattern, period in _PERIODS:
        if pattern.search(text):
            return period
    return default


# a year (and month, day) opening a sentence as a clause of its own: 2031年，… / 2031年5月，…
_OPENING_YEAR = re.compile(r"\s*(?:在|于)?\s*(?:19|20)\d\d\s*年"
                           r"(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?\s*[，,]")


def resolve_time(text: str, context: TimeContext | None = None, anchor: AnchorLike = None,
                 *, heading_year: bool = False) -> When:
    """The year, tense and period of what ``text`` (one sentence, or the part of it before a
    figure) says, read against its section ``context`` and the ``anchor`` date.

    A year or span in the sentence wins; then a relative cue (今年, 去年, 3月29日, 五年来 …) read
    against the anchor; then the section's year; then the anchor's year. A 明年 in a section that
    has its own year moves that year on by one. ``heading_year``: the section's year comes from a
    heading (2022年重点工作, 过去五年), which then wins over a year the sentence names: in a report
    such a year is most often part of a name (推动2020年23个老旧小区整治项目).

    Example: ``resolve_time("3月29日，某项目启动", TimeContext(), "2030-04-02").year == 2030``.
    """
    context = context or TimeContext()
    anchor, moved = _split(anchor)
    if moved is not None and moved.moved and context.year == anchor_year(moved.document):
        # the section's year is the document's date year; a later page's date line dates this one
        context = TimeContext(anchor_year(anchor), context.tense, context.period)
    tense = tense_of(text, context.tense)
    period = period_of(text, context.period)
    untitled = _TITLE.sub(lambda m: " " * len(m.group()), text)
    named: list[Year] = [f"{m.group(1)}-{m.group(2)}" for m in _SPAN.finditer(untitled)]
    named += explicit_years(text, anchor)
    distinct = list(dict.fromkeys(named))
    opening = _OPENING_YEAR.match(untitled)
    if opening and len(distinct) == 1:
        # 2031年，… : a year that opens the sentence as its own clause dates it, under any heading
        return When(distinct[0], tense, period, explicit=True)
    if heading_year and context.year is not None:
        if context.year == anchor_year(anchor):
            # the heading's year is the page's own: a relative cue reads the same against either
            relative = relative_year(text, anchor, tense, since="start")
            if relative is not None:
                return When(relative, tense, period, explicit=True)
        if isinstance(context.year, int) and "明年" in text:
            return When(context.year + 1, "planned" if tense == "done" else tense, period)
        return When(context.year, tense, period)
    if len(distinct) == 1:
        return When(distinct[0], tense, period, explicit=True)
    if distinct:
        # several years: the sentence does not say which one its facts belong to
        year = context.year if context.year is not None else anchor_year(anchor)
        return When(year, tense, period)
    relative = relative_year(text, anchor, tense, since="start")
    if relative is not None:
        return When(relative, tense, period, explicit=True)
    if isinstance(context.year, int) and "明年" in text:
        return When(context.year + 1, "planned" if tense == "done" else tense, period)
    year: Year | None = context.year if context.year is not None else anchor_year(anchor)
    return When(year, tense, period)


_HEADING_TIME = re.compile(
    r"(?:19|20)\d\d\s*年|过去|今后|未来|今年|明年|去年|新的一年|上半年|下半年|前三季度|一季度|五年|一年来|以来"
)


def time_at(text: str, pos: int, context: TimeContext | None = None, anchor: AnchorLike = None) -> When:
    """The time of what ``text`` says at ``pos`` (e.g. a stage word): the time cue nearest before it
    in the sentence (a year, a span or a relative cue), else :func:`resolve_time` of the sentence.
    For sentences that tell several dated steps (2027年划定区域，2029年启动腾退).

    Example: ``time_at("2027年划定区域，2029年启动腾退", 15, anchor="2031-05-01").year == 2029``.
    """
    date, _ = _split(anchor)
    untitled = _TITLE.sub(lambda m: " " * len(m.group()), text[:pos])
    cues: list[tuple[int, Year]] = [(m.start(), f"{m.group(1)}-{m.group(2)}")
                                    for m in _SPAN.finditer(untitled)]
    cues += [(at, y) for at, y in _positioned_years(untitled, date)]
    cues += relative_cues(untitled, date, since="start")
    when = resolve_time(text, context, anchor)
    if not cues:
        return when
    last = max(cues, key=lambda c: c[0])
    # 明年底, 明年年底 read as 明年 + 年底: the cue that starts the phrase says which year's end
    lead = [c for c in cues if last[0] - 2 <= c[0] < last[0]]
    return When((lead[0] if lead else last)[1], when.tense, when.period, explicit=True)


def _positioned_years(text: str, anchor: str | None) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in _SPAN.finditer(text)]
    out = [(m.start(), int(m.group(1))) for m in _YEAR.finditer(text)
           if not any(a <= m.start() < b for a, b in spans)]
    out += [(m.start(), y) for m in _CN_YEAR.finditer(text) if (y := _cn_year(m.group(1))) is not None]
    return out


def states_time(section: Section | None) -> bool:
    """Whether a section's own heading names its time (二、2030年重点工作, 过去五年工作回顾): then its
    year holds over a year a sentence under it names (most often part of a name in a report).
    A heading that names no time (a news page's short line) leaves the sentence's own year first.

    Example: ``states_time(Section(..., heading="二、2030年重点工作", ...))`` is True.
    """
    return bool(section is not None and section.level > 0 and section.context.year is not None
                and _HEADING_TIME.search(section.heading))


# --------------------------------------------------------------------------- anchors in a document

_FULL_DATE = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE = re.compile(r"(?<![\d/.-])((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})(?![\d/.-])")
_CLOCK = re.compile(r"^\s*(?:\(\)|（）)?\s*\d{1,2}:\d\d")
_SOURCE_NEAR = re.compile(r"来源\s*[:：]|发布时间|发布日期|时间\s*[:：]|日期\s*[:：]")
_DATELINE_MAX = 40
_ANY_YEAR = re.compile(r"(?:19|20)\d\d")
# 10月20日消息 / 3月5日电: a news item's own dateline, without its year
_MONTH_DAY_LINE = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:消息|电|讯)")


def dateline_date(text: str) -> str | None:
    """The date of a date line: a short text holding a full date (``2030年3月5日 星期二``), a date
    with a clock time (``2030-03-05 10:31``) or a date next to 来源:/发布时间:. Else ``None``.

    Example: ``dateline_date("来源：某报 2030-03-05") == "2030-03-05"``.
    """
    if not _ANY_YEAR.search(text):
        return None  # most sentences: no year at all
    for pattern in (_ISO_DATE, _FULL_DATE):
        for m in pattern.finditer(text):
            y, mo, d = (int(g) for g in m.groups())
            if not (1 <= mo <= 12 and 1 <= d <= 31):
                continue
            near = text[max(0, m.start() - 30):m.end() + 12]
            short = len(text.strip()) <= _DATELINE_MAX and not re.search(r"[。，,；;！？]", text)
            if short or _CLOCK.match(text, m.end()) or _SOURCE_NEAR.search(near):
                return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def anchor_dates(date: str | None, sentences: list[Sentence]) -> dict[str, Anchor]:
    """Each sentence's anchor (by sentence uid): the nearest date line at or before it, else the
    document's ``date``. A file that concatenates several pages gives each page its own anchor.

    A date line that only repeats the document's date changes nothing.
    """
    out: dict[str, Anchor] = {}
    current = date
    for s in sentences:
        if s.row is None:
            found = dateline_date(s.text) or _month_day_dateline(s.text, current)
            if found and not (date and date.startswith(found)):
                # a page's own date line: more precise than a manifest's month, or another page's
                current = found
        out[s.uid] = Anchor(current, date)
    return out


def _month_day_dateline(text: str, anchor: str | None) -> str | None:
    """A dateline that gives only month and day (10月20日消息), dated by ``anchor``: the anchor's
    year, or the year before when that day comes after the anchor (a repost printed in January)."""
    if "月" not in text:
        return None
    m = _MONTH_DAY_LINE.search(text)
    year = anchor_year(anchor)
    if not m or year is None:
        return None
    month, day = int(m.group(1)), int(m.group(2))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if _after_anchor(month, day, anchor):
        year -= 1
    return f"{year:04d}-{month:02d}-{day:02d}"
