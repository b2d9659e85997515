"""Events: one (project, year) per sentence with a stage word; year and tense from the section's
time context and the sentence's own cues."""

from __future__ import annotations

from ingest.extract.events import EventRules, ProjectInSentence
from ingest.types import Section, Sentence, TimeContext


def sentence(text: str, context: TimeContext, column: str | None = None) -> Sentence:
    section = Section(uid="s", heading="", level=1, start=0, end=0, context=context)
    return Sentence(uid="x", doc="d.txt", index=0, text=text, evidence=text, start=0, end=len(text),
                    offsets=tuple(range(len(text))), section=section, paragraph=0, column=column)


def mention(text: str, name: str) -> ProjectInSentence:
    i = text.index(name)
    return ProjectInSentence(name, i, i + len(name))


def test_review_section_gives_its_span_and_done():
    text = "星河湾项目顺利交付。"
    s = sentence(text, TimeContext("2017-2021", "done"))
    (event,) = EventRules().events(s, [mention(text, "星河湾项目")])
    assert (event.year, event.tense, event.stage) == ("2017-2021", "done", "交付")


def test_plan_section_gives_planned():
    text = "推动晨光大厦竣工。"
    (event,) = EventRules().events(sentence(text, TimeContext(2025, "planned")), [mention(text, "晨光大厦")])
    assert (event.year, event.tense, event.stage) == (2025, "planned", "竣工")


def test_expected_cue_and_next_year():
    text = "预计青藤校区明年开工。"
    (event,) = EventRules().events(sentence(text, TimeContext(2021, "done")), [mention(text, "青藤校区")])
    assert (event.year, event.tense, event.stage) == (2022, "expected", "开工")


def test_explicit_year_used_when_the_context_has_none():
    text = "2023年云杉路完成整治提升。"
    (event,) = EventRules().events(sentence(text, TimeContext()), [mention(text, "云杉路")])
    assert event.year == 2023


def test_no_stage_word_no_event():
    text = "星河湾项目位于城区东部。"
    assert EventRules().events(sentence(text, TimeContext(2024, "done")), [mention(text, "星河湾项目")]) == []


def test_one_event_per_project_and_year_in_a_sentence():
    text = "完成星河湾项目拆迁收尾，推动星河湾项目回迁。"
    first = ProjectInSentence("星河湾项目", 2, 7)
    second = ProjectInSentence("星河湾项目", 14, 19)
    events = EventRules().events(sentence(text, TimeContext(2022, "planned")), [first, second])
    assert len(events) == 1


def test_task_content_column_states_no_events():
    text = "推进晨光大厦建设。"
    s = sentence(text, TimeContext(2023, "planned"), column="项目内容")
    assert EventRules().events(s, [mention(text, "晨光大厦")]) == []


def test_stage_prefers_the_specific_word_over_the_catch_all():
    text = "启动星河湾项目建设。"
    (event,) = EventRules().events(sentence(text, TimeContext(2024, "done")), [mention(text, "星河湾项目")])
    assert event.stage == "启动"


def test_event_source_is_the_sentence():
    text = "推动晨光大厦竣工。"
    (event,) = EventRules().events(sentence(text, TimeContext(2025, "planned")), [mention(text, "晨光大厦")])
    assert (event.source.evidence, event.source.start, event.source.end) == (text, 0, len(text))


def test_a_place_qualifying_a_counted_head_is_not_the_subject():
    from ingest.extract.events import qualifies_counted_head

    text = "青藤村、白鹭村等村的300户居民迎来回迁。"
    assert qualifies_counted_head(text, text.index("、"))
    text = "云杉、松岭等片区一批试点院落完成建设。"
    assert qualifies_counted_head(text, text.index("、"))
    text = "青藤村的9条胡同完成整治。"
    assert qualifies_counted_head(text, text.index("的"))


def test_a_count_right_after_deng_counts_the_members_themselves():
    from ingest.extract.events import qualifies_counted_head

    text = "完成云杉、松岭等3个项目腾退。"
    assert not qualifies_counted_head(text, text.index("、"))
    text = "推动晨光等一批项目取得进展。"
    assert not qualifies_counted_head(text, text.index("等"))


def test_each_dated_step_of_a_sentence_keeps_its_own_year():
    text = "2027年划定青藤片区范围，2029年启动青藤片区项目腾退，截至2031年剩余居民12户。"
    s = sentence(text, TimeContext())
    (event,) = EventRules().events(s, [mention(text, "青藤片区项目")])
    assert event.year == 2029


def test_going_on_is_dropped_where_the_page_states_a_step_for_that_year():
    from ingest.extract.events import without_vague_repeats
    from ingest.types import Event

    src = sentence("甲。", TimeContext()).source()
    events = [Event("青藤项目", 2024, "加快建设/推进", "done", src),
              Event("青藤项目", 2024, "开工", "done", src),
              Event("白鹭项目", 2024, "推进", "done", src)]
    kept = without_vague_repeats(events)
    assert [(e.project, e.stage) for e in kept] == [("青藤项目", "开工"), ("白鹭项目", "推进")]


def test_a_later_step_in_a_clause_of_its_own_is_an_event_of_its_own():
    text = "今年将开工建设青藤公园，建成后将于明年年底前对外开放。"
    s = sentence(text, TimeContext())
    events = EventRules().events(s, [mention(text, "青藤公园")], "2030-03-01")
    assert {(e.year, e.stage) for e in events} == {(2030, "开工建设"), (2031, "开放")}


def test_an_expected_later_step_replaces_the_going_on_of_the_same_year():
    text = "白鹭路北侧也将建设白鹭公园，预计明年底建成开放。"
    s = sentence(text, TimeContext())
    (event,) = EventRules().events(s, [mention(text, "白鹭公园")], "2030-03-01")
    assert (event.year, event.stage) == (2031, "建成开放/竣工")


def test_a_site_designated_into_a_projects_area_is_a_dated_step():
    text = "2031年，白鹭寺所在区域划为青藤3号地项目区域。"
    (event,) = EventRules().events(sentence(text, TimeContext()), [mention(text, "青藤3号地项目")])
    assert (event.year, event.stage.split("/")[0]) == (2031, "划为")


def test_being_listed_as_a_programmes_first_is_a_step():
    text = "青藤小区在2031年被列为全区改造项目之首。"
    (event,) = EventRules().events(sentence(text, TimeContext()), [mention(text, "青藤小区")])
    assert (event.year, event.stage.split("/")[0]) == (2031, "列为")


def test_a_further_dated_step_in_the_same_clause_is_kept():
    text = "白鹭街完成改造 于5月1日重新开街"
    s = sentence(text, TimeContext())
    events = EventRules().events(s, [mention(text, "白鹭街")], "2030-04-20")
    assert {e.stage.split("/")[0] for e in events} == {"完成改造", "重新开街"}
