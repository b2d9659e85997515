"""The dev pages as people have them: printed to PDF, saved as Word, wrapped in a web page.

Each format must give at least 90 % of the metrics (value, unit) that the page's .txt gives, and
every fact's span must slice the stored (extracted) text. The pages are read from ../shared/dev at
test time and written to tmp files; nothing of them is copied into the repository.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.read import read_document
from tests.documents_support import dev_docs, print_to_pdf, web_page, write_docx, write_pdf

CLI = Path(sys.executable).with_name("policykg")
SHARE = 0.9


def _extract(paths: list[Path]) -> dict:
    """``policykg extract FILES --json`` as a user runs it."""
    out = subprocess.run([str(CLI), "extract", *map(str, paths), "--json"], capture_output=True, text=True,
                         timeout=600, check=False)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def _metrics_by_doc(facts: dict) -> dict[str, Counter]:
    out: dict[str, Counter] = {}
    for m in facts["metrics"]:
        out.setdefault(Path(m["source"]["doc"]).stem, Counter())[(m["value"], m["unit"])] += 1
    return out


def _sources(facts: dict):
    for key in ("tasks", "ownership", "events", "metrics", "locations"):
        for record in facts[key]:
            yield record["source"]


def _check_format(tmp_path: Path, suffix: str, write: Callable[[str, Path], Path]) -> dict:
    want = _metrics_by_doc(_extract(dev_docs()))
    docs = [p for p in dev_docs() if p.stem in want]  # a page without metrics measures nothing here
    converted = [write(p.read_text(encoding="utf-8"), tmp_path / f"{p.stem}{suffix}") for p in docs]
    facts = _extract(converted)
    got = _metrics_by_doc(facts)
    total = sum(sum(c.values()) for c in want.values())
    found = sum(sum((c & got.get(stem, Counter())).values()) for stem, c in want.items())
    assert total >= 50, "the dev pages give enough metrics to measure"
    assert found >= SHARE * total, f"{suffix}: {found} of {total} metrics of the .txt pages"
    texts = {p.name: read_document(p).text for p in converted}
    for source in _sources(facts):
        assert texts[source["doc"]][source["start"] : source["end"]] == source["evidence"]
    return facts


@pytest.mark.slow
def test_dev_pages_printed_to_pdf_give_the_metrics_of_their_text(tmp_path: Path):
    chars = "".join(p.read_text(encoding="utf-8") for p in dev_docs())  # one font for every page
    facts = _check_format(tmp_path, ".pdf", lambda text, path: write_pdf(text, path, chars=chars))
    assert all(s.get("page", 0) >= 1 for s in _sources(facts)), "PDF facts know their page"


@pytest.mark.slow
def test_dev_pages_saved_as_word_give_the_metrics_of_their_text(tmp_path: Path):
    _check_format(tmp_path, ".docx", write_docx)


@pytest.mark.slow
def test_dev_pages_wrapped_in_a_web_page_give_the_metrics_of_their_text(tmp_path: Path):
    def write(text: str, path: Path) -> Path:
        first = next(line for line in text.split("\n") if line.strip())
        path.write_text(web_page(text, title=first.strip()), encoding="utf-8")
        return path

    _check_format(tmp_path, ".html", write)
    for page in tmp_path.glob("*.html"):
        stored = read_document(page).text
        assert "栏目3" not in stored and "版权所有" not in stored, f"{page.name}: navigation or footer kept"


@pytest.mark.browser
def test_dev_pages_printed_by_chromium_give_the_metrics_of_their_text(tmp_path: Path):
    """The same through a real browser's PDF (fonts, layout and text layer of Chromium/Skia)."""
    import html
    import os

    from viz.browser import Chromium, find_chromium

    if find_chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (make chromium)")
        pytest.skip("chromium is not installed (make chromium)")

    with Chromium.launch() as chromium, chromium.page() as page:

        def write(text: str, path: Path) -> Path:
            body = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())
            source = path.with_suffix(".print.html")
            source.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{font-family:'
                              f'"Noto Sans CJK SC";font-size:12pt}}</style></head><body>{body}</body></html>',
                              encoding="utf-8")
            return print_to_pdf(page, source, path)

        _check_format(tmp_path, ".pdf", write)
