"""The fast JSON of ``policykg extract --json`` is the standard library's text, and the facts'
plain form is ``asdict``'s with no ``"page": None``."""

from __future__ import annotations

import json
from dataclasses import asdict

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.jsonout import dumps, plain
from ingest.types import Event, Metric, Ownership, Source

_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
)
_json_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=6) | st.integers() | st.booleans() | st.none(), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=500, deadline=None)
@given(_json_values)
def test_dumps_is_json_dumps_with_indent_one(value) -> None:
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=1)


def test_dumps_hands_what_json_cannot_encode_to_json() -> None:
    import pytest

    with pytest.raises(TypeError):
        dumps({"a": {1, 2}})


def _drop_pages(value):
    if isinstance(value, dict):
        return {k: _drop_pages(v) for k, v in value.items() if not (k == "page" and v is None)}
    if isinstance(value, list):
        return [_drop_pages(v) for v in value]
    return value


_sources = st.builds(
    Source,
    st.text(max_size=5),
    st.text(max_size=8),
    st.integers(0, 99),
    st.integers(0, 99),
    st.none() | st.integers(1, 9),
)
_records = st.one_of(
    st.builds(
        Event,
        st.text(max_size=5),
        st.integers(2000, 2030) | st.just("2017-2021"),
        st.text(max_size=3),
        st.sampled_from(["done", "planned", "expected"]),
        _sources,
    ),
    st.builds(
        Ownership,
        st.text(max_size=5),
        st.text(max_size=5),
        st.just("stated"),
        _sources,
        st.none() | st.text(max_size=4),
        st.booleans(),
        st.none() | st.text(max_size=4),
    ),
    st.builds(
        Metric,
        st.text(max_size=4),
        st.floats(allow_nan=False),
        st.text(max_size=2),
        st.integers(2000, 2030),
        st.text(max_size=2),
        st.text(max_size=2),
        st.none() | st.text(max_size=3),
        _sources,
        st.none() | st.floats(allow_nan=False),
        st.none() | st.text(max_size=2),
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_records, max_size=5))
def test_plain_is_asdict_without_empty_pages(records) -> None:
    assert plain(records) == _drop_pages([asdict(r) for r in records])
    assert dumps(plain(records)) == json.dumps(
        _drop_pages([asdict(r) for r in records]), ensure_ascii=False, indent=1
    )
