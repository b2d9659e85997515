"""Shared fixtures. The corpus is read from ../shared/corpus (or POLICYKG_CORPUS)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("POLICYKG_CORPUS", REPO.parent / "shared" / "corpus")).resolve()
GOLD_DIR = CORPUS.parent / "gold"


def _corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not _corpus_files():
        # In CI a missing corpus is a failure, never a skip (.ci/run checks it too).
        if os.environ.get("CI"):
            pytest.fail(f"corpus not found at {CORPUS} (set POLICYKG_CORPUS)")
        pytest.skip(f"corpus not found at {CORPUS} (set POLICYKG_CORPUS)")
    return CORPUS


@pytest.fixture(scope="session")
def corpus_files(corpus_dir: Path) -> list[Path]:
    return _corpus_files()


@pytest.fixture(scope="session")
def gold_path() -> Path:
    path = GOLD_DIR / "gold_seeds.json"
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"gold not found at {path}")
        pytest.skip(f"gold not found at {path}")
    return path


@pytest.fixture(scope="session")
def dev_dir() -> Path:
    """The development pages (``../shared/dev``: docs/, manifest.csv, gold/), beside the corpus."""
    path = CORPUS.parent / "dev"
    if not (path / "manifest.csv").exists() or not list((path / "gold").glob("*.json")):
        if os.environ.get("CI"):
            pytest.fail(f"development pages not found at {path}")
        pytest.skip(f"development pages not found at {path}")
    return path


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    path = REPO / "tests" / "artifacts"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def gold_scorer(gold_path: Path):
    """The shared scorer (``../shared/gold/score.py``) as a module: its matching rules are the
    gold's contract, so tests use them rather than their own."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("gold_score", gold_path.parent / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------- graph store fixtures
# The real embedded store built once per session from the real corpus, in a temp dir, and the
# empty stores the store tests write into. Every store is closed at the end, which stops its server.


@pytest.fixture(scope="session")
def corpus_run(corpus_files: list[Path]):
    """The pipeline's result over the whole corpus (``extract_paths``), computed once."""
    from ingest.pipeline import extract_paths

    return extract_paths(corpus_files)


@pytest.fixture(scope="session")
def corpus_store(corpus_run, tmp_path_factory: pytest.TempPathFactory):
    """The real embedded FalkorDB store holding the whole corpus (read-only for tests)."""
    from graph import open_store

    directory = tmp_path_factory.mktemp("corpus-store")
    store = open_store(f"falkordb:{directory}")
    try:
        for facts in corpus_run.documents:
            store.write_document(facts)
        store.link_families()  # PART_OF, as an ingest derives it after its writes
        yield store
    finally:
        store.close()


@pytest.fixture
def empty_store(tmp_path: Path):
    """A fresh embedded store in the test's temp dir; closed (server stopped) after the test."""
    from graph import open_store

    store = open_store(f"falkordb:{tmp_path / 'store'}")
    try:
        yield store
    finally:
        store.close()
