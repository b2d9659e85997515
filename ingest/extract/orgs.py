"""Organisations no list holds, read by their grammar: companies, 指挥部, 领导小组, 管委会, 中心 as an
actor, street offices, town governments, and a district named as the one that acts (X区启动…).

A name is found from its head (有限公司, 集团, 指挥部, 街道 …) leftwards, up to a word that
introduces it (由, 授权, 确定, 成立, 联合, 的 …) or punctuation. Heads that also end ordinary
phrases (公司, 集团, 中心, 街道, X区) count only in the grammar of an actor: a distinctive name
(物业公司 and 上市公司 are not one), followed by a verb of doing (中心, 街道, X区), so that
国际消费中心城市 or 社区卫生服务中心 are never an office.

Example::

    >>> [h.surface for h in find_orgs("由晴川置业发展有限公司负责实施", None)]
    ['晴川置业发展有限公司']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.registry.template import Template

# what may follow an actor: the verbs of doing and of responsibility
# (a street named before 与, 对, 完成 or 建设 is more often the area than the office)
ACTOR_VERBS = ("负责", "牵头", "组织", "实施", "承担", "启动", "开展", "成立", "联合", "授权", "确定",
               "委托", "作为", "会同", "主导", "深入", "走访", "召开", "先后", "积极", "专门", "主动",
               "率先", "多次", "收集", "征询")
# a district (丰台区) acts only with these: 丰台区完成… is the district as a place
DISTRICT_VERBS = ("启动", "开展", "组织", "联合", "成立", "授权", "确定", "委托", "决定", "主导",
                  "牵头", "负责")
# words before a unit that name it as the one that acts
_INTRO_ACT = ("由", "授权", "确定", "联合", "携手", "委托", "主体", "主体--", "主体—", "子公司", "社会资本",
              "引入", "成立了", "成立", "组建", "设立", "指定")
# a role noun right before the unit (建设单位为X, 实施主体：X)
_ROLE_BEFORE = re.compile(r"(?:实施主体|实施单位|建设单位|建设主体|开发商|开发单位|业主单位|项目业主|"
                          r"项目法人|"
                          r"牵头单位|责任单位|主责单位|承办单位|代建单位|施工单位)(?:为|是|[：:])?$")
_ADVERB = re.compile(r"[，,]|近日|日前|已经|已|将|正式|积极|主动|专门|全权|具体|主要|共同|率先|先后|也|还|"
                     r"随即|目前|今年|去年|(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?")
# a 中心 acts only with these (城市副中心建设 is a place being built)
_CENTRE_VERBS = ("负责", "牵头", "组织", "实施", "承担", "作为", "会同", "主导", "开展", "启动")
# words that introduce a name: its left edge lies after them
_INTRO = ("以下简称", "简称", "授权", "确定", "成立了", "成立", "组建", "设立", "引入", "引进", "联合",
          "委托", "子公司", "主体", "携手", "会同", "选定", "通过", "要求", "支持", "作为", "社会资本",
          "央企", "国企", "由", "的", "了", "和", "与", "及", "对", "是", "为", "将", "在", "经", "向",
          "以", "被", "把", "让", "其", "该", "等", "同", "并", "其中", "我们", "还")
# verbs of the genre that stand before a name (推进X集团落地, 构建X管委会 …)
_VERBS_BEFORE = ("推进", "推动", "深化", "构建", "建立", "完善", "吸引", "陆续", "加快", "加强", "打造",
                 "支持", "引导", "鼓励", "培育", "落实", "实现", "形成", "发挥", "提升", "促进", "依托",
                 "围绕", "聚焦", "保障", "协调", "配合", "服务于", "持续", "全力", "大力", "根据", "按照",
                 "包括", "涉及", "代表", "委员", "联系", "对接")
_ASIDE = re.compile(r"^[（(][^）)]{1,16}[）)]")  # （以下简称Y） right after a name
_GOES_ON = re.compile(r"[\u4e00-\u9fff)）,，]")  # what may follow a short name used in a clause
_NAME_CHAR = re.compile(r"[\u4e00-\u9fff0-9A-Za-z“”\"]")
# words that name a kind of company, not one company (物业公司, 上市公司, 子公司)
_GENERIC = ("物业", "施工", "运营", "开发", "建设", "投资", "管理", "物流", "房地产", "地产", "置业",
            "上市", "国有", "民营", "平台", "子", "分", "总", "母", "该", "本", "其", "这家", "一家",
            "多家", "相关", "有关", "各", "保险", "电力", "燃气", "供热", "自来水", "网络", "科技", "文化",
            "传媒", "商业", "实业", "发展", "服务", "集团", "控股", "股份", "工程", "设计", "咨询", "代建",
            "监理", "评估", "拆迁", "改造", "城市更新", "更新", "企业", "公司", "专业", "第三方", "社会",
            "全资", "下属", "旗下", "合资", "独资", "期货", "跨国", "关联", "证券", "基金", "银行", "外资",
            "内资", "头部", "龙头", "总部", "医疗", "教育", "紧密型", "国资", "城投", "区属", "市属", "城市",
            "通信", "网络", "通讯", "电信", "移动", "联合")
_STOPS = _INTRO + _VERBS_BEFORE + ("于", "至", "从", "使", "之", "也", "又", "都", "所", "给", "或",
                                   "已", "、")
_COMPANY = re.compile(r"(?:集团)?(?:股份有限公司|有限责任公司|有限公司)|集团|公司")
_BODY = re.compile(r"现场指挥部|指挥部|领导小组(?:及|和)?办公室|领导小组|管委会|管理委员会|工作专班|村委会|"
                   r"村民委员会")
_CENTRE = re.compile(r"中心")
_STREET = re.compile(r"街道(?:办事处|办)?")
_TOWN = re.compile(r"([镇乡])(?:人民政府|政府)?")
_MAX = 30


@dataclass(frozen=True, slots=True)
class OrgHit:
    start: int  # offsets in the text searched
    end: int
    surface: str
    kind: str  # 企业 | 指挥部 | 领导小组 | 管委会 | 中心 | 街道 | 乡镇 | 人民政府
    district: str | None = None  # a district the name itself carries
    short: str | None = None  # for 街道 / 乡镇: the name without its head


def find_orgs(text: str, template: Template | None) -> list[OrgHit]:
    """Every organisation the grammar finds in ``text`` (a sentence's compact working text)."""
    template = template or Template.load()
    out: list[OrgHit] = []
    out += _companies(text)
    out += _bodies(text)
    out += _centres(text)
    out += _streets(text, template)
    out += _towns(text, template)
    out += _districts(text, template)
    return _longest(out)


def _left_edge(text: str, end: int, limit: int = _MAX) -> int:
    """The start of the name that ends at ``end``: after the nearest introducing word, verb of
    the genre (推进, 构建 …) or any character that is not part of a name. An opening quote
    belongs to the name only when the name also holds its closing one (“两区”建设工作领导小组)."""
    i = end
    while i > 0 and end - i < limit:
        ch = text[i - 1]
        if not _NAME_CHAR.match(ch) or (ch in "“\"" and "”" not in text[i:end]):
            break
        # a one-character function word may also end a place name (仁和, 永和): it stops the name
        # only once the name has two characters of its own
        if any(text.endswith(w, 0, i) and (len(w) > 1 or end - i >= 2) for w in _STOPS):
            break
        i -= 1
    while i < end and text[i] in "“”\"":
        i += 1
    return i


def acting(text: str, start: int, end: int, verbs: tuple[str, ...] | None = None) -> bool:
    """Whether the unit at text[start:end] is named as doing something: introduced as the one
    that acts (由X, 授权X, 实施主体X, 子公司X), or followed — after adverbs and a time — by a verb
    (``verbs`` when given, else any verb jieba knows)."""
    if any(text.endswith(w, 0, start) for w in _INTRO_ACT) or _ROLE_BEFORE.search(text, 0, start):
        return True
    rest = _ASIDE.sub("", text[end:end + 32])[:16]  # （以下简称Y）
    while True:
        m = _ADVERB.match(rest)
        if not m or not m.group():
            break
        rest = rest[m.end():]
    if verbs is not None:
        return rest.startswith(verbs)
    if rest.startswith(("相关负责人", "负责人", "负责", "通过", "对")):
        return True
    if rest.startswith(("等", "和", "与", "及", "、", "建设", "试点", "改革", "项目")) or not rest:
        return False
    from ingest.extract.tokens import pos_of, tokenize

    first = tokenize(rest[:6])[0].word
    return (pos_of(first) or "").startswith("v")


def _distinctive(core: str) -> bool:
    """A company's own name: something is left once the words of a kind of company go."""
    changed = True
    while changed and core:
        changed = False
        for w in sorted(_GENERIC, key=len, reverse=True):
            if core.endswith(w):
                core = core[: -len(w)]
                changed = True
                break
    return len(core) >= 2 and not core.isdigit()


def _companies(text: str) -> list[OrgHit]:
    out = []
    for m in _COMPANY.finditer(text):
        head = m.group()
        start = _left_edge(text, m.start())
        core = text[start:m.start()]
        if core.endswith(("子", "分", "总")) or core.startswith(("区", "市")):
            continue  # 子公司, 分公司: a kind of company; 区国资公司: the district's, unnamed
        if not acting(text, start, m.end()):
            continue
        if head.endswith("有限公司") or head.endswith("有限责任公司"):
            if len(core) < 4 or not _distinctive(core):
                continue
        else:
            # a short name (北投集团, 城建兴悦公司): distinctive, and used in a clause
            nxt = text[m.end():m.end() + 1]
            if not _distinctive(core) or len(core) > 10 or not _GOES_ON.match(nxt or " "):
                continue
            if nxt in ("总", "的") or text.startswith(("有限", "股份"), m.end()):
                continue
        out.append(OrgHit(start, m.end(), text[start:m.end()], "企业"))
    return out


def _bodies(text: str) -> list[OrgHit]:
    out = []
    for m in _BODY.finditer(text):
        start = _left_edge(text, m.start())
        core = text[start:m.start()].rstrip("“”\"")
        if len(core) < 2 or not acting(text, start, m.end()):
            continue
        kind = "指挥部" if "指挥部" in m.group() else "管委会" if m.group() in ("管委会", "管理委员会") \
            else "村委会" if m.group().startswith("村") else "领导小组"
        out.append(OrgHit(start, m.end(), text[start:m.end()], kind))
    return out


def _centres(text: str) -> list[OrgHit]:
    out = []
    for m in _CENTRE.finditer(text):
        if not text.startswith(_CENTRE_VERBS, m.end()):
            continue
        start = _left_edge(text, m.start(), 16)
        core = text[start:m.start()]
        if len(core) < 3 or core.endswith(("服务", "卫生服务", "消费", "活动", "文化")):
            continue
        out.append(OrgHit(start, m.end(), text[start:m.end()], "中心"))
    return out


def _place_before(text: str, at: int, template: Template) -> tuple[int, str, str | None] | None:
    """The place name (2–5 characters) that ends at ``at``, and the district written before it."""
    for d in template.districts:
        for prefix in (template.city + d.name, d.name):
            for n in (2, 3, 4, 5):
                s = at - n
                if s >= len(prefix) and text.startswith(prefix, s - len(prefix)):
                    return s - len(prefix), text[s:at], d.name
    start = _left_edge(text, at, 5)
    if at - start < 2:
        return None
    return start, text[start:at], None


def _streets(text: str, template: Template) -> list[OrgHit]:
    out = []
    for m in _STREET.finditer(text):
        office = m.group() != "街道"
        if not office and not text.startswith(ACTOR_VERBS, m.end()):
            continue  # 景山街道三眼井片区: the area, not the office
        place = _place_before(text, m.start(), template)
        if place is None or any(w in place[1] for w in ("各", "本", "该", "所在", "相关")):
            continue
        start, short, district = place
        out.append(OrgHit(start, m.end(), text[start:m.end()], "街道", district, short))
    return out


def _towns(text: str, template: Template) -> list[OrgHit]:
    out = []
    for m in _TOWN.finditer(text):
        named_government = m.end() - m.start() > 1
        rest = _TIME.sub("", text[m.end():m.end() + 10])
        if not named_government and not rest.startswith(DISTRICT_VERBS):
            continue
        place = _place_before(text, m.start(), template)
        if place is None or len(place[1]) > 3 or "各" in place[1] or place[1].startswith(("乡", "城", "村")):
            continue
        start, short, district = place
        out.append(OrgHit(start, m.end(), text[start:m.end()], "乡镇", district, short + m.group(1)))
    return out


def _districts(text: str, template: Template) -> list[OrgHit]:
    """X区 (or 北京市X区) at the head of a clause, followed by a verb of organising: the district's
    government acts (东城区启动…, 通州区联合…)."""
    out = []
    for m in _district_pattern(template).finditer(text):
        start = m.start()
        before = text[start - 1] if start > 0 else ""
        if before and not _CLAUSE_HEAD.match(before):
            continue
        rest = _TIME.sub("", text[m.end():m.end() + 12])
        if rest.startswith(DISTRICT_VERBS):
            out.append(OrgHit(start, m.end(), m.group(), "人民政府", m.group("d")))
    return out


@lru_cache(maxsize=4)
def _district_pattern(template: Template) -> re.Pattern:
    names = "|".join(re.escape(d.name) for d in sorted(template.districts, key=lambda d: -len(d.name)))
    return re.compile(f"(?:{re.escape(template.city)})?(?P<d>{names})")


_CLAUSE_HEAD = re.compile(r"[，。；：、\s”“,;:!?！？)）]|年|月|日|由")
_TIME = re.compile(r"^(?:\d{4}年)?(?:\d{1,2}月)?")


def _longest(hits: list[OrgHit]) -> list[OrgHit]:
    """Overlapping hits: the longest wins (北京城建兴悦置地有限公司 over 置地有限公司)."""
    out: list[OrgHit] = []
    for h in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if all(h.end <= o.start or h.start >= o.end for o in out):
            out.append(h)
    return sorted(out, key=lambda h: h.start)
