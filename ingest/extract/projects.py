"""Project mentions in a sentence, found by rules over the tokenised text.

1. **head**: a noun phrase ending in a project head (项目, 工程, 片区, 公园, 医院, 大厦, 安置房 …,
   see ``lexicon.PROJECT_HEADS``), extended to the left until a breaker (a verb that takes an
   object, a function word, punctuation, a numeral + counter, a common verb by jieba's
   dictionary). Work words (整治, 提升, 改造 …) may sit between the core and a 项目/工程 head;
   和/及/与 may join two parts of one name when the part on their left is not itself a finished
   name; a hyphen joins two sites (甲村-乙庄). A place + a project type (某村棚改项目, 某口棚改
   安置房) is a name even when jieba files the place as common words; a district or a type alone
   (某区棚改项目, 城中村改造项目) is not. A part named after the name (某片区启动区, 试点院落), the
   type or the move that follows it (某片区申请式退租工作, 某医院外迁) are kept as aliases (the move
   names the undertaking). Refused: page navigation (上一期), descriptions (长租型), reference
   points (X附近), counted classes (四条胡同…项目), names inside a list counted as areas.
   **work object**: a named site followed by the work done on it (X大街环境整治提升): the site
   is the name, the site + work an alias.
   **subject / object**: a site (某街, 某胡同, 某河) opening a clause that goes on to a specific
   stage (某胡同率先开始修缮), or the whole object of 腾退修缮/拆除/关停 (拆除某菜市场).
   **counted enumeration**: 甲、乙、丙三条胡同修缮整治项目 is one project when the count is the
   number of sites.
2. **list**: the items of an enumeration ``A、B(、C)等 N处 <category>`` or ``A、B两个 … 项目``
   whose class is a project class (项目, 地块, 文物, 片区 …), or whose other items are projects.
3. **gazetteer**: names found earlier in this run (the registry's discovered names), wherever
   they occur again bare (星河湾项目 → later 星河湾).

Every mention needs a stage word (建设, 竣工, 入市, 腾退 …) in its clause, neither negated (得不到改造)
nor only wished for (建议推进): a name is reported because something happens to it. (Members of a
counted class listed after 包括 need none: ``inclusions.py``.) A name must also look like one: a
proper noun by jieba's tags, a word its dictionary does not know or rarely sees (口袋公园, 区属医院
are classes, not names).
Overlaps are settled longest-first. The rules name no project: the corpus is not their source.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.extract.lexicon import (
    BREAKERS,
    COUNTERS,
    DESCRIPTORS,
    NUMERALS,
    PROJECT_CATEGORIES,
    PROJECT_HEADS,
    PROJECT_TYPES,
    STAGES,
    STOP_CHARS,
    WORK_WORDS,
    words,
)
from ingest.extract.text import Prepared
from ingest.extract.tokens import Token, frequency, pos_of

_SUFFIX_HEADS = ("项目", "工程")
_PHASE_HEADS = ("一期", "二期", "三期")
# heads after a known name that still leave it a mention of that name: its 项目, its housing
_GAZETTEER_HEADS = frozenset({"项目", "工程", "安置房"})
_HOUSING_HEADS = frozenset({"安置房"})
_LONE_PLACE_WORDS = frozenset("街路巷河村镇乡")
_CONNECTORS = frozenset({"和", "及", "与", "以及"})
# the work a project phrase names (整治提升, 改造升级 …) and the place tails a worked-on site ends with
_CORE_WORK = frozenset(words("整治 提升 改造 修缮 升级 更新 利用 展示 治理 恢复 入地"))
_DONE_VERBS = frozenset({"完成", "实现", "基本完成", "全面完成"})
_PLACE_TAILS = (r"大街|小街|街|胡同|路|路段|[东西南北]门|区域|空间|厂|河|故道|视廊|商场|轴线"
                r"|[一二三四五六七八九十\d]+中")
_PLACE_TAIL = re.compile(f"({_PLACE_TAILS})$")
_WORK_CLASSES = frozenset({"改造升级", "整治提升", "综合提升", "改造提升", "环境整治", "腾退", "活化利用",
                           "修缮", "保护展示"})
_PLACE_USES = ("商圈", "街道", "地区", "一带")
_PLACE_CLASS = re.compile("商圈|街道|区域|地区")
_TITLE = re.compile(r"《[^《》]*》")
_TRAILERS = frozenset({"工作", "维护", "保养", "任务", "工程", "后期", "前期", "后续"})
_LIST_SEP = "、"
_MAX_NAME = 30
_MAX_ITEM = 14
# a short parenthetical inside a name: （东城段） （二期）, or one right after a head: 新校区（校本部）
_GLUE = re.compile(r"[（(][^（）()]{1,5}[段期][）)]")
_TAIL_GLUE = re.compile(r"[（(][\u4e00-\u9fff]{1,4}[部区段期][）)]")
# a hyphen between two place names joins them into one site: 甲村-乙庄棚户区改造项目
_HYPHEN = re.compile(r"(?<=[\u4e00-\u9fff])[-－](?=[\u4e00-\u9fff])")
# a district, county or town on its own is where a project is, not its name (某某区棚改项目)
_ADMIN = re.compile(r"^(?:北京市?|[\u4e00-\u9fff]{1,3}(?<![地社小片街园校院城景])区"
                    r"|[\u4e00-\u9fff]{1,3}[县市])$")
# a numeral + counter inside a name makes it a class: 四条胡同修缮整治项目
_COUNTED_INSIDE = re.compile(rf"[0-9{NUMERALS}]+[条个处栋项家所座片类]")
# a project type right after a named site: 某片区申请式退租(工作), 某村棚户区改造
_TYPE_TAIL = re.compile(r"(?:申请式退租|综合整治|棚户区改造|棚改|危改|城中村改造|修缮整治|保护性修缮|"
                        r"恢复性修建|环境整治提升|环境综合整治提升|环境整治|街区更新)+")
_MOVE = re.compile("(?:外迁|迁建|搬迁)(?!工程|项目)")
_PART = re.compile(r"(?:启动区(?!域)|试点院落|示范段|先行区)")
# rule 1c: a clause that opens with a site (某街, 某胡同, 某河) and goes on to its stage
_SUBJECT = re.compile(r"(?:^|(?<=[，,。；;：:\s—]))(?P<name>[\u4e00-\u9fff]{1,6}?(?:大街|小街|街|胡同|河))"
                      r"(?:近日|日前|率先|已经|已|正式|顺利|首次|全面|基本|开始)*")
# rule 1c: a work verb whose object is a whole clause's remainder (腾退修缮某庙。)
_OBJECT = re.compile(r"(?:腾退修缮|腾退|拆除|关停)(?P<name>[\u4e00-\u9fff]{1,10}"
                     r"(?:庙|寺|宫|府|祠|馆|厂|市场|大厦|旧址))(?=[，,。；;、]|$)")
_SUBJECT_TAIL = re.compile("街|胡同|河")
_LEAD_DESCRIPTIONS = frozenset({"长租", "保障性", "共有产权", "租赁型"})
# a place named as a reference point: 位于X附近 (X locates something else)
_REFERENCE_AFTER = re.compile(r"附近|旁边|旁|对面")
_STAGE_CLASS = dict(STAGES)
_NUMERIC = re.compile(rf"^[0-9{NUMERALS}.．]+$")
_ORDINAL = re.compile(rf"^第[{NUMERALS}]+$")
_COUNTED = re.compile(rf"^[0-9{NUMERALS}]+[{''.join(COUNTERS)}大件]")
_CATEGORY = re.compile("|".join(sorted(PROJECT_CATEGORIES, key=len, reverse=True)))
_STRONG_STOP = frozenset("，。；：！？,.;:!?")
# a clause that is only a numbered item's name: 4.X项目，…
_OPENS_TOPIC = re.compile(r"\s*\d{1,2}\s*[.．、]")
_CLAUSE_STOP = re.compile(r"[，。；！？,;!?]")
_STAGE_WORDS = re.compile("|".join(sorted((w for w, _ in STAGES), key=len, reverse=True)))
# a phrase ending in one of these is finished: 和/及 after it starts a new item (石鼓亭周边和X片区)
_LOCATIVES = ("周边", "周围", "沿线", "地区", "区域", "一带")
# POS tags of jieba's dictionary that mark a proper name (place, person, organisation, other)
_PROPER_POS = frozenset({"ns", "nr", "nrt", "nrfg", "nz", "nt", "j"})
_VERB_BREAKERS = frozenset(w for w in BREAKERS if len(w) == 2)
# nouns that continue a phrase past a head: 某河水岸经济 is not a name ending at 水岸
_CONTINUERS = frozenset({"经济", "城市", "功能", "地带", "体系", "主体", "格局", "经验", "模式", "试点"})


@dataclass(frozen=True, slots=True)
class Span:
    """A project mention in a prepared sentence (compact-text offsets)."""

    start: int
    end: int
    kind: str | None
    rule: str  # "head" | "work" | "list" | "member" | "subject" | "gazetteer"
    alias: str | None = None  # for "work": the site and its work (云杉路环境整治提升)


_HEAD_LENGTHS = sorted({len(h) for h in PROJECT_HEADS}, reverse=True)


@lru_cache(maxsize=65536)
def head_of(word: str) -> str | None:
    """The longest project head ``word`` ends with, if any."""
    for n in _HEAD_LENGTHS:
        if len(word) >= n and word[-n:] in PROJECT_HEADS:
            return word[-n:]
    return None


class ProjectSpotter:
    """Finds project spans in one prepared sentence. Stateless; the gazetteer is passed in.

    Example::

        spans = ProjectSpotter().find(prepare("推进晨光数字科技大厦竣工"), gazetteer=None)
    """

    def find(self, prep: Prepared, gazetteer: re.Pattern | None = None,
             excluded: set[str] | frozenset[str] = frozenset(),
             rule_spans: list[Span] | None = None) -> list[Span]:
        """The mentions in ``prep``. ``rule_spans``: this sentence's :meth:`rule_spans`, when the
        caller already has them (the gazetteer pass reuses the discovery pass's work)."""
        if not stage_in(prep) and not rule_spans:
            return []  # every rule needs a stage word in the clause: skip the tokenizer
        found = list(rule_spans) if rule_spans is not None else self.rule_spans(prep, excluded)
        if gazetteer is not None:
            found += [s for s in self._gazetteer(prep, gazetteer)
                      if _clause_has_stage(prep, s)
                      and not _introduced_by_yi(prep.text, prep.tokens, prep.starts[s.start], s.end)
                      and prep.text[s.start:s.end] not in excluded]
        titles = [(m.start(), m.end()) for m in _TITLE.finditer(prep.text)]
        if titles:  # names inside a document's title (《…实施方案》) are not reported work
            found = [s for s in found if not any(a <= s.start and s.end <= b for a, b in titles)]
        return _longest_first(found)

    def rule_spans(self, prep: Prepared, excluded: set[str] | frozenset[str] = frozenset()) -> list[Span]:
        """Candidates of rules 1 and 2 (heads, work objects, lists), before overlaps are settled."""
        if not stage_in(prep) or not _may_hold_a_rule_span(prep.text):
            return []  # the tokenizer is most of the pipeline's time: spare it where no rule can fire
        return self.every_rule_span(prep, excluded)

    def every_rule_span(self, prep: Prepared,
                        excluded: set[str] | frozenset[str] = frozenset()) -> list[Span]:
        """:meth:`rule_spans` without the pre-check on the raw text (tests hold the two equal)."""
        glue = self._glue(prep)
        heads = self._heads(prep, glue)
        works = self._work_objects(prep, glue)
        refused: list[tuple[int, int]] = []
        lists = self._lists(prep, glue, heads, works, refused)
        if refused:  # names inside a list counted as areas or villages (甲东区、乙西区5个区域)
            heads = [h for h in heads if not any(a <= h.start and h.end <= b for a, b in refused)]
        subjects = (self._subjects(prep) + self._objects(prep) + _counted_enumerations(prep)
                    + _described_facilities(prep))
        # a new name must be said to be built, opened, moved … : its clause carries a stage word
        return [s for s in heads + works + lists + subjects
                if _clause_has_stage(prep, s) and prep.text[s.start:s.end] not in excluded]

    # ------------------------------------------------------------------ rule 1: heads

    def _heads(self, prep: Prepared, glue: set[int]) -> list[Span]:
        toks = prep.tokens
        out: list[Span] = []
        for idx, tok in enumerate(toks):
            head = head_of(tok.word)
            if head is None or idx in glue:
                continue
            if head in _PHASE_HEADS and idx > 0 and head_of(toks[idx - 1].word):
                continue  # 街区三期: a phase of the name on the left, found by its own head
            if head in _PHASE_HEADS and prep.text[max(0, tok.end - 3):tok.end - 2] in ("上", "下", "本"):
                continue  # 上一期 / 下一期: a page's navigation, not a phase
            if (idx + 1 < len(toks) and toks[idx + 1].word in _CONTINUERS
                    and not _PART.match(prep.text, tok.end)):
                continue
            start = self._walk_left(toks, idx, head, glue)
            if start is None:
                continue
            name = prep.text[toks[start].start:tok.end]
            if not self._valid_name(toks[start:idx + 1], tok, head, name):
                continue
            if self._is_category(toks, start):
                continue  # 等34处文物 / 两个长期滞留项目: a class, its items are the names
            if _quoted(prep.text, toks[start].start, tok.end):
                continue  # “雪亮工程”, “安宁街区”: a programme's slogan, not a site
            if _introduced_by_yi(prep.text, toks, start, tok.end) or _reference_point(prep.text, tok.end):
                continue
            end = tok.end
            m = _TAIL_GLUE.match(prep.text, end)
            if m and head not in _SUFFIX_HEADS:
                end = m.end()  # 某大学新校区（校本部）: the parenthetical names the part
            part = _PART.match(prep.text, end)
            # 某片区启动区, 某片区试点院落: a part of the project, named by it; the part's name is
            # kept as the project's alias
            alias = prep.text[toks[start].start:part.end()] if part else None
            move = None if part or head in _SUFFIX_HEADS else _MOVE.match(prep.text, end)
            if move and move.end() in prep.ends:
                # 某医院外迁: the move is the undertaking, the site its alias
                alias, end = prep.text[toks[start].start:end], move.end()
            typed = None if part or move or head in _SUFFIX_HEADS else _TYPE_TAIL.match(prep.text, end)
            if typed:
                alias = prep.text[toks[start].start:typed.end()]  # 某片区|申请式退租(工作): the undertaking
            out.append(Span(toks[start].start, end, PROJECT_HEADS[head], "head", alias))
        return _drop_outer_work_phrases(out, prep)

    def _walk_left(self, toks: list[Token], idx: int, head: str, glue: set[int]) -> int | None:
        """Index of the first token of the name whose head token is ``toks[idx]``."""
        start = idx
        work_zone = head in _SUFFIX_HEADS
        joined = False
        k = idx - 1
        while k >= 0:
            t = toks[k]
            if k in glue:
                start, k = k, k - 1
                continue
            if work_zone and _is_work(t.word):
                start, k = k, k - 1
                continue
            work_zone = False
            if head in _HOUSING_HEADS and head_of(t.word) in _SUFFIX_HEADS:
                break  # 某棚改项目|安置房: the housing of a project named before it (however cut)
            if t.word in _CONNECTORS and not joined and k > 0:
                left = toks[k - 1]
                if (not self._breaks(toks, k - 1, glue) and head_of(left.word) is None
                        and not _leading_junk(left.word) and not left.word.endswith(_LOCATIVES)):
                    joined = True
                    start, k = k, k - 1
                    continue
                break
            if self._breaks(toks, k, glue):
                break
            if _verbal(t.word) and not (head in _SUFFIX_HEADS and k + 1 < idx and _is_work(toks[k + 1].word)):
                break  # …, but 照明|一体化工程: a verb naming what the work is about
            if (len(t.word) >= 2 and t.word in DESCRIPTORS and not head_of(toks[k + 1].word)
                    and any(_proper(x.word) for x in toks[start:idx])):
                break  # 试点|晨光楼9号简易楼: a description in front of a name is not part of it
            start, k = k, k - 1
        # a verb or particle the walk let in at the left edge is not part of the name (出台|X街区),
        # nor a lone place word that ends the phrase before it (餐饮街|某街: 街 is the street's kind)
        while start < idx and start not in glue and (_leading_junk(toks[start].word)
                                                     or toks[start].word in _LONE_PLACE_WORDS):
            start += 1
        if toks[idx].end - toks[start].start > _MAX_NAME:
            return None
        return start

    def _breaks(self, toks: list[Token], k: int, glue: set[int]) -> bool:
        if k in glue:
            return False
        word = toks[k].word
        if word in BREAKERS or any(ch in STOP_CHARS for ch in word):
            return True
        if len(word) > 2 and word[-2:] in _VERB_BREAKERS and pos_of(word) not in _PROPER_POS:
            return True  # 基本完成, 加快推进: adverb + verb in one token
        if word[0] in NUMERALS and word[-1] in COUNTERS and word[-1] != "条" and len(word) <= 3:
            return True  # 两个, 四片
        if _NUMERIC.match(word):
            nxt = toks[k + 1].word if k + 1 < len(toks) else ""
            # a numeral is part of a name (171中学, 6号线) unless a counter, date or list mark follows
            return (not nxt or nxt[0] in COUNTERS or nxt[0] in "年月日%．.、" or word.endswith((".", "．"))
                    or nxt in BREAKERS)
        return bool(word[0] in COUNTERS and k > 0 and _NUMERIC.match(toks[k - 1].word))

    def _valid_name(self, toks: list[Token], head_tok: Token, head: str, name: str) -> bool:
        core_tokens = [t.word for t in toks[:-1]]
        head_prefix = head_tok.word[: -len(head)]
        if head_prefix:
            core_tokens.append(head_prefix)
        if core_tokens == ["区"] and len(head) >= 4:
            return True  # 区某某中心站: the district's own facility
        if len("".join(core_tokens)) < 2:
            return False
        if all(w in DESCRIPTORS or w in WORK_WORDS or _NUMERIC.match(w) for w in core_tokens):
            return False
        if len(core_tokens[0]) >= 2 and core_tokens[0] in DESCRIPTORS and len(core_tokens) <= 2:
            return False
        if core_tokens[0].endswith("型") or core_tokens[0] in _LEAD_DESCRIPTIONS:
            return False  # 长租型人才公寓: a kind of thing, not a named one
        if _COUNTED.match(name) or _COUNTED_INSIDE.search(name):
            return False  # 6处公园, 两个项目, 四条胡同修缮整治项目
        bare = [w for w in _without_admin(core_tokens) if w not in WORK_WORDS and w not in _CONNECTORS]
        named = [w for w in bare if not _ADMIN.match(w) and w not in DESCRIPTORS]
        if not named and _typed(core_tokens):
            return False  # 某区棚改和环境整治项目, 城中村改造项目: a district or a type is not a name
        if (_typed(core_tokens) and len("".join(named)) >= 2 and not any(_verbal(w) for w in named)
                and (any(_proper(w) for w in named) or _nominal(named))):
            return True  # 某村棚改项目, 某口棚改安置房: a place before a project type names it
        if head in _SUFFIX_HEADS and bare and bare[-1] in DESCRIPTORS:
            return False  # 重点项目, 民生实事项目: a class of projects
        # a name starts with a proper noun (口袋公园, 区属医院, 餐饮新消费街区 do not); a generic
        # head (项目/工程) needs a word the dictionary itself files as a name
        return _starts_proper(core_tokens, strict=head in _SUFFIX_HEADS)

    def _is_category(self, toks: list[Token], start: int) -> bool:
        """A phrase right after 等 / 一批 / a numeral + counter names a class, not a thing."""
        if start == 0:
            return False
        prev = toks[start - 1].word
        if prev in {"等", "等等", "一批", "这些", "各类"}:
            return True
        if prev and prev[0] in COUNTERS and start >= 2 and _NUMERIC.match(toks[start - 2].word):
            return True
        return bool(_NUMERIC.match(prev) and start >= 1 and prev not in {"."})

    # ------------------------------------------------------------------ rule 1b: work objects

    def _work_objects(self, prep: Prepared, glue: set[int]) -> list[Span]:
        """A named place followed by the work done on it: 云杉大街|环境整治提升,
        月桂西门|景观提升, 竹影胡同|完成整治提升. The project is named by the place."""
        toks = prep.tokens
        out: list[Span] = []
        i = 0
        while i < len(toks):
            if not _is_work(toks[i].word) or (i > 0 and _is_work(toks[i - 1].word)):
                i += 1
                continue
            j = i
            while j < len(toks) and _is_work(toks[j].word):
                j += 1
            run_text = "".join(t.word for t in toks[i:j])
            end = i - 1 if i > 0 and toks[i - 1].word in _DONE_VERBS else i
            i0, i = i, j
            if not any(w in run_text for w in _CORE_WORK) or end <= 0:
                continue
            last = end - 1
            start = self._walk_left(toks, last, "", glue)
            if start is None:
                continue
            name = prep.text[toks[start].start:toks[last].end]
            if not (3 <= len(name) <= 16 and (_PLACE_TAIL.search(name) or head_of(toks[last].word))):
                continue
            if _COUNTED_INSIDE.search(name) and start > 0 and toks[start - 1].word == _LIST_SEP:
                continue  # 甲、乙四条胡同修缮整治: the count closes a list of sites
            if not _starts_proper([t.word for t in toks[start:last + 1]]) or self._is_category(toks, start):
                continue
            if pos_of(toks[start].word) in ("v", "vn"):
                continue  # 设计导则及空间提升: the object of a plan, not a site
            if _introduced_by_yi(prep.text, toks, start, toks[last].end):
                continue
            alias = name + prep.text[toks[i0].start:toks[j - 1].end]
            out.append(Span(toks[start].start, toks[last].end, "环境整治", "work", alias))
        return out

    # ------------------------------------------------------------------ rule 1c: subjects

    def _subjects(self, prep: Prepared) -> list[Span]:
        """A site named at the start of a clause whose predicate is a specific stage: 某街近日完成
        改造, 某胡同率先开始修缮, 某河重现. The site has no project head, so it must end in a place
        word (街, 胡同, 河 …) and start with a name-like word; the stage must follow within a few
        adverbs (近日, 率先, 开始 …), and be more than the catch-all (推进, 提升)."""
        out: list[Span] = []
        text = prep.text
        for m in _SUBJECT.finditer(text):
            stage = _STAGE_WORDS.match(text, m.end())
            if stage is None or _STAGE_CLASS[stage.group()] == "推进":
                continue
            a, b = m.span("name")
            if a not in prep.starts or b not in prep.ends:
                continue
            toks = prep.tokens[prep.starts[a]:]
            words_ = [t.word for t in toks if t.end <= b]
            if (_ADMIN.match(text[a:b]) or any(w in DESCRIPTORS or _verbal(w) for w in words_)
                    or not _starts_proper(words_)):
                continue
            out.append(Span(a, b, "环境整治", "subject"))
        return out

    def _objects(self, prep: Prepared) -> list[Span]:
        """A site that is the whole object of a work verb, up to the clause's end: 腾退修缮某庙,
        拆除某菜市场, 关停某市场. The object must be a name (a proper first word, no verb, no
        description): 拆除违法建设 names no site."""
        out: list[Span] = []
        text = prep.text
        for m in _OBJECT.finditer(text):
            a, b = m.span("name")
            if a not in prep.starts or b not in prep.ends or not 2 <= b - a <= 12:
                continue
            words_ = [t.word for t in prep.tokens[prep.starts[a]:] if t.end <= b]
            if (_ADMIN.match(text[a:b]) or any(w in DESCRIPTORS or w in WORK_WORDS or _verbal(w)
                                               or pos_of(w) in ("v", "vn", "a", "d", "m") for w in words_)
                    or not _starts_proper(words_, strict=True)):
                continue
            out.append(Span(a, b, None, "subject"))
        return out

    # ------------------------------------------------------------------ rule 2: lists

    def _lists(self, prep: Prepared, glue: set[int], heads: list[Span], works: list[Span],
               refused: list[tuple[int, int]] | None = None) -> list[Span]:
        """Items of enumerations; ``refused`` collects the extent of lists counted as something
        else than projects (their items are not names, whatever rule found them)."""
        toks = prep.tokens
        out: list[Span] = []
        seps = [i for i, t in enumerate(toks) if t.word == _LIST_SEP]
        # single-item enumerations: X等<category>
        etc = [i for i, t in enumerate(toks) if t.word in ("等", "等等")]
        groups = _group_separators(toks, seps)
        grouped_etc = set()
        for group in groups:
            items = self._items(toks, group, glue)
            if not items or _introduced_by_yi(prep.text, toks, items[0][0], toks[items[-1][1] - 1].end):
                continue
            last_end = items[-1][1]
            if last_end < len(toks) and toks[last_end].word in ("等", "等等"):
                grouped_etc.add(last_end)
            if self._class_follows(prep, last_end):
                out.extend(self._item_spans(prep, items, strict_class=True))
            elif _other_class_follows(prep.text, toks[items[-1][1] - 1].end):
                # 甲东区、乙西区5个区域: the items are counted as something else than projects
                if refused is not None:
                    refused.append((toks[items[0][0]].start, toks[items[-1][1] - 1].end))
                continue
            elif self._project_list(prep, items, heads, works):
                out.extend(_type_aliases(prep, self._item_spans(prep, items), toks[items[-1][1] - 1].end))
        for i in etc:
            if i in grouped_etc or i == 0:
                continue
            start = self._item_start(toks, i - 1, glue)
            if start is None:
                continue
            if refused is not None and _other_class_follows(prep.text, toks[i - 1].end):
                refused.append((toks[start].start, toks[i - 1].end))  # 甲东区等5个区域
                continue
            items = [(start, i)]
            if self._class_follows(prep, i):
                out.extend(self._item_spans(prep, items, strict_class=True))
        return out

    def _items(self, toks: list[Token], group: list[int], glue: set[int]) -> list[tuple[int, int]]:
        """Token ranges [a, b) of the items around the separators of one enumeration."""
        first = self._item_start(toks, group[0] - 1, glue)
        if first is None:
            return []
        items = [(first, _strip_work(toks, first, group[0]))]
        for a, b in itertools.pairwise(group):
            # A及B inside one slot of the enumeration: two items (某医院旧址拆除及X后期整治)
            cuts = [a] + [i for i in range(a + 1, b) if toks[i].word in _CONNECTORS] + [b]
            for x, y in itertools.pairwise(cuts):
                items.append((x + 1, _strip_work(toks, x + 1, y)))
        # the last item runs forward until a breaker, 等, a numeral or a work word
        k = group[-1] + 1
        start = k
        while k < len(toks):
            w = toks[k].word
            if k not in glue and (w in ("等", "等等") or w in WORK_WORDS or self._breaks(toks, k, glue)
                                  or w in _CONNECTORS or _verbal(w)):
                break
            k += 1
            if head_of(w) and w not in _PHASE_HEADS:
                break  # the item is a finished name: 晨光戏剧中心|先后投用
        items.append((start, k))
        return [(a, b) for a, b in items if b > a]

    def _item_start(self, toks: list[Token], k: int, glue: set[int]) -> int | None:
        """Walk left from token ``k`` (the item's last token) to the item's first token."""
        if k < 0:
            return None
        start = None
        work_zone = True  # an item may end with work words: 石鼓亭展陈提升等
        while k >= 0:
            w = toks[k].word
            if k not in glue:
                if work_zone and _is_work(w):
                    start, k = k, k - 1
                    continue
                work_zone = False
                if self._breaks(toks, k, glue) or w in _CONNECTORS or _verbal(w):
                    break
            start, k = k, k - 1
        while start is not None and start < len(toks) - 1 and _leading_junk(toks[start].word):
            start += 1  # 以|嘉德艺术中心
        return start

    def _project_list(self, prep: Prepared, items: list[tuple[int, int]], heads: list[Span],
                      works: list[Span]) -> bool:
        toks = prep.tokens
        # another item is a project found by its head, or is the whole object of the work that
        # follows the list (A、B环境整治提升): the list is a list of projects
        spans = [(toks[a].start, toks[b - 1].end) for a, b in items]
        if any(h.start < e and s < h.end for h in heads for s, e in spans):
            return True
        return any((w.start, w.end) in spans for w in works)

    def _class_follows(self, prep: Prepared, k: int) -> bool:
        """After token ``k`` (等 / a numeral / 两个 …) the phrase names a project class."""
        toks = prep.tokens
        if k >= len(toks):
            return False
        start = toks[k].start
        end = start
        limit = min(len(prep.text), start + 20)
        while end < limit and prep.text[end] not in _STRONG_STOP:
            end += 1
        tail = prep.text[start:end]
        m = _CATEGORY.search(tail)
        if not m or (m.start() > 0 and tail[m.start() - 1] in "（("):
            return False  # 重点领域（项目）: a gloss, not the class of the items
        lead = toks[k].word
        place = _PLACE_CLASS.search(tail, 0, m.start())
        if place:
            return False  # 崇外、簋街等一批特色商圈和…街区: the items are areas, named first
        counted = re.match(rf"等?[0-9{NUMERALS}]+(.)", tail)
        if counted and counted.group(1) == "片":
            return False  # 四片历史文化街区: areas, not projects
        if m.group() in _WORK_CLASSES:
            return lead in ("等", "等等")  # 云杉大街等公共空间改造升级, not A、B改造升级
        # the class must follow 等 or a count directly (一批 / N处 / 两个 …), or the item itself
        return (lead in ("等", "等等") or bool(_NUMERIC.match(lead)) or lead[0] in NUMERALS
                or m.start() == 0 or (lead in DESCRIPTORS and m.start() <= 4))

    def _item_spans(self, prep: Prepared, items: list[tuple[int, int]],
                    strict_class: bool = False) -> list[Span]:
        toks = prep.tokens
        out = []
        for a, b in items:
            words = [t.word for t in toks[a:b]]
            text = prep.text[toks[a].start:toks[b - 1].end]
            if not 2 <= len(text) <= _MAX_ITEM:
                continue
            if (any(ch in STOP_CHARS for ch in _HYPHEN.sub("", text)) or _COUNTED.match(text)
                    or text[0].isdigit()):
                continue
            if all(w in DESCRIPTORS or w in WORK_WORDS for w in words):
                continue
            if text.endswith(_LOCATIVES[3:]) and not (strict_class and text.endswith("地区")):
                continue  # 王府井区域: a region (but 某地区等7个改造项目: one of the projects)
            if strict_class:
                # listed before 等N处文物: anything but a string of common words is a name (西|革新|里)
                if all(len(w) >= 2 and not _proper(w) for w in words):
                    continue
            elif not any(_strictly_proper(w) for w in words):
                continue  # 历史建筑, 编外用工: common nouns, not names
            if words[-1] in _PHASE_HEADS and len(words) > 1 and head_of(words[-2]):
                b -= 1  # 月桂百货商场一期 → 月桂百货商场
                text = prep.text[toks[a].start:toks[b - 1].end]
            if words[0] in _PHASE_HEADS and len(words) == 1:
                continue
            if words[-1] not in WORK_WORDS and (
                    _leading_junk(words[-1]) or (len(words[-1]) == 1 and pos_of(words[-1]) == "d")):
                continue  # 区两级任务共: a clause fragment, not a name
            head = head_of(text)
            out.append(Span(toks[a].start, toks[b - 1].end, PROJECT_HEADS[head] if head else None, "list"))
        return out

    # ------------------------------------------------------------------ rule 3: gazetteer

    def _gazetteer(self, prep: Prepared, pattern: re.Pattern) -> list[Span]:
        out = []
        for m in pattern.finditer(prep.text):
            s, e = m.span()
            # a known name inside a longer word (月桂 in 月桂医院) is not a mention of it
            if s not in prep.starts or e not in prep.ends:
                continue
            k = prep.starts.get(e)
            nxt = prep.tokens[k] if k is not None else None
            if nxt is not None and head_of(nxt.word) and nxt.word not in _GAZETTEER_HEADS:
                continue
            if prep.text.startswith(_PLACE_USES, e):
                continue  # 银杏坊商圈: the name used for the area around it
            out.append(Span(s, e, None, "gazetteer"))
        return out

    @staticmethod
    def _glue(prep: Prepared) -> set[int]:
        """Token indices inside a short parenthetical that belongs to a name (（东城段）), and
        hyphens between two names (甲村-乙庄)."""
        covered: set[int] = set()
        for m in itertools.chain(_GLUE.finditer(prep.text), _HYPHEN.finditer(prep.text)):
            for i, t in enumerate(prep.tokens):
                if t.start >= m.start() and t.end <= m.end():
                    covered.add(i)
        return covered


# verbs that occur inside names (某某应用创新中心, 中西医结合医院, 某某申遗保护项目)
_NAME_VERBS = frozenset(words(
    "应用 创新 申遗 结合 服务 孵化 体验 策展 展示 救援 急救 共享 改造 提升 整治 "
    "保护 修缮 更新 建设 治理 连通 利用 开发 交流 监督 管理 发展 研究 示范"
))
_JUNK_POS = frozenset({"p", "d", "c", "r", "ad", "u"})
_COMMON_VERB = 500
_SINGLE_COMMON = frozenset("区市县省新大小老原第各全本该此其")
_VERY_RARE = 50  # below this even a 项目/工程 name's word counts as a name (国展, 人防)
_RARE = 500  # corpus frequency in jieba's dictionary below which a common noun is likely a name


def _verbal(word: str) -> bool:
    """A common verb (by jieba's dictionary) that ends a name going left: 获批, 晋升, 出台.
    Rare 'verbs' are usually fragments of an unknown name (首开, 亮|马河) and do not count."""
    return (pos_of(word) == "v" and len(word) >= 2 and frequency(word) >= _COMMON_VERB
            and word not in _NAME_VERBS and word not in WORK_WORDS)


def _leading_junk(word: str) -> bool:
    return pos_of(word) in _JUNK_POS


def _proper(word: str) -> bool:
    """Name-like: a proper noun by jieba's tags, a word it does not know, or a rare word (东单,
    石鼓亭: place names its dictionary files as common nouns, but seldom sees)."""
    if any(ch.isascii() and ch.isalnum() for ch in word):
        return True
    if _ORDINAL.match(word):
        return True  # 第九医院, 第五校区: an ordinal names one of a series
    pos = pos_of(word)
    if pos is None or pos in _PROPER_POS:
        return True
    if len(word) == 1:
        # jieba cuts names it does not know into single characters (石|埭|会馆)
        return pos not in _JUNK_POS and pos not in ("m", "q", "f") and word not in _SINGLE_COMMON
    return pos not in _JUNK_POS and pos not in ("v", "s") and frequency(word) < _RARE


_PREFIX_TOKENS = frozenset({"区", "东城", "东城区", "市", "新", "原", "区属", "市属"})


def _starts_proper(words: list[str], strict: bool = False) -> bool:
    """One of the first two words (after a district prefix) is name-like."""
    rest = [w for w in words if w]
    while rest and (rest[0] in _PREFIX_TOKENS or rest[0] in DESCRIPTORS) and len(rest) > 1:
        rest = rest[1:]
    if strict:
        # single characters before a name (环|二环) are fragments, not the name's first word
        return any(_strictly_proper(w) for w in [w for w in rest if len(w) > 1][:2])
    return any(_proper(w) for w in rest[:2])


def _strictly_proper(word: str) -> bool:
    if any(ch.isascii() and ch.isalnum() for ch in word) or _ORDINAL.match(word):
        return True
    pos = pos_of(word)
    return pos is None or pos in _PROPER_POS or (pos not in ("v", "d", "a") and frequency(word) < _VERY_RARE)


_ANY_HEAD = re.compile("|".join(sorted(map(re.escape, PROJECT_HEADS), key=len, reverse=True)))
# rule 1b's site read off the raw text: a place tail, perhaps a done verb, then a work run (whose
# first word is a work word, or a compound of them that may open with a phase)
_WORK_SITE = re.compile(f"(?:{_PLACE_TAILS})(?:{'|'.join(sorted(_DONE_VERBS, key=len, reverse=True))})?"
                        f"(?:{'|'.join(_PHASE_HEADS)})*"
                        f"(?:{'|'.join(sorted(WORK_WORDS, key=len, reverse=True))})")


def _may_hold_a_rule_span(text: str) -> bool:
    """A necessary condition for rules 1 and 2, read off the raw text: a head (rule 1), a place
    followed by its work (work objects: a site without a head ends in a place word, and the work
    run follows it at once), or an enumeration mark before a project class (rule 2; a list whose
    items are heads or work objects is covered by the first two). Work words alone are in most
    sentences of these documents; a site before them is not."""
    if _ANY_HEAD.search(text) or _WORK_SITE.search(text) or _OBJECT.search(text):
        return True
    if _SUBJECT_TAIL.search(text) and _SUBJECT.search(text):
        return True
    return ("、" in text or "等" in text) and _CATEGORY.search(text) is not None


def has_stage(text: str) -> bool:
    """Whether ``text`` has a stage word at all (no mention can be found without one)."""
    return _STAGE_WORDS.search(text) is not None


def stage_in(prep: Prepared) -> bool:
    """:func:`has_stage` of a prepared sentence, worked out once for it."""
    if prep.stage is None:
        prep.stage = has_stage(prep.text)
    return prep.stage


def _introduced_by_yi(text: str, toks: list[Token], start: int, end: int) -> bool:
    """以X(、Y)为核心/抓手/契机: X is a reference point of the sentence, not the work's object."""
    left = max((m.end() for m in _CLAUSE_STOP.finditer(text, 0, toks[start].start)), default=0)
    i = start - 1
    while i >= 0 and toks[i].start >= left and toks[i].word != "以":
        i -= 1
    if i < 0 or toks[i].start < left:
        return False
    if _STAGE_WORDS.search(text, toks[i].end, toks[start].start):
        return False  # 以…推动X建设: X is the object of the stage verb
    m = _CLAUSE_STOP.search(text, end)
    return "为" in text[end:m.start() if m else len(text)]


def _quoted(text: str, start: int, end: int) -> bool:
    if start == 0 or end >= len(text) or text[start - 1] not in "“\"「" or text[end] not in "”\"」":
        return False
    return not text.startswith(_SUFFIX_HEADS, end + 1)  # “某某品牌馆”项目 is a project


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """``[left, right)`` of the clause that holds ``text[start:end]``."""
    left = max((m.end() for m in _CLAUSE_STOP.finditer(text, 0, start)), default=0)
    m = _CLAUSE_STOP.search(text, end)
    return left, m.start() if m else len(text)


def _stage_in_next_clause(text: str, right: int) -> bool:
    m = _CLAUSE_STOP.search(text, right + 1)
    return bool(_STAGE_WORDS.search(text, right, m.start() if m else len(text)))


def clause_may_have_stage(text: str, start: int, end: int) -> bool:
    """What :func:`_clause_has_stage` asks of a mention at ``text[start:end]``, read off the text
    alone (any stage word, no tokens): False means no mention there can count, so a caller may
    spare the tokenizer the sentence."""
    left, right = _clause_bounds(text, start, end)
    if _STAGE_WORDS.search(text, left, right):
        return True
    if _OPENS_TOPIC.match(text, left):
        return bool(_STAGE_WORDS.search(text, right))
    return start == left and right < len(text) and _stage_in_next_clause(text, right)


def _clause_has_stage(prep: Prepared, span: Span) -> bool:
    """A stage word in the mention's clause, or after it when the mention opens a numbered item
    (4.X项目，方案已审议，加快推进项目实施) or is the subject of a clause whose predicate goes on
    in the next one (X作为…，回迁楼实现开工)."""
    text = prep.text
    left, right = _clause_bounds(text, span.start, span.end)
    if _stated_stage(text, left, right):
        return True
    if _OPENS_TOPIC.match(text, left):
        return bool(_STAGE_WORDS.search(text, right))
    if span.start != left or right >= len(text):
        return False
    k = prep.starts.get(right + 1)
    as_subject = text.startswith(("作为", "是"), span.end)  # X作为…工程，回迁楼实现开工
    if k is not None and not as_subject and (prep.tokens[k].word in BREAKERS or _verbal(prep.tokens[k].word)):
        return False  # …，支持X建设: a new predicate with its own object
    return _stage_in_next_clause(text, right)


def _stated_stage(text: str, left: int, right: int) -> bool:
    """A stage word in the clause ``text[left:right]`` that is neither negated (迟迟得不到改造) nor
    only wished for (网友建议加快推进X): a clause that states no work names no project."""
    if _WISHED.search(text, left, right):
        return False
    return any(not text[max(left, m.start() - 2):m.start()].endswith(_NEGATIONS)
               for m in _STAGE_WORDS.finditer(text, left, right))


_WISHED = re.compile("建议|呼吁|希望")


_NEGATIONS = ("不到", "未", "没有", "不", "建议")


def _strip_work(toks: list[Token], start: int, end: int) -> int:
    """End of an enumeration item without the work done on it: 石鼓城楼保养维护、 → 石鼓城楼."""
    while end > start + 1 and (_is_work(toks[end - 1].word) or toks[end - 1].word in _TRAILERS):
        end -= 1
    return end


def _group_separators(toks: list[Token], seps: list[int]) -> list[list[int]]:
    """Separators of one enumeration: consecutive 、 with no strong stop between them."""
    groups: list[list[int]] = []
    for s in seps:
        if groups:
            prev = groups[-1][-1]
            between = toks[prev + 1:s]
            if between and not any(any(ch in _STRONG_STOP for ch in t.word) for t in between) \
                    and sum(len(t.word) for t in between) <= _MAX_ITEM:
                groups[-1].append(s)
                continue
        groups.append([s])
    return groups


def _drop_outer_work_phrases(spans: list[Span], prep: Prepared) -> list[Span]:
    """X片区恢复性修建项目 → X片区: a 项目/工程 phrase that only adds work words to a name; the
    whole phrase stays as the inner name's alias (某医院迁建工程 is what the text calls it)."""
    out = []
    aliases: dict[int, str] = {}
    for s in spans:
        text = prep.text[s.start:s.end]
        if text.endswith(_SUFFIX_HEADS):
            inner = [o for o in spans if o is not s and s.start <= o.start and o.end < s.end
                     and not prep.text[o.start:o.end].endswith(_SUFFIX_HEADS)]
            if inner:
                last = max(inner, key=lambda o: o.end)
                rest = prep.text[last.end:s.end - 2]
                if _only_work(rest):
                    if last.start == s.start:
                        aliases[id(last)] = text
                    continue
        out.append(s)
    return [dataclasses.replace(s, alias=aliases[id(s)]) if id(s) in aliases and s.alias is None else s
            for s in out]


_OTHER_CLASS = re.compile(rf"等?[0-9{NUMERALS}]+[个处片]?(?:区域|街道|社区|村|户|家|人)")


def _without_admin(core: list[str]) -> list[str]:
    """The core without a leading district or town, however jieba cut it (某北|区)."""
    for k in (3, 2, 1):
        if len(core) > k and _ADMIN.match("".join(core[:k])):
            return core[k:]
    return core


_TYPE_REACH = 18
# 甲、乙、丙三条胡同修缮整治项目: short sites, their count, the class they share, the work, 项目/工程
_ENUMERATION = re.compile(rf"(?P<items>(?:[\u4e00-\u9fff]{{1,4}}、)+[\u4e00-\u9fff]{{1,4}}?)"
                          rf"(?P<count>[{NUMERALS}]+)[条个处座]"
                          r"[\u4e00-\u9fff]{1,4}?(?:修缮整治|综合整治|环境整治提升|整治提升|改造|修缮|棚改)"
                          r"(?:项目|工程)")


# a facility built to a stated size: 建设占地约20公顷的城市公园 (the size makes a generic noun one thing)
_DESCRIBED = re.compile(
    r"(?:建设|新建|修建|开工建设|打造)占地(?:面积)?(?:约|近|超过)?[0-9.]+万?(?:公顷|平方米|亩|㎡)的"
    r"(?P<name>[\u4e00-\u9fff]{2,10}?)(?=[，,。；;]|$)"
)


def _described_facilities(prep: Prepared) -> list[Span]:
    """A facility the sentence builds with its size (开工建设占地约100公顷的森林公园): one
    undertaking although its name is a common noun; it must end in a facility head (公园, 学校 …).

    Example: ``_described_facilities(prepare("将建设占地20公顷的城市公园。"))`` → one span, 城市公园.
    """
    out = []
    for m in _DESCRIBED.finditer(prep.text):
        a, b = m.span("name")
        head = head_of(m.group("name"))
        if head is None or head in _SUFFIX_HEADS or a not in prep.starts or b not in prep.ends:
            continue
        out.append(Span(a, b, PROJECT_HEADS[head], "subject"))
    return out


def _counted_enumerations(prep: Prepared) -> list[Span]:
    """One project named by the sites it covers, counted: 甲、乙、丙三条胡同修缮整治项目. The count
    must equal the number of sites listed (otherwise the list is something else)."""
    out = []
    for m in _ENUMERATION.finditer(prep.text):
        items = m.group("items").split("、")
        start = m.start()
        # the regex may take the verb before the first site into it (启动|甲): leave it out
        lead = _STAGE_WORDS.match(items[0]) or re.match("|".join(_VERB_BREAKERS), items[0])
        if lead and lead.end() < len(items[0]):
            start += lead.end()
        if parse_count(m.group("count")) == len(items):
            out.append(Span(start, m.end(), "项目", "list"))
    return out


def parse_count(text: str) -> int | None:
    """一 … 十, 两, or digits: the small counts an enumeration gives (四条, 3个)."""
    if text.isdigit():
        return int(text)
    return _SMALL_COUNTS.get(text)


_SMALL_COUNTS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
                 "十": 10}



def _type_aliases(prep: Prepared, spans: list[Span], end: int) -> list[Span]:
    """Items of a list whose clause goes on to a project type (甲、乙等地陆续开展申请式退租): each
    item's undertaking is the item + that type, kept as its alias."""
    stop = _CLAUSE_STOP.search(prep.text, end)
    limit = min(stop.start() if stop else len(prep.text), end + _TYPE_REACH)
    typed = _TYPE_TAIL.search(prep.text, end, limit)
    if typed is None:
        return spans
    return [dataclasses.replace(s, alias=prep.text[s.start:s.end] + typed.group()) if s.alias is None else s
            for s in spans]


def _other_class_follows(text: str, end: int) -> bool:
    """After a list: a count of something that is not a project (5个区域, 3个村)."""
    return bool(_OTHER_CLASS.match(text, end))


def _nominal(named: list[str]) -> bool:
    """Nouns and measure-like pieces only (衙门|口): jieba's cut of a place name it does not know,
    which a project type after it marks as a site."""
    return all(pos_of(w) in ("n", "ns", "nz", "q", "nr", None) for w in named) and len(named) >= 2


def _typed(core: list[str]) -> bool:
    """The core ends in a project type (某村|棚改, 某片区|申请式退租): the words before it name a site."""
    words_ = [w for w in core if w not in _CONNECTORS]
    while words_ and words_[-1] in WORK_WORDS and words_[-1] not in PROJECT_TYPES:
        words_.pop()  # 某村棚户区|改造: the work done under the type
    return bool(words_) and words_[-1] in PROJECT_TYPES


def _reference_point(text: str, end: int) -> bool:
    """X附近 / X旁: the name locates something else."""
    return bool(_REFERENCE_AFTER.match(text, end))


@lru_cache(maxsize=4096)
def _is_work(word: str) -> bool:
    """A work word, or a compound of them (综合治理 = 综合 + 治理)."""
    return word in WORK_WORDS or (len(word) >= 4 and _only_work(word))


def _only_work(rest: str) -> bool:
    for phase in _PHASE_HEADS:
        rest = rest.replace(phase, "")
    i = 0
    while i < len(rest):
        for n in (4, 3, 2):
            if rest[i:i + n] in WORK_WORDS:
                i += n
                break
        else:
            return False
    return True


def _longest_first(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans, longer (then earlier, then head-rule) ones winning."""
    rank = {"work": 0, "head": 1, "list": 2, "member": 2, "subject": 3, "gazetteer": 4}
    chosen: list[Span] = []
    for s in sorted(spans, key=lambda x: (-(x.end - x.start), x.start, rank[x.rule])):
        if all(s.end <= c.start or s.start >= c.end for c in chosen):
            chosen.append(s)
    return sorted(chosen, key=lambda x: x.start)
