"""Records cross process boundaries pickled as their constructor's arguments: nothing is lost."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

from ingest.pipeline import extract_document
from ingest.types import Entity, Source


def test_a_real_documents_facts_come_back_equal(corpus_files: list[Path]) -> None:
    facts = extract_document(corpus_files[0])
    back = pickle.loads(pickle.dumps(facts))
    assert back == facts
    assert back.sentences and back.sentences[0].offsets == facts.sentences[0].offsets
    # shared objects stay shared: a sentence's section is the document's section
    sections = {id(s) for s in back.sections}
    assert all(s.section is None or id(s.section) in sections for s in back.sentences)


def test_copies_are_equal_and_mutable_fields_are_not_shared_by_deepcopy() -> None:
    source = Source("a.txt", "东边的项目", 3, 8)
    entity = Entity("project:1", "Project", "晨光里项目", ["晨光里"], None, [source])
    assert pickle.loads(pickle.dumps(source)) == source
    clone = copy.deepcopy(entity)
    assert clone == entity and clone.aliases is not entity.aliases
