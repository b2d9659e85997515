"""Segmentation: sentences with exact spans, sections with their time context, table rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.normalise import to_simplified
from ingest.read import read_document
from ingest.segment import (
    TimeFrame,
    heading_level,
    heading_time,
    inherit,
    segment_document,
    sentence_spans,
)
from ingest.types import RawDocument, SegmentedDocument, TimeContext
from tests.test_normalise import _is_product


@pytest.fixture(scope="module")
def corpus_docs(corpus_files: list[Path]) -> dict[str, SegmentedDocument]:
    return {p.name[:3]: segment_document(read_document(p)) for p in corpus_files}


def _doc(tmp_path: Path, text: str, name: str = "doc.txt", encoding: str = "utf-8") -> SegmentedDocument:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return segment_document(read_document(path))


# --------------------------------------------------------------------------- spans, on the corpus


def test_every_sentence_evidence_is_the_original_slice(corpus_docs):
    for doc in corpus_docs.values():
        assert doc.sentences, doc.info.file
        for s in doc.sentences:
            assert doc.raw.text[s.start : s.end] == s.evidence
            assert s.evidence == s.evidence.strip()
            assert not s.evidence.startswith("<") and not s.evidence.endswith(">")


def test_every_working_char_points_at_its_source_char(corpus_docs):
    for doc in corpus_docs.values():
        text = doc.raw.text
        for s in doc.sentences:
            assert len(s.offsets) == len(s.text)
            assert s.offsets[0] == s.start
            assert all(s.start <= o < s.end for o in s.offsets)
            assert list(s.offsets) == sorted(s.offsets)
            for ch, o in zip(s.text, s.offsets, strict=True):
                assert _is_product(ch, text[o], text, o), (doc.info.file, s.index, ch, text[o])


def test_original_span_of_a_word_gives_its_original_form(corpus_docs):
    doc = corpus_docs["001"]
    s = next(s for s in doc.sentences if "东城区" in s.text)
    i = s.text.index("东城区")
    a, b = s.original_span(i, i + 3)
    original = doc.raw.text[a:b]
    assert original.startswith("東城區")  # a pinyin artefact after 區 stays inside the evidence slice
    assert to_simplified(original.replace("(qū)", "")) == "东城区"


def test_no_sentence_holds_a_garbled_stretch(corpus_docs):
    for doc in corpus_docs.values():
        for s in doc.sentences:
            for gs, ge in doc.garbled:
                assert ge <= s.start or gs >= s.end, (doc.info.file, s.evidence)
            assert "?" not in s.text and "\ufffd" not in s.text


def test_garbled_stretches_are_found_only_in_001(corpus_docs):
    assert len(corpus_docs["001"].garbled) >= 5
    for key in ("000", "002", "003", "004"):
        assert corpus_docs[key].garbled == []
    raw = corpus_docs["001"].raw.text
    for gs, ge in corpus_docs["001"].garbled:
        assert raw[gs] == "?"
        assert ge - gs <= 20


def test_pinyin_artefacts_never_reach_sentence_text(corpus_docs):
    for s in corpus_docs["001"].sentences:
        assert "(qū)" not in s.text and "ū" not in s.text


def test_sentences_end_at_sentence_punctuation_and_keep_semicolon_clauses(corpus_docs):
    doc = corpus_docs["004"]
    ends = [s.text[-1] for s in doc.sentences if len(s.text) > 40]
    assert sum(e in "。！？”" for e in ends) >= 0.9 * len(ends)
    assert any("；" in s.text for s in doc.sentences)


def test_wrapped_newspaper_lines_are_joined_in_text_but_kept_in_evidence(corpus_docs):
    doc = corpus_docs["002"]
    wrapped = [s for s in doc.sentences if "\n" in s.evidence]
    assert len(wrapped) > 50
    assert all("\n" not in s.text for s in doc.sentences)


def test_pdf_page_breaks_inside_sentences_are_joined(corpus_docs):
    doc = corpus_docs["000"]
    assert any("\n\n" in s.evidence for s in doc.sentences)
    assert all("**" not in s.text for s in doc.sentences)


# --------------------------------------------------------------------------- document info


def test_document_infos(corpus_docs):
    expected = {
        "000": ("2021-12-09", "政府工作报告"),
        "001": ("2025-01-08", "政府工作报告"),
        "002": ("2025-01-09", "新闻报道"),
        "003": (None, "重点任务进展表"),
        "004": ("2021-08-30", "计划执行情况报告"),
    }
    for key, (date, kind) in expected.items():
        info = corpus_docs[key].info
        assert (info.date, info.kind) == (date, kind), key
        assert info.id.startswith("document:") and info.sha256 == corpus_docs[key].raw.sha256
        assert info.title


def test_document_titles_match_the_gold(corpus_docs, gold_path: Path):
    gold = {d["file"][:3]: d for d in json.loads(gold_path.read_text(encoding="utf-8"))["documents"]}
    for key, doc in corpus_docs.items():
        assert doc.info.title == gold[key]["title"], key
        assert (doc.info.date, doc.info.kind) == (gold[key]["date"], gold[key]["kind"]), key


# --------------------------------------------------------------------------- sections and time


def _contexts(doc: SegmentedDocument) -> set[tuple]:
    return {(s.context.year, s.context.tense, s.context.period) for s in doc.sections}


def test_001_has_a_2024_review_and_a_2025_plan(corpus_docs):
    ctx = _contexts(corpus_docs["001"])
    assert (2024, "done", None) in ctx and (2025, "planned", None) in ctx


def test_000_five_year_review_goals_and_next_year(corpus_docs):
    ctx = _contexts(corpus_docs["000"])
    assert ("2017-2021", "done", None) in ctx
    assert ("2022-2026", "planned", None) in ctx
    assert (2022, "planned", None) in ctx


def test_000_sentences_inherit_their_section_context(corpus_docs):
    doc = corpus_docs["000"]
    s = next(s for s in doc.sentences if s.text.startswith("五年来"))
    assert s.context == TimeContext(year="2017-2021", tense="done")
    assert s.section.heading.startswith("第一部分")


def test_004_first_half_done_second_half_planned(corpus_docs):
    ctx = _contexts(corpus_docs["004"])
    assert (2021, "done", "上半年") in ctx
    assert (2021, "planned", None) in ctx


def test_002_newspaper_reviews_2024_and_plans_2025(corpus_docs):
    doc = corpus_docs["002"]
    root = doc.sections[0]
    assert root.level == 0 and root.context == TimeContext(year=2024, tense="done")
    assert (2025, "planned", None) in _contexts(doc)


def test_section_parents_are_enclosing_headings(corpus_docs):
    doc = corpus_docs["001"]
    by_uid = {s.uid: s for s in doc.sections}
    sub = next(s for s in doc.sections if s.heading.startswith("(一)"))
    assert by_uid[sub.parent].heading.startswith("一、")
    for s in doc.sections:
        assert doc.raw.text[s.start : s.end] or s.level == 0


# --------------------------------------------------------------------------- tables


def test_003_table_rows(corpus_docs):
    doc = corpus_docs["003"]
    assert len(doc.rows) == 22
    assert [r.index for r in doc.rows] == list(range(22))
    for row in doc.rows:
        assert [c.column for c in row.cells] == ["序号", "项目内容", "主责单位", "进展情况"]
        assert row.cell("序号").text.isdigit()
        assert "<p>" not in row.cell("进展情况").text
        for c in row.cells:
            assert row.start <= c.start <= c.end <= row.end
    units = doc.rows[0].cell("主责单位")
    assert len(units.text.split()) >= 2  # several units, space-separated, kept apart
    assert units.text.split() == doc.raw.text[units.start : units.end].split()


def test_003_cell_sentences_carry_row_column_and_context(corpus_docs):
    doc = corpus_docs["003"]
    progress = [s for s in doc.sentences if s.column == "进展情况"]
    tasks = [s for s in doc.sentences if s.column == "项目内容"]
    assert progress and tasks
    assert all(s.context == TimeContext(year=2023, tense="done", period="前三季度") for s in progress)
    assert all(s.context == TimeContext(year=2023, tense="planned") for s in tasks)
    assert all(s.row is not None and s.row.cell(s.column) for s in progress + tasks)
    # each <p> paragraph of a cell is split into its own sentences
    first = [s for s in progress if s.row.index == 0]
    assert len(first) >= 2 and first[0].text.startswith("1.")
    assert not any(s.text == "序号" for s in doc.sentences)


# --------------------------------------------------------------------------- synthetic documents


def test_sentence_spans_split_on_terminal_punctuation():
    assert sentence_spans("甲完成。乙；丙推进！“丁？”戊") == [(0, 4), (4, 10), (10, 14), (14, 15)]
    assert sentence_spans("  只有一句  ") == [(2, 6)]
    assert sentence_spans("。。") == []
    assert sentence_spans("●甲增长5% ●乙完成3项") == [(0, 6), (7, 13)]


def test_heading_levels():
    assert heading_level("第二部分 今后的目标") == 1
    assert heading_level("三、下半年工作安排") == 2
    assert heading_level("（二）持续推进改造") == 3
    assert heading_level("(二)持续推进改造") == 3
    assert heading_level("●某项工作稳步推进") == 4
    assert heading_level("2030年主要任务") == 1
    assert heading_level("扎实推进某项工作") == 5
    assert heading_level("这是一个完整的句子，不是标题。") is None
    assert heading_level("2030年1月2日") is None
    assert heading_level("——2030年1月2日在某次会议上") is None


@pytest.mark.parametrize(
    ("heading", "date", "expected"),
    [
        ("第一部分 过去五年工作回顾", "2030-12-01", TimeContext("2026-2030", "done")),
        ("第二部分 今后五年的主要目标任务", "2030-12-01", TimeContext("2031-2035", "planned")),
        ("第三部分 2031年重点工作建议", "2030-12-01", TimeContext(2031, "planned")),
        ("一、2029年工作回顾", "2030-01-10", TimeContext(2029, "done")),
        ("二、2030年工作安排", "2030-01-10", TimeContext(2030, "planned")),
        ("一、上半年计划执行情况", "2030-08-01", TimeContext(2030, "done", "上半年")),
        ("三、下半年工作安排", "2030-08-01", TimeContext(2030, "planned")),
        ("过去一年的主要工作", "2030-01-10", TimeContext(2029, "done")),
        ("今后一年的主要任务", "2030-01-10", TimeContext(2030, "planned")),
        ("明年工作打算", "2030-01-10", TimeContext(2031, "planned")),
        ("明年工作打算", "2030-12-10", TimeContext(2031, "planned")),
        ("去年工作回顾", "2030-01-10", TimeContext(2029, "done")),
        ("2026-2030年发展成就", "2030-12-01", TimeContext("2026-2030", "done")),
        ("（一）持续推进某项工作", "2030-12-01", TimeContext()),
    ],
)
def test_heading_time_rules(heading: str, date: str, expected: TimeContext):
    level = heading_level(heading) or 1
    assert heading_time(heading, TimeFrame.of(None, date), level) == expected


def test_inherit_keeps_the_year_and_drops_the_period_on_a_new_tense():
    parent = TimeContext(2030, "done", "上半年")
    assert inherit(TimeContext(tense="planned"), parent) == TimeContext(2030, "planned")
    assert inherit(TimeContext(), parent) == parent
    assert inherit(TimeContext(year=2031, tense="planned"), parent) == TimeContext(2031, "planned")


def test_time_frame_from_title_without_date():
    frame = TimeFrame.of("2030年某项任务进展表", None)
    assert (frame.year, frame.review, frame.plan) == (2030, 2030, 2031)


def test_synthetic_report_sections_and_contexts(tmp_path: Path):
    text = (
        "某区人民政府工作报告\n——2030年1月5日在某区人民代表大会上\n各位代表：\n"
        "一、2029年工作回顾\n全年完成改造项目十个，新建公园\n两处。\n"
        "（一）民生改善\n新增养老床位百张。\n"
        "二、2030年工作安排\n推进某某项目建设；完成\n道路改造。\n"
    )
    doc = _doc(tmp_path, text)
    assert doc.info.date == "2030-01-05" and doc.info.kind == "政府工作报告"
    by_text = {s.text: s for s in doc.sentences}
    assert by_text["全年完成改造项目十个，新建公园两处。"].context == TimeContext(2029, "done")
    assert by_text["新增养老床位百张。"].context == TimeContext(2029, "done")
    s = by_text["推进某某项目建设；完成道路改造。"]
    assert s.context == TimeContext(2030, "planned")
    assert s.evidence == "推进某某项目建设；完成\n道路改造。"


def test_synthetic_big5_traditional_document(tmp_path: Path):
    text = (
        "某區政府工作報告\n——2030年1月5日在某區人民代表大會上\n"
        "一、2029年工作回顧\n全區完成項目建設，群眾滿意。\n"
    )
    doc = _doc(tmp_path, text, encoding="big5")
    assert doc.raw.encoding == "big5"
    s = next(s for s in doc.sentences if s.text.startswith("全区"))
    assert s.text == "全区完成项目建设，群众满意。"
    assert s.evidence == "全區完成項目建設，群眾滿意。"
    assert s.context == TimeContext(2029, "done")


def test_synthetic_crlf_document_keeps_crlf_in_evidence(tmp_path: Path):
    doc = _doc(tmp_path, "一、总体情况\r\n今年全区推进了某某\r\n项目，效果良好。\r\n")
    s = doc.sentences[-1]
    assert s.text == "今年全区推进了某某项目，效果良好。"
    assert s.evidence == "今年全区推进了某某\r\n项目，效果良好。"


def test_synthetic_table_with_repeated_headers(tmp_path: Path):
    header = "序号\t项目内容\t主责单位\t进展情况\n"
    text = (
        "2030年重点任务清单\n上半年进展情况表\n"
        + header
        + "1\t<p>任务甲：完成某改造。</p>\t区甲局 区乙委\t<p>1.已完成一半。</p> <p>2.另一项启动。</p>\n"
        + header
        + "2\t任务乙\t区丙局\t<p>推进中。</p>\n"
    )
    doc = _doc(tmp_path, text)
    assert doc.raw.format == "table" and doc.info.kind == "重点任务进展表"
    assert doc.info.title == "2030年重点任务清单上半年进展情况表"
    assert len(doc.rows) == 2
    cell = doc.rows[0].cell("进展情况")
    assert cell.text == "1.已完成一半。\n2.另一项启动。"
    assert doc.raw.text[cell.start : cell.end].startswith("1.已完成")
    progress = [s for s in doc.sentences if s.column == "进展情况"]
    assert [s.text for s in progress] == ["1.已完成一半。", "2.另一项启动。", "推进中。"]
    assert all(s.context == TimeContext(2030, "done", "上半年") for s in progress)


def test_synthetic_big5_table_has_simplified_column_names(tmp_path: Path):
    text = "2030年重點任務清單\n序號\t項目內容\t主責單位\t進展情況\n1\t任務甲\t區甲局\t<p>已經完成。</p>\n"
    doc = _doc(tmp_path, text, encoding="big5")
    assert doc.raw.format == "table" and doc.raw.encoding == "big5"
    assert [c.column for c in doc.rows[0].cells] == ["序号", "项目内容", "主责单位", "进展情况"]
    s = next(s for s in doc.sentences if s.column == "进展情况")
    assert (s.text, s.evidence) == ("已经完成。", "已經完成。")
    assert s.context.tense == "done"


def test_synthetic_html_page(tmp_path: Path):
    page = (
        "<!DOCTYPE html><html><head><title>关于某区2030年计划执行情况的报告</title>"
        "<script>var x = 1;</script></head><body>"
        "<p>日期：2030-08-01</p><h2>一、上半年计划执行情况</h2>"
        "<p>上半年完成投资&nbsp;10亿元，\n同比增长5%。</p></body></html>"
    )
    doc = _doc(tmp_path, page, name="page.html")
    assert (doc.raw.container, doc.raw.format) == ("html", "text")  # its main text, extracted
    assert doc.info.title == "关于某区2030年计划执行情况的报告"
    assert doc.info.date == "2030-08-01" and doc.info.kind == "计划执行情况报告"
    s = next(s for s in doc.sentences if s.text.startswith("上半年完成"))
    assert s.context == TimeContext(2030, "done", "上半年")
    assert doc.raw.text[s.start : s.end] == s.evidence
    assert "script" not in " ".join(x.text for x in doc.sentences)


# --------------------------------------------------------------------------- properties

_DOC_PIECES = st.sampled_from(
    [
        "一、2029年工作回顾\n",
        "二、2030年工作安排\n",
        "（一）某项工作\n",
        "●要点\n",
        "过去五年\n",
        "東",
        "區(qū)",
        "项目",
        "望壇項\n",
        "\n",
        "\n\n",
        "\r\n",
        " ",
        "。",
        "，",
        "；",
        "?",
        "犇淼",
        "<p>",
        "</p>",
        "&amp;",
        "**",
        "１２",
        "4.5%",
        "——2030年1月5日在会议上\n",
        "日期：2030-08-01\n",
        "\t",
        "本报讯",
        "\ufffd",
    ]
)
_DOCS = st.lists(st.one_of(_DOC_PIECES, st.text(max_size=3)), max_size=60).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DOCS, st.sampled_from(["text", "html"]))
def test_property_segmented_sentences_keep_exact_spans(text: str, fmt: str):
    raw = RawDocument(path="p", file="p.txt", sha256="0" * 64, encoding="utf-8", format=fmt, text=text)
    doc = segment_document(raw)
    last_end = 0
    for s in doc.sentences:
        assert text[s.start : s.end] == s.evidence and s.text
        assert s.start >= last_end, "sentences do not overlap and come in order"
        last_end = s.end
        assert len(s.offsets) == len(s.text)
        for ch, o in zip(s.text, s.offsets, strict=True):
            assert s.start <= o < s.end
            assert _is_product(ch, text[o], text, o)
        for gs, ge in doc.garbled:
            assert ge <= s.start or gs >= s.end


_CELL_PIECES = st.sampled_from(
    ["<p>", "</p>", "東城區(qū)", "项目", "。", "，", " ", "&amp;", "1.", "犇淼垚", "?qū)", "2024年", "\r"]
)
_CELLS = st.lists(
    st.one_of(_CELL_PIECES, st.text(alphabet=st.characters(blacklist_characters="\t\n"), max_size=3)),
    max_size=8,
).map("".join)
_HEADER = "序号\t项目内容\t主责单位\t进展情况"
_ROWS = st.lists(
    st.one_of(st.lists(_CELLS, min_size=4, max_size=4).map("\t".join), st.just(_HEADER)), max_size=6
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ROWS, st.sampled_from(["\n", "\r\n"]))
def test_property_table_rows_cells_and_sentences_keep_their_spans(rows: list[str], nl: str):
    text = nl.join(["某年任务清单", _HEADER, *rows]) + nl
    raw = RawDocument(path="p", file="p.txt", sha256="0" * 64, encoding="utf-8", format="table", text=text)
    doc = segment_document(raw)
    header = _HEADER.split("\t")
    data = [r for r in rows if r.strip() and [x.strip() for x in r.split("\t")] != header]
    assert len(doc.rows) == len(data)
    for r in doc.rows:
        assert [c.column for c in r.cells] == header
        assert all(r.start <= c.start <= c.end <= r.end for c in r.cells)
    for s in doc.sentences:
        assert text[s.start : s.end] == s.evidence and s.text
        assert all(_is_product(ch, text[o], text, o) for ch, o in zip(s.text, s.offsets, strict=True))
        assert all(ge <= s.start or gs >= s.end for gs, ge in doc.garbled)
