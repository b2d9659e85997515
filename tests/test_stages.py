"""A stage word belongs to the project its clause governs, not to every project of the sentence
(sentences written for the tests, invented names)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ingest.extract.events import EventRules, ProjectInSentence
from ingest.extract.stages import Mention, StageFinder
from ingest.types import Section, Sentence, TimeContext


def m(text: str, name: str) -> Mention:
    i = text.index(name)
    return Mention(i, i + len(name))


def stage(text: str, name: str, *names: str) -> str | None:
    mentions = [m(text, n) for n in (name, *names)]
    found = StageFinder().stage(text, mentions[0], mentions)
    return found.label if found else None


def test_a_stage_belongs_to_the_other_project_of_the_sentence():
    text = "晨光大厦投入使用，青藤医院竣工。"
    assert stage(text, "晨光大厦", "青藤医院") == "投入使用/投用"
    assert stage(text, "青藤医院", "晨光大厦") == "竣工"


def test_a_stage_after_another_project_of_the_clause_is_that_projects():
    text = "推进晨光大厦建设和青藤医院竣工"
    assert stage(text, "青藤医院", "晨光大厦") == "竣工"
    assert stage(text, "晨光大厦", "青藤医院") == "推进"


def test_projects_listed_together_share_the_stage():
    text = "晨光大厦、青藤医院等项目竣工。"
    assert stage(text, "晨光大厦", "青藤医院") == "竣工"
    assert stage(text, "青藤医院", "晨光大厦") == "竣工"


def test_the_verb_before_an_object_and_the_work_it_names():
    assert stage("完成白鹭湾、青藤村腾退。", "青藤村", "白鹭湾") == "完成腾退"


def test_a_topic_clause_takes_the_next_clauses_stage():
    assert stage("白鹭湾项目作为重点工程，回迁房实现开工。", "白鹭湾项目") == "开工"


def test_a_stage_word_used_as_a_noun_leaves_the_verb_to_govern():
    # 保护性修缮 is the type of the work; 加快 is what the sentence says happens
    assert stage("加快甲坊、乙坊等片区保护性修缮。", "乙坊", "甲坊") == "加快/推进"
    # 修缮更新 closes the first item of a list whose shared predicate is 推进
    assert stage("白鹭街区修缮更新、晨光项目等有序推进。", "白鹭街区", "晨光项目").endswith("推进")


def test_the_work_a_project_type_names_is_not_a_stage():
    # 试点了 is the predicate; 改造 only names the kind of project the sites are
    assert stage("先后试点了甲坊、乙庄等一批棚户区改造项目。", "乙庄", "甲坊") is None


def test_a_stage_word_inside_a_noun_states_nothing():
    assert stage("白鹭湾项目回迁楼全部交付。", "白鹭湾项目") == "交付"


def test_a_negated_stage_states_nothing():
    assert stage("晨光大厦迟迟得不到改造。", "晨光大厦") is None


def test_label_keeps_the_phrase_and_adds_its_class():
    assert stage("白鹭湾公园建成亮相。", "白鹭湾公园") == "建成亮相/竣工/开放"
    assert stage("青藤村项目完成退租签约。", "青藤村项目") == "完成退租签约"


def _sentence(text: str) -> Sentence:
    section = Section(uid="s", heading="", level=1, start=0, end=0, context=TimeContext(2030, "done"))
    return Sentence(uid="x", doc="d.txt", index=0, text=text, evidence=text, start=0, end=len(text),
                    offsets=tuple(range(len(text))), section=section, paragraph=0)


def test_a_project_the_sentence_states_nothing_about_has_no_event():
    text = "晨光大厦竣工，青藤医院位于河东，白鹭湾公园位于河西，柳岸小学正在设计。"
    projects = [ProjectInSentence(n, *(lambda mm: (mm.start, mm.end))(m(text, n)))
                for n in ("晨光大厦", "白鹭湾公园")]
    events = EventRules().events(_sentence(text), projects)
    assert [(e.project, e.stage) for e in events] == [("晨光大厦", "竣工")]


@given(st.text(alphabet="晨光大厦青藤竣工开工完成推进，、和。启动", max_size=30))
def test_a_found_stage_is_a_span_of_the_sentence(text: str):
    if "晨光大厦" not in text:
        text = "晨光大厦" + text
    mention = m(text, "晨光大厦")
    found = StageFinder().stage(text, mention, [mention])
    if found is not None:
        assert 0 <= found.start < found.end <= len(text)
        assert found.label.split("/")[0] in text or found.start < mention.start


def test_under_way_keeps_its_progressive_in_the_label():
    from ingest.extract.stages import Mention, StageFinder

    text = "由于青藤管廊正在建设中，道路暂不开放。"
    i = text.index("青藤管廊")
    st = StageFinder().stage(text, Mention(i, i + 4), [Mention(i, i + 4)])
    assert st is not None and st.label.startswith("正在建设")
