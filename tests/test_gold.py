"""End to end: `policykg extract` over the real corpus, scored by the shared gold scorer.

The bars below are the quality bar of the project (issue 2). They are asserted on the CLI's own
output, as a user would produce it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
CLI = Path(sys.executable).with_name("policykg")

# record type → (minimum precision, minimum F1)
BARS = {
    "projects": (0.90, 0.90),
    "bureaus": (0.90, 0.90),
    "ownership": (0.90, 0.90),
    "events": (0.90, 0.85),
    "metrics": (0.90, 0.90),
}



@pytest.fixture(scope="module")
def extracted(corpus_files) -> dict:
    out = subprocess.run(
        [str(CLI), "extract", *map(str, corpus_files), "--json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def scores(extracted, gold_path, gold_scorer) -> dict:
    scorer = gold_scorer
    gold = scorer.load_gold([str(gold_path)])
    result = scorer.score(extracted, gold, set())
    artifacts = REPO / "tests" / "artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    (artifacts / "gold_scores.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    return result


def test_histories_read_right(extracted, gold_path, gold_scorer):
    """Events whose stage also agrees with the gold's (the scorer's ``--stages`` row): what a
    reader of a project's history sees."""
    got = gold_scorer.score(extracted, gold_scorer.load_gold([str(gold_path)]), set(), stages=True)
    staged = got["events+stage"]
    assert staged["precision"] >= 0.80 and staged["recall"] >= 0.75, staged


@pytest.mark.parametrize("record", sorted(BARS))
def test_extract_meets_the_quality_bar(scores, record):
    min_p, min_f1 = BARS[record]
    got = scores[record]
    assert got["precision"] >= min_p, f"{record}: {got}"
    assert got["f1"] >= min_f1, f"{record}: {got}"


def test_every_source_slices_its_evidence_out_of_the_original(extracted, corpus_files):
    from ingest.read import read_document

    texts = {p.name: read_document(p).text for p in corpus_files}
    checked = 0
    for kind in ("tasks", "ownership", "events", "metrics"):
        for record in extracted[kind]:
            src = record["source"]
            assert texts[src["doc"]][src["start"] : src["end"]] == src["evidence"], (kind, record)
            checked += 1
    assert checked > 500


def test_extract_is_deterministic(corpus_files, extracted):
    again = subprocess.run(
        [str(CLI), "extract", *map(str, corpus_files), "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    assert json.loads(again.stdout) == extracted


def _as_set(records: list[dict]) -> set[str]:
    return {json.dumps(r, sort_keys=True, ensure_ascii=False) for r in records}


def test_file_order_does_not_change_the_graph(corpus_files, extracted):
    """Names, kinds and every fact are the same whichever order the files come in (the alias
    lists may differ by a surface form a gazetteer found earlier or later)."""
    reverse = subprocess.run(
        [str(CLI), "extract", *map(str, reversed(corpus_files)), "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    other = json.loads(reverse.stdout)
    for kind in ("bureaus", "places", "tasks", "ownership", "events", "metrics"):
        assert _as_set(other[kind]) == _as_set(extracted[kind]), kind
    names = {p["name"]: p["kind"] for p in extracted["projects"]}
    assert {p["name"]: p["kind"] for p in other["projects"]} == names


def test_each_document_alone_meets_the_quality_bar(corpus_files, gold_path, gold_scorer):
    """Every document extracted in a run of its own, the results pooled and scored: names must
    come from each text's own patterns, context and the institution registry, not from words
    another corpus document taught the run (the nearest we can get here to documents never seen).
    Only ownership inferred through another document's task rows is out of reach, so the
    ownership floor is the bar's."""
    from ingest.pipeline import extract_paths

    pooled: dict[str, list] = {}
    for path in corpus_files:
        for kind, records in extract_paths([path]).facts().to_json().items():
            if isinstance(records, list):
                pooled.setdefault(kind, []).extend(records)
    scores = gold_scorer.score(pooled, gold_scorer.load_gold([str(gold_path)]), set())
    for record, (min_p, min_f1) in BARS.items():
        got = scores[record]
        assert got["precision"] >= min_p and got["f1"] >= min_f1, f"{record}: {got}"
