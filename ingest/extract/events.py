"""Events: (project, year, stage, tense) for each project mentioned in a sentence that states
what happens to it (a stage verb: 完成, 竣工, 开街, 入市, 回迁, 腾退, 启动, 推进 …).

The year and tense come from the sentence's ``TimeContext`` (its section heading: 过去五年 →
"2017-2021"/done, 2022年重点工作 → 2022/planned …), corrected by the sentence's own cues:
预计 → expected, 明年 → the next year, an explicit year where the context has none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.extract.lexicon import STAGES
from ingest.extract.when import AnchorLike, resolve_time, states_time
from ingest.types import Event, Sentence, Year

_STAGE_RE = re.compile("|".join(sorted((w for w, _ in STAGES), key=len, reverse=True)))
_STAGE_OF = dict(STAGES)
_CATCH_ALL = "推进"
_YEAR_RE = re.compile(r"(?<![\d-])((?:19|20)\d\d)\s*年(?![\d-])")
_PLAN_CUES = re.compile(r"将|计划|拟|力争|确保|预计")
# columns of a task table that state the task, not what was done: no events there
_TASK_COLUMNS = re.compile(r"项目内容|任务内容|主责单位|责任单位|序号")


@dataclass(frozen=True, slots=True)
class ProjectInSentence:
    name: str  # canonical project name
    wstart: int  # working-text offsets in the sentence
    wend: int


class EventRules:
    """Example::

        EventRules().events(sentence, [ProjectInSentence("星河湾项目", 2, 6)])
        # [Event(project='星河湾项目', year=2022, stage='拆迁收尾', tense='planned', ...)]
    """

    def events(self, sentence: Sentence, projects: list[ProjectInSentence],
               doc_year: int | None = None) -> list[Event]:
        if not projects or (sentence.column and _TASK_COLUMNS.search(sentence.column)):
            return []
        stages = [(m.start(), m.end(), _STAGE_OF[m.group()]) for m in _STAGE_RE.finditer(sentence.text)]
        if not stages:
            return []
        year, tense = self.time_of(sentence, doc_year)
        if year is None:
            return []
        out: list[Event] = []
        seen: set[tuple[str, str]] = set()
        for p in projects:
            key = (p.name, str(year))
            if key in seen:
                continue
            seen.add(key)
            out.append(Event(project=p.name, year=year, stage=_nearest_stage(stages, p),
                             tense=tense, source=sentence.source()))
        return out

    @staticmethod
    def time_of(sentence: Sentence, doc_year: AnchorLike = None) -> tuple[Year | None, str]:
        """Year and tense of the sentence's events: :func:`ingest.extract.when.resolve_time` with
        ``doc_year`` as the anchor (the sentence's ``Anchor`` from ``anchor_dates``, a date or a year)."""
        when = resolve_time(sentence.text, sentence.context, doc_year,
                            heading_year=states_time(sentence.section))
        return when.year, when.tense


def _nearest_stage(stages: list[tuple[int, int, str]], p: ProjectInSentence) -> str:
    """The stage of a mention: a specific stage (竣工, 入市 …) nearest after it, else one right
    before it (启动X建设), else the catch-all 推进 nearest to it."""
    after = sorted((s for s in stages if s[0] >= p.wend), key=lambda s: s[0] - p.wend)
    before = sorted((s for s in stages if s[1] <= p.wstart), key=lambda s: p.wstart - s[1])
    for candidates in (after[:2], before[:1], after, before):
        specific = [s for s in candidates if s[2] != _CATCH_ALL]
        if specific:
            return specific[0][2]
    return _CATCH_ALL
