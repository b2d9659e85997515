"""Every Cypher file passes Neo4j's own parser and semantic analysis, and keeps to the dialect
both engines accept (DESIGN.md)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from graph.queries import CYPHER_DIR, load_dir, parse_query

REPO = Path(__file__).resolve().parent.parent
ALL_FILES = sorted(CYPHER_DIR.rglob("*.cypher"))

# What one engine accepts and the other does not (DESIGN.md, STORES.md).
FORBIDDEN = {
    "EXISTS { } subquery": re.compile(r"\bEXISTS\s*\{", re.I),
    "COUNT { } subquery": re.compile(r"\bCOUNT\s*\{", re.I),
    "elementId()": re.compile(r"\belementId\s*\(", re.I),
    "id()": re.compile(r"(?<![\w.])id\s*\(", re.I),
    "=~": re.compile(r"=~"),
    "label alternation (n:A|B)": re.compile(r"\(\s*\w*\s*:\s*\w+\s*\|"),
    "shortestPath in MATCH": re.compile(r"MATCH[^\n]*shortestPath", re.I),
    "two-argument round()": re.compile(r"\bround\s*\([^()]*(\([^()]*\)[^()]*)*,", re.I),
    "CALL (x) { } scope clause": re.compile(r"\bCALL\s*\(", re.I),
    "datetime()": re.compile(r"\bdatetime\s*\(\s*\)", re.I),
}


def test_node_lints_every_cypher_file_without_an_error():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the Cypher lint needs Node.js (npm install, then node)")
    if not (REPO / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        pytest.fail("node_modules is missing @neo4j-cypher/language-support: run `make node` (npm install)")
    proc = subprocess.run([node, "tools/cypher_lint.mjs", "--json", "cypher"], cwd=REPO,
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.stdout, proc.stderr
    report = json.loads(proc.stdout)
    errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert errors == [], "\n".join(f"{e['file']}:{e['line']}:{e['column']}: {e['message']}" for e in errors)
    assert proc.returncode == 0
    linted = {d["file"] for d in report["diagnostics"]}
    assert linted <= {str(p.relative_to(REPO)) for p in ALL_FILES}


def test_the_linter_reports_an_error_in_a_broken_query(tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the Cypher lint needs Node.js")
    bad = tmp_path / "bad.cypher"
    bad.write_text("// name: bad\nMATCH (n:Project RETURN n\n", encoding="utf-8")
    undeclared = tmp_path / "undeclared.cypher"
    undeclared.write_text("// name: undeclared\nMATCH (n:Project {uid: $nope}) RETURN n\n", encoding="utf-8")
    proc = subprocess.run([node, str(REPO / "tools" / "cypher_lint.mjs"), "--json", str(tmp_path)], cwd=REPO,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    files = {Path(d["file"]).name for d in report["diagnostics"] if d["severity"] == "error"}
    assert files == {"bad.cypher", "undeclared.cypher"}


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: str(p.relative_to(CYPHER_DIR)))
def test_every_cypher_file_keeps_to_the_portable_dialect(path):
    text = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                     if not line.lstrip().startswith("//"))
    found = [name for name, pattern in FORBIDDEN.items() if pattern.search(text)]
    assert found == [], f"{path.name} uses {', '.join(found)}"


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: str(p.relative_to(CYPHER_DIR)))
def test_every_cypher_file_has_a_header_naming_it(path):
    query = parse_query(path.read_text(encoding="utf-8"), str(path))
    assert query.name == path.stem
    assert query.summary, f"{path.name} has no // summary:"


def test_every_directory_of_queries_loads():
    for directory in [CYPHER_DIR, *[d for d in CYPHER_DIR.iterdir() if d.is_dir()]]:
        assert load_dir(directory)
