"""Segment a read document into sections, paragraphs, sentences and table rows, with spans.

Example::

    doc = segment_document(read_document("../shared/corpus/001_c8b0e577e10dc616.txt"))
    s = doc.sentences[10]
    doc.raw.text[s.start:s.end] == s.evidence      # always
    s.context                                      # TimeContext(year=2024, tense='done', ...)

Sentences end after 。！？ (closing quotes kept with them); ；-joined clauses stay in one sentence;
paragraph breaks and garbled stretches always end a sentence. ``text`` is the working text
(Simplified, artefacts removed), ``evidence`` the original slice with its own script and line
breaks, ``offsets`` the original index of each working char.

Time context (``TimeContext`` on each section, inherited by its sentences; a heading's own cue
overrides only the fields it states, the rest comes from the enclosing section). The reference
years come from the document itself: ``Y`` = the first year of the title (else of the date);
``R`` (the year a report reviews) = the date's year if dated July or later, else the year before
(a report given in January reviews the past year); ``P = R + 1`` (the year it plans for).

=============================================  =================================================
heading says                                    context
=============================================  =================================================
``2017-2021年 …`` / ``2024年工作回顾``             that span / year; tense from the words
过去五年 / 五年来 / 五年工作回顾                    ``"R-4 - R"``, done
今后五年 / 未来五年 / 五年目标                      ``"P - P+4"``, planned
过去一年 / 一年来                                 ``R``, done
今后一年 / 新的一年                                ``P``, planned
明年 / 去年 / 今年                                 the date's year + 1 (planned) / − 1 (done) / itself
上半年 / 前三季度 / 一季度 … (no year)              ``Y``, that period
下半年 … 安排                                     ``Y``, planned
words: 回顾 执行情况 完成情况 进展 总结 成效 过去 以来 → done (checked first);
       安排 重点工作 建议 计划 目标 任务 打算 今后 未来 展望 要求 → planned; 预计 → expected
       (tense words count only in top headings — 第X部分, 一、 — or next to a time cue)
=============================================  =================================================

Headings (a paragraph): level 1 ``第X部分`` and unnumbered time headings (``2025年主要任务``,
``过去一年的主要工作``), 2 ``一、``, 3 ``（一）``, 4 ``●`` (short, no figures), 5 other short lines
without punctuation (``稳步推进某项工作``). A section's parent is the nearest open section of a
lower level. Datelines and ``——`` subtitles are never headings.

Document roots: a news report (kind 新闻报道) dated January or February reports a session that
reviews ``R`` and plans ``P``; most of what it states is the review, so its root is ``(R, done)``
(dated later in the year, its root is its own year, and its sentences' own words give the tense),
and headings such as
``2025年主要任务`` / ``今后一年的主要任务`` switch to planned (extractors should still let a
sentence's own year and 将/要/计划 words override). Other documents' root is ``(Y, None)``.
Tables: the 项目内容-like columns (the year's tasks) are ``(Y, planned)``, the 进展情况-like columns
``(Y, done, <period of the title>)``, e.g. 前三季度.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.docinfo import document_info
from ingest.manifest import DocumentMeta
from ingest.normalise import HEADING_RE, WorkingText, looks_traditional, normalise, to_simplified
from ingest.read import find_table_header
from ingest.types import (
    RawDocument,
    Section,
    SegmentedDocument,
    Sentence,
    TableCell,
    TableRow,
    TimeContext,
    stable_uid,
)

# --------------------------------------------------------------------------- time context

_SPAN_RE = re.compile(r"((?:19|20)\d\d)\s*年?\s*[-—–~～至到]\s*((?:19|20)\d\d)\s*年")
_YEAR_RE = re.compile(r"((?:19|20)\d\d)\s*年")
_SENTENCE_END = re.compile(r"[。！？!?]")
_DONE_RE = re.compile(r"回顾|执行情况|完成情况|进展|总结|成效|成就|过去|以来")
_PLANNED_RE = re.compile(r"安排|重点工作|建议|计划|目标|任务|打算|今后|未来|展望|要求")
_PERIOD_RE = re.compile(r"前三季度|上半年|下半年|一季度|第一季度|前两季度|年底|全年")
_FIELD_DATE_RE = re.compile(r"(?:时间|日期|年份|年代)\s*[:：]?\s*(?:19|20)\d\d")
_YEARISH_RE = re.compile(
    r"(?:19|20)\d\d\s*年|过去|今后|未来|今年|明年|去年|新的一年|上半年|下半年|前三季度|一季度|五年|一年来"
)


@dataclass(frozen=True, slots=True)
class TimeFrame:
    """The document's own reference years (see the module docstring)."""

    year: int | None  # Y
    review: int | None  # R
    date_year: int | None
    date_month: int | None = None  # None when the date gives only a year

    @property
    def plan(self) -> int | None:
        return self.review + 1 if self.review is not None else None

    @classmethod
    def of(cls, title: str | None, date: str | None) -> TimeFrame:
        """Example: ``TimeFrame.of("…2021年…", "2021-12-09") == TimeFrame(2021, 2021, 2021)``."""
        title_year = None
        if title and (m := re.search(r"(?:19|20)\d\d", title)):
            title_year = int(m.group())
        date_year = int(date[:4]) if date else None
        # a manifest date may give only the year (2030) or the month (2030-03)
        date_month = int(date[5:7]) if date and len(date) >= 7 else None
        review = None
        if date_year is not None:
            # a report given in the first half of a year reviews the year before; a bare year: itself
            review = date_year if date_month is None or date_month >= 7 else date_year - 1
        year = title_year or date_year
        return cls(year=year, review=review if review is not None else year, date_year=date_year,
                   date_month=date_month)


def heading_time(heading: str, frame: TimeFrame, level: int = 1) -> TimeContext:
    """What a heading itself says about time (fields it does not state are None).

    Example::

        heading_time("第一部分 过去五年工作回顾", TimeFrame(2021, 2021, 2021))
        # TimeContext(year="2017-2021", tense="done", period=None)
    """
    year: int | str | None = None
    tense = None
    r, p = frame.review, frame.plan
    if _FIELD_DATE_RE.search(heading):
        return TimeContext()  # 认定时间1989年7月: a data field (an infobox line), not a section's time
    if m := _SPAN_RE.search(heading):
        year = f"{m.group(1)}-{m.group(2)}"
    elif m := _YEAR_RE.search(heading):
        year = int(m.group(1))
    elif re.search(r"过去五年|五年来|五年工作回顾", heading) and r:
        year, tense = f"{r - 4}-{r}", "done"
    elif re.search(r"今后五年|未来五年|五年目标|五年规划", heading) and p:
        year, tense = f"{p}-{p + 4}", "planned"
    elif re.search(r"过去一年|一年来", heading) and r:
        year, tense = r, "done"
    elif re.search(r"今后一年|新的一年", heading) and p:
        year, tense = p, "planned"
    elif "明年" in heading and frame.date_year:
        year, tense = frame.date_year + 1, "planned"
    elif "去年" in heading and frame.date_year:
        year, tense = frame.date_year - 1, "done"
    elif "今年" in heading and frame.date_year:
        year = frame.date_year
    period_m = _PERIOD_RE.search(heading)
    period = period_m.group() if period_m else None
    if period and year is None:
        year = frame.year
    # Tense words count in top headings or next to a time cue; in a sub-heading they are just words
    # ("●推动某项任务落地" under a review is not a plan).
    if tense is None and (level <= 2 or _YEARISH_RE.search(heading)):
        if _DONE_RE.search(heading):
            tense = "done"
        elif _PLANNED_RE.search(heading) or period == "下半年":
            tense = "planned"
        elif "预计" in heading:
            tense = "expected"
    if period == "下半年":
        period = None  # not a metric period of FACTS.md; the year's plan
    return TimeContext(year=year, tense=tense, period=period)


def inherit(own: TimeContext, parent: TimeContext) -> TimeContext:
    """``own`` with the fields it leaves open taken from ``parent``.

    A heading that names a new year or a new tense starts afresh on the period (下半年工作安排
    after 上半年计划执行情况 is not 上半年; a 2022 plan under a review is not the review's period).

    Example::

        inherit(TimeContext(tense="planned"), TimeContext(2021, "done", "上半年"))
        # TimeContext(year=2021, tense="planned", period=None)
    """
    if (own.year is not None and own.year != parent.year) or (own.tense and own.tense != parent.tense):
        year = own.year if own.year is not None else parent.year
        return TimeContext(year=year, tense=own.tense or parent.tense, period=own.period)
    return TimeContext(
        year=own.year if own.year is not None else parent.year,
        tense=own.tense or parent.tense,
        period=own.period or parent.period,
    )


def root_context(kind: str | None, frame: TimeFrame, title: str | None, table: bool = False) -> TimeContext:
    """The document-level context (see the module docstring). Only a table takes the title's period.

    Example: ``root_context("新闻报道", TimeFrame.of(None, "2030-01-09"), None)`` gives
    ``TimeContext(year=2029, tense="done")``.
    """
    if kind == "新闻报道":
        # A report on a session of January or February states the past year's results; a news
        # report of later months mostly states its own year's.
        if frame.date_month is not None and frame.date_month >= 3 and frame.date_year is not None:
            return TimeContext(year=frame.date_year)  # the sentences' own words give the tense
        return TimeContext(year=frame.review, tense="done")
    if not table:
        return TimeContext(year=frame.year)
    period = None
    if title and (m := _PERIOD_RE.search(title)):
        period = m.group() if m.group() != "下半年" else None
    return TimeContext(year=frame.year, period=period)


# --------------------------------------------------------------------------- headings

_LEVELS = (
    (re.compile(r"^第[一二三四五六七八九十百零〇两\d]+(?:部分|章|篇)"), 1),
    (re.compile(r"^[一二三四五六七八九十百]+、"), 2),
    (re.compile(r"^[（(][一二三四五六七八九十百]+[)）]"), 3),
    (re.compile(r"^[●•■◆▲★※○◎□]"), 4),
)
_BULLETS = set("●•■◆▲★※○◎□")
_FULL_DATE_RE = re.compile(r"(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_NO_HEADING_CHARS = set("。！？!?；;，,、：:")
_MAX_HEADING = 40


def heading_level(paragraph: str) -> int | None:
    """The heading level of a paragraph (1 = 第X部分 … 5 = unnumbered short heading), or None.

    Example::

        heading_level("（一）持续推进某项工作，成效明显") == 3
    """
    p = paragraph.strip()
    if not p or p.startswith("—") or _FULL_DATE_RE.search(p):
        return None  # a subtitle or a dateline, not a heading
    if HEADING_RE.match(p):
        for pattern, level in _LEVELS:
            if pattern.match(p):
                first = _first_sentence(p)
                if level == 4 and (len(p) > 30 or re.search(r"\d", p) or len(set(p) & _BULLETS) > 1):
                    return None  # a bulleted list of figures, not a heading
                return level if len(first) <= 60 else None
    if len(p) <= 25 and len(_CJK_RE.findall(p)) >= 2 and not (_NO_HEADING_CHARS & set(p)):
        return 1 if _YEARISH_RE.search(p) else 5
    return None


def _first_sentence(p: str) -> str:
    m = _SENTENCE_END.search(p)
    return p[: m.start() + 1] if m else p


# --------------------------------------------------------------------------- sentences

_WORD_RE = re.compile(r"\w")
# A sentence ends after 。！？ (and the closing quotes that follow), or before an inline bullet
# ("●甲增长5% ●乙完成3项" lists two items).
_TERMINAL_RE = re.compile(r"[。！？!?]+[”’」』)）]*|\s+(?=[●•■◆▲★])")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans in ``text[start:end]`` (a paragraph): split after 。！？ and before inline
    bullets; spaces trimmed.

    Example::

        sentence_spans("甲完成。乙；丙推进！") == [(0, 4), (4, 10)]
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _TERMINAL_RE.finditer(text, start, end):
        spans.append((pos, m.end()))
        pos = m.end()
    if pos < end:
        spans.append((pos, end))
    out = []
    for s, e in spans:
        piece = text[s:e]
        stripped = piece.strip()
        if stripped and _WORD_RE.search(stripped):
            s += len(piece) - len(piece.lstrip())
            out.append((s, s + len(stripped)))
    return out


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank paragraphs of a working text (paragraphs are separated by ``\\n``).

    Example: ``paragraph_spans("甲。\\n\\n乙") == [(0, 2), (4, 5)]``.
    """
    spans, pos = [], 0
    while pos <= len(text):
        nl = text.find("\n", pos)
        e = len(text) if nl < 0 else nl
        if text[pos:e].strip():
            spans.append((pos, e))
        if nl < 0:
            break
        pos = nl + 1
    return spans


class _Builder:
    """Collects sections and sentences of one document; keeps the section stack."""

    def __init__(self, raw: RawDocument, frame: TimeFrame):
        self.raw = raw
        self.frame = frame
        self.sections: list[Section] = []
        self.sentences: list[Sentence] = []
        self.stack: list[Section] = []
        self.paragraph = 0

    def add_section(self, heading: str, level: int, start: int, end: int, context: TimeContext) -> Section:
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        section = Section(
            uid=stable_uid("Section", self.raw.sha256, start, end, heading),
            heading=heading,
            level=level,
            start=start,
            end=end,
            context=context,
            parent=parent.uid if parent else None,
        )
        self.sections.append(section)
        self.stack.append(section)
        return section

    def heading(self, wt: WorkingText, ps: int, pe: int, level: int) -> Section:
        """Open the section headed by paragraph ``wt.text[ps:pe]`` (its first sentence if long)."""
        para = wt.text[ps:pe]
        text = para.strip()
        head = _first_sentence(text) if len(text) > _MAX_HEADING else text
        hs = ps + (len(para) - len(para.lstrip()))
        he = hs + len(head)
        parent = self._parent_for(level)
        ctx = inherit(heading_time(head, self.frame, level), parent.context if parent else TimeContext())
        return self.add_section(head, level, wt.offsets[hs], wt.ends[he - 1], ctx)

    def _parent_for(self, level: int) -> Section | None:
        for s in reversed(self.stack):
            if s.level < level:
                return s
        return None

    def sentences_of(
        self,
        wt: WorkingText,
        ps: int,
        pe: int,
        section: Section | None,
        row: TableRow | None = None,
        column: str | None = None,
    ) -> None:
        for s, e in sentence_spans(wt.text, ps, pe):
            start, end = wt.offsets[s], wt.ends[e - 1]
            self.sentences.append(
                Sentence(
                    uid=stable_uid("Sentence", self.raw.sha256, start, end),
                    doc=self.raw.file,
                    index=len(self.sentences),
                    text=wt.text[s:e],
                    evidence=self.raw.text[start:end],
                    start=start,
                    end=end,
                    offsets=tuple(wt.offsets[s:e]),
                    section=section,
                    paragraph=self.paragraph,
                    row=row,
                    column=column,
                    page=self.raw.page_at(start),
                )
            )
        self.paragraph += 1


# --------------------------------------------------------------------------- documents


def segment_document(raw: RawDocument, meta: DocumentMeta | None = None) -> SegmentedDocument:
    """Sections, sentences and table rows of ``raw``, every one with its original span.

    ``meta``: the document's manifest row; its date anchors the time context (``document_info``).

    Example::

        doc = segment_document(read_document(path))
        [s.heading for s in doc.sections][:3]
    """
    if raw.format == "table" and find_table_header(raw.text):
        return _segment_table(raw, meta)
    return _segment_text(raw, meta)


def _segment_text(raw: RawDocument, meta: DocumentMeta | None = None) -> SegmentedDocument:
    wt = normalise(raw.text, html_mode=raw.format == "html")
    paras = paragraph_spans(wt.text)
    info = document_info(raw, [wt.text[s:e].strip() for s, e in paras], meta=meta)
    frame = TimeFrame.of(info.title, info.date)
    b = _Builder(raw, frame)
    root = b.add_section(info.title or raw.file, 0, 0, 0, root_context(info.kind, frame, info.title))
    for ps, pe in paras:
        level = heading_level(wt.text[ps:pe])
        section = b.heading(wt, ps, pe, level) if level else (b.stack[-1] if b.stack else root)
        b.sentences_of(wt, ps, pe, section)
    return SegmentedDocument(
        raw=raw, info=info, sections=b.sections, sentences=b.sentences, rows=[], garbled=wt.garbled
    )


# --------------------------------------------------------------------------- tables

_PLANNED_COLUMN_RE = re.compile(r"项目内容|任务内容|工作任务|重点任务|目标|计划|項目內容")
_DONE_COLUMN_RE = re.compile(r"进展|完成情况|执行情况|进度|進展")


def column_context(column: str, root: TimeContext) -> TimeContext | None:
    """The context a table column gives its cells, or None to keep the document's.

    Example::

        column_context("进展情况", TimeContext(2023, None, "前三季度"))  # (2023, done, 前三季度)
    """
    if _DONE_COLUMN_RE.search(column):
        return TimeContext(year=root.year, tense="done", period=root.period)
    if _PLANNED_COLUMN_RE.search(column):
        return TimeContext(year=root.year, tense="planned")
    return None


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, the newline and a trailing ``\\r`` excluded."""
    out, pos = [], 0
    while pos <= len(text):
        nl = text.find("\n", pos)
        e = len(text) if nl < 0 else nl
        out.append((pos, e - 1 if e > pos and text[e - 1] == "\r" else e))
        if nl < 0:
            break
        pos = nl + 1
    return out


def _fields(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out, pos = [], s
    while True:
        tab = text.find("\t", pos, e)
        if tab < 0:
            out.append((pos, e))
            return out
        out.append((pos, tab))
        pos = tab + 1


def _segment_table(raw: RawDocument, meta: DocumentMeta | None = None) -> SegmentedDocument:
    text = raw.text
    header_index, raw_columns = find_table_header(text)  # type: ignore[misc]
    # Column names as extractors look for them: Simplified (項目內容 → 项目内容).
    columns = [to_simplified(c) for c in raw_columns]
    lines = _lines(text)
    traditional = looks_traditional(text)
    title_wt = normalise(text, 0, lines[header_index][0], traditional=traditional)
    title_paras = [title_wt.text[s:e].strip() for s, e in paragraph_spans(title_wt.text)]
    # The gold and FACTS keep a table's title lines as one string.
    info = document_info(raw, title_paras, table_title="".join(title_paras) or None, meta=meta)
    frame = TimeFrame.of(info.title, info.date)
    b = _Builder(raw, frame)
    root_ctx = root_context(info.kind, frame, info.title, table=True)
    root = b.add_section(info.title or raw.file, 0, 0, 0, root_ctx)
    for ps, pe in paragraph_spans(title_wt.text):
        b.sentences_of(title_wt, ps, pe, root)

    column_sections: dict[str, Section] = {}
    hs, he = lines[header_index]
    for name, (cs, ce) in zip(columns, _fields(text, hs, he), strict=False):
        ctx = column_context(name, root_ctx)
        if ctx is not None:
            b.stack = [root]
            column_sections[name] = b.add_section(name, 1, cs, ce, ctx)

    rows: list[TableRow] = []
    garbled = list(title_wt.garbled)
    for ls, le in lines[header_index + 1 :]:
        line = text[ls:le]
        if not line.strip():
            continue
        if "\t" not in line:  # a note between or after the table's rows
            wt = normalise(text, ls, le, traditional=traditional)
            garbled += wt.garbled
            for ps, pe in paragraph_spans(wt.text):
                b.sentences_of(wt, ps, pe, root)
            continue
        spans = _fields(text, ls, le)
        if [text[s:e].strip() for s, e in spans] == raw_columns:
            continue  # a repeated header row
        cells, cell_texts = [], []
        for name, (cs, ce) in zip(columns, spans, strict=False):
            wt = normalise(text, cs, ce, traditional=traditional)
            garbled += wt.garbled
            body = wt.text.strip()
            span = (wt.offsets[0], wt.ends[-1]) if wt.text else (cs, cs)
            cells.append(TableCell(column=name, text=body, start=span[0], end=span[1]))
            cell_texts.append((name, wt))
        row = TableRow(index=len(rows), cells=tuple(cells), start=ls, end=le)
        rows.append(row)
        for name, wt in cell_texts:
            if not re.search(r"[^\d\s.、]", wt.text):
                continue  # a bare row number (序号) is not a sentence
            section = column_sections.get(name, root)
            for ps, pe in paragraph_spans(wt.text):
                b.sentences_of(wt, ps, pe, section, row=row, column=name)
    return SegmentedDocument(
        raw=raw, info=info, sections=b.sections, sentences=b.sentences, rows=rows, garbled=garbled
    )
