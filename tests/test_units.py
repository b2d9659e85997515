"""Responsible units of any district: the template's institutions, 区-abbreviations resolved in the
document's district, the district a text names, and organisations read by their grammar.
Sentences are our own, with invented company and place names."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.extract.bureaus import BureauSpotter
from ingest.extract.district import detect_district
from ingest.extract.orgs import find_orgs
from ingest.extract.text import prepare
from ingest.registry import Registry
from ingest.registry.template import Institution, Template
from ingest.resolve import bureau_key


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load()


@pytest.fixture(scope="module")
def spotter(reg: Registry) -> BureauSpotter:
    return BureauSpotter(reg)


def units(spotter: BureauSpotter, sentence: str, district: str | None = None) -> list[str]:
    return [h.institution.name for h in spotter.find(prepare(sentence), district)]


def test_every_district_gets_the_standard_bodies():
    t = Template.load()
    for d in t.districts:
        assert t.explicit[f"{d.name}住建委"].name == f"北京市{d.name}住房和城乡建设委员会"
        assert t.contextual[(d.name, "区政府")].name == f"北京市{d.name}人民政府"
    assert t.explicit["市住建委"].name == "北京市住房和城乡建设委员会"


def test_abbreviation_resolves_in_the_documents_district(reg: Registry):
    assert reg.bureau("区住建委", "朝阳区").name == "北京市朝阳区住房和城乡建设委员会"
    assert reg.bureau("区发展改革委", "大兴区").name == "北京市大兴区发展和改革委员会"
    assert reg.bureau("区规分局", "海淀区").name == "北京市规划和自然资源委员会海淀分局"


def test_abbreviation_without_a_district_stays_as_written(reg: Registry):
    inst = reg.bureau("区住建委")
    assert inst.name == "区住建委" and inst.district is None


def test_municipal_and_district_bodies_never_share_a_key(reg: Registry):
    city, district = reg.bureau("市水务局"), reg.bureau("区水务局", "通州区")
    assert city.name == "北京市水务局"
    assert bureau_key(city.name) != bureau_key(district.name)
    assert bureau_key(reg.bureau("区水务局", "顺义区").name) != bureau_key(district.name)


def test_district_abbreviation_in_a_chaoyang_sentence(spotter: BureauSpotter):
    got = units(spotter, "由区住建委牵头推进松岭小区改造。", "朝阳区")
    assert got == ["北京市朝阳区住房和城乡建设委员会"]


def test_phrases_that_only_look_like_offices_are_not_units(spotter: BureauSpotter):
    for sentence in ("服务区改革发展大局。", "建设国际消费中心城市。", "社区卫生服务中心为居民提供服务。",
                     "社区委员会召开会议。", "要求物业公司及时清运垃圾。"):
        assert units(spotter, sentence, "东城区") == [], sentence


def test_a_formula_or_a_reference_is_not_a_unit(spotter: BureauSpotter):
    assert units(spotter, "在市委、市政府的坚强领导下，区政府坚持稳中求进。", "东城区") == []
    assert units(spotter, "根据市教委《关于某某工作的通知》开展培训。", "东城区") == []


def test_a_government_that_acts_is_a_unit(spotter: BureauSpotter):
    assert units(spotter, "2020年，顺义区启动松岭村棚改项目。") == ["北京市顺义区人民政府"]
    assert units(spotter, "由区政府对松岭小区进行腾退。", "平谷区") == ["北京市平谷区人民政府"]


def test_street_office_as_an_actor_but_street_as_a_place(spotter: BureauSpotter):
    assert units(spotter, "青柳街道作为牵头单位负责组织实施。", "密云区") == [
        "北京市密云区人民政府青柳街道办事处"]
    assert units(spotter, "青柳街道松岭片区环境优美。", "密云区") == []


def test_town_government_by_grammar(spotter: BureauSpotter):
    assert units(spotter, "怀柔区松溪镇2019年启动第一期棚改。") == ["北京市怀柔区松溪镇人民政府"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("由晴川置业发展有限公司负责实施。", "晴川置业发展有限公司"),
        ("区政府授权北京翠湖城建投资股份有限公司实施改造。", "北京翠湖城建投资股份有限公司"),
        ("星澜集团主动外迁后，园区焕新。", "星澜集团"),
        ("成立松岭小区改造项目领导小组，统筹推进。", "松岭小区改造项目领导小组"),
        ("去年，区里成立松岭村征收工作现场指挥部，开展征收工作。", "松岭村征收工作现场指挥部"),
    ],
)
def test_organisations_by_grammar(sentence: str, expected: str):
    assert expected in [h.surface for h in find_orgs(sentence, None)]


@pytest.mark.parametrize(
    "sentence",
    ["全资子公司负责运营。", "央企上市公司总部入驻。", "1. 星澜集团\n", "推进城市紧密型医疗集团建设。",
     "建立完善“管委会+平台公司”模式。"],
)
def test_kinds_of_organisation_are_not_names(sentence: str):
    assert find_orgs(sentence, None) == []


def test_a_short_company_name_refers_back_to_the_full_one(reg: Registry, spotter: BureauSpotter):
    first = spotter.find(prepare("由北京晴川置业发展有限公司负责实施。"), "东城区")
    known = [h.institution for h in first]
    later = spotter.find(prepare("晴川置业公司深入走访居民。"), "东城区", known)
    assert [h.institution.name for h in later] == ["北京晴川置业发展有限公司"]


def test_district_detector_reads_the_title_and_the_text():
    t = Template.load()
    assert detect_district("朝阳区松岭小区改造启动", "区住建委介绍，朝阳区今年…", t) == "朝阳区"
    assert detect_district(None, "东城区、西城区各一处。", t) is None  # a tie names no district
    assert detect_district(None, "全市今年完成三项。", t) is None


@given(st.text(alphabet="区市街道公司集团中心有限镇委办局政府对由负责实施的和、。松岭晴川", max_size=30))
def test_grammar_spans_lie_inside_the_text(text: str):
    for h in find_orgs(text, None):
        assert text[h.start:h.end] == h.surface and h.end > h.start


def test_a_short_name_the_text_defines_names_the_company_from_then_on(spotter: BureauSpotter):
    sentence = "由北京翠湖新城投资建设集团有限公司（以下简称翠湖集团）负责实施。"
    first = spotter.find(prepare(sentence), "通州区")
    names = {h.institution.name for h in first}
    assert names == {"北京翠湖新城投资建设集团有限公司"} and len(first) == 2
    later = spotter.find(prepare("翠湖集团官网消息。"), "通州区", [first[0].institution])
    assert [h.institution.name for h in later] == ["北京翠湖新城投资建设集团有限公司"]


def test_a_source_line_names_no_unit(spotter: BureauSpotter):
    assert units(spotter, "来源：平谷区融媒体中心", "平谷区") == []
    assert units(spotter, "平谷区融媒体中心组织开展宣传活动。", "平谷区") == ["北京市平谷区融媒体中心"]


def test_an_unlisted_district_office_counts_only_where_it_is_responsible(spotter: BureauSpotter):
    assert units(spotter, "由区征收办负责松岭村的房屋征收。", "门头沟区") == ["北京市门头沟区征收办公室"]
    assert units(spotter, "服务区改革发展大局，区改革发展大局稳定。", "门头沟区") == []


def test_a_village_committee_that_acts(spotter: BureauSpotter):
    assert units(spotter, "松岭村村委会组织村民代表召开议事会。", "房山区") == ["松岭村村委会"]


_KNOWN = [Institution("松岭置业有限公司", ("松岭置业", "松岭公司"), "企业"),
          Institution("青柳村委会", ("青柳村",), "村委会"), Institution("区水务局", ("水务局",), "委办局")]


_AGAIN_PIECES = ["松岭置业", "松岭公司", "松岭", "青柳村", "水务局", "，", "完成", "松岭置业有限公司"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_AGAIN_PIECES), max_size=14).map("".join),
       st.lists(st.tuples(st.integers(0, 40), st.integers(1, 6)), max_size=3))
def test_property_units_named_again_are_every_occurrence_of_their_forms(text: str, taken: list):
    """Every occurrence of a known unit's form (three characters or more, longer forms first, none
    over a span already taken), as a regex of the form finds them, left to right."""
    import re

    spans = [(a, a + n) for a, n in taken]
    expected, busy = [], list(spans)
    for inst in _KNOWN:
        if inst.kind not in ("企业", "村委会"):
            continue
        for form in sorted({inst.name, *inst.aliases}, key=len, reverse=True):
            if len(form) < 3:
                continue
            for m in re.finditer(re.escape(form), text):
                if all(m.end() <= s or m.start() >= e for s, e in busy):
                    expected.append((m.start(), m.end(), inst.name))
                    busy.append((m.start(), m.end()))
    got = BureauSpotter._known_again(text, _KNOWN, list(spans))
    assert [(h.start, h.end, h.institution.name) for h in got] == expected
