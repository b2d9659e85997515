"""The alias registry: institutions and their abbreviations, generic rules, curated merges that
are re-applied on every load, and names discovered at run time."""

from __future__ import annotations

from pathlib import Path

import yaml

from ingest.registry import Registry

HOUSING = "北京市东城区住房和城乡建设委员会"


def test_load_reads_versioned_institutions():
    reg = Registry.load()
    assert reg.version >= 1
    assert len(reg.institutions) > 40 * 16  # the 委办局 of the municipality and every district


def test_abbreviation_and_full_name_resolve_to_one_institution():
    reg = Registry.load()
    for surface in ("区住建委", HOUSING, "东城区住房和城乡建设委员会", "东城区住建委"):
        assert reg.bureau(surface, "东城区").name == HOUSING
    planning = "北京市规划和自然资源委员会东城分局"
    assert reg.bureau("区规自分局", "东城区").name == reg.bureau("区规分局", "东城区").name == planning


def test_traditional_surface_of_an_institution_resolves():
    assert Registry.load().bureau("區住建委", "东城区").name == HOUSING


def test_generic_rules_expand_units_no_entry_lists():
    reg = Registry.load()
    assert reg.expand_unit("区档案局", "东城区").name == "北京市东城区档案局"
    assert reg.expand_unit("区某某委", "西城区").name == "北京市西城区某某委员会"
    assert reg.expand_unit("永外街道").name == "北京市东城区人民政府永定门外街道办事处"
    assert reg.expand_unit("某某管委会", "东城区").name == "北京市东城区某某管理委员会"
    assert reg.expand_unit("区档案局").name == "区档案局"  # no district known: as written


def test_unknown_phrase_in_running_text_is_not_an_office():
    assert Registry.load().bureau("区改革发展大局") is None


def test_collective_units_are_flagged():
    reg = Registry.load()
    assert reg.expand_unit("各街道办事处").collective
    assert not reg.expand_unit("区商务局").collective


def test_street_short_names_and_aliases():
    reg = Registry.load()
    assert reg.street_of("永外街道") == "永定门外"
    assert reg.street_of("景山") == "景山"
    assert reg.street_of("某某街道") is None


def test_discovered_names_fold_script_prefix_and_suffix():
    reg = Registry.load()
    first = reg.discover("Project", "星河湾项目", "棚改")
    assert first == "星河湾项目"
    assert reg.discover("Project", "星河灣") == first
    assert reg.discover("Project", "东城区星河湾") == first
    assert {"星河湾项目", "星河湾"} <= reg.names("Project")
    assert reg.canonical("Project", "星河灣項目") == first
    assert reg.canonical("Project", "从未见过的名字") is None


def test_discovered_names_join_only_the_run_in_memory():
    Registry.load().discover("Project", "月桂商务楼")
    assert Registry.load().canonical("Project", "月桂商务楼") is None


def _registry_dir(tmp_path: Path, merges: list[dict]) -> Path:
    here = Path(__file__).resolve().parent.parent / "ingest" / "registry" / "institutions.yaml"
    (tmp_path / "institutions.yaml").write_text(here.read_text(encoding="utf-8"), encoding="utf-8")
    body = {"version": 1, "merges": merges}
    (tmp_path / "merges.yaml").write_text(yaml.safe_dump(body, allow_unicode=True), encoding="utf-8")
    return tmp_path


def test_curated_merge_is_reapplied_on_load(tmp_path: Path):
    merges = [{"label": "Project", "into": "晨光片区更新", "names": ["晨光片区", "晨光街区"]}]
    reg = Registry.load(_registry_dir(tmp_path, merges))
    assert reg.discover("Project", "晨光街区") == "晨光片区更新"
    assert reg.discover("Project", "晨光片区") == "晨光片区更新"


def test_merge_a_person_makes_is_saved_and_survives_a_reload(tmp_path: Path):
    directory = _registry_dir(tmp_path, [])
    reg = Registry.load(directory)
    reg.add_merge("Project", "青藤校区", ["青藤中学北校区"])
    reg.save_merges()
    again = Registry.load(directory)
    assert again.merges_version == 2
    assert again.discover("Project", "青藤中学北校区") == "青藤校区"


def test_curated_bureau_merge_points_an_alias_at_an_institution(tmp_path: Path):
    merges = [{"label": "Bureau", "into": HOUSING, "names": ["住建部门"]}]
    reg = Registry.load(_registry_dir(tmp_path, merges))
    assert reg.bureau("住建部门").name == HOUSING
