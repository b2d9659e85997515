"""Events: (project, year, stage, tense) for each project mentioned in a sentence that states
what happens to it (a stage verb: 完成, 竣工, 开街, 入市, 回迁, 腾退, 启动, 推进 …). The stage is
the one of the clause that governs the mention (``stages.StageFinder``): 竣工 of another project
in the sentence is not this project's; a project the sentence states nothing about has no event.

The year and tense come from the sentence's ``TimeContext`` (its section heading: 过去五年 →
"2017-2021"/done, 2022年重点工作 → 2022/planned …), corrected by the sentence's own cues:
预计 → expected, 明年 → the next year, an explicit year where the context has none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.extract.stages import Mention, Stage, StageFinder, is_vague
from ingest.extract.when import AnchorLike, explicit_years, resolve_time, states_time, time_at
from ingest.types import Event, Sentence, Year

_YEAR_RE = re.compile(r"(?<![\d-])((?:19|20)\d\d)\s*年(?![\d-])")
_PLAN_CUES = re.compile(r"将|计划|拟|力争|确保|预计")
# columns of a task table that state the task, not what was done: no events there
_TASK_COLUMNS = re.compile(r"项目内容|任务内容|主责单位|责任单位|序号")


@dataclass(frozen=True, slots=True)
class ProjectInSentence:
    name: str  # canonical project name
    wstart: int  # working-text offsets in the sentence
    wend: int
    listed: bool = False  # a member of a counted class of projects (包括A、B等): its event is the listing
    # the undertaking as this sentence names it (甲片区申请式退租 where the entity is the site 甲片区):
    # an event is about the work the sentence states, so it carries that name when there is one
    said: str | None = None

    @property
    def event_name(self) -> str:
        return self.said or self.name


# a place that only qualifies a counted head: 甲村的801户居民, 乙、丙等片区一批院落, 丁周边的9条胡同.
# What the clause states happens to the counted things, not to the place (optional list run-on first).
# A count right after 等 (甲、乙等3个项目) counts the members themselves: they stay the subjects.
_COUNTED_HEAD = re.compile(
    r"(?:[、和及与][^，。,；;、：:的]{1,10}?)*(?:等[^，。,；;、：:的\d\s一二两三四五六七八九十百千几数多]{1,3}的?|的)"
    r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千几数多]+)[余多]?"
    r"(?:个|条|户|座|栋|处|批|名|位|家|幢|套|间|片)"
)


def qualifies_counted_head(text: str, end: int) -> bool:
    """The mention ending at ``end`` is a place qualifying a counted head, not a clause's subject.

    >>> qualifies_counted_head("青藤村的300户居民迎来回迁。", 3)
    True
    """
    return _COUNTED_HEAD.match(text, end) is not None


# the stage of a project a plan lists as a member of a counted class (安排…项目8个，包括A、B等)
LISTED = Stage(label="列入名单", kind="列入", start=0, end=0)


def without_vague_repeats(events: list[Event]) -> list[Event]:
    """A document's events less those that only say work is going on (推进, 建设) on a project
    and year for which the document states a specific step (开工, 回迁 …): the step is the history.

    Example: [甲 2024 推进, 甲 2024 开工, 乙 2024 推进] → [甲 2024 开工, 乙 2024 推进].
    """
    specific = {(e.project, str(e.year)) for e in events if not is_vague(e.stage)}
    return [e for e in events if not (is_vague(e.stage) and (e.project, str(e.year)) in specific)]


class EventRules:
    """Example::

        EventRules().events(sentence, [ProjectInSentence("星河湾项目", 2, 6)])
        # [Event(project='星河湾项目', year=2022, stage='拆迁收尾', tense='planned', ...)]
    """

    def __init__(self) -> None:
        self.stages = StageFinder()

    def events(self, sentence: Sentence, projects: list[ProjectInSentence],
               doc_year: AnchorLike = None) -> list[Event]:
        if not projects or (sentence.column and _TASK_COLUMNS.search(sentence.column)):
            return []
        mentions = [Mention(p.wstart, p.wend) for p in projects]
        found = [(p, m, self.stages.stage(sentence.text, m, mentions))
                 for p, m in zip(projects, mentions, strict=True)]
        staged = [(p, st if st is not None else LISTED) for p, _, st in found if st is not None or p.listed]
        # later steps told in clauses of their own (…，建成后将于明年对外开放): events of their own
        further = [(p, later) for p, m, st in found if not p.listed
                   for later in self.stages.continuations(sentence.text, m, mentions, st)]
        staged += further
        if not staged:
            return []
        year, tense = self.time_of(sentence, doc_year)
        # a sentence that tells several dated steps (2000年划定…，2007年启动…): each stage its own year
        stepwise = (len(set(explicit_years(sentence.text))) >= 2 and not states_time(sentence.section))
        out: dict[tuple[str, str, str], Event] = {}
        for p, st in staged:
            p_year, p_tense = year, tense
            if stepwise or year is None or (p, st) in further:
                at = time_at(sentence.text, st.start if st is not LISTED else p.wstart, sentence.context,
                             doc_year)
                if at.year is not None:
                    p_year, p_tense = at.year, at.tense
            if p_year is None:
                continue
            # one event per project and year; a further step of the sentence is one more
            key = (p.event_name, str(p_year), st.label if (p, st) in further else "")
            if key in out and not (is_vague(out[key].stage) and not is_vague(st.label)):
                continue  # one event per project and year: the first, unless a later one is specific
            out[key] = Event(project=p.event_name, year=p_year, stage=st.label, tense=p_tense,
                             source=sentence.source())
        return without_vague_repeats(list(out.values()))

    @staticmethod
    def time_of(sentence: Sentence, doc_year: AnchorLike = None) -> tuple[Year | None, str]:
        """Year and tense of the sentence's events: :func:`ingest.extract.when.resolve_time` with
        ``doc_year`` as the anchor (the sentence's ``Anchor`` from ``anchor_dates``, a date or a year)."""
        when = resolve_time(sentence.text, sentence.context, doc_year,
                            heading_year=states_time(sentence.section))
        return when.year, when.tense

