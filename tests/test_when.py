"""Relative time anchored on the document date (ingest/extract/when.py), in sentences we wrote."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.extract.events import EventRules
from ingest.extract.when import (
    Anchor,
    anchor_dates,
    dateline_date,
    explicit_years,
    relative_year,
    resolve_time,
    states_time,
    tense_of,
    time_at,
)
from ingest.types import Section, Sentence, TimeContext

NO_CONTEXT = TimeContext()


@pytest.mark.parametrize(
    ("text", "anchor", "year"),
    [
        ("今年，某街道完成了十个院落的修缮。", "2030-06-01", 2030),
        ("去年，某村完成签约。", "2030-06-01", 2029),
        ("前年启动的某工程已经完工。", "2030-06-01", 2028),
        ("明年将开工建设某安置房。", "2030-06-01", 2031),
        ("目前，某项目已完成主体结构。", "2030-06-01", 2030),
        ("近日，某街区启动改造。", "2030-06", 2030),
        ("截至目前，共签约八百户。", "2030", 2030),
        ("3月29日，某项目正式开工。", "2030-04-02", 2030),
        ("10月20日，某村安置房交付使用。", "2031-01-10", 2030),  # reported after the fact
        ("上半年，全区新增就业一千人。", "2030-08-01", 2030),
        ("年底前完成全部腾退。", "2030-03-01", 2030),
        ("五年来，全区累计改造院落一千个。", "2031-01-10", "2026-2030"),
        ("五年来，全区累计改造院落一千个。", "2030-09-10", "2026-2030"),
        ("自2026年以来陆续启动改造。", "2031-01-10", 2026),  # an event: what began then
        ("八十年代，本村引进企业十家。", "2030-01-01", "1980-1989"),
        ("2028年，某项目启动。", "2030-06-01", 2028),
        ("二〇二八年，某项目启动。", "2030-06-01", 2028),
        ("28年底，某项目完工。", "2030-06-01", 2028),
        ("2026-2030年，全区完成改造一百个。", "2031-01-10", "2026-2030"),
    ],
)
def test_a_sentence_is_dated_by_its_own_cues_against_the_anchor(text, anchor, year):
    assert resolve_time(text, NO_CONTEXT, anchor).year == year


def test_without_cues_the_section_year_holds_and_then_the_anchor():
    assert resolve_time("某项目顺利推进。", TimeContext(year=2027), "2030-06-01").year == 2027
    assert resolve_time("某项目顺利推进。", NO_CONTEXT, "2030-06-01").year == 2030
    assert resolve_time("某项目顺利推进。", NO_CONTEXT, None).year is None


def test_a_heading_year_wins_over_a_year_inside_a_name():
    ctx = TimeContext(year=2031, tense="planned")
    when = resolve_time("稳步推动2030年12个小区整治项目。", ctx, "2031-01-10", heading_year=True)
    assert (when.year, when.tense) == (2031, "planned")
    assert resolve_time("明年完成某项目。", ctx, "2031-01-10", heading_year=True).year == 2032


@pytest.mark.parametrize("text", ["2032年，某片区改造项目开工建设。", "2032年5月，某片区改造项目开工。",
                                  "于2032年3月12日，某片区改造项目开工。"])
def test_a_year_opening_the_sentence_as_its_own_clause_wins_over_a_heading_year(text):
    ctx = TimeContext(year=2031)
    assert resolve_time(text, ctx, "2031-12-30", heading_year=True).year == 2032
    # inside the clause it is still most often part of a name, and the heading holds
    assert resolve_time("推动2032年某片区改造项目。", ctx, "2031-12-30", heading_year=True).year == 2031


def test_several_years_in_one_sentence_leave_the_choice_to_the_context():
    when = resolve_time("某项目2027年启动，2029年完工。", TimeContext(year=2030), "2030-06-01")
    assert when.year == 2030 and not when.explicit


def test_a_title_does_not_date_the_sentence():
    assert explicit_years("出台《2031年-2033年某某行动方案》，2030年完成。") == [2030]
    when = resolve_time("出台《2031年-2033年某某行动方案》。", NO_CONTEXT, "2030-11-21")
    assert when.year == 2030


@pytest.mark.parametrize(
    ("text", "tense"),
    [
        ("某项目将于年底完工。", "planned"),
        ("计划完成改造五百户。", "planned"),
        ("力争年内开工。", "planned"),
        ("预计全年完成投资十亿元。", "expected"),
        ("将近三百户居民已经签约。", "done"),
        ("某村完成签约。", "done"),
        ("持续推动《某商圈三年行动计划》编制。", "done"),
    ],
)
def test_tense_follows_plan_and_forecast_words(text, tense):
    assert tense_of(text) == tense


def test_a_heading_tense_holds_over_plan_words_in_a_review():
    assert tense_of("将某院落改造为社区食堂。", "done") == "done"
    assert tense_of("预计全年完成投资十亿元。", "done") == "expected"


@given(st.integers(min_value=1950, max_value=2090), st.integers(min_value=1, max_value=12))
def test_relative_years_keep_their_distance_from_the_anchor(year, month):
    anchor = f"{year}-{month:02d}"
    assert relative_year("今年完成", anchor) == year
    assert relative_year("去年完成", anchor) == year - 1
    assert relative_year("前年完成", anchor) == year - 2
    assert relative_year("明年完成", anchor) == year + 1


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2030-03-05 10:31", "2030-03-05"),
        ("2030年3月5日 星期二", "2030-03-05"),
        ("来源：某报 2030-03-05", "2030-03-05"),
        ("2030年3月5日，某项目开工，全区共有十个项目同时开工建设，涉及投资百亿元。", None),
    ],
)
def test_date_lines_are_told_from_dates_in_running_text(text, date):
    assert dateline_date(text) == date


def _sentences(texts: list[str], section: Section | None = None) -> list[Sentence]:
    out, start = [], 0
    for i, text in enumerate(texts):
        out.append(Sentence(uid=f"s{i}", doc="x.txt", index=i, text=text, evidence=text, start=start,
                            end=start + len(text), offsets=tuple(range(start, start + len(text))),
                            section=section, paragraph=i))
        start += len(text) + 1
    return out


def test_a_concatenated_file_gives_each_page_its_own_anchor():
    sentences = _sentences([
        "2030-03-05 10:31 来源：某报",
        "今年，某村启动改造。",
        "2032-07-01 09:00 来源：某网",
        "今年，某村完成回迁。",
        "10月20日消息：某村安置房交付使用。",
        "目前安置房已交付。",
    ])
    anchors = anchor_dates("2030-03-05", sentences)
    assert [anchors[s.uid].date for s in sentences] == [
        "2030-03-05", "2030-03-05", "2032-07-01", "2032-07-01", "2031-10-20", "2031-10-20"]
    assert anchors["s1"] == Anchor("2030-03-05", "2030-03-05") and not anchors["s1"].moved
    years = [resolve_time(s.text, TimeContext(year=2030), anchors[s.uid]).year for s in sentences]
    assert years[1] == 2030 and years[3] == 2032 and years[5] == 2031


def test_event_time_of_delegates_to_the_anchor():
    root = Section(uid="r", heading="某文", level=0, start=0, end=0, context=TimeContext(year=2030))
    [s] = _sentences(["去年，某项目完成签约。"], root)
    assert EventRules.time_of(s, "2030-05-01") == (2029, "done")
    assert EventRules.time_of(s, 2030) == (2029, "done")


def test_since_starts_an_event_and_spans_a_figure():
    text = "2027年以来，某街道陆续开展退租。"
    assert resolve_time(text, NO_CONTEXT, "2030-05-01").year == 2027
    assert relative_year(text, "2030-05-01") == "2027-2029"  # a total since then: up to the last full year
    assert resolve_time("去年9月以来，某街开始整治。", NO_CONTEXT, "2030-05-01").year == 2029
    text = "去年9月以来，某街开始整治，大修道路一公里。"
    assert relative_year(text, "2030-05-01") is None  # a figure: since when is not its year


def test_the_first_relative_cue_governs_the_sentence():
    text = "今年还将开工建设某公园，建成后将于明年年底前开放。"
    assert resolve_time(text, NO_CONTEXT, "2030-01-18").year == 2030


def test_time_at_a_position_takes_the_nearest_cue_before_it():
    text = "2027年划定项目区域，2029年启动搬迁腾退。"
    assert resolve_time(text, NO_CONTEXT, None).year is None  # two years: the sentence alone can't say
    assert time_at(text, text.index("划定"), NO_CONTEXT, None).year == 2027
    assert time_at(text, text.index("启动"), NO_CONTEXT, None).year == 2029
    text = "今年开工建设某公园，建成后将于明年对外开放。"
    assert time_at(text, text.index("开放"), NO_CONTEXT, "2030-01-18").year == 2031


def test_only_a_heading_that_names_a_time_holds_over_the_sentence():
    timed = Section(uid="a", heading="二、2031年重点工作", level=2, start=0, end=0,
                    context=TimeContext(year=2031, tense="planned"))
    plain = Section(uid="b", heading="某街区焕新", level=5, start=0, end=0, context=TimeContext(year=2031))
    assert states_time(timed) and not states_time(plain)
    [s] = _sentences(["某项目于2029年6月完成签约。"], plain)
    assert EventRules.time_of(s, "2031-03-01") == (2029, "done")
    [s] = _sentences(["稳步推动2029年12个小区整治项目。"], timed)
    assert EventRules.time_of(s, "2031-01-10") == (2031, "planned")


def test_a_file_of_two_pages_dates_each_page_by_its_own_date_line():
    from ingest.extract.metrics import MetricExtractor
    from ingest.segment import segment_document
    from ingest.types import RawDocument

    text = ("某区棚改提速\n时间:2030-01-12 15:27:00  来源:某网\n今年某区将完成改造4500户。\n"
            "某街区整治开工\n来源:某日报 发布时间:2034-03-23 15:16:34\n今年某街道共收集意见500条。\n")
    raw = RawDocument(path="cat.txt", file="cat.txt", sha256="0", encoding="utf-8", format="text", text=text)
    doc = segment_document(raw)
    assert doc.info.date == "2030-01-12"  # the first page's date field, not a later page's
    years = {m.value: m.year for m in MetricExtractor().run(doc)}
    assert years == {4500: 2030, 500: 2034}


def test_next_years_end_is_next_year_at_a_stage_position():
    from ingest.extract.when import time_at

    text = "预计明年年底建成开放"
    assert time_at(text, text.index("建成"), None, "2030-03-01").year == 2031
