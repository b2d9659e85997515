"""One string that orders as a tuple of values: what a query groups and sorts by instead of the
values themselves.

FalkorDB groups and sorts by several keys slowly (about 3.5 ms per key for 10,000 rows: a metric's
observations grouped by their nine fields took 38 ms, by one string 8 ms; docs/scale.md). The
writer keeps the string on the node (``Observation.entry``), so a page is grouped and ordered by
one property.

The order is the engines' ORDER BY order of the tuple, field by field, for fields that hold one
type each: a missing value (null) after every present one; numbers by value (an int equal to a
float is the same value, as both engines group them); text by code point. Equal tuples give
equal strings and different ones different strings. A field holding both numbers and text orders
its numbers first. Text is assumed to hold no control character below U+0005 (they are mapped to
U+0005: normalised text has none).
"""

from __future__ import annotations

import struct
from collections.abc import Iterable

SEP = "\x02"  # below every character a field starts with, so a shorter text orders first
PRESENT = "\x03"
MISSING = "\x04"  # after PRESENT: null last
_LOW = {c: "\x05" for c in range(5)}


def _number(x: float) -> str:
    """Sixteen hex digits that order as the float: the sign bit set for positives, every bit
    flipped for negatives (IEEE 754 doubles order as their bits, sign-magnitude)."""
    x = float(x) + 0.0  # -0.0 is 0.0
    bits = struct.unpack(">Q", struct.pack(">d", x))[0]
    bits = bits ^ 0xFFFF_FFFF_FFFF_FFFF if bits >> 63 else bits | 1 << 63
    return f"{bits:016x}"


def ordered_key(values: Iterable[str | int | float | None]) -> str:
    """The string of a tuple of texts, numbers and nulls (see the module's docstring)."""
    parts = []
    for v in values:
        if v is None:
            parts.append(MISSING)
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            parts.append(PRESENT + "n" + _number(v))
        else:
            parts.append(PRESENT + "s" + str(v).translate(_LOW))
    return SEP.join(parts)
