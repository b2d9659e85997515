"""The institutions' pattern compiled once per registry version, not once per run.

Every run matches the registry's ~4,000 institution names through one trie-shaped pattern
(:mod:`ingest.extract.names`). Building it is pure Python: the trie and its text, ``re``'s parser
and its code generator take 0.07–0.14 s, all of it in the serial start of ``policykg extract``,
before any worker starts. The outcome is a list of integers (the regular-expression engine's
code) that depends only on the names and on the Python version; it is kept in a file under
``~/.cache/policykg/`` (or ``$XDG_CACHE_HOME``) keyed by both, and the next run hands it to the
engine directly (``_sre.compile``, which checks the code before it accepts it). What is kept is
the registry's data compiled, never anything read from a document.

Example::

    pattern = stored_names_pattern(["区住建委", "区住房城乡建设委"])
    pattern.findall("由区住房城乡建设委牵头")   # ['区住房城乡建设委'], as names_pattern gives
"""

from __future__ import annotations

import hashlib
import marshal
import re
import sys
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

# CPython's own steps of re.compile. They are not public API, so a Python that lacks them (or
# changes them) gets plain re.compile and no cache file, never an error
try:
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - another Python implementation or version
    _sre = None

from ingest.extract import names
from ingest.extract.cachefiles import cache_file, write_whole
from ingest.extract.names import names_regex

_FORMAT = 1  # bump when what the file holds changes


def stored_names_pattern(names: Iterable[str]) -> re.Pattern | None:
    """``names_pattern(names)``: the same pattern text, flags, groups and code, read from the
    cache file when one was written for these names and this Python, else compiled (and written).
    None for no names."""
    return _stored(tuple(sorted({n for n in names if n})))


@lru_cache(maxsize=4)
def _stored(names: tuple[str, ...]) -> re.Pattern | None:
    if not names:
        return None
    path = _cache_path(names) if _sre is not None else None
    if path is not None:
        try:
            return _sre.compile(*marshal.loads(path.read_bytes()))
        except (OSError, EOFError, ValueError, TypeError, RuntimeError):
            pass  # no file, a file of another format, or code the engine refuses: compile
    source = names_regex(names)  # the trie: built only when no file gives the code
    assert source is not None
    if _sre is None:
        return re.compile(source)
    try:
        arguments = compile_arguments(source)
        pattern = _sre.compile(*arguments)
    except Exception:  # the private steps changed in this Python: the public way, nothing kept
        return re.compile(source)
    if path is not None:
        write_whole(path, marshal.dumps(arguments))
    return pattern


def compile_arguments(source: str, flags: int = 0) -> tuple:
    """What ``re.compile(source, flags)`` hands the engine (``re._compiler.compile``, step by step):
    the pattern, its flags, its code as plain integers, its groups and group names."""
    parsed = _parser.parse(source, flags)
    code = [int(c) for c in _compiler._code(parsed, flags)]
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return source, flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def _cache_path(names_: tuple[str, ...]) -> Path | None:
    """The file for ``names_``: keyed by the names, the Python version and engine, and the source
    of this module and :mod:`ingest.extract.names` (a change to how names become a pattern)."""
    key = hashlib.sha256()
    key.update(repr((_FORMAT, sys.version, _sre.MAGIC, _sre.CODESIZE)).encode())
    # the code that turns names into a pattern: a change to either module reads a new file
    for module in (names, sys.modules[__name__]):
        try:
            key.update(Path(module.__file__ or "").read_bytes())
        except OSError:
            return None
    key.update("\n".join(names_).encode("utf-8", "surrogatepass"))
    return cache_file(f"names-{key.hexdigest()[:16]}.marshal")
