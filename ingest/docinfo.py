"""Title, date and kind of a document, read from its own text.

Example::

    info = document_info(raw, paragraphs)   # paragraphs: the normalised paragraphs, in order
    info.date, info.kind                    # "2021-12-09", "政府工作报告"

Rules (first that applies; a title or date the file itself declares, ``RawDocument.title`` /
``.date`` of a web page, comes first):

* date: the speech date of a report's subtitle (``——2021年12月9日在…会议上``); a ``发布日期:`` /
  ``发布时间:`` field, then any ``日期:``/``时间:`` field (web pages); a news dateline, i.e. a short
  line holding a full date, alone or with a clock time and the outlet (``2030-03-05 10:31``,
  ``2030年03月05日07:25 | 来源:某报``, ``来源:某网 | 2030年5月1日``); else ``None``.
* with a manifest (:mod:`ingest.manifest`): its date is the document's date (the anchor of 今年,
  目前, 3月29日) unless it gives only a year or a month that the text's own full date falls in (then
  the text's day is kept); an empty manifest date leaves the text's. Its title is used only where
  the text yields none; ``url``, ``publisher``, ``district`` and the extra columns are carried over.
* district: the manifest's, else the one the title names as author or topic (北京市某区人民政府…).
* title: a report's title line plus its ``——`` subtitle; for tables the lines above the header;
  else the first paragraph that is not a sentence (no 。！？ at its end, no clause punctuation).
* kind: 重点任务进展表 (task tables), 计划执行情况报告 (计划 … 执行情况 in the title),
  政府工作报告 (工作报告 in the title), 新闻报道 (本报讯 / 记者 / 本版编辑 in the text), else None.
"""

from __future__ import annotations

import re

from ingest.manifest import DocumentMeta
from ingest.types import DocumentInfo, RawDocument, stable_uid

_FULL_DATE = r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
_SUBTITLE_RE = re.compile(r"^——\s*" + _FULL_DATE)
_FIELD_DATE = r"\s*[:：]\s*((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
# A publication field wins over a writing date (成文日期) on the same page.
_PUBLISHED_DATE_RE = re.compile(r"(?:发布日期|发布时间|发表时间|发稿时间)" + _FIELD_DATE)
_FIELD_DATE_RE = re.compile(r"(?<!发布)(?<!发表)(?<!发稿)(?:日期|时间)" + _FIELD_DATE)
_FIELD_WINDOW = 200  # how far after a writing date its page's publication date may follow
_WRITTEN_RE = re.compile(r"成文|印发|签发")
_DATELINE_RE = re.compile(_FULL_DATE)
_ISO_DATE = r"((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})(?![\d/.-])"
# A news dateline: a date with a clock time (2030-03-05 10:31, 2030年03月05日07:25), or a date
# next to the outlet (来源:某报 | 2030年5月1日). A page's header lines may be joined into one
# paragraph, so these are searched inside paragraphs, not only as whole lines.
_ANY_DATE = r"(?:" + _FULL_DATE + r"|" + _ISO_DATE + r")"
_CLOCKED_DATE_RE = re.compile(r"(?<![\d/.-])" + _ANY_DATE + r"\s*(?:\(\)|（）)?\s*\d{1,2}:\d\d(?!\d)")
_SOURCED_DATE_RE = re.compile(
    r"来源\s*[:：][^。！？\n]{0,30}?(?<![\d/.-])" + _ANY_DATE
    + r"|(?<![\d/.-])" + _ANY_DATE + r"[^。！？\n]{0,12}?来源\s*[:：]"
)
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
    # the first date field of the page (a file may hold several pages), but a publication date
    # right after a writing date (成文日期 … 发布日期) is the page's date
    text = "\n".join(head)
    fields = sorted([(m.start(), True, m) for m in _PUBLISHED_DATE_RE.finditer(text)]
                    + [(m.start(), False, m) for m in _FIELD_DATE_RE.finditer(text)], key=lambda f: f[0])
    for i, (at, published, m) in enumerate(fields):
        later = [f for f in fields[i + 1:] if f[1] and f[0] - at <= _FIELD_WINDOW]
        if not published and later and _WRITTEN_RE.search(text, max(0, at - 4), at + 4):
            m = later[0][2]
        if date := _iso(*m.groups()):
            return date
    for p in paragraphs:
        if len(p) <= 30:
            m = _DATELINE_RE.search(p)
            if m and (date := _iso(*m.groups())):
                return date
    for pattern in (_CLOCKED_DATE_RE, _SOURCED_DATE_RE):
        for p in head:
            for m in pattern.finditer(p):
                if date := _iso(*[g for g in m.groups() if g is not None][:3]):
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


# A district named as the document's author or topic in its title: 北京市某某区人民政府…,
# 关于某某区2030年…, …清单某某区主责项目…, 某某区第十届人民代表大会…
_TITLE_DISTRICT_RE = re.compile(
    r"(?:北京市|^|关于|清单|——)([\u4e00-\u9fff]{2,3}?区)(?=人民政府|政府|第|\d|主责|人民代表|区委|国民经济)"
)


def find_district(title: str | None) -> str | None:
    """The district a document's title names as its author or topic, else ``None``.

    Example: ``find_district("关于某山区2030年计划执行情况的报告") == "某山区"``.
    """
    m = _TITLE_DISTRICT_RE.search(title or "")
    return m.group(1) if m else None


def merge_date(own: str | None, manifest: str | None) -> str | None:
    """The document's date from its own (``YYYY-MM-DD``) and the manifest's, see module rules.

    Example: ``merge_date("2030-03-05", "2030-03") == "2030-03-05"``;
    ``merge_date("2029-12-01", "2030-03-05") == "2030-03-05"``.
    """
    if not manifest:
        return own
    if own and len(manifest) < len(own) and own.startswith(manifest):
        return own
    return manifest


def document_info(raw: RawDocument, paragraphs: list[str], table_title: str | None = None,
                  meta: DocumentMeta | None = None) -> DocumentInfo:
    """Build the :class:`DocumentInfo` of ``raw`` from its normalised paragraphs (and its manifest row).

    Example: ``document_info(raw, ["某区政府工作报告", "——2030年1月5日在某会议上"]).date``
    is ``"2030-01-05"``; the id is ``stable_uid("Document", raw.sha256)``.
    """
    # What the file declares (a web page's <title> and publication date) comes before what the
    # text suggests: a page's markup says which date it was published, its text may name many.
    # The manifest fills a title the document lacks; its date is a person's word and wins.
    title = raw.title or find_title(paragraphs, table_title) or (meta.title if meta else None)
    return DocumentInfo(
        id=stable_uid("Document", raw.sha256),
        file=raw.file,
        title=title,
        date=merge_date(raw.date or find_date(paragraphs), meta.date if meta else None),
        # The kind is read from the normalised paragraphs, so 本報訊 counts as 本报讯.
        kind=find_kind(title, "\n".join(paragraphs), raw.format == "table"),
        sha256=raw.sha256,
        encoding=raw.encoding,
        url=meta.url if meta else None,
        publisher=meta.publisher if meta else None,
        district=(meta.district if meta and meta.district else None) or find_district(title),
        properties=dict(meta.extra) if meta else {},
    )
