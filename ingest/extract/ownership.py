"""Ownership a sentence states: the frames of responsibility, each with the role it gives.

The sentence is read as a skeleton in which every unit found in it is one marker character and
every project another, so that each frame is a short pattern over units (U), projects and words:

* 由U负责/实施/牵头/承担/组织实施/开发, 由U对…进行…, 由U确定U负责实施 (the first names the second);
* U牵头, U负责(具体)实施, U(主要)实施了, U启动/开展/组织开展, U与U共同推动, U联合U启动;
* U为/作为(此次…的)实施主体/牵头单位/责任单位/建设单位, 实施主体(为)U, 建设单位/开发商为U,
  牵头单位：U, 责任单位：U、U; 授权U(负责具体)实施 (and the unit that authorises);
* U成立U(指挥部, 领导小组)，开展… (both act).

The project is the one the frame governs: a project named in the same clause, else in the same
sentence, else the document's project in focus when the sentence refers to it (该项目, 此次, 项目,
改造工作 …). A unit that only comments (表示, 介绍, 据X消息), reports, attends or invests matches no
frame. (Task-table ownership, ``table_column``, is read with the task rows in ``tasks.py``; the
cross-document ``inferred_via_task`` in ``ingest/link.py``.)

Example::

    StatedOwnership().run(sentence, [(hit, 1, 5)], [ProjectInSentence("晴川里项目", 7, 12)])
    # [Ownership(project='晴川里项目', bureau='…', basis='stated', relation='牵头', …)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.extract.bureaus import BureauHit
from ingest.extract.events import ProjectInSentence
from ingest.resolve import project_key
from ingest.types import Ownership, Sentence

_U0, _P0 = 0xE000, 0xE400
U = "[\ue000-\ue3ff]"
P = "[\ue400-\ue7ff]"
UL = f"{U}(?:[、和与及]{U})*"  # a list of units
_WHEN = r"(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?[，,]?"
_ADV = r"(?:主要|具体|全权|全面|共同|专门|已|已经|正式|率先|先后|积极|将|于\d{4}年)?"

# the role a unit is given by a noun (实施主体为X, X作为牵头单位)
_ROLE_NOUN = ("(?:实施主体|实施单位|建设单位|建设主体|开发商|开发单位|业主单位|项目业主|项目法人|"
              "牵头单位|主要责任单位|责任单位|主责单位|承办单位)")
_DOING = "牵头(?!单位)|负责(?:具体)?实施|具体负责|负责推进|承担|组织实施|实施了|开发"
# (pattern, role of group "u", role of group "g" — a unit that names or authorises the owner)
_FRAMES: tuple[tuple[re.Pattern, str, str | None], ...] = tuple(
    (re.compile(p), role, granter) for p, role, granter in (
        (rf"由(?P<g>{U})(?:确定|指定|委托|授权)(?P<u>{UL}){_ADV}负责(?:具体)?实施",
         "实施主体", "确定实施主体"),
        (rf"(?P<g>{U}){_WHEN}授权(?P<u>{UL}){_ADV}(?:负责)?(?:具体)?实施", "实施主体", "授权实施"),
        (rf"由(?P<u>{UL}){_ADV}(?:牵头|负责(?!人)|承担|组织实施|实施|开发|建设)", "负责", None),
        (rf"由(?P<u>{UL})对", "负责", None),
        (rf"(?P<u>{UL})(?:为|作为|是)[^，。；]{{0,16}}?{_ROLE_NOUN}", "实施主体", None),
        (rf"{_ROLE_NOUN}(?:为|是|[：:])?(?:--|—+)?(?P<u>{UL})", "实施主体", None),
        (rf"(?P<u>{UL})(?:共同|联合)?(?:推动|启动)", "启动", None),
        (rf"(?P<g>{U})(?:联合|携手|会同)(?P<u>{UL}){_WHEN}(?:共同)?(?:启动|推动|实施|建设)",
         "联合实施", "联合实施"),
        (rf"(?P<g>{U}){_WHEN}成立了?(?P<u>{U})[，,]?(?:开展|负责|实施)", "项目指挥部", "组织实施"),
        (rf"(?P<u>{UL}){_WHEN}{_ADV}(?:{_DOING})", "负责", None),
        (rf"(?P<u>{UL})[，,]?{_ADV}负责(?!人)", "负责", None),
        (rf"(?P<u>{UL}){_WHEN}(?:启动|开展|组织开展)", "组织实施", None),
    ))
_ROLE_OF_VERB = (("牵头", "牵头"), ("开发", "开发"), ("建设单位", "建设单位"), ("建设主体", "建设单位"),
                 ("业主", "建设单位"), ("项目法人", "建设单位"), ("实施主体", "实施主体"),
                 ("实施单位", "实施主体"),
                 ("责任单位", "责任单位"), ("主责单位", "主责单位"), ("启动", "启动"))
# a sentence that refers to the project in focus rather than naming it
_REFERS = re.compile(r"该|此次|本次|此项|这一|上述|本项目")
# what may stand after a verb of responsibility that has no object of its own (负责实施工作。)
_OBJECT = re.compile(r"^(?:了|的)?并?(?:负责|牵头|具体|组织|承担|全面)*(?:实施|推进)?(?:相关|具体)?"
                     r"(?:第[一二三四五六七八九十\d]+期)?(?:棚户区|城中村|老旧小区)?"
                     r"(?:改造|棚改|征收|拆迁|腾退|退租|整治|搬迁)?(?:工作|任务)?$")
_CLAUSE = re.compile(r"[，,；;。！？]")


@dataclass(frozen=True, slots=True)
class _Mark:
    wstart: int
    wend: int
    char: str


class StatedOwnership:
    def run(self, sentence: Sentence, bureaus: list[tuple[BureauHit, int, int]],
            projects: list[ProjectInSentence], focus: str | None = None,
            previous: list[ProjectInSentence] | None = None) -> list[Ownership]:
        """``bureaus``: hits with their working-text span; ``projects``: the projects named in the
        sentence with their spans; ``focus``: the document's project in focus, if any;
        ``previous``: the projects of the sentence before, which a task line's tail names the units
        of (推进X项目。（责任单位：区住建委） / 牵头单位：区住建委). One record per (project, unit)."""
        units = [(h, s, e) for h, s, e in bureaus if not h.institution.collective]
        units = _fold_definitions(sentence.text, units)
        if not projects and previous and _TAIL.match(sentence.text):
            return self.run(sentence, bureaus, [], previous[0].name, None) + [
                o for p in previous[1:] for o in self.run(sentence, bureaus, [], p.name, None)]
        if not units or (not projects and not focus):
            return []
        skeleton, where = _skeleton(sentence.text, units, projects)
        out: list[Ownership] = []
        seen: set[tuple[str, str]] = set()
        for pattern, role, granter_role in _FRAMES:
            for m in pattern.finditer(skeleton):
                owners = [(c, _role(m.group(), role)) for c in re.findall(U, m.group("u"))]
                if granter_role and "g" in pattern.groupindex and m.group("g"):
                    owners.append((m.group("g"), granter_role))
                targets = self._targets(skeleton, where, m.start(), m.end(), projects, focus)
                for char, rel in owners:
                    inst = units[ord(char) - _U0][0].institution
                    for p in targets:
                        if (p, inst.name) in seen:
                            continue
                        seen.add((p, inst.name))
                        out.append(Ownership(project=p, bureau=inst.name, basis="stated",
                                             source=sentence.source(), relation=rel))
        for h, s, e in units:  # 某某改造项目领导小组, 某某征收现场指挥部: the body of the project it names
            if h.institution.kind in ("指挥部", "领导小组"):
                for p in projects:
                    if s <= p.wstart and p.wend <= e and (p.name, h.institution.name) not in seen:
                        seen.add((p.name, h.institution.name))
                        out.append(Ownership(project=p.name, bureau=h.institution.name, basis="stated",
                                             source=sentence.source(), relation=f"项目{h.institution.kind}"))
        return out

    @staticmethod
    def _targets(skeleton: str, where: list[int], start: int, end: int,
                 projects: list[ProjectInSentence], focus: str | None) -> list[str]:
        """The projects a frame at skeleton[start:end] governs: those named in its clause; for a
        frame without an object of its own (由X负责实施。, X启动第一期棚改) the sentence's topic, a
        project named in its first clause, else the project in focus; for any other frame the
        project in focus when the sentence refers to it (该项目, 此次征收) or its clause names the
        focus's core (隆福寺园区 for 隆福寺项目)."""
        bounds = [0, *(m.end() for m in _CLAUSE.finditer(skeleton)), len(skeleton) + 1]
        lo = max(b for b in bounds if b <= start)
        hi = min((b for b in bounds if b >= end), default=len(skeleton))
        clause = [p.name for i, p in enumerate(projects) if lo <= where[i] < hi]
        if clause:
            return list(dict.fromkeys(clause))
        rest = re.sub(r"[\s，,；;。！？()（）]", "", skeleton[end:hi])
        if _OBJECT.match(rest):
            first = bounds[1] if len(bounds) > 2 else len(skeleton)
            topic = [p.name for i, p in enumerate(projects) if where[i] < first]
            if topic:
                return list(dict.fromkeys(topic))
            return [focus] if focus else []
        words = re.sub(f"{U}|{P}", "", skeleton[lo:hi])
        before = re.sub(f"{U}|{P}", "", skeleton[:hi])  # 在此次治理中，X实施了…: the reference comes first
        if focus and (_REFERS.search(before) or project_key(focus) in words):
            return [focus]
        return []


# a line that only names the units of the line before (a task table flattened to lines)
_TAIL = re.compile(r"^\s*[（(]?\s*(?:主要)?(?:责任单位|牵头单位|主责单位|承办单位|牵头部门|责任部门)\s*[：:]")
_DEFINITION = re.compile(r"^[（(](?:以下简称|简称|下称)?[“\"]?$")


def _fold_definitions(text: str, units: list[tuple[BureauHit, int, int]]) -> list[tuple[BureauHit, int, int]]:
    """X有限公司（以下简称Y）is one unit: Y's hit goes, X's span takes in the bracket."""
    out: list[tuple[BureauHit, int, int]] = []
    for h, s, e in sorted(units, key=lambda u: u[1]):
        if out:
            ph, ps, pe = out[-1]
            close = text[e:e + 2].lstrip("”\"")[:1]
            if _DEFINITION.match(text[pe:s]) and close in "）)" and close:
                out[-1] = (ph, ps, text.index(close, e) + 1)
                continue
        out.append((h, s, e))
    return out


def _role(matched: str, default: str) -> str:
    for word, role in _ROLE_OF_VERB:
        if word in matched:
            return role
    return default


def _skeleton(text: str, units: list[tuple[BureauHit, int, int]],
              projects: list[ProjectInSentence]) -> tuple[str, list[int]]:
    """The sentence with each unit and project replaced by one marker character; ``where[i]`` is
    the skeleton offset of project i."""
    marks = [_Mark(s, e, chr(_U0 + i)) for i, (_h, s, e) in enumerate(units)]
    marks += [_Mark(p.wstart, p.wend, chr(_P0 + j)) for j, p in enumerate(projects)]
    marks.sort(key=lambda m: (m.wstart, -(m.wend - m.wstart)))
    out: list[str] = []
    where = [0] * len(projects)
    i = 0
    for mark in marks:
        if mark.wstart < i:
            continue  # overlaps an earlier mark (a unit inside a project's name)
        out.append(text[i:mark.wstart])
        if ord(mark.char) >= _P0:
            where[ord(mark.char) - _P0] = sum(len(x) for x in out)
        out.append(mark.char)
        i = mark.wend
    out.append(text[i:])
    return "".join(out), where
