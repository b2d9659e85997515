"""Title, date and kind of a document, read from its own text.

Example::

    info = document_info(raw, paragraphs)   # paragraphs: the normalised paragraphs, in order
    info.date, info.kind                    # "2021-12-09", "政府工作报告"

Rules (first that applies; a title or date the file itself declares, ``RawDocument.title`` /
``.date`` of a web page, comes first):

* date: the speech date of a report's subtitle (``——2021年12月9日在…会议上``); a ``日期:`` field
  (web pages); a dateline, i.e. a short line holding a full date (newspaper page headers,
  gazette issues); else ``None``.
* title: a report's title line plus its ``——`` subtitle; for tables the lines above the header;
  else the first paragraph that is not a sentence (no 。！？ at its end, no clause punctuation).
* kind: 重点任务进展表 (task tables), 计划执行情况报告 (计划 … 执行情况 in the title),
  政府工作报告 (工作报告 in the title), 新闻报道 (本报讯 / 记者 / 本版编辑 in the text), else None.
"""

from __future__ import annotations

import re

from ingest.types import DocumentInfo, RawDocument, stable_uid

_FULL_DATE = r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
_SUBTITLE_RE = re.compile(r"^——\s*" + _FULL_DATE)
_FIELD_DATE_RE = re.compile(
    r"(?:日期|发布时间|发布日期|时间)\s*[:：]\s*((?:19|20)\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})"
)
_DATELINE_RE = re.compile(_FULL_DATE)
_FIELD_RE = re.compile(r"^[\u4e00-\u9fff]{2,4}\s*[:：]")  # 日期：…, 来源：…
_NEWS_RE = re.compile(r"本报讯|本报记者|本版编辑|记者\s*\S{2,4}\s*摄")
_HEAD_CHARS = 6000  # dates and titles sit at the top


def _iso(y: str, m: str, d: str) -> str | None:
    mi, di = int(m), int(d)
    if not (1 <= mi <= 12 and 1 <= di <= 31):
        return None
    return f"{int(y):04d}-{mi:02d}-{di:02d}"


def find_date(paragraphs: list[str]) -> str | None:
    """The document's date (``YYYY-MM-DD``) from its normalised paragraphs, see module rules.

    Example: ``find_date(["某区政府工作报告", "——2030年1月5日在某会议上"]) == "2030-01-05"``.
    """
    head = _head(paragraphs)
    for p in head:
        m = _SUBTITLE_RE.match(p)
        if m and (date := _iso(*m.groups())):
            return date
    for p in head:
        m = _FIELD_DATE_RE.search(p)
        if m and (date := _iso(*m.groups())):
            return date
    for p in paragraphs:
        if len(p) <= 30:
            m = _DATELINE_RE.search(p)
            if m and (date := _iso(*m.groups())):
                return date
    return None


def _head(paragraphs: list[str]) -> list[str]:
    out, size = [], 0
    for p in paragraphs:
        out.append(p)
        size += len(p)
        if size > _HEAD_CHARS:
            break
    return out


def _is_title_like(p: str) -> bool:
    return (
        4 <= len(p) <= 80
        and p[-1] not in "。！？!?：:；;，,"
        and not any(c in "，,；;" for c in p)
        and not _DATELINE_RE.fullmatch(p)
        and not _FIELD_RE.match(p)
        and any("\u4e00" <= c <= "\u9fff" for c in p)
    )


def find_title(paragraphs: list[str], table_title: str | None = None) -> str | None:
    """The title, see module rules. ``table_title`` is the text above a table's header.

    Example: ``find_title(["某区政府工作报告", "——2030年1月5日在某会议上"])``
    gives ``"某区政府工作报告——2030年1月5日在某会议上"``.
    """
    if table_title:
        return table_title
    head = _head(paragraphs)
    for i, p in enumerate(head):
        if p.startswith("——") and i > 0:
            # A subtitle may be wrapped over two lines (… 第十七届 / 人民代表大会 … 上).
            sub = p
            if i + 1 < len(head) and not sub.endswith(("上", "讲话", "报告")) and len(head[i + 1]) < 40:
                sub += head[i + 1]
            return _compact(head[i - 1]) + sub
    for p in head:
        if _is_title_like(p):
            return _compact(p)
    return None


def _compact(s: str) -> str:
    """Drop letter-spacing (``政 府 工 作 報 告``) and runs of spaces inside a title."""
    return re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", s).strip()


def find_kind(title: str | None, text: str, is_table: bool) -> str | None:
    """The document kind, see module rules.

    Example: ``find_kind("关于某区2030年计划上半年执行情况的报告", "", False) == "计划执行情况报告"``.
    """
    t = title or ""
    if is_table or re.search(r"任务清单|进展情况表|任务台账", t):
        return "重点任务进展表"
    if "计划" in t and "执行情况" in t:
        return "计划执行情况报告"
    if "工作报告" in t:
        return "政府工作报告"
    if _NEWS_RE.search(text):
        return "新闻报道"
    if "报告" in t:
        return "报告"
    return None


def document_info(raw: RawDocument, paragraphs: list[str], table_title: str | None = None) -> DocumentInfo:
    """Build the :class:`DocumentInfo` of ``raw`` from its normalised paragraphs.

    Example: ``document_info(raw, ["某区政府工作报告", "——2030年1月5日在某会议上"]).date``
    is ``"2030-01-05"``; the id is ``stable_uid("Document", raw.sha256)``.
    """
    # What the file declares (a web page's <title> and publication date) comes before what the
    # text suggests: a page's markup says which date it was published, its text may name many.
    title = raw.title or find_title(paragraphs, table_title)
    return DocumentInfo(
        id=stable_uid("Document", raw.sha256),
        file=raw.file,
        title=title,
        date=raw.date or find_date(paragraphs),
        # The kind is read from the normalised paragraphs, so 本報訊 counts as 本报讯.
        kind=find_kind(title, "\n".join(paragraphs), raw.format == "table"),
        sha256=raw.sha256,
        encoding=raw.encoding,
    )
