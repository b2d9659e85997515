"""The stage a sentence states for one of its projects: the stage word of the clause that governs
the mention, not any stage word of the sentence.

A sentence often reports several projects (甲项目竣工，乙项目启动); a stage belongs to the project
its clause is about:

1. **same clause**: a stage verb before the mention whose object it is (启动X建设, 完成X拆除), or
   one after it whose subject it is (X竣工, X于3月开工). A stage after another project of the
   clause (X投用，… Y竣工 in one clause) belongs to that project, unless the two are listed
   together (X、Y等项目竣工). A specific stage (竣工, 开工 …) wins over the catch-all (推进, 加快);
   the verb before the mention wins over the one after (启动X腾退 → 启动).
2. **topic clause**: a mention whose clause has no stage (X作为…，回迁楼实现开工) takes the stage
   of the next clause, else of the one before, unless that clause is about another project.
3. otherwise the sentence states nothing about the project: no stage.

The label is the stage phrase as written (建成投用, 完成退租签约), with the stage's class added
where the phrase does not hold it (亮相/开放, 完工/竣工): readable, and comparable with histories
that name the class.

Example::

    StageFinder().stage("甲园竣工，乙馆启动建设", Mention(5, 7), [Mention(0, 2), Mention(5, 7)])
    # Stage(label='启动建设/推进', kind='启动', start=7, end=11)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.extract.lexicon import PROJECT_TYPES, STAGES, WORK_WORDS

_STAGE_RE = re.compile("|".join(sorted((w for w, _ in STAGES), key=len, reverse=True)))
_STAGE_OF = dict(STAGES)
CATCH_ALL = "推进"
_CLAUSE_STOP = re.compile(r"[，,；;。！？!?：:]")
_GAP_STOP = re.compile(r"[，,；;。！？!?：:、和及与\s]")
# project types, and the work they are named with (棚户区改造, 城中村改造, 旧城改建)
_TYPES = PROJECT_TYPES | {f"{t}{w}" for t in PROJECT_TYPES for w in ("改造", "改建", "整治")}
_TYPE_RE = re.compile("|".join(sorted(_TYPES, key=len, reverse=True)))
# what may stand between two projects listed together (、 和 及 与 等, spaces) or named twice (X——Y)
# (a part named after the first one may stand in the gap: 甲片区启动区、乙片区)
_SIBLING_GAP = re.compile(r"^(?:启动区|试点院落|示范段|先行区)?[、和及与以及等\s—]*$")
# what may continue a stage phrase after its verb (完成|退租签约, 完成|主体工程)
_PHRASE_TAILS = tuple(sorted(WORK_WORDS | {"工程"}, key=len, reverse=True))
_MAX_PHRASE = 8
_ENTER_VERBS = frozenset("引进纳投加列收")
_TYPE_NOUN = "类型"  # marks a stage word that is part of a project type
# a negated or only suggested stage states nothing (得不到改造, 尚未启动, 建议提升)
_NEGATION = ("不到", "未", "没有", "尚未", "不", "建议")
# a stage word that is part of a noun (回迁楼, 回迁房, 回迁安置房, 启动区)
_NOUN_ENDS = ("楼", "房", "安置", "区")
_MODAL = re.compile("建议|呼吁|希望")
_PROGRESSIVE = "正在"
# a further step with its own date in the same clause (…完成改造 于5月1日重新开街)
_DATED_NEXT = re.compile(r"\s*(?:并将|并|将)?于\s*(?:\d{1,2}月|\d{4}年|年底|年内|明年|今年)[^，,；;。]{0,8}?")
# a clause that goes on with the same undertaking (建成后…, 预计…, 届时…)
_GOES_ON = r"\s*(?:建成后|完工后|竣工后|开放后|随后|届时|预计|计划|并将|力争)"
_CONTINUATION = re.compile(_GOES_ON)
_CONTINUATION_ANYWHERE = re.compile(r"[，,；;]" + _GOES_ON)
_ACTOR_NOUNS = ("运营主体", "实施主体")  # who does the work, not the work
# how many clauses away a topic clause's stage may be (X作为…，回迁楼实现开工: the next one)
_TOPIC_REACH = 1


@dataclass(frozen=True, slots=True)
class Mention:
    """A project mention's working-text span in the sentence."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Stage:
    label: str  # the phrase as written, with its class when the phrase does not hold it
    kind: str  # the class (竣工, 开工, 推进 …), as in ``lexicon.STAGES``
    start: int
    end: int


class StageFinder:
    """Stateless; see the module docstring."""

    def stage(self, text: str, mention: Mention, mentions: list[Mention]) -> Stage | None:
        """The stage ``text`` states for ``mention`` (one of ``mentions``), or None."""
        starts = frozenset(o.start for o in mentions)
        words = [w for m, w in _words_of(text, starts)
                 if not any(o.start < m[1] and m[0] < o.end for o in mentions)]
        # a stage word inside a project type (某村棚户区改造) names the kind of work, not a step of it
        words = [w for w in words if w[2] != _TYPE_NOUN]
        if not words:
            return None
        clauses = _clauses(text)
        ci = _clause_of(clauses, mention.start)
        a, b = clauses[ci]
        own = self._in_clause(text, mention, mentions, words, a, b)
        if own is not None:
            verb, objects = own
            st = _label(text, verb, words)
            specific = [w for w in objects if w[2] != CATCH_ALL]
            if specific and verb[1] <= mention.start:
                # 完成X腾退 → 完成腾退: the verb and the work it governs
                work = _label(text, specific[0], words)
                kind = verb[2] if verb[2] != CATCH_ALL else work.kind
                phrase = text[st.start:st.end] + text[work.start:work.end]
                missing = [k for k in dict.fromkeys((verb[2], work.kind)) if k not in phrase]
                return Stage("/".join([phrase, *missing]), kind, st.start, work.end)
            return st
        # a topic clause: the mention and nothing else (X作为…工程，回迁楼实现开工)
        for order in (range(ci + 1, min(ci + 1 + _TOPIC_REACH, len(clauses))),
                      range(ci - 1, max(ci - 1 - _TOPIC_REACH, -1), -1)):
            for k in order:
                ca, cb = clauses[k]
                if any(ca <= o.start < cb for o in mentions):
                    break  # a clause about another project: its stage is that project's
                found = [w for w in words if ca <= w[0] < cb]
                if found:
                    return _label(text, _best(found, ca), words)
        return None

    def continuations(self, text: str, mention: Mention, mentions: list[Mention],
                      own: Stage | None) -> list[Stage]:
        """Later steps the sentence tells of the same project in clauses of their own, each opened
        by a continuation (甲公园开工建设，建成后将于明年对外开放 → 对外开放; …，预计明年底建成开放):
        the clauses after the mention's, up to one about another project. ``own``: the stage
        :meth:`stage` gave the mention."""
        if "于" not in text and not _CONTINUATION_ANYWHERE.search(text):
            return []  # most sentences: nothing goes on (spares the stage words' scan)
        starts = frozenset(o.start for o in mentions)
        words = [w for _m, w in _words_of(text, starts) if w[2] not in (_TYPE_NOUN, CATCH_ALL)]
        clauses = _clauses(text)
        out: list[Stage] = []
        # in the mention's own clause: a step after its stage that has a date of its own
        # (甲街完成改造 于5月1日重新开街)
        ci = _clause_of(clauses, mention.start)
        if own is not None and own.end > mention.end:
            dated = _DATED_NEXT.match(text, own.end)
            found = [w for w in words if dated and dated.end() <= w[0] < clauses[ci][1]]
            if found:
                out.append(_label(text, found[0], words))
        for ca, cb in clauses[ci + 1:]:
            if any(ca <= o.start < cb for o in mentions):
                break
            go_on = _CONTINUATION.match(text, ca)
            if not go_on:
                continue
            # 建成后将于明年对外开放: the step is what follows the condition
            found = [w for w in words if go_on.end() <= w[0] < cb]
            if found:
                out.append(_label(text, found[0], words))
        return out

    @staticmethod
    def _in_clause(text: str, mention: Mention, mentions: list[Mention],
                   words: list[tuple[int, int, str]], a: int, b: int
                   ) -> tuple[tuple[int, int, str], list[tuple[int, int, str]]] | None:
        """The clause's stage word for ``mention``, and the stage words after the mention (the
        work a verb before it names: 启动X|签约腾退)."""
        others = sorted((o for o in mentions if a <= o.start < b and o != mention), key=lambda o: o.start)
        # the stretch of the clause that is about this mention: from the previous project that is not
        # listed with it to the next one
        lo, hi = a, b
        for o in others:
            if o.end <= mention.start and not _SIBLING_GAP.match(text[o.end:mention.start]):
                lo = max(lo, o.end)
            if o.start >= mention.end and not _siblings_between(text, mention, o, others):
                hi = min(hi, o.start)
                break
        # a stage that ends an earlier item of a list (甲修缮、乙) is that item's, not a verb on this one
        before = [w for w in words if lo <= w[0] and w[1] <= mention.start and not _item_tail(text, w[1])]
        after = [w for w in words if w[0] >= mention.end and w[1] <= hi]
        before.sort(key=lambda w: mention.start - w[1])
        after.sort(key=lambda w: w[0] - mention.end)
        for group in (before, after):
            specific = [w for w in group if w[2] != CATCH_ALL]
            if specific:
                return specific[0], (after if group is before else [])
        for group in (before, after):
            if group:
                return group[0], (after if group is before else [])
        return None


def is_vague(label: str) -> bool:
    """A stage label that says only that work is going on (推进, 加快建设/推进).

    >>> is_vague("加快建设/推进"), is_vague("建成投用/竣工")
    (True, False)
    """
    kinds = {_STAGE_OF[m.group()] for m in _STAGE_RE.finditer(label.split("/")[0])}
    return kinds <= {CATCH_ALL}


def _siblings_between(text: str, mention: Mention, nxt: Mention, others: list[Mention]) -> bool:
    """``nxt`` is listed with ``mention``: only list marks and other listed names lie between."""
    pos = mention.end
    for o in others:
        if o.start < pos:
            continue
        if not _SIBLING_GAP.match(text[pos:o.start]):
            return False
        if o == nxt:
            return True
        pos = o.end
    return False


def _nominal(text: str, word: tuple[int, int, str]) -> tuple[int, int, str]:
    """A stage word used as a noun: inside a project type (加快某片区保护性修缮: the verb is 加快;
    marked ``_TYPE_NOUN`` and dropped), or closing a list item (甲修缮更新、乙等项目有序推进: counts
    as the catch-all)."""
    start, end, kind = word
    for m in _TYPE_RE.finditer(text, max(0, start - 5), min(len(text), end + 5)):
        if m.start() <= start and end <= m.end() and m.group() != text[start:end]:
            return start, end, _TYPE_NOUN
    if kind != CATCH_ALL and _item_tail(text, end):
        return start, end, CATCH_ALL
    return word


def _item_tail(text: str, end: int) -> bool:
    """The stage word ending at ``end`` closes a list item: work words, then 、."""
    while True:
        tail = next((t for t in _PHRASE_TAILS if text.startswith(t, end)), None)
        if tail is None:
            return text.startswith("、", end)
        end += len(tail)


_Word = tuple[int, int, str]  # a stage word: start, end, class


@lru_cache(maxsize=512)
def _words_of(text: str, starts: frozenset[int]) -> tuple[tuple[_Word, _Word], ...]:
    """Each stage word of ``text`` with its nominal reading: computed once per sentence (every
    mention of the sentence asks for the same words)."""
    return tuple((m, _nominal(text, m)) for m in _stage_words(text, starts))


def _stage_words(text: str, starts: frozenset[int] | set[int]) -> list[tuple[int, int, str]]:
    """Stage words of ``text``; ``starts``: where project mentions begin (启动|区某中心: a verb
    before a name, not 某工程启动区)."""
    out = []
    for m in _STAGE_RE.finditer(text):
        if text[max(0, m.start() - 2):m.start()].endswith(_NEGATION):
            continue
        clause = max((c.end() for c in _CLAUSE_STOP.finditer(text, 0, m.start())), default=0)
        if _MODAL.search(text, clause, m.start()):
            continue  # 网友建议加快推进X: a wish, not a step taken
        if text.startswith(_NOUN_ENDS, m.end()) and m.end() not in starts:
            continue  # 回迁楼, 安置房, 启动区: the stage word is part of a noun
        if text.startswith(_ACTOR_NOUNS, m.start()):
            continue
        if m.group().startswith("入") and m.start() > 0 and text[m.start() - 1] in _ENTER_VERBS:
            continue  # 引入市场化运营: 引入 + 市场, not 入市
        out.append((m.start(), m.end(), _STAGE_OF[m.group()]))
    return out


@lru_cache(maxsize=512)
def _clauses(text: str) -> tuple[tuple[int, int], ...]:
    out, start = [], 0
    for m in _CLAUSE_STOP.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return tuple(out)


def _clause_of(clauses: tuple[tuple[int, int], ...], pos: int) -> int:
    for i, (a, b) in enumerate(clauses):
        if a <= pos < b or pos < a:
            return i
    return len(clauses) - 1


def _best(found: list[tuple[int, int, str]], start: int) -> tuple[int, int, str]:
    specific = [w for w in found if w[2] != CATCH_ALL]
    return (specific or found)[0]


def _label(text: str, word: tuple[int, int, str], words: list[tuple[int, int, str]]) -> Stage:
    """The stage phrase around ``word``: adjacent stage words before it (建成|投用) and the stage or
    work words after it (完成|退租|签约), at most a few characters; plus the classes it lacks."""
    start, end, kind = word
    kinds = [kind]
    by_end = {w[1]: w for w in words}
    by_start = {w[0]: w for w in words}
    while start in by_end and end - by_end[start][0] <= _MAX_PHRASE:
        prev = by_end[start]
        start, kinds = prev[0], [prev[2], *kinds]
    while end - start < _MAX_PHRASE:
        nxt = by_start.get(end)
        if nxt is not None and nxt[1] - start <= _MAX_PHRASE:
            end, kinds = nxt[1], [*kinds, nxt[2]]
            continue
        tail = next((t for t in _PHRASE_TAILS if text.startswith(t, end)), None)
        if tail is None:
            # 完成预签约, 完成土地入市: a short object before another stage word
            gap = next((w for w in words if end < w[0] <= end + 2 and w[1] - start <= _MAX_PHRASE + 2
                        and w[2] != CATCH_ALL and not _GAP_STOP.search(text, end, w[0])), None)
            if gap is None:
                break
            end, kinds = gap[1], [*kinds, gap[2]]
            break
        if end + len(tail) - start > _MAX_PHRASE:
            break
        end += len(tail)
    if text[max(0, start - 2):start] == _PROGRESSIVE:
        start -= 2  # 正在建设: under way now, which the verb alone does not say
    phrase = text[start:end]
    specific = any(k != CATCH_ALL for k in kinds)
    # the classes the phrase does not name (亮相 → 开放); the catch-all only for a phrase of its own
    missing = [k for k in dict.fromkeys(kinds) if k not in phrase and not (specific and k == CATCH_ALL)]
    label = "/".join([phrase, *missing])
    # the class of the phrase: its most specific stage
    cls = next((k for k in kinds if k != CATCH_ALL), CATCH_ALL)
    return Stage(label=label, kind=cls, start=start, end=end)
