"""Ownership: table_column (a task row's units own what its progress cell reports), stated
(由X牵头), and inferred_via_task (a mention elsewhere linked to the row's single unit)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.extract.entities import EntityExtractor
from ingest.link import link_documents
from ingest.merge import merge_documents
from ingest.read import read_document
from ingest.registry import Registry
from ingest.segment import segment_document
from ingest.types import DocumentFacts

HOUSING = "北京市东城区住房和城乡建设委员会"
CITY = "北京市东城区城市管理委员会"
COMMERCE = "北京市东城区商务局"

TABLE = (
    "东城区2030年重点任务清单\n\n"
    "序号\t项目内容\t主责单位\t进展情况\n"
    "1\t<p>市重点任务第 7 项 推进老城保护。</p>\t区住建委 区城管委 各街道办事处\t"
    "<p>1.星河湾片区试点院落已开工。</p> <p>2.云杉路环境整治提升项目已完工。</p>\n"
    "2\t市重点任务第12项 推进商圈提升。\t区商务局\t晨光大厦已完成主体结构施工。\n"
)
REPORT = (
    "东城区政府工作报告\n\n2031年重点工作\n\n"
    "推动晨光大厦竣工。完成云杉路环境整治提升。由区住建委牵头推进星河湾片区恢复性修建。\n"
)


def _facts(extractor: EntityExtractor, path: Path) -> DocumentFacts:
    seg = segment_document(read_document(path))
    r = extractor.run(seg)
    return DocumentFacts(seg.info, seg.sections, seg.sentences, r.projects, r.bureaus, r.places, r.tasks,
                         r.ownership, r.events, [], seg.garbled)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory):
    directory = tmp_path_factory.mktemp("ownership")
    (directory / "tasks.txt").write_text(TABLE, encoding="utf-8")
    (directory / "report.txt").write_text(REPORT, encoding="utf-8")
    registry = Registry.load()
    extractor = EntityExtractor(registry)
    docs = [_facts(extractor, directory / "tasks.txt"), _facts(extractor, directory / "report.txt")]
    link_documents(docs, registry)
    return merge_documents(docs)


def pairs(facts, basis: str) -> set[tuple[str, str]]:
    return {(o.project, o.bureau) for o in facts.ownership if o.basis == basis}


def test_one_task_per_row_with_id_units_and_reported_projects(run):
    tasks = {t.id: t for t in run.tasks}
    assert set(tasks) == {"市重点任务第7项", "市重点任务第12项"}
    assert tasks["市重点任务第7项"].bureaus == [HOUSING, CITY, "北京市东城区各街道办事处"]
    assert set(tasks["市重点任务第7项"].projects) == {"星河湾片区", "云杉路环境整治提升项目"}
    assert tasks["市重点任务第12项"].projects == ["晨光大厦"]


def test_table_column_gives_each_unit_of_the_row(run):
    assert pairs(run, "table_column") == {
        ("星河湾片区", HOUSING), ("星河湾片区", CITY),
        ("云杉路环境整治提升项目", HOUSING), ("云杉路环境整治提升项目", CITY),
        ("晨光大厦", COMMERCE),
    }


def test_collective_units_own_nothing(run):
    assert not any(o.bureau.endswith("各街道办事处") for o in run.ownership)


def test_stated_owner_in_a_sentence(run):
    assert pairs(run, "stated") == {("星河湾片区", HOUSING)}


def test_inferred_via_task_only_where_the_unit_is_single(run):
    inferred = [o for o in run.ownership if o.basis == "inferred_via_task"]
    # row 12 has one unit; row 7's progress items (1., 2.) match its two units one to one
    assert {(o.project, o.bureau) for o in inferred} >= {("晨光大厦", COMMERCE)}
    assert all(o.source.doc == "report.txt" for o in inferred)
    assert {o.task for o in inferred} <= {"市重点任务第7项", "市重点任务第12项"}


def test_ownership_sources_slice_the_original(run, tmp_path_factory):
    for o in run.ownership:
        assert o.source.evidence and o.source.end > o.source.start


def test_merge_keeps_one_entity_per_canonical_name(run):
    names = [e.name for e in run.projects]
    assert len(names) == len(set(names))
    assert {b.name for b in run.bureaus} >= {HOUSING, CITY, COMMERCE}


def test_an_assisting_column_owns_nothing(tmp_path: Path):
    table = ("西城区2030年重点任务\n\n序号\t任务内容\t配合单位\t牵头单位\t进展情况\n"
             "1\t推进翠湖片区更新。\t区城管委\t区住建委\t翠湖片区已开工。\n")
    (tmp_path / "t.txt").write_text(table, encoding="utf-8")
    facts = _facts(EntityExtractor(Registry.load()), tmp_path / "t.txt")
    owned = {(o.bureau, o.relation) for o in facts.ownership if o.basis == "table_column"}
    assert owned == {("北京市西城区住房和城乡建设委员会", "牵头单位")}
