"""PDF, Word and saved web pages: read by their content, their extracted text indexed by every span.

Every document here is written by the test from sentences we made up.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.errors import IngestError
from ingest.pipeline import extract_document
from ingest.read import read_document
from ingest.readers import sniff
from ingest.readers.pdf import drop_page_numbers
from ingest.segment import segment_document
from ingest.types import RawDocument
from tests.documents_support import web_page, write_docx, write_pdf, write_scanned_pdf

_REPORT = (
    "关于某区2030年计划上半年执行情况的报告\n"
    "一、上半年计划执行情况\n"
    "上半年，全区完成固定资产投资12.5亿元，同比增长6.3%。\n"
    "甲街区更新项目由区某某委员会牵头实施，完成居民签约320户。\n"
    "二、下半年工作安排\n"
    "下半年将启动乙片区环境整治工程，计划新增绿地面积3.2万平方米。"
)


def _slices(doc) -> None:
    for s in doc.sentences:
        assert doc.raw.text[s.start : s.end] == s.evidence


# --------------------------------------------------------------------------- sniffing


def test_sniffing_tells_pdf_word_and_legacy_office_files_by_their_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("data.txt", "x")
    assert sniff(b"%PDF-1.7\n%\xe2\xe3") == "pdf"
    assert sniff(buffer.getvalue()) == "docx"
    assert sniff(other.getvalue()) == "zip"
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 20) == "ole2"
    assert sniff("某区推进某项工作。".encode()) == "text"


def test_a_pdf_named_txt_is_still_read_as_a_pdf(tmp_path: Path):
    path = write_pdf(_REPORT, tmp_path / "report.txt")
    raw = read_document(path)
    assert raw.container == "pdf" and "固定资产投资12.5亿元" in raw.text


# --------------------------------------------------------------------------- PDF


def test_pdf_text_keeps_its_pages_and_sentences_know_them(tmp_path: Path):
    path = write_pdf(_REPORT, tmp_path / "report.pdf", page_breaks=(4,), page_numbers=True)
    doc = segment_document(read_document(path))
    assert doc.raw.container == "pdf" and doc.raw.encoding == "pdf"
    assert len(doc.raw.pages) == 2
    assert "- 1 -" not in doc.raw.text, "a page-number line is not text"
    _slices(doc)
    pages = {s.text[:4]: s.page for s in doc.sentences}
    assert pages["上半年，"] == 1 and pages["下半年将"] == 2
    assert doc.info.title == "关于某区2030年计划上半年执行情况的报告"


def test_pdf_facts_carry_their_page_in_json(tmp_path: Path):
    from ingest.pipeline import extract_paths

    path = write_pdf(_REPORT, tmp_path / "report.pdf", page_breaks=(4,))
    facts = extract_paths([path]).facts().to_json()
    metrics = {m["value"]: m["source"] for m in facts["metrics"]}
    assert metrics[12.5]["page"] == 1 and metrics[3.2]["page"] == 2


def test_text_files_keep_the_source_shape_without_a_page(tmp_path: Path):
    from ingest.pipeline import extract_paths

    path = tmp_path / "report.txt"
    path.write_text(_REPORT, encoding="utf-8")
    facts = extract_paths([path]).facts().to_json()
    assert facts["metrics"] and all("page" not in m["source"] for m in facts["metrics"])


def test_a_scanned_pdf_is_refused_as_having_no_text_layer(tmp_path: Path):
    path = write_scanned_pdf(tmp_path / "scan.pdf")
    with pytest.raises(IngestError) as err:
        read_document(path)
    assert "no text layer (scanned?)" in str(err.value) and "scan.pdf" in str(err.value)


def test_a_corrupt_pdf_names_the_file_and_the_cause(tmp_path: Path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a pdf body\n")
    with pytest.raises(IngestError) as err:
        read_document(path)
    assert "broken.pdf" in str(err.value) and "PDF" in err.value.cause


def test_a_truncated_pdf_names_the_file(tmp_path: Path):
    data = write_pdf(_REPORT, tmp_path / "whole.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 3])
    try:
        raw = read_document(path)
    except IngestError as err:
        assert "cut.pdf" in str(err)
    else:  # PDFium repairs what it can: then what it read is text
        assert raw.container == "pdf"


@given(st.lists(st.text(alphabet="某区项目12 -—第页/", max_size=8), max_size=6))
def test_property_dropping_page_numbers_keeps_every_line_with_words(lines: list[str]):
    text = "\n".join(lines)
    kept = drop_page_numbers(text).split("\n")
    for line in lines:
        if any(c in "某区项目" for c in line) and line.strip("\n"):
            assert line in kept


@given(st.lists(st.integers(min_value=1, max_value=50), min_size=1, max_size=6), st.integers(0, 400))
def test_property_page_at_is_the_page_whose_range_holds_the_offset(lengths: list[int], offset: int):
    starts, pos = [], 0
    for n in lengths:
        starts.append(pos)
        pos += n
    raw = RawDocument("p", "p.pdf", "0", "pdf", "text", "x" * pos, container="pdf", pages=tuple(starts))
    page = raw.page_at(offset)
    assert page is not None and 1 <= page <= len(lengths)
    assert starts[page - 1] <= offset and (page == len(lengths) or offset < starts[page])


# --------------------------------------------------------------------------- Word


def test_word_paragraphs_are_read_in_order_with_exact_spans(tmp_path: Path):
    doc = segment_document(read_document(write_docx(_REPORT, tmp_path / "report.docx")))
    assert doc.raw.container == "docx" and doc.raw.format == "text"
    _slices(doc)
    texts = [s.text for s in doc.sentences]
    assert texts.index("上半年，全区完成固定资产投资12.5亿元，同比增长6.3%。") < texts.index(
        "下半年将启动乙片区环境整治工程，计划新增绿地面积3.2万平方米。"
    )


def test_a_task_table_in_word_gives_task_rows_and_table_column_ownership(tmp_path: Path):
    table = [
        ["序号", "项目内容", "主责单位", "进展情况"],
        ["1", "重点任务第3项 推进甲井棚户区改造，完成甲井项目回迁。", "区住建委",
         "1.甲井项目已完成居民签约200户。\n2.乙桥项目启动方案设计。"],
        ["2", "重点任务第5项 实施丙园改造工程。", "区城管委 区发展改革委", "丙园改造工程已开工。"],
    ]
    path = write_docx("2030年朝阳区重点任务清单", tmp_path / "tasks.docx", table=table, table_after=1)
    raw = read_document(path)
    assert raw.format == "table"
    facts = extract_document(path)
    assert len(segment_document(raw).rows) == 2
    assert {o.basis for o in facts.ownership} == {"table_column"}
    assert any("住房" in o.bureau and "甲井" in o.project for o in facts.ownership)
    for o in facts.ownership:
        assert raw.text[o.source.start : o.source.end] == o.source.evidence


def test_a_table_inside_a_long_report_is_read_as_text(tmp_path: Path):
    long_report = "\n".join([_REPORT] * 4)
    table = [["序号", "项目内容", "主责单位"], ["1", "推进丁项目建设。", "区某某局"]]
    raw = read_document(write_docx(long_report, tmp_path / "r.docx", table=table, table_after=18))
    assert raw.format == "text" and "1 推进丁项目建设。 区某某局" in raw.text


def test_a_corrupt_word_file_names_the_file_and_the_cause(tmp_path: Path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document><w:body>not closed")
    path = tmp_path / "broken.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(IngestError) as err:
        read_document(path)
    assert "broken.docx" in str(err.value) and "Word document" in err.value.cause


def test_a_legacy_doc_file_is_refused_with_what_to_do(tmp_path: Path):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    with pytest.raises(IngestError) as err:
        read_document(path)
    assert ".docx" in err.value.cause and "old.doc" in str(err.value)


# --------------------------------------------------------------------------- web pages


def test_a_saved_web_page_gives_its_article_without_navigation_or_footer(tmp_path: Path):
    path = tmp_path / "news.html"
    path.write_text(web_page(_REPORT, "某区上半年计划执行情况", "2030-08-02"), encoding="utf-8")
    doc = segment_document(read_document(path))
    assert doc.raw.container == "html" and doc.raw.format == "text"
    assert "栏目3" not in doc.raw.text and "版权所有" not in doc.raw.text and "相关阅读" not in doc.raw.text
    assert doc.info.title == "某区上半年计划执行情况" and doc.info.date == "2030-08-02"
    assert "同比增长6.3%" in doc.raw.text
    _slices(doc)


def test_a_web_page_in_gbk_is_decoded_before_its_text_is_extracted(tmp_path: Path):
    path = tmp_path / "news.htm"
    path.write_bytes(web_page(_REPORT, "某区报告").replace("utf-8", "gbk").encode("gbk"))
    raw = read_document(path)
    assert raw.container == "html" and raw.encoding == "gbk" and "固定资产投资" in raw.text


def test_an_html_fragment_keeps_the_markup_path_and_its_original_offsets(tmp_path: Path):
    fragment = "<div><p>甲项目完成投资5亿元。</p><p>乙项目开工。</p><br><span>丙</span></div>"
    path = tmp_path / "fragment.txt"
    path.write_text(fragment, encoding="utf-8")
    raw = read_document(path)
    assert (raw.container, raw.format, raw.text) == ("text", "html", fragment)


def test_a_stored_pdf_keeps_the_page_of_its_sentences(tmp_path: Path, empty_store):
    path = write_pdf(_REPORT, tmp_path / "report.pdf", page_breaks=(4,))
    empty_store.write_document(extract_document(path))
    result = empty_store.run_readonly(
        "MATCH (s:Sentence) WHERE s.doc = 'report.pdf' RETURN s.text AS text, s.page AS page"
    )
    pages = {row["text"][:4]: row["page"] for row in result.rows}
    assert pages["上半年，"] == 1 and pages["下半年将"] == 2


_TASK_ROWS = [
    ["序号", "项目内容", "主责单位", "进展情况"],
    ["1", "重点任务第3项 推进甲井棚户区改造，完成甲井项目回迁。", "区住建委",
     "<p>1.甲井项目已完成居民签约200户。</p><p>2.乙桥项目启动方案设计。</p>"],
    ["2", "重点任务第5项 实施丙园改造工程。", "区城管委 区发展改革委", "丙园改造工程已开工。"],
]


def test_a_web_page_that_is_a_task_table_gives_task_rows_and_table_column_ownership(tmp_path: Path):
    table = "<table><tbody>" + "".join(
        "<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in _TASK_ROWS
    ) + "</tbody></table>"
    path = tmp_path / "tasks.html"
    page = web_page("某区重点任务进展情况如下。", "2030年朝阳区重点任务清单")
    page = page.replace("</article>", table + "</article>")
    path.write_text(page, encoding="utf-8")
    raw = read_document(path)
    assert (raw.container, raw.format) == ("html", "table")
    doc = segment_document(raw)
    assert len(doc.rows) == 2 and doc.info.title == "2030年朝阳区重点任务清单"
    facts = extract_document(path)
    assert {o.basis for o in facts.ownership} == {"table_column"}
    assert any("住房" in o.bureau and "甲井" in o.project for o in facts.ownership)
    for o in facts.ownership:
        assert raw.text[o.source.start : o.source.end] == o.source.evidence


def test_table_cells_spanning_rows_repeat_and_cells_spanning_columns_are_written_once():
    from ingest.readers.tables import task_table_lines

    page = (
        "<table><tr><th>序号</th><th>项目内容</th><th>主责单位</th><th>进展情况</th></tr>"
        '<tr><td>1</td><td>甲任务。</td><td rowspan="2">区甲局</td><td>已完成。</td></tr>'
        '<tr><td>2</td><td>乙任务。</td><td>推进中。</td></tr>'
        '<tr><td>3</td><td colspan="2">丙任务，区乙局。</td><td>已启动。</td></tr></table>'
    )
    lines, _ = task_table_lines(page, frozenset({"序号", "项目内容", "主责单位"}))
    assert lines == [
        "序号\t项目内容\t主责单位\t进展情况",
        "1\t甲任务。\t区甲局\t已完成。",
        "2\t乙任务。\t区甲局\t推进中。",
        "3\t丙任务，区乙局。\t\t已启动。",
    ]


_CELL = st.tuples(st.text(alphabet="甲乙丙 \n\t<>&", max_size=4), st.integers(1, 3), st.integers(1, 3))


@given(st.lists(st.lists(_CELL, min_size=1, max_size=4), min_size=1, max_size=5))
def test_property_a_task_table_of_any_spans_gives_rows_as_wide_as_its_header(rows):
    import html as html_lib

    from ingest.readers.tables import task_table_lines

    header = "<tr><td>序号</td><td>项目内容</td><td>主责单位</td></tr>"
    body = "".join(
        "<tr>"
        + "".join(f'<td colspan="{c}" rowspan="{r}">{html_lib.escape(t)}</td>' for t, c, r in row)
        + "</tr>"
        for row in rows
    )
    lines, _ = task_table_lines(f"<table>{header}{body}</table>", frozenset({"序号", "项目内容", "主责单位"}))
    assert lines[0] == "序号\t项目内容\t主责单位"
    assert all(line.count("\t") == 2 and "\n" not in line for line in lines)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([b"%PDF-1.4\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]),
       st.binary(max_size=600), st.sampled_from(["x.pdf", "x.docx", "x.txt"]))
def test_property_any_bytes_that_look_like_pdf_or_word_read_or_raise_ingest_error(
    tmp_path_factory: pytest.TempPathFactory, magic: bytes, body: bytes, name: str
):
    path = tmp_path_factory.mktemp("bytes") / name
    path.write_bytes(magic + body)
    try:
        raw = read_document(path)
    except IngestError as err:
        assert name in str(err)
    else:
        assert raw.text.strip()
