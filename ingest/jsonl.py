"""One document's facts per line: what ``policykg extract --jsonl`` writes and ``policykg load`` reads.

A line is one JSON object, everything the store's ingest service needs to store the document
without extracting it again::

    {"format": "policykg-document/1", "name": "a.txt", "sha256": "<sha256 of the bytes>",
     "extractor": "<fingerprint>", "meta": {manifest row} | null,
     "facts": {"documents": [DOCUMENT], "projects": [...], "bureaus": [...], "places": [...],
               "tasks": [...], "ownership": [...], "events": [...], "metrics": [...],
               "locations": [...], "sections": [...], "other_sections": [...], "rows": [...],
               "sentences": [...], "garbled": [...]},
     "discovered": [{"label": "Project", "name": "…", "kind": "…", "aliases": [...]}],
     "source": {"text": "…"} | {"base64": "…"}}

* ``facts`` is the document's facts in the record shapes of FACTS.md (one document), *before* the
  run's cross-document step, plus what that step reads (each entity's ``mentions``, the
  document's sections, table rows and sentences; a sentence names its section by uid and its
  table row by index, and its character offsets are runs ``[first, count]``). Decoding gives back
  the very ``DocumentFacts`` the extractor made (``tests/test_jsonl_load.py`` checks it on the
  corpus).
* ``discovered``: the project names the document introduced, in the order found: the run folds
  them in name order (``Registry.adopt``), as ``ingest`` does.
* ``source``: the document's bytes, as text when they are UTF-8 (exactly), else base64; the store
  keeps them (a later ingest or ``relink`` extracts the document again with the others), and
  ``sha256`` is their hash: with ``name`` the document's identity.
* ``extractor``: a fingerprint of the extraction code, its registry (curated merges included) and
  the pinned segmenter's version. ``load`` uses the facts only when it is its own fingerprint;
  otherwise it extracts the document again from ``source`` (and says so).

Lines are written in the order of the paths, each as soon as it and the documents before it are
extracted; the same files give the same bytes whatever ``--jobs`` or engine (``ingest.distributed``).

Example::

    line = document_line("a.txt", data, None, facts, discovered)
    doc = parse_line(line, "facts.jsonl", 1)        # a LineDocument
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import hashlib
import json
import types
import typing
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TextIO

from ingest.manifest import DocumentMeta
from ingest.registry import Discovered
from ingest.types import (
    DocumentFacts,
    DocumentInfo,
    Entity,
    Event,
    Location,
    Metric,
    Ownership,
    Section,
    Sentence,
    TableRow,
    Task,
)

FORMAT = "policykg-document/1"
_RECORDS: tuple[tuple[str, type], ...] = (
    ("tasks", Task),
    ("ownership", Ownership),
    ("events", Event),
    ("metrics", Metric),
    ("locations", Location),
)
_ENTITIES = ("projects", "bureaus", "places")


class LineError(ValueError):
    """A line that cannot be loaded: names the file, the line (1-based) and the cause."""

    def __init__(self, file: str, line: int, cause: str):
        super().__init__(f"{file}, line {line}: {cause}")
        self.file, self.line, self.cause = file, line, cause


@dataclass(slots=True)
class LineDocument:
    """One decoded line: the document's identity and bytes, its manifest row, its facts (before
    the run's cross-document step), the names it discovered and the extractor's fingerprint."""

    name: str
    data: bytes
    meta: DocumentMeta | None
    facts: DocumentFacts
    discovered: list[Discovered]
    extractor: str
    where: str = ""  # "FILE, line N"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


# --------------------------------------------------------------------------- the fingerprint


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    """The extraction code and registry files as installed, and the pinned libraries it reads with."""
    from importlib import metadata

    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in (".py", ".yaml") and p.is_file()):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    for package in (
        "jieba",
        "opencc",
        "cn2an",
        "charset-normalizer",
        "trafilatura",
        "pypdfium2",
        "python-docx",
    ):
        try:
            digest.update(f"{package}=={metadata.version(package)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}==?\0".encode())
    return digest.hexdigest()


def fingerprint() -> str:
    """What a document's facts depend on besides its bytes and manifest row: the extraction code,
    the registry (a deployment's own curated merges, ``POLICYKG_MERGES``, included) and the
    segmenter's version. Two processes with the same fingerprint extract the same facts.

    Example: ``fingerprint()[:7]`` → ``'ex1:3f2a…'``-like, the same in every worker of one install.
    """
    from ingest.registry import merges_path

    digest = hashlib.sha256(_code_digest().encode())
    merges = merges_path(Path(__file__).resolve().parent / "registry")
    try:
        digest.update(merges.read_bytes())
    except OSError:
        digest.update(b"no merges")
    return "ex1:" + digest.hexdigest()[:32]


# --------------------------------------------------------------------------- writing


def document_line(
    name: str,
    data: bytes,
    meta: DocumentMeta | None,
    facts: DocumentFacts,
    discovered: Sequence[Discovered],
    extractor: str | None = None,
) -> str:
    """The line of one document (no newline): see the module's notes."""
    record = {
        "format": FORMAT,
        "name": name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "extractor": extractor or fingerprint(),
        "meta": _meta_json(name, meta),
        "facts": facts_to_json(facts),
        "discovered": [
            {"label": d.label, "name": d.name, "kind": d.kind, "aliases": sorted(d.aliases)}
            for d in discovered
        ],
        "source": _source_json(data),
    }
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def facts_to_json(doc: DocumentFacts) -> dict[str, Any]:
    """``doc`` as JSON, lossless (:func:`facts_from_json` gives it back equal)."""
    listed = {s.uid for s in doc.sections}
    sections: dict[str, Section] = {s.uid: s for s in doc.sections}
    other: dict[str, Section] = {}
    rows: dict[int, TableRow] = {}
    for s in doc.sentences:
        if s.section is not None:
            known = sections.get(s.section.uid) or other.get(s.section.uid)
            if known is None:
                other[s.section.uid] = s.section
            elif known != s.section:
                raise ValueError(f"two sections with uid {s.section.uid}")
        if s.row is not None and rows.setdefault(s.row.index, s.row) != s.row:
            raise ValueError(f"two table rows with index {s.row.index}")
    out: dict[str, Any] = {"documents": [_plain(doc.document)]}
    for key in _ENTITIES:
        out[key] = [_plain(e) for e in getattr(doc, key)]
    for key, _type in _RECORDS:
        out[key] = [_plain(r) for r in getattr(doc, key)]
    out["sections"] = [_plain(s) for s in doc.sections]
    out["other_sections"] = [_plain(s) for uid, s in other.items() if uid not in listed]
    out["rows"] = [_plain(r) for r in rows.values()]
    out["sentences"] = [_sentence_json(s) for s in doc.sentences]
    out["garbled"] = [list(g) for g in doc.garbled]
    return out


def _sentence_json(s: Sentence) -> dict[str, Any]:
    out = {
        "uid": s.uid,
        "doc": s.doc,
        "index": s.index,
        "text": s.text,
        "evidence": s.evidence,
        "start": s.start,
        "end": s.end,
        "offsets": _runs(s.offsets),
        "section": s.section.uid if s.section else None,
        "paragraph": s.paragraph,
        "row": s.row.index if s.row else None,
        "column": s.column,
    }
    if s.page is not None:
        out["page"] = s.page
    return out


def _runs(offsets: Sequence[int]) -> list[list[int]]:
    """``(3, 4, 5, 9, 10)`` → ``[[3, 3], [9, 2]]``: consecutive offsets as [first, count]."""
    runs: list[list[int]] = []
    for o in offsets:
        if runs and runs[-1][0] + runs[-1][1] == o:
            runs[-1][1] += 1
        else:
            runs.append([o, 1])
    return runs


def _plain(value: Any) -> Any:
    """A dataclass as JSON: its fields in order, a ``page`` that is None left out (FACTS.md)."""
    if dataclasses.is_dataclass(value):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not (f.name == "page" and getattr(value, f.name) is None)
        }
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, set):
        return sorted(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _meta_json(name: str, meta: DocumentMeta | None) -> dict[str, Any] | None:
    if meta is None:
        return None
    return _plain(dataclasses.replace(meta, file=name))


def _source_json(data: bytes) -> dict[str, str]:
    try:
        return {"text": data.decode("utf-8")}  # decodes exactly: encoding it gives the same bytes
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(data).decode("ascii")}


# --------------------------------------------------------------------------- reading


def facts_from_json(value: dict[str, Any]) -> DocumentFacts:
    """The ``DocumentFacts`` of :func:`facts_to_json`; raises ``ValueError`` naming what is wrong."""
    if not isinstance(value, dict):
        raise ValueError("facts is not an object")
    docs = _field(value, "documents", list)
    if len(docs) != 1:
        raise ValueError(f"facts.documents has {len(docs)} documents, not 1")
    sections = [_decode(Section, s, "facts.sections") for s in _field(value, "sections", list)]
    table = {s.uid: s for s in sections}
    for s in _field(value, "other_sections", list):
        extra = _decode(Section, s, "facts.other_sections")
        table[extra.uid] = extra
    rows = {}
    for r in _field(value, "rows", list):
        row = _decode(TableRow, r, "facts.rows")
        rows[row.index] = row
    sentences = [_sentence(s, table, rows) for s in _field(value, "sentences", list)]
    return DocumentFacts(
        document=_decode(DocumentInfo, docs[0], "facts.documents"),
        sections=sections,
        sentences=sentences,
        projects=[_decode(Entity, e, "facts.projects") for e in _field(value, "projects", list)],
        bureaus=[_decode(Entity, e, "facts.bureaus") for e in _field(value, "bureaus", list)],
        places=[_decode(Entity, e, "facts.places") for e in _field(value, "places", list)],
        tasks=[_decode(Task, t, "facts.tasks") for t in _field(value, "tasks", list)],
        ownership=[_decode(Ownership, o, "facts.ownership") for o in _field(value, "ownership", list)],
        events=[_decode(Event, e, "facts.events") for e in _field(value, "events", list)],
        metrics=[_decode(Metric, m, "facts.metrics") for m in _field(value, "metrics", list)],
        garbled=[_decode(tuple[int, int], g, "facts.garbled") for g in _field(value, "garbled", list)],
        locations=[_decode(Location, x, "facts.locations") for x in _field(value, "locations", list)],
    )


def parse_line(text: str, file: str, number: int) -> LineDocument:
    """One line of a jsonl file; raises :class:`LineError` naming ``file``, ``number`` and the cause."""
    try:
        record = json.loads(text)
    except json.JSONDecodeError as err:
        raise LineError(file, number, f"not JSON ({err.msg} at column {err.colno})") from None
    try:
        return _document(record, f"{file}, line {number}")
    except (ValueError, TypeError, KeyError) as err:
        raise LineError(file, number, str(err)) from None


def read_jsonl(paths: Sequence[str | Path]) -> Iterator[LineDocument | LineError]:
    """Every line of every file, in order: a :class:`LineDocument`, or a :class:`LineError` for a
    line that cannot be loaded (the others go on). Blank lines are skipped; a file that cannot be
    read is one LineError (line 0)."""
    for path in paths:
        try:
            handle = open(path, encoding="utf-8")  # noqa: SIM115 - closed below, read lazily
        except OSError as err:
            yield LineError(str(path), 0, err.strerror or str(err))
            continue
        with handle:
            number = 0
            try:
                for number, text in enumerate(handle, start=1):
                    if not text.strip():
                        continue
                    try:
                        yield parse_line(text, str(path), number)
                    except LineError as err:
                        yield err
            except UnicodeDecodeError:
                yield LineError(str(path), number + 1, "not UTF-8 text")


def _document(record: Any, where: str) -> LineDocument:
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    if record.get("format") != FORMAT:
        raise ValueError(f"format is {record.get('format')!r}, not {FORMAT!r}")
    name = _field(record, "name", str)
    if not name or "/" in name or "\\" in name or name in (".", ".."):
        raise ValueError(f"name {name!r} is not a file name")
    source = _field(record, "source", dict)
    if isinstance(source.get("text"), str):
        data = source["text"].encode("utf-8")
    elif isinstance(source.get("base64"), str):
        try:
            data = base64.b64decode(source["base64"], validate=True)
        except ValueError:
            raise ValueError("source.base64 is not base64") from None
    else:
        raise ValueError("source has neither text nor base64")
    sha = _field(record, "sha256", str)
    if hashlib.sha256(data).hexdigest() != sha:
        raise ValueError(f"the source of {name} does not have its sha256 {sha[:12]}…")
    facts = facts_from_json(_field(record, "facts", dict))
    if facts.document.file != name:
        raise ValueError(f"the facts are of {facts.document.file!r}, the line names {name!r}")
    if facts.document.sha256 != sha:
        raise ValueError(f"the facts of {name} are of other bytes (sha256 {facts.document.sha256[:12]}…)")
    meta = record.get("meta")
    meta = None if meta is None else _decode(DocumentMeta, meta, "meta")
    discovered = [
        Discovered(
            _field(d, "label", str), _field(d, "name", str), d.get("kind"), set(_field(d, "aliases", list))
        )
        for d in _field(record, "discovered", list)
    ]
    return LineDocument(name, data, meta, facts, discovered, _field(record, "extractor", str), where)


def _field(record: dict, key: str, kind: type) -> Any:
    if not isinstance(record, dict) or key not in record:
        raise ValueError(f"{key} is missing")
    value = record[key]
    if not isinstance(value, kind):
        raise ValueError(f"{key} is not a {kind.__name__}")
    return value


def _sentence(value: dict, sections: dict[str, Section], rows: dict[int, TableRow]) -> Sentence:
    if not isinstance(value, dict):
        raise ValueError("facts.sentences: not an object")
    section = value.get("section")
    row = value.get("row")
    if section is not None and section not in sections:
        raise ValueError(f"facts.sentences: section {section!r} is not listed")
    if row is not None and row not in rows:
        raise ValueError(f"facts.sentences: row {row!r} is not listed")
    offsets: list[int] = []
    for first, count in _field(value, "offsets", list):
        offsets.extend(range(int(first), int(first) + int(count)))
    plain = {k: v for k, v in value.items() if k not in ("section", "row", "offsets")}
    sentence = _decode(Sentence, {**plain, "offsets": [], "section": None}, "facts.sentences")
    return dataclasses.replace(
        sentence,
        offsets=tuple(offsets),
        section=sections[section] if section is not None else None,
        row=rows[row] if row is not None else None,
    )


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(tp: Any, value: Any, where: str) -> Any:
    """``value`` (parsed JSON) as type ``tp``: dataclasses from objects (every field known, the
    required ones given), tuples from lists; anything else as it is, after a type check."""
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise ValueError(f"{where}: not an object")
        hints = _hints(tp)
        names = {f.name for f in dataclasses.fields(tp)}
        unknown = set(value) - names
        if unknown:
            raise ValueError(f"{where}: unknown field {sorted(unknown)[0]!r}")
        try:
            return tp(**{k: _decode(hints[k], v, f"{where}.{k}") for k, v in value.items()})
        except TypeError as err:
            raise ValueError(f"{where}: {err}") from None
    if origin in (list, tuple, set):
        if not isinstance(value, list):
            raise ValueError(f"{where}: not a list")
        args = typing.get_args(tp)
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            if len(value) != len(args):
                raise ValueError(f"{where}: {len(value)} items, not {len(args)}")
            return tuple(_decode(a, v, where) for a, v in zip(args, value, strict=True))
        items = [_decode(args[0], v, where) for v in value]
        return origin(items)
    if origin is dict:
        if not isinstance(value, dict):
            raise ValueError(f"{where}: not an object")
        return dict(value)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in typing.get_args(tp):
            return None
        for arg in typing.get_args(tp):
            if arg is type(None):
                continue
            try:
                return _decode(arg, value, where)
            except ValueError:
                continue
        raise ValueError(f"{where}: {value!r} is not {tp}")
    if origin is Literal:
        if value not in typing.get_args(tp):
            raise ValueError(f"{where}: {value!r} is not one of {typing.get_args(tp)}")
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{where}: {value!r} is not a number")
        return value  # an int stays an int: what the extractor made
    if tp in (int, str, bool) and (not isinstance(value, tp) or (tp is int and isinstance(value, bool))):
        raise ValueError(f"{where}: {value!r} is not {tp.__name__}")
    return value


# --------------------------------------------------------------------------- extracting to lines


@dataclass(slots=True)
class LinesRun:
    """What :func:`extract_lines` did: lines written, and the files that failed with their cause."""

    written: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)


def extract_lines(
    paths: Sequence[str | Path],
    out: TextIO,
    manifest=None,
    jobs: int = 1,
    on_document: Callable[[str, str | None], None] | None = None,
) -> LinesRun:
    """Extract ``paths`` over ``jobs`` processes (:mod:`ingest.parallel`) and write one line per
    document to ``out`` in path order, each as soon as it and every document before it are done.
    A file that fails is not written; it is in the result with its cause. ``on_document(path,
    error)`` is called as each document finishes (in the order they finish).

    Example: ``extract_lines(["a.txt", "b.txt"], sys.stdout, jobs=2)``
    """
    from ingest.parallel import DocumentJob, run_jobs
    from ingest.registry import Registry

    work = [DocumentJob(i, str(p), manifest.for_path(p) if manifest else None) for i, p in enumerate(paths)]
    run = LinesRun()
    ready: dict[int, Any] = {}
    next_index = [0]
    extractor = fingerprint()

    def finished(outcome) -> None:
        if on_document:
            on_document(outcome.path, outcome.error)
        ready[outcome.index] = outcome
        while next_index[0] in ready:
            done = ready.pop(next_index[0])
            next_index[0] += 1
            line = _outcome_line(done, work[done.index].meta, extractor)
            if isinstance(line, tuple):
                run.errors.append(line)
                continue
            out.write(line + "\n")
            out.flush()
            run.written += 1

    run_jobs(work, Registry.load(), jobs, finished)
    return run


def _outcome_line(outcome, meta: DocumentMeta | None, extractor: str) -> str | tuple[str, str]:
    if outcome.facts is None:
        return outcome.path, outcome.error or "failed"
    try:
        data = Path(outcome.path).read_bytes()
    except OSError as err:
        return outcome.path, err.strerror or str(err)
    name = Path(outcome.path).name
    return document_line(name, data, meta, outcome.facts, outcome.discovered, extractor)
