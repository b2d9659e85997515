"""Project, bureau and place mentions on sentences written for the tests (invented names), and
the EntityExtractor end to end on small documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.extract.bureaus import BureauSpotter, split_units
from ingest.extract.entities import EntityExtractor
from ingest.extract.places import PlaceSpotter
from ingest.extract.projects import ProjectSpotter
from ingest.extract.text import prepare
from ingest.read import read_document
from ingest.registry import Registry
from ingest.segment import segment_document


def spans(sentence: str) -> list[str]:
    prep = prepare(sentence)
    return [prep.text[s.start:s.end] for s in ProjectSpotter().find(prep)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("推动晨光数字科技大厦竣工。", ["晨光数字科技大厦"]),
        ("加快推进云杉路环境整治提升项目建设。", ["云杉路环境整治提升项目"]),
        ("新建青藤中学北校区、白桦中学东校区。", ["青藤中学北校区", "白桦中学东校区"]),
        ("星河湾、月牙泉两个长期滞留项目基本完成签约腾退。", ["星河湾", "月牙泉"]),
        ("完成琉璃塔、石鼓亭等12处文物腾退。", ["琉璃塔", "石鼓亭"]),
        ("推动银杏坊、柳岸路等一批项目入市。", ["银杏坊", "柳岸路"]),
        ("启动雁栖路环境整治提升。", ["雁栖路"]),
        ("推进竹影湖与荷风湖水系连通工程。", ["竹影湖与荷风湖水系连通工程"]),
    ],
)
def test_project_rules_find_names(sentence: str, expected: list[str]):
    assert spans(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "建设大尺度公园、口袋公园。",  # classes of parks, no name
        "推动一批重点项目落地。",  # a class of projects
        "全面实施“平安工程”建设。",  # a programme's slogan in quotes
        "深化中小学校党组织领导的校长负责制改革。",  # no stage, no name
        "打造多业态融合的特色街区。",  # a description
    ],
)
def test_project_rules_reject_classes_and_slogans(sentence: str):
    assert spans(sentence) == []


def test_name_needs_a_stage_in_its_clause():
    assert spans("青藤中学北校区举办运动会，成绩喜人。") == []
    assert spans("青藤中学北校区建成投用，成绩喜人。") == ["青藤中学北校区"]


def test_layout_spaces_inside_a_name_are_ignored():
    assert spans("完成地铁9 号线白塔站地块建设。") == ["地铁9号线白塔站地块"]


def test_registry_bureaus_in_running_text():
    reg = Registry.load()
    prep = prepare("由区住建委牵头，北京市东城区商务局配合，市教委指导。")
    names = [h.institution.name for h in BureauSpotter(reg).find(prep, "东城区")]
    assert names == ["北京市东城区住房和城乡建设委员会", "北京市东城区商务局"]


def test_unit_cell_is_split_on_spacing():
    assert split_units("<p>区规分局 区城管委</p>") == ["区规分局", "区城管委"]


def test_streets_listed_with_one_suffix_are_places():
    reg = Registry.load()
    hits = PlaceSpotter(reg).find(prepare("已建成景山、永外街道2个便民服务圈。"))
    assert [h.name for h in hits] == ["景山街道", "永定门外街道"]


# ------------------------------------------------------------------ end to end on small documents


def _segment(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return segment_document(read_document(path))


REPORT = "政府工作报告\n\n2024年工作回顾\n\n望壇項目回遷樓全部交付。完成云杉路环境整治提升。\n"


def test_traditional_surface_folds_into_the_simplified_entity(tmp_path: Path):
    doc = _segment(tmp_path, "report.txt", REPORT)
    result = EntityExtractor(Registry.load()).run(doc)
    by_name = {e.name: e for e in result.projects}
    assert "望坛项目" in by_name
    assert "望壇項目" in by_name["望坛项目"].aliases  # the original script is kept as an alias


def test_every_mention_source_slices_the_original(tmp_path: Path):
    doc = _segment(tmp_path, "report.txt", REPORT)
    result = EntityExtractor(Registry.load()).run(doc)
    sources = [m for e in result.projects for m in e.mentions] + [e.source for e in result.events]
    assert sources
    for s in sources:
        assert doc.raw.text[s.start:s.end] == s.evidence


def test_a_name_found_once_is_recognised_bare_later(tmp_path: Path):
    text = "政府工作报告\n\n2024年工作回顾\n\n启动星河湾项目建设。星河湾回迁楼全部交付。\n"
    doc = _segment(tmp_path, "report.txt", text)
    result = EntityExtractor(Registry.load()).run(doc)
    (entity,) = [e for e in result.projects if e.name == "星河湾项目"]
    assert len(entity.mentions) == 2
    # 回迁楼 is a noun (the housing): what the sentence states is that it was handed over
    assert {e.stage for e in result.events} == {"启动", "交付"}


def test_a_run_leaves_the_tokenizer_as_it_found_it(tmp_path: Path):
    from ingest.extract.tokens import tokenize

    before = [t.word for t in tokenize("雾凇湾项目推进顺利")]
    text = "政府工作报告\n\n2024年工作回顾\n\n启动雾凇湾项目建设。雾凇湾回迁楼交付。\n"
    EntityExtractor(Registry.load()).run(_segment(tmp_path, "a.txt", text))
    assert [t.word for t in tokenize("雾凇湾项目推进顺利")] == before


def test_a_runs_result_does_not_depend_on_what_ran_before_it(tmp_path: Path):
    first = "政府工作报告\n\n2024年工作回顾\n\n启动雾凇湾项目建设。晨光里片区腾退完成。\n"
    second = "政府工作报告\n\n2025年工作回顾\n\n雾凇湾回迁楼全部交付，晨光里完成验收。\n"
    alone = EntityExtractor(Registry.load()).run(_segment(tmp_path, "b.txt", second))
    EntityExtractor(Registry.load()).run(_segment(tmp_path, "a.txt", first))
    after = EntityExtractor(Registry.load()).run(_segment(tmp_path, "b.txt", second))
    assert [(e.name, e.aliases) for e in after.projects] == [(e.name, e.aliases) for e in alone.projects]
    assert after.events == alone.events


def test_known_names_stay_whole_when_passed_with_the_sentence():
    import re

    from ingest.extract.text import prepare

    plain = [t.word for t in prepare("雾凇湾项目推进顺利").tokens]
    kept = [t.word for t in prepare("雾凇湾项目推进顺利", [re.compile("雾凇湾项目")]).tokens]
    assert "雾凇湾项目" not in plain
    assert kept[0] == "雾凇湾项目" and "".join(kept) == "雾凇湾项目推进顺利"


def test_an_event_names_the_programme_its_sentence_names_with_the_site(tmp_path: Path):
    text = ("工作简报\n\n2024年工作回顾\n\n青藤片区申请式退租工作正式启动。"
            "白鹭街整治提升近日完工。\n")
    result = EntityExtractor(Registry.load()).run(_segment(tmp_path, "brief.txt", text))
    named = {e.project for e in result.events}
    # a programme (申请式退租) is what happened to the site; a plain work (整治提升) is not a name
    assert "青藤片区申请式退租" in named
    assert "白鹭街" in named


def test_a_programme_already_in_the_project_name_is_not_repeated():
    from ingest.extract.entities import _undertaking

    assert _undertaking("青藤片区申请式退租项目", "青藤片区申请式退租项目") is None
    assert _undertaking("青藤片区", "青藤片区申请式退租") == "青藤片区申请式退租"
    assert _undertaking("青藤片区", "青藤片区恢复性修建") is None


def test_residents_of_a_village_moving_back_is_the_focus_projects_event():
    from ingest.extract.events import ProjectInSentence

    text = "白鹭村、松岭村等村的300户居民喜迎回迁。"
    found = [ProjectInSentence("白鹭村", 0, 3)]
    (moved,) = EntityExtractor._counted_heads(text, found, "青藤棚改项目")
    assert (moved.name, moved.wstart) == ("青藤棚改项目", 0)
    # with no project in focus the place states nothing
    assert EntityExtractor._counted_heads(text, found, None) == []
    # a project named with its head is its own subject
    text = "青藤棚改项目的3栋安置房封顶。"
    own = [ProjectInSentence("青藤棚改项目", 0, 6)]
    assert EntityExtractor._counted_heads(text, own, "白鹭湾项目") == own


def test_a_start_zone_is_named_in_its_event():
    from ingest.extract.entities import _undertaking

    assert _undertaking("青藤片区", "青藤片区启动区") == "青藤片区启动区"
    assert _undertaking("青藤片区", "青藤片区试点院落") is None


def test_every_member_of_a_counted_class_is_listed_whatever_rule_found_it(tmp_path: Path):
    text = ("简报\n\n二、2030年重点工作\n\n安排教育项目3个。"
            "包括青藤第二实验学校、白鹭湾校区建设项目、松岭学校建设工程等。\n")
    result = EntityExtractor(Registry.load()).run(_segment(tmp_path, "plan.txt", text))
    listed = {e.project for e in result.events if e.stage == "列入名单"}
    assert {"青藤第二实验学校", "松岭学校建设工程"} <= listed


def test_sites_that_each_carry_out_a_programme_name_the_undertakings():
    from ingest.extract.entities import _named
    from ingest.extract.projects import Span

    text = "青藤周边、白鹭街区等老城片区陆续开展申请式退租。"
    span = Span(0, 4, None, "list", "青藤周边申请式退租")
    assert _named(text, span) == "青藤周边申请式退租"
    # the programme written as a noun after the list: the members are the sites
    text = "青藤周边、白鹭街区申请式退租已完成预签约。"
    assert _named(text, span) is None
