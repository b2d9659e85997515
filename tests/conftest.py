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
