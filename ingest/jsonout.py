"""Facts as JSON, built and written in a fraction of the time of ``asdict`` and ``json.dump``.

``policykg extract --json`` prints every fact of a run as one indented JSON object. The standard
library does that slowly: ``dataclasses.asdict`` deep-copies every field, and ``json.dump`` with
an ``indent`` cannot use its C encoder, so it writes through a tree of Python generators, one
``write`` call per token (600k calls for 2 MB of text). Here:

* :func:`plain` is ``asdict`` for the fact records (dataclasses of strings, numbers, lists, dicts)
  without the copies, dropping ``"page": None`` as it goes (``Facts.to_json``'s rule);
* :func:`dumps` gives exactly the text of ``json.dumps(value, ensure_ascii=False, indent=1)``
  (strings through the C escaper, numbers through the same ``repr``), built as one list of pieces
  and joined once.

Example::

    dumps({"a": [1, 2.5, None], "b": {}})   # '{\\n "a": [\\n  1,\\n  2.5,\\n  null\\n ],\\n "b": {}\\n}'
"""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from itertools import repeat
from json.encoder import encode_basestring  # the C escaper when available (ensure_ascii=False)
from typing import Any

_INFINITY = float("inf")


def plain(value: Any) -> Any:
    """``dataclasses.asdict`` of a fact record (or a list or dict of them), every ``"page": None``
    left out. Strings, numbers and None are shared, not copied (they are immutable).

    Example: ``plain(Source("a.txt", "x", 0, 1))["end"] == 1`` (and no ``"page"`` key)
    """
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    if kind is list or kind is tuple:
        return [plain(v) for v in value]
    if kind is dict:
        return {k: plain(v) for k, v in value.items() if not (k == "page" and v is None)}
    if is_dataclass(value) and not isinstance(value, type):
        out = {}
        for f in fields(value):
            v = getattr(value, f.name)
            if not (f.name == "page" and v is None):
                out[f.name] = plain(v)
        return out
    raise TypeError(f"not a fact record: {kind.__name__}")


def dumps(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=1)``, the same text, built faster; values
    it does not know (a set, a class of its own) go to ``json.dumps`` itself, which says why it
    cannot encode them."""
    parts: list[str] = []
    try:
        _encode(value, "\n", parts.append)
    except _Unknown:
        return json.dumps(value, ensure_ascii=False, indent=1)
    return "".join(parts)


class _Unknown(Exception):
    """A value outside JSON's types: the standard encoder handles (or rejects) it."""


def _float(x: float) -> str:
    if x != x:
        return "NaN"
    if x == _INFINITY:
        return "Infinity"
    if x == -_INFINITY:
        return "-Infinity"
    return float.__repr__(x)


def _key(k: Any) -> str:
    if isinstance(k, str):
        return k
    if isinstance(k, float):
        return _float(k)
    if k is True:
        return "true"
    if k is False:
        return "false"
    if k is None:
        return "null"
    if isinstance(k, int):
        return int.__repr__(k)
    raise _Unknown


def _encode(value: Any, newline: str, emit) -> None:
    """Emit ``value`` as ``json``'s Python encoder does with ``indent=1``; ``newline`` is the line
    break and indentation of the current level."""
    if isinstance(value, str):
        emit(encode_basestring(value))
    elif value is None:
        emit("null")
    elif value is True:
        emit("true")
    elif value is False:
        emit("false")
    elif isinstance(value, int):
        emit(int.__repr__(value))
    elif isinstance(value, float):
        emit(_float(value))
    elif isinstance(value, (list, tuple)):
        _members("[]", zip(repeat(""), value), bool(value), newline, emit)
    elif isinstance(value, dict):
        _members("{}", zip(map(_member_key, value), value.values(), strict=True), bool(value), newline, emit)
    else:
        raise _Unknown


def _member_key(k: Any) -> str:
    return encode_basestring(_key(k)) + ": "


def _members(brackets: str, members, any_members: bool, newline: str, emit) -> None:
    """An array's or an object's members, each a (prefix, value) pair (the prefix: an object's
    key), one level deeper than ``newline``; ``[]``/``{}`` when there are none."""
    if not any_members:
        emit(brackets)
        return
    inner = newline + " "
    separator = "," + inner
    emit(brackets[0] + inner)
    first = True
    for prefix, item in members:
        emit(prefix if first else separator + prefix)
        first = False
        _encode(item, inner, emit)
    emit(newline + brackets[1])
