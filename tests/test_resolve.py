"""Resolution keys: every surface form of one entity folds to one key."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.resolve import EntityTable, bureau_key, clean, original_surface, project_key, strip_prefix
from ingest.types import Source


def test_traditional_and_simplified_fold_to_one_key():
    assert project_key("望壇項目") == project_key("望坛项目") == project_key("望坛") == "望坛"


def test_district_prefixes_and_generic_suffixes_fold():
    assert project_key("北京市东城区星河湾工程") == project_key("东城区星河湾") == "星河湾"
    assert project_key("区第九人民医院") == "第九人民医院"


def test_work_on_a_site_folds_into_the_site():
    assert project_key("云杉路环境整治提升项目") == project_key("云杉路") == "云杉路"


def test_a_two_character_name_keeps_its_suffix():
    assert project_key("某项目") == "某项目"


def test_bureau_key_drops_the_city_but_keeps_the_level():
    assert bureau_key("北京市东城区商务局") == bureau_key("东城区商务局") == "东城区商务局"
    assert bureau_key("北京市商务局") == "市商务局" != bureau_key("北京市西城区商务局")
    assert bureau_key("区住建委") == "住建委"


def test_clean_removes_pinyin_artefacts_and_layout():
    assert clean("區(qū)住建委") == "区住建委"
    assert clean("“ 星河湾 ”") == "星河湾"


def test_original_surface_keeps_its_script():
    assert original_surface("望壇項\n目") == "望壇項目"


def test_entity_table_folds_mentions_into_one_entity():
    table = EntityTable("Project")
    a = Source("a.txt", "望坛项目回迁。", 0, 7)
    b = Source("a.txt", "望壇項目交付。", 10, 17)
    table.add("望坛项目", ["望坛项目"], a, kind="棚改")
    table.add("望坛项目", ["望坛", "望壇項目"], b)
    table.add("望坛项目", ["望坛项目"], a)
    (entity,) = table.entities()
    assert entity.aliases == ["望坛项目", "望坛", "望壇項目"]
    assert entity.kind == "棚改"
    assert len(entity.mentions) == 2


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["东城区", "北京市", "区", "朝阳", "松岭", "项目", "村", "a"]), max_size=5)
       .map("".join))
def test_property_strip_prefix_cached_is_the_function(name: str):
    # cached for the cross-document step: the answer is the function's, first call or later
    assert strip_prefix(name) == strip_prefix.__wrapped__(name) == strip_prefix(name)


def test_the_link_step_asks_the_registry_once_per_surface():
    from ingest.link import _Canonical
    from ingest.registry import Registry

    registry = Registry.load()
    registry.discover("Project", "松岭小区改造项目")
    asked: list[str] = []
    canonical_of = registry.canonical
    registry.canonical = lambda label, name: asked.append(name) or canonical_of(label, name)
    memo = _Canonical(registry)
    assert memo["松岭小区改造项目"] == "松岭小区改造项目" == memo["松岭小区改造项目"]
    assert memo["青柳路"] is None and memo["青柳路"] is None
    assert asked == ["松岭小区改造项目", "青柳路"]
