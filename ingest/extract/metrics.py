"""Metrics: every stated quantity that measures the district's economy, work or results.

One record per quantity (number + unit or counter), with

* ``name``: the indicator, read from the words before the number (地区生产总值实现1499.7亿元), or,
  when those are only a verb, from the noun the number counts (完成177条大街 → 完成大街);
* ``value``/``unit`` as written (:mod:`ingest.numbers`), ``base_value``/``base_unit`` comparable;
* ``year``: the section's year (``Sentence.context``) corrected by the sentence's own cues: an
  explicit 20XX年 before the number, 今年/明年, the base year of 从A增长到B, and in a multi-year
  review a level reached (…率达到100%) belongs to the review's last year;
* ``period`` and ``qualifier`` from the section and the words around the number.

What is *not* a metric (a date, an ordinal, a count inside a quoted name or slogan, a time span,
an idiom such as 一批/八项规定) is filtered here, by rules that hold for any such document.

Example::

    >>> from ingest.types import TimeContext
    >>> [(m.name, m.value, m.unit, m.year) for m in
    ...  extract_metrics("全区地区生产总值实现1499.7亿元", TimeContext(year=2021))]
    [('地区生产总值', 1499.7, '亿元', 2021)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from ingest.extract.when import Anchor, anchor_dates, anchor_year, relative_cues, tense_of
from ingest.numbers import Quantity, find_quantities, to_base
from ingest.types import DocumentFacts, Entity, Metric, SegmentedDocument, TimeContext, Year

INDICATORS = Path(__file__).resolve().parent.parent / "registry" / "indicators.yaml"


@cache
def _vocabulary() -> dict:
    try:
        return yaml.safe_load(INDICATORS.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}


@cache
def _formulas() -> re.Pattern[str] | None:
    """Fixed political formulas (四个意识 …) whose numerals are not quantities."""
    words = [str(w) for w in _vocabulary().get("formulas") or [] if w]
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


@cache
def _indicator_aliases() -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One regex over every canonical name and alias (longest first) and the alias → name map.

    Canonical names are in the alternation too, so 城镇登记失业率 is matched whole and never has its
    tail 登记失业率 expanded a second time.
    """
    data = _vocabulary()
    mapping: dict[str, str] = {}
    for canonical, aliases in (data.get("aliases") or {}).items():
        mapping[str(canonical)] = str(canonical)
        for alias in aliases or []:
            mapping.setdefault(str(alias), str(canonical))
    if not mapping:
        return None, {}
    alternation = "|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True))
    return re.compile(alternation), mapping


def canonical_indicator(name: str) -> str:
    """Replace colloquial indicator forms by their canonical names: 人均GDP → 人均地区生产总值."""
    pattern, mapping = _indicator_aliases()
    if pattern is None:
        return name
    return pattern.sub(lambda m: mapping[m.group(0)], name)


# --------------------------------------------------------------------------- patterns

# Where an indicator's name can start: clause and list boundaries.
# A 、 is not one: in 首店、旗舰店101家 both nouns share the number; a list of figures is split at
# the previous figure instead.
_BOUNDARY = re.compile(r"[，,。；;：:！!？?（）()\[\]【】\n\t●■◆]|其中|以及|并且|同时")
# Quoted spans and titles: counts inside them belong to a name or a slogan (“3个100”, 《…三年行动计划》).
_QUOTED = re.compile(r"“[^“”\n]{0,24}”|《[^《》\n]{0,80}》|「[^「」\n]{0,24}」|\"[^\"\n]{0,24}\"")
# A year that dates the clause: not a range start, not 以来, not a comparison (恢复到2019年水平).
# A year followed by a month dates the clause (2030年6月20日); followed by a count it labels a batch
# (推动2030年23个小区整治项目).
_YEAR = re.compile(
    r"(?<![0-9])(20[0-9]{2})\s*年(?!\s*[—\-－~～至到]\s*(?:20)?[0-9]{2})(?!\s*[0-9]+(?![0-9]|\s*月))"
    r"(?!以来|起|水平|同期)"
)
_FROM_TO = re.compile(r"(从|由)\s*$")
_TO = re.compile(r"(增长|增加|提高|提升|上升|扩大|下降|减少|降低)?(到|至)\s*$")
_COMPARE_BASE = re.compile(r"(比|较|与|同|相比)\s*$")

# A level reached (as opposed to a flow over the period): in a multi-year review it is the state of
# the last year. Rates and shares (…率达到100%, 占比22%) and 达/突破/增至 counts.
_LEVEL = re.compile(r"(达到|达|突破|超过|增至|提升至|提高到|提高至|降至|实现)\s*$")
_COMPARE_YEAR = re.compile(r"(比|较)\s*20[0-9]{2}\s*年")
# A bound held through every year of a span (均保持在99%以上), not a level reached at its end.
_KEPT_THROUGH = re.compile(r"年均|保持|控制在|以内|均(?:保持|控制|在|为|达)|始终|每年|办结率")
_GROWTH = re.compile(r"(同比)?(增长|增速|增幅|上涨|提高)(达到|为|了)?\s*$")
_DECLINE = re.compile(r"(下降|减少|降幅为?|降低|压减|压缩|缩减|减)(了|为|到)?\s*$")
_AVERAGE = re.compile(r"年均")
# A rate against a base year (比2019年上半年下降1%) or averaged over years (两年平均增长3.9%), at the
# start of its clause: a growth rate of the indicator named before it.
_AGAINST = re.compile(
    r"^\s*(?:(?P<base>(?:比|较)\s*20[0-9]{2}\s*年[^，,。；;0-9]{0,6}?)|(?P<avg>[两二三四五]年平均))"
    r"(?P<dir>增长|下降|减少|提高|回落)\s*$"
)
# Words that make a figure a commitment even outside a plan section (计划 alone is too often a
# plan's title: 三年行动计划).
_TARGET_CUE = re.compile(r"力争|确保|不少于|不低于|目标是|目标为|预期目标|指标建议|争取")
_EXPECT_CUE = re.compile(r"预计")
_CUMULATIVE = re.compile(r"累计")
_YEAR_END = re.compile(r"年底|年末|月底")
# "so far": in a page printed in January these are the results of the year just ended
_SO_FAR = re.compile(r"目前|截至目前|截止目前|眼下|现阶段")
# ... when the sentence says it measures the year's task (年度任务, 全年)
_YEAR_TASK = re.compile(r"年度任务|年度目标|全年")

# Words that frame an indicator but are not part of its name.
_LEAD = re.compile(
    r"^(?:其中|共计|共有|共|总计|合计|累计|全区|全市|我区|全年|上半年|下半年|前三季度|截至目前|截至[0-9]*月底|截至年底|"
    r"年末|年初|(?:比|较|同)(?:上年|去年|上年同期|上年末|年初)|"
    r"目前|预计|初步预计|已经|已|全面|基本|成功|率先|在全市率先|积极|持续|进一步|分别|均|"
    r"20[0-9]{2}\s*年(?:底)?|(?:比|较)\s*20[0-9]{2}\s*年(?:底|末)?|年底前|年底|今年|明年|实现|确保|力争|努力|稳步|有序|另外|此外|并|和|及|与|对|为)+"
)
_TRAIL = re.compile(
    r"(?:的|实现|(?<=[\u4e00-\u9fff])完成|达到|达|为|是|突破|超过|超|近|(?<![签合预节契制])约|逾|同比增长|同比下降|同比减少|同比|增长|增速|增幅|"
    r"下降|降幅|降至|增至|提升至|提高到|提高至|保持在|控制在|稳定在|累计|共计|共|总计|分别|(?<!平)均|已|"
    r"以上|不少于|不低于|不超过|低于|高于|至|到|了|在|从|由|较|于|等|完成率|年均|同比增加|同比持平|"
    r"增加|减少|将|预计|已经|(?:比|较)(?:上年|去年)(?:同期|末)?)+$"
)
# A "name" made only of a verb needs the counted noun after the number.
_VERB_ONLY = re.compile(
    r"^(?:新增|完成|实施|建成|建设|开展|启动|推进|打造|实现|引进|引入|新建|改造|提供|培养|培育|组织|举办|"
    r"开通|创建|认定|设立|成立|发放|拨付|支出|累计|扶持|升级|推动|形成|召开|办理|拟制|修缮|腾退|"
    r"疏解|退出|拆除|清理|整治|筹集|配租|配售|增加|扩充|输出|涉及|挽留|签约|签订|服务|接收|结对|"
    r"加强|开设|新开|新设|入驻|联系|走访|收集|解决|审核|惠及|获得|斩获|荣获|获评|入选|有|超|达|"
    r"[\u4e00-\u9fff]?)$"
)
# The noun a number counts ends where a verb or a clause takes over.
_POST_STOP = re.compile(
    r"[，,。；;：:、（）()\n0-9]|实现|完成|获评|获得|入选|进入|被|已|全部|均|得到|提供|的|和|与|及|等|"
    r"增长|下降|提高|达到|达|为|比(?!例|重)|同比|到|至|"
    r"陆续|有序|稳步|整体|贯穿|投身|参与|进行|开展"
)
# Quotes, list numbers, and a task's ordinal with everything before it (市重点任务第25项 …).
_NAME_JUNK = re.compile(
    r"[\s“”\"'‘’《》「」*<>/]|^\s*[0-9]+[.、](?![0-9])|^\d+|^.*第\s*[0-9一二三四五六七八九十百]+\s*[项条个号]"
)

# --------------------------------------------------------------------------- exclusions

# Chinese-numeral counts that are names, ordinals or idioms: 八项规定, 十九届, 二次回访, 八人制.
_CN_NAME_AFTER = re.compile(r"^(?:规定|中全会|全会|人代会|人大|党代会|制)")
_ORDINAL_BEFORE = re.compile(r"(第|首|前|第\s)\s*$")
_TIME_AFTER = re.compile(r"^\s*(?:多|余)?\s*(?:月|工作日|小时|季度|年|周)")
# The report's own structure (七个方面工作) and a session's attendance are not the district's results.
_STRUCTURE_AFTER = re.compile(r"\s*方面(?:的)?工作")
# What a Chinese-numeral count of abstract things lists (四个难点, 两个方向): the text's structure.
_ABSTRACT_AFTER = re.compile(
    r"^\s*(?:难点|问题|特点|原则|阶段|环节|步骤|方向|层面|维度|亮点|优势|途径|理念|关键|不足|短板|意识|自信)"
)
# 数百间, 数十人: a vague amount, not a figure; 上述9个片区: a figure stated before.
_VAGUE_BEFORE = re.compile(r"(?<![0-9])数\s*$")
_RESTATED_BEFORE = re.compile(r"(?:前述|上述|以上|这些|这)\s*$")
_ATTENDANCE_BEFORE = re.compile(r"(出席|列席|实到|应到)[^，,。；;]{0,6}$")
_CLAUSE_END = re.compile(r"^\s*(?:[，,。；;：:、）)\n]|$)")


def _excluded(text: str, q: Quantity, quoted: list[tuple[int, int]]) -> bool:
    """Whether a quantity is not a measure: ordinal, inside a name or slogan, a time span, an idiom."""
    if any(a <= q.start and q.end <= b for a, b in quoted):
        return True
    before = text[max(0, q.start - 3):q.start]
    after = text[q.end:q.end + 4]
    if _ORDINAL_BEFORE.search(before):
        return True
    if q.unit in ("个", "") and _TIME_AFTER.match(after):
        return True  # 3个月, 7个多月: a time span
    if _RESTATED_BEFORE.search(text, max(0, q.start - 3), q.start):
        return True
    if q.unit == "个" and _STRUCTURE_AFTER.match(text, q.end):
        return True
    if _ATTENDANCE_BEFORE.search(text, max(0, q.start - 10), q.start):
        return True
    if not q.chinese:
        return False
    # Chinese numerals: idioms and names are common (一批, 两个“关键小事”, 十九届, 楼十条).
    if q.numeral == "一":
        return True
    if q.numeral[0] in "十百千万" and _VAGUE_BEFORE.search(before):
        return True  # 数百间
    if q.unit in ("个", "项", "大") and _ABSTRACT_AFTER.match(after):
        return True
    if after.startswith(("“", "\"", "「")) or before.endswith(("“", "\"")):
        return True
    if _CN_NAME_AFTER.match(after):
        return True
    if q.unit in ("届", "次") and q.numeral != "两":
        return True  # 十六届人代会, 二次回访: ordinals written without 第
    if q.unit == "条" and _CLAUSE_END.match(after):
        return True  # 楼十条: a policy's name
    return bool(q.numeral[0] in "十百千" and before[-1:] and before[-1] in "东西南北")  # 东四十条


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class MetricMention:
    """A metric read from one working text; ``wstart``/``wend`` span the quantity in that text."""

    name: str
    value: float
    unit: str
    year: Year
    period: str
    qualifier: str
    wstart: int
    wend: int


# compiled once (the functions below run for every quantity of every sentence)
_YEAR_SPAN = re.compile(r"\s*(\d{4})\s*[-–—~至]\s*(\d{4})\s*")
_DATE_PARTS = re.compile(r"(\d{4})-(\d{1,2})")
_NAME_CUT = re.compile(r"[的、]")
_DIGIT = re.compile(r"[0-9]")


def _span(year: Year | None) -> tuple[int, int] | None:
    if isinstance(year, str):
        m = _YEAR_SPAN.fullmatch(year)
        if m:
            return int(m.group(1)), int(m.group(2))
    return None


def _date_parts(date: str | None) -> tuple[int, int] | None:
    m = _DATE_PARTS.match(date or "")
    return (int(m.group(1)), int(m.group(2))) if m else None


def _plausible(context: TimeContext, date: tuple[int, int] | None) -> Year | None:
    """The section's year, unless it claims results a document could not yet report.

    A document printed in January or February of year Y cannot report what was *done* in Y: such
    a section year comes from a date line (a newspaper's page header), and the results are Y-1's.
    """
    year = context.year if context.year is not None else (date[0] if date else None)
    if date and context.tense in ("done", "expected") and year == date[0] and date[1] <= 2:
        return year - 1
    return year


# A year or a count of years at the start of a name frames it (2018年…, 5年以来…), and a page's
# separators (|, 】) end the header before it.
_NAME_TIME_LEAD = re.compile(r"^.*[|｜】]|^[0-9]{1,4}\s*年(?:以来|来|底|末)?")


def _clean_name(raw: str) -> str:
    name = _NAME_TIME_LEAD.sub("", raw.strip())
    name = _NAME_JUNK.sub("", name)
    for _ in range(3):
        new = _TRAIL.sub("", _LEAD.sub("", name))
        if new == name:
            break
        name = new
    return _tail(name, 24)


def _tail(name: str, size: int) -> str:
    """The last ``size`` characters of a name, cut after a 的/、 inside it rather than mid-word."""
    if len(name) <= size:
        return name
    cut = name[-size:]
    m = _NAME_CUT.search(cut[: size // 2])
    return cut[m.end():] if m else cut


_POST_LEAD = re.compile(r"\s*(?:以上|左右|以内|以下|上下|多|余)?\s*的?")
_PREPOSITION = re.compile(r"(按照|按|以|将|对)\s*$")
_LISTY = re.compile(r"(等|和|与|及|、|或)\s*$")
# Short names that only make sense with their subject: GDP占比 → 金融业增加值GDP占比.
_DEPENDENT = re.compile(r"^(?:GDP)?(?:占比|比重|比例|面积|规模|总量|进度|金额|数量|人数|户数)$|^.{0,2}$")


def _post_noun(text: str, end: int) -> str:
    lead = _POST_LEAD.match(text, end)
    start = lead.end() if lead else end
    rest = text[start:start + 24]
    m = _POST_STOP.search(rest)
    return _NAME_JUNK.sub("", rest[: m.start()] if m else rest)


def _name_for(text: str, q: Quantity, clause_start: int, previous: str | None, context: str) -> str:
    """The indicator a quantity measures.

    Chinese puts the counted noun after a pre-nominal number (完成177条大街) and the indicator
    before a predicate number (地区生产总值实现1499.7亿元); a number with a noun after it is read
    the first way. Examples (北京二中等19所学校) and conjunctions (…和50处美丽院落) before the number
    are not part of the name.
    """
    head = text[clause_start:q.start].lstrip("、和及与 ")
    pre = _clean_name(head)
    post = _post_noun(text, q.end)
    if q.unit == "米" and (dim := _DIMENSION_END.search(head)):
        # 全长260米，宽4米: the dimension is the indicator, of what the clause before names
        word = _DIMENSION_NAMES.get(dim.group(1), dim.group(1))
        if previous and not previous.endswith((*_DIMENSION_NAMES.values(), "全长", "总长")):
            return previous + word
        return word
    if not post and (nested := _NESTED_FIGURE.match(text, q.end)):
        post = _post_noun(text, nested.end())  # 3类18项课题研究: the classes of what the next figure counts
    after_post = text.find(post, q.end) + len(post) if post else q.end
    if len(post) >= 2 and _PREPOSITION.search(head) and (done := _DONE_TO.match(text, after_post)):
        return done.group(1) + post  # 对40个小区进行改造: what is done to them names the count
    is_rate = q.unit in ("%", "成")
    if is_rate and previous and head.lstrip().startswith("占") and len(pre) >= 2:
        return previous + pre  # 走访600户，占总户数的75%: the share of the figure just named
    if is_rate and len(pre) >= 2 and not _VERB_ONLY.match(pre) and not _PREPOSITION.search(head):
        name = pre  # 下降率达到4.94%居民…: after a rate starts the next clause's subject
    elif len(post) >= 2:
        name = post if (_LISTY.search(head) or "等" in head) else _tail(pre, 16) + post
    elif len(pre) >= 2 and not _VERB_ONLY.match(pre):
        name = pre
    elif previous:
        return previous  # 同比增长9.1%: the growth of the indicator just named
    else:
        name = pre + post
    if len(name) <= 2 and len(post) >= 1:
        # 天翼云等4家企业获评…: a bare noun says little; the clause's predicate says what was counted,
        # and a clause that opens with its number continues the topic of the clause before.
        name = ("" if pre else context[-8:]) + _clause_rest(text, q.end)
    elif _DEPENDENT.match(name) and (previous or context):
        name = (previous or context) + name
    return name


_DONE_TO = re.compile(r"\s*进行(?:了)?\s*([\u4e00-\u9fff]{2})")
_DIMENSION_END = re.compile(r"(全长|总长|长度|宽度|高度|长|宽|高|深)\s*(?:约|近|达|为|仅)?\s*$")
_DIMENSION_NAMES = {"长": "长度", "宽": "宽度", "高": "高度", "深": "深度"}
_NESTED_FIGURE = re.compile(r"\s*[0-9]+(?:\.[0-9]+)?\s*(?:项|个|条|处|家|所|类|种|户|件)")


def _clause_rest(text: str, end: int) -> str:
    lead = _POST_LEAD.match(text, end)
    start = lead.end() if lead else end
    rest = text[start:start + 24]
    m = _BOUNDARY.search(rest)
    return _NAME_JUNK.sub("", rest[: m.start()] if m else rest)


def _explicit_year(text: str, pos: int, quoted: list[tuple[int, int]], doc_date: str | None,
                   tense: str = "done") -> Year | None:
    """The time cue nearest before ``pos`` that dates this clause: a year named (not a comparison
    base, not a title) or a relative cue read against the anchor date (今年, 去年, 目前, 五年来 …,
    :mod:`ingest.extract.when`). 目前/截至目前 in a page printed in January or February reports
    the year just ended."""
    found: Year | None = None
    found_at = -1  # where the named year's expression ends: a cue must come after it
    for m in _YEAR.finditer(text):  # the whole text: the lookahead must see what follows 年
        if m.end() > pos:
            break
        if any(a <= m.start() < b for a, b in quoted):
            continue
        if _COMPARE_BASE.search(text, max(0, m.start() - 3), m.start()):
            continue
        found, found_at = int(m.group(1)), m.end() - 1
    head = text[:pos]
    cues = [(at, year) for at, year in relative_cues(head, doc_date, tense)
            if at > found_at and not any(a <= at < b for a, b in quoted)
            and not _COMPARE_BASE.search(text, max(0, at - 3), at)]
    if cues:
        at, year = max(cues, key=lambda c: c[0])
        found = year
        parts = _date_parts(doc_date)
        if (isinstance(year, int) and parts and parts[1] <= 2 and year == parts[0] and tense == "done"
                and _SO_FAR.match(text, at) and _YEAR_TASK.search(text)):
            found = year - 1
    return found


def extract_metrics(
    text: str,
    context: TimeContext | None = None,
    *,
    doc_date: str | None = None,
    column: str | None = None,
) -> list[MetricMention]:
    """The metrics stated in one sentence of working text (Simplified Chinese)."""
    context = context or TimeContext()
    quantities = find_quantities(text)
    if not quantities:
        return []
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    formulas = _formulas()
    if formulas is not None:
        quoted += [(m.start(), m.end()) for m in formulas.finditer(text)]
    bounds = [m.end() for m in _BOUNDARY.finditer(text)]
    doc_year = anchor_year(doc_date)
    date_parts = _date_parts(doc_date)
    planned = context.tense == "planned" or column == "项目内容"
    out: list[MetricMention] = []
    previous_name: str | None = None  # the name of the figure just before, in the same clause
    last_name: str | None = None  # the name of the sentence's last figure
    previous_end = 0
    from_year: Year | None = None  # set after 从A: the next 到B is the end of the same series
    for q in quantities:
        if _excluded(text, q, quoted):
            continue
        strong = max([b for b in bounds if b <= q.start] + [0])
        clause_start = max(strong, previous_end if previous_end <= q.start else 0)
        head = text[clause_start:q.start]
        if strong > previous_end:
            previous_name = None  # a new clause: 同比增长 after a comma still refers back, see below
        # the clause before names what a share is of; a figure in it is no part of that name
        context_words = _clean_name(_DIGIT.split(_previous_clause(text, strong, bounds))[-1])
        name = _name_for(text, q, clause_start, previous_name or last_name, context_words)
        if not name:
            continue
        when = _when(text, q, head, context, quoted, doc_year, planned, date_parts, doc_date)
        if when is None:
            continue
        year, period, qualifier = when
        if _FROM_TO.search(head):
            span = _span(year)
            base_year = (span[0] - 1) if span else (year - 1 if isinstance(year, int) else year)
            from_year = base_year
            year, qualifier, period = base_year, "实际", "全年"
        elif from_year is not None and _TO.search(head):
            name = previous_name or name
            span = _span(year)
            year = span[1] if span else year
            period = "全年"
            from_year = None
        name = canonical_indicator(name)
        value = q.value
        against = _AGAINST.search(head) if q.unit == "%" else None
        base = previous_name or last_name
        if against and base:
            # growth against a base year or averaged over years: a signed growth rate of the
            # indicator just named (比2029年同期下降2.5% → -2.5), named with its comparison
            value = -q.value if against.group("dir") in ("下降", "减少", "回落") else q.value
            qualifier = "年均增长" if against.group("avg") else "比基期增长"
            out.append(MetricMention(base + _SPACE.sub("", against.group(0)), value, q.unit, year, period,
                                     qualifier, q.start, q.end))
            previous_name, last_name, previous_end = base, base, q.end
            continue
        out.append(MetricMention(name, value, q.unit, year, period, qualifier, q.start, q.end))
        previous_name, last_name, previous_end = name, name, q.end
    return out


def _previous_clause(text: str, strong: int, bounds: list[int]) -> str:
    """The clause before the one starting at ``strong`` (its subject names what a share is of)."""
    if strong <= 0:
        return ""
    starts = [b for b in bounds if b < strong - 1]
    return text[(starts[-1] if starts else 0):strong - 1][-12:]


def _when(
    text: str,
    q: Quantity,
    head: str,
    context: TimeContext,
    quoted: list[tuple[int, int]],
    doc_year: int | None,
    planned: bool,
    doc_date_parts: tuple[int, int] | None = None,
    doc_date: str | None = None,
) -> tuple[Year, str, str] | None:
    """Year, period and qualifier of one quantity; ``None`` when nothing dates it."""
    head = head.rstrip("-－−负 ")  # 增长-3.5%: the sign belongs to the number, not to the cue
    year: Year | None = _plausible(context, doc_date_parts)
    tense = "planned" if planned else "done"
    explicit = None if _COMPARE_YEAR.search(head) else _explicit_year(text, q.start, quoted, doc_date, tense)
    if explicit is not None:
        year = explicit
    if year is None:
        return None  # nothing dates this figure: better no record than a guessed year
    sentence_head = text[:q.start]
    after = text[q.end:q.end + 6]
    is_rate = q.unit in ("%", "成", "百分点")
    if _AVERAGE.search(head) and is_rate:
        qualifier = "年均增长" if not planned else "目标"
    elif is_rate and _GROWTH.search(head):
        qualifier = "同比增长"
    elif _DECLINE.search(head):
        qualifier = "降幅"
    elif planned or (_TARGET_CUE.search(sentence_head) and not _EXPECT_CUE.search(sentence_head)):
        qualifier = "目标"
    elif context.tense is None and tense_of(_QUOTED.sub("", head)) == "planned":
        qualifier = "目标"  # no heading says: the clause's own 将/计划/拟 make the figure a target
    elif _EXPECT_CUE.search(sentence_head) or context.tense == "expected":
        qualifier = "预计"
    else:
        qualifier = "实际"
    if planned and qualifier in ("同比增长", "年均增长", "预计"):
        qualifier = "目标"
    period = context.period or "全年"
    if "上半年" in sentence_head:
        period = "上半年"
    elif "前三季度" in sentence_head:
        period = "前三季度"
    if _CUMULATIVE.search(head):
        period = "累计"
    elif _YEAR_END.search(sentence_head):
        period = "年底"
    span = _span(year)
    if span and explicit is None:
        kept = _KEPT_THROUGH.search(head) or _KEPT_THROUGH.match(after)
        level = _LEVEL.search(head) or (
            is_rate and not _DECLINE.search(head) and not _GROWTH.search(head)
        )
        reviewed = doc_year is None or span[1] <= doc_year
        if reviewed and level and not kept and not _CUMULATIVE.search(head):
            year, period = span[1], "年底"
        elif kept:
            period = "五年年均"
        elif reviewed or not level:
            period = "五年累计"
        else:
            period = "年底"
    return year, period, qualifier


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a < span[1] and span[0] < b for a, b in spans)


_FULL_DATE = re.compile(r"(20[0-9]{2})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日")


def document_date(doc: SegmentedDocument) -> str | None:
    """The document's date: its stated date, else the first full date in its text (a dateline),
    else the year in its title (a bare ``"YYYY"``).

    Relative years (今年, 明年) and the plausibility of a section's year are read against it.
    """
    if doc.info and doc.info.date:
        return doc.info.date
    m = _FULL_DATE.search(doc.raw.text) if doc.raw else None
    if m:
        return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    # no date at all: the year in the title (2023年…任务清单) still dates the document
    title = _YEAR.search(doc.info.title or "") if doc.info else None
    return title.group(1) if title else None


_SPACE = re.compile(r"\s+")
_RESTATED_MIN = 12  # shorter stretches recur by chance (新增停车位850个)


def _projects_by_sentence(projects: list[Entity]) -> dict[int, Entity]:
    """Sentence start → the one project the sentence mentions (sentences naming several are left out:
    which one a figure measures is not known)."""
    seen: dict[int, list[Entity]] = {}
    for p in projects:
        for src in p.mentions:
            names = seen.setdefault(src.start, [])
            if p not in names:
                names.append(p)
    return {start: ps[0] for start, ps in seen.items() if len(ps) == 1}


_ANAPHOR = re.compile(r"(?:该|此|本|这个|这一)(?:项目|工程|片区|地块|街区)")
# Measures that say little without what they measure: 总用地面积 → 某村棚改项目总用地面积.
_NEEDS_SUBJECT = re.compile(r"^(?:总|共|规划|涉及|项目)?(?:用地|占地|建筑|腾退|拆迁|安置|投资|改造|签约|"
                            r"回迁|户籍|人口|居民|院落|宅基地|住宅|房屋|面积|规模|户数|住户|家庭|企业|商户)")


def _about(name: str, project: Entity) -> str:
    """Complete a short name with the project its sentence is about (总用地面积 → X项目总用地面积)."""
    if len(name) > 10 or not _NEEDS_SUBJECT.match(name):
        return name
    if any(alias and alias in name for alias in [project.name, *project.aliases]):
        return name
    return project.name + name


def attribute_to_projects(doc: DocumentFacts) -> None:
    """Give each figure of a sentence about one project that project as its subject, and complete
    a short name with it. Run once the run's names are settled (``ingest.link.link_documents``):
    which projects a sentence names, and their canonical names, are known only then, whatever
    order the files came in.

    Example: in 某村棚改项目总用地面积约30公顷, the figure's subject becomes 某村棚改项目 and its
    name 某村棚改项目总用地面积.
    """
    about = _projects_by_sentence(doc.projects)
    texts = {s.start: s.text for s in doc.sentences}
    for m in doc.metrics:
        project = about.get(m.source.start)
        # 该项目位于X项目附近: the figures are about the project an anaphor refers to, not X
        if project is None or _ANAPHOR.search(texts.get(m.source.start, "")):
            continue
        m.subject = project.name
        m.name = _about(m.name, project)


def _anchored(context: TimeContext, anchor: Anchor) -> TimeContext:
    """A section year that is only the document's date year gives way to a later page's date line."""
    if anchor.moved and context.year is not None and context.year == anchor_year(anchor.document):
        return TimeContext(anchor_year(anchor.date), context.tense, context.period)
    return context


class MetricExtractor:
    """Metrics of a segmented document: one :class:`Metric` per stated quantity.

    A figure restated in the same document with the same name, value, unit and year is kept once,
    and a passage repeated word for word (up to its last figure) is read once, where it first occurs.
    """

    def run(self, doc: SegmentedDocument) -> list[Metric]:
        date = document_date(doc)
        anchors = anchor_dates(date, doc.sentences)
        subject = doc.info.district if doc.info else None
        out: list[Metric] = []
        seen: set[tuple] = set()
        said = ""  # every sentence so far, whitespace squeezed out, NUL-separated
        for s in doc.sentences:
            anchor = anchors.get(s.uid) or Anchor(date, date)
            mentions = extract_metrics(s.text, _anchored(s.context, anchor), doc_date=anchor.date,
                                       column=s.column)
            squeezed = _SPACE.sub("", s.text)
            if mentions:
                # A passage printed twice (a newspaper's summary and the full report) states its
                # figures once; the first print is the one read in its own context.
                core = _SPACE.sub("", s.text[: max(m.wend for m in mentions)])
                if len(core) >= _RESTATED_MIN and core in said:
                    mentions = []
            said += "\x00" + squeezed
            garbled = [(a, b) for a, b in doc.garbled if a < s.end and s.start < b]
            for m in mentions:
                if garbled and _overlaps(s.original_span(m.wstart, m.wend), garbled):
                    continue  # mojibake is reported, never read into a fact
                key = (m.name, m.value, m.unit, str(m.year))
                if key in seen:
                    continue
                seen.add(key)
                base_value, base_unit = to_base(m.value, m.unit)
                out.append(
                    Metric(
                        name=m.name,
                        value=m.value,
                        unit=m.unit,
                        year=m.year,
                        period=m.period,
                        qualifier=m.qualifier,
                        subject=subject,
                        source=s.source(),
                        base_value=base_value,
                        base_unit=base_unit,
                    )
                )
        return out
