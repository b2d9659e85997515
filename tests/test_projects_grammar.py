"""Project names by grammar (a place or proper name + a project type or head), on sentences written
for the tests with invented names: what is accepted, and the fragments that are refused."""

from __future__ import annotations

import pytest

from ingest.extract.inclusions import InclusionLists
from ingest.extract.projects import ProjectSpotter
from ingest.extract.text import prepare


def spans(sentence: str) -> list[str]:
    prep = prepare(sentence)
    return [prep.text[s.start:s.end] for s in ProjectSpotter().find(prep)]


def aliases(sentence: str) -> dict[str, str | None]:
    prep = prepare(sentence)
    return {prep.text[s.start:s.end]: s.alias for s in ProjectSpotter().find(prep)}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a village or site + a project type + 项目
        ("溪口镇青藤村棚改项目于5月10日开始动迁。", ["溪口镇青藤村棚改项目"]),
        ("桃源乡白鹭村棚户区改造项目正式启动。", ["桃源乡白鹭村棚户区改造项目"]),
        # the housing of a renewal, named by its site and type
        ("柳湾棚改安置房今年开建。", ["柳湾棚改安置房"]),
        # sites joined by hyphens are one site
        ("先后试点了甲坊-乙庄棚户区改造项目。", ["甲坊-乙庄棚户区改造项目"]),
        # a site that opens the clause and goes on to a specific stage
        ("雁栖胡同率先开始修缮整治施工。", ["雁栖胡同"]),
    ],
)
def test_names_by_place_and_type(sentence: str, expected: list[str]):
    assert spans(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "丰北区城中村改造项目全面启动。",  # a district + a type: a class, not a name
        "青山区棚改和环境整治项目有序推进。",  # the same, two types joined
        "推进申请式退租和恢复性修建项目。",  # types only
        "点击上一期查看往期内容并完成订阅。",  # a page's navigation, not a phase
        "该项目位于星海公园项目附近，推进建设。",  # a reference point
        "好月商场、晨星大厦等老旧项目迟迟得不到改造。",  # a negated stage states no work
        "打造长租型人才公寓。",  # a kind of housing, not a named one
        "网友建议加快推进晨光体育中心建设。",  # a wish, not a step taken
        "征收范围包括柳岸东区、荷风西区等3个区域的简易楼。",  # areas counted as areas
    ],
)
def test_fragments_districts_and_types_are_refused(sentence: str):
    assert spans(sentence) == []


def test_a_projects_housing_is_not_a_new_name():
    assert spans("柳湾棚改项目安置房已开工建设。") == ["柳湾棚改项目"]


def test_a_part_named_after_its_project_is_the_projects_alias():
    assert aliases("云杉坊片区启动区建成投用。") == {"云杉坊片区": "云杉坊片区启动区"}


def test_a_move_names_the_undertaking_and_keeps_the_site_as_alias():
    assert aliases("积极推进晨光医院外迁。") == {"晨光医院外迁": "晨光医院"}


def test_work_added_to_a_name_is_kept_as_its_alias():
    assert aliases("推进晨光口腔医院迁建工程。") == {"晨光口腔医院": "晨光口腔医院迁建工程"}


def test_sites_counted_with_their_shared_class_are_one_project():
    assert spans("东区启动甲巷、乙巷、丙巷三条胡同修缮整治项目。") == ["甲巷、乙巷、丙巷三条胡同修缮整治项目"]
    # the count must be the number of sites listed
    assert "甲巷、乙巷三条胡同修缮整治项目" not in spans("东区启动甲巷、乙巷三条胡同修缮整治项目。")


def test_members_of_a_counted_class_are_projects():
    prep = prepare("包括晨光实验学校、青藤国际人才公寓、白鹭湾美术馆等。")
    found = InclusionLists().find(prep, previous="安排教育项目12个。")
    assert [prep.text[s.start:s.end] for s in found] == ["晨光实验学校", "青藤国际人才公寓", "白鹭湾美术馆"]


def test_villages_counted_as_renewal_projects_are_members():
    prep = prepare("该区城中村改造项目共3个，包括青石村、红柳庄、白杨屯等。")
    found = InclusionLists().find(prep)
    assert [prep.text[s.start:s.end] for s in found] == ["青石村", "红柳庄", "白杨屯"]


def test_a_list_without_a_counted_class_is_not_a_project_list():
    prep = prepare("包括晨光实验学校、青藤国际人才公寓等。")
    assert InclusionLists().find(prep, previous="会议讨论了多项议题。") == []


def test_bare_place_names_are_not_members():
    prep = prepare("包括朝阳区、海淀区、丰台区等。")
    assert InclusionLists().find(prep, previous="共有项目8个。") == []


def test_numbered_sites_are_members_of_a_class_of_estates():
    prep = prepare("其中共涉及12个小区，包括柳岸街64号院、荷风胡同8号院等。")
    found = InclusionLists().find(prep)
    assert [prep.text[s.start:s.end] for s in found] == ["柳岸街64号院", "荷风胡同8号院"]


def test_an_item_cut_by_the_end_of_an_excerpt_is_dropped():
    prep = prepare("包括晨光实验学校、青藤国际人才公寓、白鹭")
    found = InclusionLists().find(prep, previous="安排教育项目12个。")
    assert [prep.text[s.start:s.end] for s in found] == ["晨光实验学校", "青藤国际人才公寓"]


def test_a_facility_built_to_a_stated_size_is_a_project():
    from ingest.extract.projects import ProjectSpotter
    from ingest.extract.text import prepare

    prep = prepare("明年将建设占地约30公顷的森林公园，预计年底开放。")
    assert [prep.text[s.start:s.end] for s in ProjectSpotter().find(prep)] == ["森林公园"]
    prep = prepare("明年将建设一批口袋公园，预计年底开放。")
    assert [prep.text[s.start:s.end] for s in ProjectSpotter().find(prep)] == []
