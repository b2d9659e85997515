"""The named-query runner's half that knows no engine: ``cypher/*.cypher`` files and their headers.

``cypher/*.cypher`` are the PUBLIC named queries (``policykg query``, ``GET /api/v1/queries``);
``cypher/internal/*.cypher`` are the queries the API's resource routes and the viz pages run
(``api_*``, ``viz_*``, ``count_*``, ``document_source``): :meth:`GraphStore.run_named` runs both,
only the public ones are listed and served by name. The other folders (write, export, graph,
link, examples) are the store's own. The folder ships inside the package as ``graph/cypher``
(pyproject's force-include); a checkout reads the repository's ``cypher/``.

Each file holds one query and a header the API, the CLI and the docs read::

    // name: bureau_projects
    // summary: Projects a bureau is responsible for, with the evidence.
    // param: bureau: name — any name or alias of the bureau, or its uid
    // param: limit: int = 100 — at most this many rows
    MATCH …

Parameter types: ``str``, ``int``, ``float``, ``bool``, ``list`` (a list of strings; from text,
comma-separated), ``map`` (internal queries only) and ``name``: a string naming an entity. For a
``name`` parameter ``p`` the runner passes ``$p`` (the text as given, to compare with a uid) and
also ``$p_key`` (its folded search key, for ``CONTAINS``) and ``$p_keys`` (every key variant, to
compare with a node's ``keys``) and ``$p_grams`` (the gram each of those keys is looked up by
in a node's indexed ``grams``, for a substring search); see :mod:`graph.keys`. A query with
``int`` parameters ``skip`` and ``limit`` also gets ``$reach``, their sum (where its page ends).
A parameter without a default is required. Values are only ever passed as query parameters,
never spliced into the text.

Example::

    q = named_queries()["bureau_projects"]
    params = q.bind({"bureau": "區住建委", "limit": "5"})
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.keys import fold, query_gram, variants
from graph.store import QueryError


def _cypher_dir() -> Path:
    """``graph/cypher`` in an installed wheel, else the repository's top-level ``cypher/``."""
    here = Path(__file__).resolve().parent
    shipped = here / "cypher"
    return shipped if shipped.is_dir() else here.parent / "cypher"


CYPHER_DIR = _cypher_dir()
INTERNAL_DIR = CYPHER_DIR / "internal"
TYPES = ("str", "int", "float", "bool", "list", "map", "name")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<type>[a-z]+)"
    r"(?:\s*=\s*(?P<default>[^—]*?))?\s*(?:—\s*(?P<doc>.*))?$"
)
_KEY = re.compile(r"^[a-z_]+$")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


# Bounds of the int parameters, by name (a header cannot widen them): a LIMIT below 1 is refused
# by the engines as a syntax error, and past 64 bits an int is not a Cypher integer at all.
INT_BOUNDS: dict[str, tuple[int, int]] = {
    "limit": (1, 100_000),
    "skip": (0, 10_000_000),
    "evidence": (0, 1_000),
    "mentions": (0, 100_000),
    "depth": (1, 3),
    "year": (0, 9999),
    "year_from": (0, 9999),
    "year_to": (0, 9999),
}
INT64 = (-(2**63), 2**63 - 1)


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    type: str
    required: bool
    default: Any = None
    doc: str = ""

    @property
    def bounds(self) -> tuple[int, int] | None:
        """The (minimum, maximum) an int parameter accepts; None for other types."""
        return INT_BOUNDS.get(self.name, INT64) if self.type == "int" else None

    def convert(self, value: Any) -> Any:
        """The value as this parameter's type; raises ``QueryError('parameter', …)``.

        Text with a control character (NUL …) is refused here: no stored name holds one, and
        FalkorDB's client writes parameters into the query text, where a NUL ends it.

        >>> Param("uid", "str", required=True).convert("a\\x00b")
        Traceback (most recent call last):
        graph.store.QueryError: parameter: uid: contains the control character U+0000
        """
        bad = control_character(value)
        if bad is not None:
            raise QueryError("parameter", f"{self.name}: contains the control character U+{ord(bad):04X}")
        try:
            result = _convert(self.type, value)
        except (TypeError, ValueError) as err:
            raise QueryError("parameter", f"{self.name}: expected {self.type}, got {value!r}") from err
        bounds = self.bounds
        if bounds is not None and result is not None and not bounds[0] <= result <= bounds[1]:
            low, high = bounds
            raise QueryError("parameter", f"{self.name}: must be an integer from {low} to {high}, "
                                          f"got {result}")
        return result

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "required": self.required,
                "default": self.default, "description": self.doc}


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # C0 and DEL; tab and line breaks pass


def control_character(value: Any) -> str | None:
    """The first control character (other than tab, CR, LF) in ``value`` or in its items."""
    if isinstance(value, str):
        m = _CONTROL.search(value)
        return m.group() if m else None
    if isinstance(value, (list, tuple)):
        return next((c for c in map(control_character, value) if c is not None), None)
    return None


def _convert(kind: str, value: Any) -> Any:
    if kind in ("str", "name"):
        if isinstance(value, (dict, list, tuple)):
            raise TypeError(kind)
        return str(value).strip()
    if kind == "int":
        if isinstance(value, bool):
            raise TypeError(kind)
        if isinstance(value, float) and not value.is_integer():
            raise ValueError(kind)
        return int(str(value).strip()) if isinstance(value, str) else int(value)
    if kind == "float":
        if isinstance(value, bool):
            raise TypeError(kind)
        result = float(value)
        if result != result or result in (float("inf"), float("-inf")):
            raise ValueError(kind)
        return result
    if kind == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueError(kind)
    if kind == "list":
        if isinstance(value, str):
            return [v.strip() for v in value.split(",") if v.strip()]
        if isinstance(value, (list, tuple)):
            return [str(v) for v in value]
        raise TypeError(kind)
    if kind == "map":
        if not isinstance(value, dict):
            raise TypeError(kind)
        return value
    raise ValueError(f"unknown type {kind}")


@dataclass(frozen=True, slots=True)
class NamedQuery:
    name: str
    summary: str
    params: tuple[Param, ...]
    text: str
    path: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def bind(self, values: dict[str, Any] | None) -> dict[str, Any]:
        """Typed query parameters from user values (strings from a URL or the CLI are fine)."""
        values = dict(values or {})
        known = {p.name for p in self.params}
        unknown = sorted(set(values) - known)
        if unknown:
            raise QueryError("parameter", f"{self.name} takes no parameter {', '.join(unknown)}; "
                                          f"it takes {', '.join(sorted(known)) or 'none'}")
        out: dict[str, Any] = {}
        for p in self.params:
            if p.name in values and values[p.name] is not None:
                value = p.convert(values[p.name])
            elif p.required:
                raise QueryError("parameter", f"{self.name} needs the parameter {p.name} ({p.type})")
            else:
                value = p.default
            out[p.name] = value
            if p.type == "name":
                text = value or ""
                out[f"{p.name}_key"] = fold(text)
                out[f"{p.name}_keys"] = variants(text) if text else []
                out[f"{p.name}_grams"] = [query_gram(k) for k in out[f"{p.name}_keys"]]
        if isinstance(out.get("skip"), int) and isinstance(out.get("limit"), int):
            # where the page ends, for a query that reads only as far as that (FalkorDB's LIMIT
            # takes a parameter, not an expression such as $skip + $limit)
            out["reach"] = out["skip"] + out["limit"]
        return out

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "summary": self.summary,
                "params": [p.to_json() for p in self.params]}


def parse_query(text: str, path: str = "") -> NamedQuery:
    """Read a ``.cypher`` file's header; raises ``ValueError`` on a malformed header."""
    meta: dict[str, str] = {}
    params: list[Param] = []
    body: list[str] = []
    in_header = True
    for line in text.splitlines():
        stripped = line.strip()
        if in_header and stripped.startswith("//"):
            content = stripped[2:].strip()
            key, sep, rest = content.partition(":")
            if not sep or not _KEY.match(key.strip()):
                continue  # a comment line in the header
            key, rest = key.strip(), rest.strip()
            if key == "param":
                params.append(_parse_param(rest, path))
            else:
                meta[key] = rest
            continue
        if in_header and not stripped:
            continue
        in_header = False
        body.append(line)
    if "name" not in meta:
        raise ValueError(f"{path}: header has no '// name:' line")
    query_text = "\n".join(body).strip()
    if not query_text:
        raise ValueError(f"{path}: no query after the header")
    summary = meta.pop("summary", "")
    name = meta.pop("name")
    return NamedQuery(name=name, summary=summary, params=tuple(params), text=query_text, path=path,
                      extra=meta)


def _parse_param(spec: str, path: str) -> Param:
    m = _PARAM.match(spec)
    if not m:
        raise ValueError(f"{path}: cannot read parameter {spec!r}")
    kind = m.group("type")
    if kind not in TYPES:
        raise ValueError(f"{path}: parameter {m.group('name')} has unknown type {kind}")
    raw_default = m.group("default")
    required = raw_default is None
    default = None
    if raw_default is not None:
        raw_default = raw_default.strip()
        if raw_default.startswith(("'", '"')) and raw_default.endswith(raw_default[0]):
            raw_default = raw_default[1:-1]
        default = _convert(kind, raw_default) if raw_default.lower() != "null" else None
    return Param(name=m.group("name"), type=kind, required=required, default=default,
                 doc=(m.group("doc") or "").strip())


def load_dir(directory: Path) -> dict[str, NamedQuery]:
    out: dict[str, NamedQuery] = {}
    for path in sorted(directory.glob("*.cypher")):
        q = parse_query(path.read_text(encoding="utf-8"), str(path))
        if q.name != path.stem:
            raise ValueError(f"{path}: header names it {q.name!r}, the file is {path.stem!r}")
        out[q.name] = q
    return out


@lru_cache(maxsize=1)
def named_queries() -> dict[str, NamedQuery]:
    """The public named queries: ``cypher/*.cypher`` (listed and served by name)."""
    return load_dir(CYPHER_DIR)


@lru_cache(maxsize=1)
def all_named() -> dict[str, NamedQuery]:
    """The public named queries and the internal ones of ``cypher/internal/`` (the API's resource
    routes, the viz pages, ``/health``): what :meth:`GraphStore.run_named` runs."""
    internal = load_dir(INTERNAL_DIR)
    clash = sorted(set(internal) & set(named_queries()))
    if clash:
        raise ValueError(f"{INTERNAL_DIR}: {', '.join(clash)} also in {CYPHER_DIR}")
    return {**named_queries(), **internal}


@lru_cache(maxsize=4)
def internal_queries(group: str) -> dict[str, NamedQuery]:
    """The store's own queries: ``cypher/<group>/*.cypher`` (write, export, graph, link), and the
    sample queries of the API's schema (examples)."""
    return load_dir(CYPHER_DIR / group)


def get_named(name: str, *, internal: bool = False) -> NamedQuery:
    """The public query ``name`` (also an internal one with ``internal=True``); raises
    ``QueryError('not_found')`` naming the public ones."""
    queries = all_named() if internal else named_queries()
    if name not in queries:
        public = ", ".join(sorted(named_queries()))
        raise QueryError("not_found", f"no named query {name!r}; there are: {public}")
    return queries[name]
