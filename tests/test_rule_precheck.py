"""The raw-text pre-check that spares the tokenizer never hides a project mention.

``ProjectSpotter.rule_spans`` skips tokenising a sentence when ``_may_hold_a_rule_span`` says no
rule can fire; these tests run every rule anyway (``every_rule_span``) and require nothing to be
lost: on every sentence of the corpus and the development pages, and on generated sentences.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.extract.lexicon import words
from ingest.extract.projects import (
    ProjectSpotter,
    Span,
    _clause_has_stage,
    _may_hold_a_rule_span,
    clause_may_have_stage,
    has_stage,
)
from ingest.extract.text import prepare
from ingest.read import read_document
from ingest.segment import segment_document

SPOTTER = ProjectSpotter()


def _hidden(text: str) -> list:
    """Mentions the rules would find in ``text`` that the pre-check skips."""
    if not has_stage(text) or _may_hold_a_rule_span(text):
        return []
    return SPOTTER.every_rule_span(prepare(text))


def test_nothing_hidden_in_real_sentences(corpus_files: list[Path], dev_dir: Path) -> None:
    paths = [*corpus_files, *sorted((dev_dir / "docs").glob("*.txt"))]
    skipped = 0
    for path in paths:
        for sentence in segment_document(read_document(path)).sentences:
            assert _hidden(sentence.text) == [], (path.name, sentence.text)
            skipped += has_stage(sentence.text) and not _may_hold_a_rule_span(sentence.text)
    assert skipped > 100  # the check does spare the tokenizer work on real text


# pieces of sentences in our own words: sites, place words, heads, work and stage words, verbs
_PIECES = words("""
    晨光 月桂 云杉 竹影 大街 胡同 西门 路段 河 片区 项目 工程 中心 公园 环境 整治 提升
    改造 修缮 更新 综合 景观 完成 实现 全面完成 一期 二期 推进 启动 建设 开工 竣工 拆除
    腾退 市场 的 和 及 、 等 三处 两个 区域 ， 。 2025年 已 正式 居民 工作 计划
""")


_FILLER = st.lists(st.sampled_from(_PIECES), max_size=6).map("".join)
# a site and the work done on it, the shape rule 1b reads: 某某大街|完成|环境整治提升
_SITE_AND_WORK = st.tuples(
    _FILLER,
    st.sampled_from(["晨光", "月桂", "云杉", "竹影", "鼓楼"]),
    st.sampled_from(["大街", "胡同", "西门", "路段", "河", "区域"]),
    st.sampled_from(["", "完成", "实现", "全面完成"]),
    st.lists(st.sampled_from(["环境", "整治", "提升", "改造", "修缮", "一期", "景观"]),
             min_size=1, max_size=3),
    _FILLER,
).map(lambda t: t[0] + t[1] + t[2] + t[3] + "".join(t[4]) + t[5])


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.lists(st.sampled_from(_PIECES), min_size=2, max_size=14).map("".join), _SITE_AND_WORK))
def test_nothing_hidden_in_generated_sentences(text: str) -> None:
    assert _hidden(text) == [], text


def test_a_site_before_its_work_is_not_skipped() -> None:
    text = "云杉大街完成环境整治提升"
    assert _may_hold_a_rule_span(text)
    assert [text[s.start:s.end] for s in SPOTTER.find(prepare(text))] == ["云杉大街"]


def test_work_words_without_a_site_are_skipped() -> None:
    assert has_stage("持续推进环境整治提升工作见效")
    assert not _may_hold_a_rule_span("持续推进环境整治提升")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14).map("".join), st.data())
def test_the_clause_check_on_text_is_implied_by_the_one_on_tokens(text: str, data) -> None:
    """The cross-document step skips a sentence when ``clause_may_have_stage`` says no for every
    known name in it: that must never drop a mention ``_clause_has_stage`` would keep."""
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    prep = prepare(text)
    if _clause_has_stage(prep, Span(start, end, None, "gazetteer")):
        assert clause_may_have_stage(text, start, end)


def test_the_clause_check_on_text() -> None:
    text = "河东的晨光项目，月桂片区于去年竣工"
    assert not clause_may_have_stage(text, 3, 7)  # its clause states no work, and it is no subject
    assert clause_may_have_stage(text, 8, 12)
    assert clause_may_have_stage("晨光项目，去年竣工", 0, 4)  # the subject of the next clause's work


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["建设", "竣工", "完成", "推进", "不", "项目", "，", "甲村", " ", "改造"]),
                max_size=8).map("".join))
def test_property_a_sentences_stage_is_asked_once_and_answered_as_has_stage(text: str):
    from ingest.extract.projects import stage_in

    prep = prepare(text)
    assert prep.stage is None  # nothing asked yet
    assert stage_in(prep) == has_stage(prep.text) == prep.stage == stage_in(prep)
