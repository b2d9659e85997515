"""Stated responsibility: each frame, the role it records, the project it governs, and what is not
ownership (comments, 配合单位, attending). Sentences are our own, with invented names."""

from __future__ import annotations

import pytest

from ingest.extract.bureaus import BureauHit
from ingest.extract.events import ProjectInSentence
from ingest.extract.ownership import StatedOwnership
from ingest.registry import Institution
from ingest.types import Sentence


def sentence(text: str) -> Sentence:
    return Sentence(uid="s1", doc="test.txt", index=0, text=text, evidence=text, start=0, end=len(text),
                    offsets=tuple(range(len(text))), section=None, paragraph=0)


def owners(text: str, units: list[str], projects: list[str], focus: str | None = None,
           kinds: dict[str, str] | None = None) -> set[tuple[str, str, str | None]]:
    """Run the frames with the named units and projects at their first place in ``text``."""
    hits = []
    for u in units:
        at = text.index(u)
        inst = Institution(u, (u,), (kinds or {}).get(u, "委办局"))
        hits.append((BureauHit(at, at + len(u), inst), at, at + len(u)))
    found = [ProjectInSentence(p, text.index(p), text.index(p) + len(p)) for p in projects]
    out = StatedOwnership().run(sentence(text), hits, found, focus)
    assert all(o.basis == "stated" and o.source.evidence == text for o in out)
    return {(o.project, o.bureau, o.relation) for o in out}


@pytest.mark.parametrize(
    ("text", "units", "projects", "expected"),
    [
        ("由区住建委牵头推进松岭片区恢复性修建。", ["区住建委"], ["松岭片区"],
         {("松岭片区", "区住建委", "牵头")}),
        ("松岭小区改造由区城管委负责实施。", ["区城管委"], ["松岭小区改造"],
         {("松岭小区改造", "区城管委", "负责")}),
        ("区商务局牵头推进晴川商场升级。", ["区商务局"], ["晴川商场"], {("晴川商场", "区商务局", "牵头")}),
        ("晴川置业公司作为松岭村棚改的实施主体。", ["晴川置业公司"], ["松岭村棚改"],
         {("松岭村棚改", "晴川置业公司", "实施主体")}),
        ("松岭村棚改的实施主体为晴川置业公司。", ["晴川置业公司"], ["松岭村棚改"],
         {("松岭村棚改", "晴川置业公司", "实施主体")}),
        ("翠湖大厦由晴川置业公司开发。", ["晴川置业公司"], ["翠湖大厦"],
         {("翠湖大厦", "晴川置业公司", "开发")}),
        ("推进松岭片区更新（责任单位：区发展改革委、区住建委）", ["区发展改革委", "区住建委"], ["松岭片区"],
         {("松岭片区", "区发展改革委", "责任单位"), ("松岭片区", "区住建委", "责任单位")}),
        ("松岭路改造，牵头单位：区交通委。", ["区交通委"], ["松岭路改造"],
         {("松岭路改造", "区交通委", "牵头")}),
        ("翠湖区联合晴川集团启动松岭村棚改项目。", ["翠湖区", "晴川集团"], ["松岭村棚改项目"],
         {("松岭村棚改项目", "晴川集团", "启动"), ("松岭村棚改项目", "翠湖区", "联合实施")}),
        ("2019年，翠湖区启动松岭胡同修缮整治项目。", ["翠湖区"], ["松岭胡同修缮整治项目"],
         {("松岭胡同修缮整治项目", "翠湖区", "启动")}),
    ],
)
def test_frames_give_the_unit_its_role(text, units, projects, expected):
    assert owners(text, units, projects) == expected


def test_authorised_unit_and_the_one_that_authorises():
    got = owners("区政府授权晴川置业发展有限公司实施棚户区改造工作。", ["区政府", "晴川置业发展有限公司"],
                 [], focus="松岭村棚改项目")
    assert got == {("松岭村棚改项目", "晴川置业发展有限公司", "实施主体"),
                   ("松岭村棚改项目", "区政府", "授权实施")}


def test_named_by_the_government_to_carry_it_out():
    text = "松岭片区申请式退租项目，由区政府确定晴川置业公司负责实施。"
    got = owners(text, ["区政府", "晴川置业公司"], ["松岭片区申请式退租项目"])
    assert got == {("松岭片区申请式退租项目", "晴川置业公司", "实施主体"),
                   ("松岭片区申请式退租项目", "区政府", "确定实施主体")}


def test_this_project_refers_to_the_project_in_focus():
    got = owners("青柳街道作为此次征收项目的牵头单位。", ["青柳街道"], [], focus="松岭小区征收项目")
    assert got == {("松岭小区征收项目", "青柳街道", "牵头")}


def test_without_a_focus_a_reference_gives_nothing():
    assert owners("青柳街道作为此次征收项目的牵头单位。", ["青柳街道"], []) == set()


def test_a_body_named_after_a_project_is_its_body():
    text = "成立松岭小区改造项目领导小组。"
    got = owners(text, ["松岭小区改造项目领导小组"], ["松岭小区改造项目"],
                 kinds={"松岭小区改造项目领导小组": "领导小组"})
    assert got == {("松岭小区改造项目", "松岭小区改造项目领导小组", "项目领导小组")}


@pytest.mark.parametrize(
    "text",
    [
        "区住建委相关负责人表示，松岭片区改造进展顺利。",
        "区住建委介绍，松岭片区改造已完成八成。",
        "据区住建委消息，松岭片区改造进展顺利。",
        "区住建委负责人出席了松岭片区改造启动仪式。",
        "松岭片区改造，配合单位：区住建委。",
        "晴川集团投资松岭片区改造。",
    ],
)
def test_units_that_comment_attend_assist_or_invest_are_not_owners(text):
    unit = "区住建委" if "区住建委" in text else "晴川集团"
    assert owners(text, [unit], ["松岭片区改造"]) == set()


def test_a_frame_governs_the_project_of_its_own_clause():
    text = "区文旅局牵头推进晴川剧场建设，翠湖公园已建成开放。"
    assert owners(text, ["区文旅局"], ["晴川剧场", "翠湖公园"]) == {("晴川剧场", "区文旅局", "牵头")}


def test_a_named_object_that_is_not_the_focus_gives_the_focus_nothing():
    text = "区政府授权晴川置业发展有限公司实施翠湖村棚户区改造。"
    assert owners(text, ["区政府", "晴川置业发展有限公司"], [], focus="松岭村棚改项目") == set()


def test_an_earlier_reference_in_the_sentence_points_at_the_focus():
    text = "在此次河道治理中，区水务局主要实施了景观绿化工程。"
    assert owners(text, ["区水务局"], [], focus="青柳河水岸") == {("青柳河水岸", "区水务局", "负责")}


def test_a_task_line_tail_names_the_units_of_the_line_before():
    text = "（责任单位：区住建委、区发展改革委）"
    hits = []
    for u in ("区住建委", "区发展改革委"):
        at = text.index(u)
        hits.append((BureauHit(at, at + len(u), Institution(u, (u,), "委办局")), at, at + len(u)))
    before = [ProjectInSentence("松岭村棚改项目", 2, 9)]
    got = StatedOwnership().run(sentence(text), hits, [], None, before)
    assert {(o.project, o.bureau, o.relation) for o in got} == {
        ("松岭村棚改项目", "区住建委", "责任单位"), ("松岭村棚改项目", "区发展改革委", "责任单位")}
    assert StatedOwnership().run(sentence("配合单位：区住建委。"), hits[:1], [], None, before) == []
