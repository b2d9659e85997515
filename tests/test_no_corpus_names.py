"""The extractor names no project or company of the gold sets: what it finds, it finds by the
language of the documents (issue 12: a rule that only knows the seeds' or the dev pages' names
does not carry over to a district's own pages).

Every string literal of ``ingest/`` (docstrings aside: they may show an example) and every value
of its data files is checked against the project names and aliases and the non-government unit
names of the seed gold and the development gold. Names that are public knowledge are allowed:
the street offices and districts the registry lists.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
INGEST = REPO / "ingest"
_GOVERNMENT = ("委员会", "局", "办公室", "人民政府", "街道办事处", "管理委员会", "管委会", "区委", "分局",
               "市政府", "区政府")
# what a unit is, not which one: a gold unit named only by these is no name to look for
_GENERIC = re.compile(r"^(?:现场|项目|工程)?(?:指挥部|领导小组|办公室|工作专班)$")


def _government(name: str) -> bool:
    """A public body (its name is public knowledge), not a company or a project's own office."""
    public_prefix = name.startswith(("北京市", "区", "各"))
    return name.endswith(_GOVERNMENT) or (public_prefix and name.endswith(("中心", "机构")))


def _literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]


def _data_values(node) -> list[str]:
    if isinstance(node, dict):
        return [v for x in node.values() for v in _data_values(x)]
    if isinstance(node, list):
        return [v for x in node for v in _data_values(x)]
    return [node] if isinstance(node, str) else []


def _public_names() -> set[str]:
    data = yaml.safe_load((INGEST / "registry" / "institutions.yaml").read_text(encoding="utf-8")) or {}
    names = set()
    def walk(node) -> None:  # street lists, wherever the file keeps them
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "streets" and isinstance(value, list):
                    for entry in value:
                        names.add(entry["name"])
                        names.update(entry.get("aliases") or ())
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    return names


def _gold_names(gold_files: list[Path]) -> set[str]:
    names: set[str] = set()
    for path in gold_files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        for p in gold.get("projects", []):
            names.update(n for n in [p["name"], *(p.get("aliases") or [])] if n)
        for b in gold.get("bureaus", []):
            if not _government(b["name"]):
                names.update(n for n in [b["name"], *(b.get("aliases") or [])] if n)
    return names


def test_no_gold_name_in_the_extractor(gold_path, dev_dir):
    gold = _gold_names([gold_path, *sorted((dev_dir / "gold").glob("*.json"))])
    public = _public_names()
    # a name is the part before generic words; at least two characters of it must be specific
    names = {n for n in gold if len(n) >= 2 and not _GENERIC.match(n) and not any(n in p for p in public)}
    strings: list[tuple[Path, str]] = []
    for path in sorted(INGEST.rglob("*.py")):
        strings += [(path, s) for s in _literals(path)]
    for path in sorted(INGEST.rglob("*.yaml")):
        strings += [(path, s) for s in _data_values(yaml.safe_load(path.read_text(encoding="utf-8")))]
    found = sorted({(str(p.relative_to(REPO)), n) for p, s in strings for n in names if n in s})
    if found:
        pytest.fail("gold names in the extractor's code or data: " + "; ".join(f"{p}: {n}" for p, n in found))
