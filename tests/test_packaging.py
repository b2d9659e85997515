"""What ships: the runtime dependencies are what the code imports, and a wheel built from the
repository answers a named query from its own installed copy of ``cypher/``."""

from __future__ import annotations

import ast
import importlib.metadata
import json
import os
import re
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("policykg", "ingest", "graph", "api", "viz")

# Runtime dependencies that no module of ours imports by name, each with why it is needed.
INDIRECT = {
    "hiredis": "redis-py parses replies with it when it is installed (3x faster round trips)",
    "httptools": "uvicorn's HTTP parser (policykg serve)",
    "uvloop": "uvicorn's event loop (policykg serve)",
    "python-multipart": "FastAPI parses the upload form of POST /documents with it",
    "starlette": "FastAPI's base; pinned because the app uses its exceptions and test client",
}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _runtime_dependencies() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_norm(re.split(r"[\s<>=!~;\[]", spec, maxsplit=1)[0]) for spec in project["dependencies"]}


def _dev_dependencies() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {
        _norm(re.split(r"[\s<>=!~;\[]", spec, maxsplit=1)[0])
        for spec in project["optional-dependencies"]["dev"]
    }


def _optional_dependencies() -> set[str]:
    """What the extras other than ``dev`` install (``dask``: code that imports it says so)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {
        _norm(re.split(r"[\s<>=!~;\[]", spec, maxsplit=1)[0])
        for extra, specs in project["optional-dependencies"].items()
        if extra != "dev"
        for spec in specs
    }


def _imported_modules(roots: tuple[str, ...]) -> dict[str, set[str]]:
    """Top-level module → the files that import it (absolute imports, at any depth of the code)."""
    out: dict[str, set[str]] = {}
    for root in roots:
        for path in sorted((REPO / root).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            for node in ast.walk(tree):
                names: list[str] = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                for name in names:
                    out.setdefault(name.split(".")[0], set()).add(str(path.relative_to(REPO)))
    return out


def _third_party(modules: dict[str, set[str]]) -> dict[str, set[str]]:
    ours = set(PACKAGES) | {"tests", "bench", "tools"}
    return {
        m: files
        for m, files in modules.items()
        if m not in sys.stdlib_module_names and m not in ours and m != "__future__"
    }


def test_runtime_dependencies_are_what_the_packages_import():
    dists = importlib.metadata.packages_distributions()
    imported = _third_party(_imported_modules(PACKAGES))
    unknown = {m: sorted(f) for m, f in imported.items() if m not in dists}
    assert unknown == {}, f"imported but installed by no distribution: {unknown}"
    needed = {_norm(d) for m in imported for d in dists[m]}
    declared = _runtime_dependencies()
    missing = sorted(needed - declared - _optional_dependencies())
    assert missing == [], f"imported by the packages but not a runtime dependency or an extra: {missing}"
    unused = sorted(declared - needed - set(INDIRECT))
    assert unused == [], (
        f"runtime dependencies that nothing in {', '.join(PACKAGES)} imports: {unused} "
        "(move them to the dev extra, or say in INDIRECT why they are needed)"
    )
    stale = sorted(set(INDIRECT) - declared)
    assert stale == [], f"INDIRECT names what is not a runtime dependency: {stale}"


def test_what_only_the_tests_import_is_in_the_dev_extra_not_the_runtime():
    dists = importlib.metadata.packages_distributions()
    runtime = _runtime_dependencies()
    test_only = {_norm(d) for m in _third_party(_imported_modules(("tests",))) for d in dists.get(m, [])}
    assert "cn2an" in test_only  # the check below would pass vacuously without it
    assert sorted(test_only - runtime - _dev_dependencies()) == []
    assert "cn2an" not in runtime and "charset-normalizer" not in runtime


def test_the_import_scan_sees_imports_inside_functions(tmp_path):
    """The scan must not miss a lazy import (most of ours are inside functions)."""
    tree = ast.parse("def f():\n    import yaml\n    from pypdfium2 import raw\n")
    seen = {
        n.names[0].name if isinstance(n, ast.Import) else n.module
        for n in ast.walk(tree)
        if isinstance(n, ast.Import | ast.ImportFrom)
    }
    assert seen == {"yaml", "pypdfium2"}
    assert "pypdfium2" in _imported_modules(("ingest",))


_SAMPLE = (
    "某区2031年工作报告（测试）\n"
    "一、重点工作\n"
    "甲街区更新项目由区某某委员会牵头实施，完成居民签约150户。\n"
    "全年完成固定资产投资8.5亿元。\n"
)


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_wheel_built_from_the_repository_answers_a_named_query_from_its_installed_queries(tmp_path):
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(wheels)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = wheels.glob("policykg-*.whl")

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "-q",
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    # the dependencies come from this environment's site-packages, appended after the fresh venv's
    # own (a path in a .pth is not itself scanned for .pth files: this venv's editable hook stays out)
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (site / "zz_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")

    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "POLICYKG_STORE")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            args, cwd=work, env=env, capture_output=True, text=True, timeout=300, check=False
        )

    where = run(
        str(python), "-c", "import graph, graph.queries as q; print(graph.__file__); print(q.CYPHER_DIR)"
    )
    assert where.returncode == 0, where.stderr
    module, cypher_dir = where.stdout.split()
    assert Path(module).is_relative_to(venv) and Path(cypher_dir).is_relative_to(venv), where.stdout
    assert not Path(cypher_dir).is_relative_to(REPO)

    (work / "sample.txt").write_text(_SAMPLE, encoding="utf-8")
    policykg = str(venv / "bin" / "policykg")
    store = f"falkordb:{tmp_path / 'store'}"
    ingest = run(policykg, "ingest", "sample.txt", "--store", store)
    assert ingest.returncode == 0, ingest.stderr[-2000:]
    stats = run(policykg, "query", "stats", "--store", store, "--json")
    assert stats.returncode == 0, stats.stderr[-2000:]
    rows = json.loads(stats.stdout)["rows"]
    counts = {(r["kind"], r["name"]): r["count"] for r in rows}
    assert counts[("node", "Document")] == 1 and counts[("node", "Observation")] == 2, counts

    listed = run(policykg, "query", "--list", "--json")
    assert listed.returncode == 0, listed.stderr
    names = {q["name"] for q in json.loads(listed.stdout)}
    assert names == {p.stem for p in (REPO / "cypher").glob("*.cypher")}
    internal = run(policykg, "query", "api_projects", "--store", store)
    assert internal.returncode == 2 and "no named query 'api_projects'" in internal.stderr
