"""graph/order.py: one string that orders as a tuple of values (the engines' ORDER BY order,
nulls last), and is equal exactly when the tuples are. Generated tuples, checked against a model
of the order in Python and against the embedded engine's own ORDER BY."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.order import ordered_key
from graph.rows import SERIES_FIELDS, series_entry

# text as documents give it (no control characters below U+0005), Chinese included
TEXT = st.text(alphabet=st.characters(min_codepoint=5, max_codepoint=0x2FFFF, exclude_categories=("Cs",)),
               max_size=6)
NUMBER = st.one_of(st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False, width=64))
ROW = st.tuples(st.none() | st.integers(1900, 2100), st.none() | TEXT, st.none() | NUMBER, st.none() | TEXT)


def _cmp_value(a, b) -> int:
    if a is None or b is None:  # null last
        return (a is None) - (b is None)
    return (a > b) - (a < b)


def _cmp(x: tuple, y: tuple) -> int:
    for a, b in zip(x, y, strict=True):
        c = _cmp_value(a, b)
        if c:
            return c
    return 0


@settings(max_examples=300, deadline=None)
@given(st.lists(ROW, min_size=2, max_size=12))
def test_the_strings_order_and_equal_as_the_tuples(rows: list[tuple]) -> None:
    for x in rows:
        for y in rows:
            kx, ky = ordered_key(x), ordered_key(y)
            assert (kx > ky) - (kx < ky) == _cmp(x, y), (x, y)


def test_an_int_and_the_equal_float_are_one_value_and_minus_zero_is_zero() -> None:
    assert ordered_key([2, None]) == ordered_key([2.0, None])
    assert ordered_key([-0.0]) == ordered_key([0])
    # a text that another begins with orders first, whatever follows in the next field
    assert ordered_key(["a", "z"]) < ordered_key(["ab", "a"])


def test_series_entry_reads_every_field_and_a_missing_one_is_null() -> None:
    props = {f: i for i, f in enumerate(SERIES_FIELDS)}
    assert series_entry(props) == ordered_key(range(len(SERIES_FIELDS)))
    assert series_entry({}) == ordered_key([None] * len(SERIES_FIELDS))


def test_the_engine_orders_the_tuples_as_their_strings(tmp_path) -> None:
    from graph import open_store

    rng = random.Random(5)
    words = ["", "全年", "预计", "同比", "东城区", "东城", "a", "A b", "%", "亿元", "万元", "平方米", "𠀀"]
    rows = []
    for _ in range(400):
        rows.append([
            rng.choice([None, rng.randint(2015, 2025)]),
            rng.choice([None, *words]),
            rng.choice([None, rng.randint(-50, 50), round(rng.uniform(-1e6, 1e6), rng.randint(0, 6)),
                        0.5, 2, 2.0]),
            rng.choice([None, *words]),
        ])
    store = open_store(f"falkordb:{tmp_path / 'store'}")
    try:
        unwound = "UNWIND $rows AS r WITH r[0] AS a, r[1] AS b, r[2] AS c, r[3] AS d "
        engine = store._read(unwound + "RETURN [a, b, c, d] AS t ORDER BY a, b, c, d", {"rows": rows}).rows
        groups = store._read(unwound + "WITH a, b, c, d, count(*) AS n RETURN count(*) AS groups",
                             {"rows": rows}).rows[0]["groups"]
    finally:
        store.close()
    by_engine = [ordered_key(r["t"]) for r in engine]
    assert by_engine == sorted(by_engine)
    assert sorted(map(ordered_key, rows)) == by_engine
    # and the engine groups exactly the tuples whose strings are equal (2 and 2.0 among them)
    assert len({ordered_key(r) for r in rows}) == groups
