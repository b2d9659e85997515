"""Document manifests: parsing, lookup by path, errors that name the line, and how their date and
district reach the document."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.docinfo import find_date, find_district, merge_date
from ingest.manifest import DocumentMeta, ManifestError, load_manifest, parse_date


def _write(tmp_path, text: str, name: str = "manifest.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_manifest_rows_are_found_by_path_and_keep_extra_columns(tmp_path):
    (tmp_path / "docs").mkdir()
    path = _write(tmp_path / "docs", "file,date,title,url,publisher,district,outlet\n"
                  "a.txt,2030-03-29,某标题,http://example.org/a,某报,某山区,转载\n"
                  "b.txt,2030-04,,,,,\n")
    manifest = load_manifest(path)
    a = manifest.for_path(tmp_path / "docs" / "a.txt")
    assert a == DocumentMeta(file="a.txt", date="2030-03-29", title="某标题", url="http://example.org/a",
                             publisher="某报", district="某山区", extra={"outlet": "转载"})
    b = manifest.for_path(tmp_path / "docs" / "sub" / ".." / "b.txt")
    assert b is not None and b.date == "2030-04" and b.title is None and b.extra == {}


def test_a_file_elsewhere_is_matched_by_its_name_when_only_one_row_has_it(tmp_path):
    path = _write(tmp_path, "file\nx/a.txt\ny/b.txt\nz/b.txt\n")
    manifest = load_manifest(path)
    assert manifest.for_path("/somewhere/else/a.txt").file == "x/a.txt"
    assert manifest.for_path("/somewhere/else/b.txt") is None  # two rows: ambiguous
    assert manifest.for_path("/somewhere/else/c.txt") is None


def test_only_the_file_column_is_required(tmp_path):
    manifest = load_manifest(_write(tmp_path, "\ufefffile\na.txt\n\n"))
    assert [r.file for r in manifest.rows] == ["a.txt"]
    assert manifest.rows[0].date is None


@pytest.mark.parametrize(
    ("text", "line", "cause"),
    [
        ("", 1, "empty"),
        ("name,date\na.txt,2030\n", 1, "'file'"),
        ("file,date\na.txt,2030-13\n", 2, "month"),
        ("file,date\na.txt,2030-02-30\n", 2, "day"),
        ("file,date\na.txt,30.3.2030\n", 2, "YYYY-MM-DD"),
        ("file,date\na.txt,2030\na.txt,2031\n", 3, "twice"),
        ("file,date\na.txt,2030,extra\n", 2, "cells"),
        ("file,date\n,2030\n", 2, "empty"),
    ],
)
def test_a_malformed_manifest_names_its_file_line_and_cause(tmp_path, text, line, cause):
    path = _write(tmp_path, text)
    with pytest.raises(ManifestError) as err:
        load_manifest(path)
    assert str(path) in str(err.value)
    assert f"line {line}" in str(err.value)
    assert cause in err.value.cause


def test_a_missing_manifest_is_an_error_naming_it(tmp_path):
    with pytest.raises(ManifestError) as err:
        load_manifest(tmp_path / "nowhere.csv")
    assert "nowhere.csv" in str(err.value)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)),
       st.sampled_from(["day", "month", "year"]))
def test_every_real_date_parses_to_its_normal_form(day, precision):
    written = {"day": f"{day.year}-{day.month}-{day.day}", "month": f"{day.year}-{day.month}",
               "year": f"{day.year}"}[precision]
    expected = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": day.isoformat()[:4]}[precision]
    assert parse_date(written) == expected
    assert parse_date(f"  {written} ") == expected


@given(st.text(max_size=12))
def test_a_date_field_is_normalised_or_refused_never_guessed(text):
    try:
        parsed = parse_date(text)
    except ValueError:
        return
    if parsed is None:
        assert not text.strip()
    else:
        assert dt.date.fromisoformat((parsed + "-01-01")[:10]) is not None


def test_the_manifest_date_wins_unless_the_text_only_makes_it_more_precise():
    assert merge_date("2030-03-05", None) == "2030-03-05"
    assert merge_date("2030-03-05", "2030-03") == "2030-03-05"
    assert merge_date("2030-03-05", "2030") == "2030-03-05"
    assert merge_date("2029-12-01", "2030-03-05") == "2030-03-05"
    assert merge_date(None, "2030-03") == "2030-03"


@pytest.mark.parametrize(
    ("paragraphs", "date"),
    [
        (["某网首页|新闻 2030-03-05 10:31:22 某某 来源:某晚报", "正文。"], "2030-03-05"),
        (["2030年03月05日07:25 | 来源:某日报"], "2030-03-05"),
        (["来源:某网 | 编辑:某某 | 2030年5月1日() | 分享"], "2030-05-01"),
        (["成文日期:2030年3月3日", "发布日期:2030年3月9日"], "2030-03-09"),
        (["某区今年将在3月5日至10日开展活动。"], None),
    ],
)
def test_news_datelines_date_the_page(paragraphs, date):
    assert find_date(paragraphs) == date


def test_a_title_names_its_district():
    assert find_district("关于某山区2030年国民经济和社会发展计划执行情况的报告") == "某山区"
    assert find_district("北京市某山区人民政府工作报告") == "某山区"
    assert find_district("社区活动丰富多彩") is None


@pytest.mark.parametrize("date", ["2030", "2030-03", "2030-03-05", None])
def test_a_manifest_date_of_any_precision_anchors_the_document(date):
    from ingest.segment import segment_document
    from ingest.types import RawDocument

    text = "某镇棚改项目简介\n今年，某镇棚改项目完成签约300户。\n"
    raw = RawDocument(path="a.txt", file="a.txt", sha256="0", encoding="utf-8", format="text", text=text)
    doc = segment_document(raw, DocumentMeta(file="a.txt", date=date, district="某山区"))
    assert doc.info.date == date and doc.info.district == "某山区"
    from ingest.extract.metrics import MetricExtractor

    years = [m.year for m in MetricExtractor().run(doc)]
    assert years == ([2030] if date else [])
