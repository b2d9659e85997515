"""Numbers, magnitudes and units: parsing, finding in text, normalising to a base unit."""

from __future__ import annotations

import math
import random

import cn2an
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ingest.numbers import (
    find_quantities,
    parse_chinese_numeral,
    parse_number,
    to_base,
)

# --------------------------------------------------------------------------- numerals


@pytest.mark.parametrize(
    ("text", "value"),
    [("十五", 15), ("一千零五", 1005), ("两", 2), ("千", 1000), ("万", 10_000), ("三万零五", 30_005),
     ("一亿零二万", 100_020_000), ("零", 0), ("二十", 20), ("一百一十", 110)],
)
def test_chinese_numerals(text: str, value: int) -> None:
    assert parse_chinese_numeral(text) == value


@pytest.mark.parametrize("text", ["四六", "一百二千", "万万", "", "十十", "零五", "成", "abc"])
def test_not_numerals(text: str) -> None:
    """Runs of digits that no one writes as a number (东四六条 is a street) are not numbers."""
    assert parse_chinese_numeral(text) is None


@given(st.integers(min_value=0, max_value=10**15))
def test_cn2an_round_trip(n: int) -> None:
    """Whatever cn2an writes, we read back."""
    assert parse_chinese_numeral(cn2an.an2cn(n)) == n


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=9999))
def test_arabic_round_trip(whole: int, frac: int) -> None:
    assert parse_number(str(whole)) == whole
    assert parse_number(f"{whole:,}") == whole
    text = f"{whole}.{frac:04d}"
    assert parse_number(text) == pytest.approx(float(text))


@given(st.text())
@settings(max_examples=300)
def test_parse_number_never_raises(text: str) -> None:
    value = parse_number(text)
    assert value is None or math.isfinite(value)


# --------------------------------------------------------------------------- quantities


def _found(text: str) -> list[tuple[float, str]]:
    return [(q.value, q.unit) for q in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("收入从100亿元增长到150亿元左右", [(100, "亿元"), (150, "亿元")]),
        ("绿地12.5万平方米", [(12.5, "万平方米")]),
        ("突破千亿元", [(1000, "亿元")]),
        ("占比超三成", [(3, "成")]),
        ("服务近千户家庭", [(1000, "户")]),
        ("整治近万处", [(1, "万处")]),
        ("学位2.4万余个", [(2.4, "万个")]),
        ("居民300多户", [(300, "户")]),
        ("参与群众30余万人次", [(30, "万人次")]),
        ("设立80亿基金", [(80, "亿")]),
        ("收入增长7.5%", [(7.5, "%")]),
        ("收入80亿元/平方公里", [(80, "亿元/平方公里")]),
        ("获得2金3银", [(2, "金"), (3, "银")]),
        ("评分96.5分", [(96.5, "分")]),
    ],
)
def test_find_quantities(text: str, expected: list[tuple[float, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text", ["2021年", "15分钟步行", "5G网络", "P2P平台", "电话12345", "楼层三层", "东四六条"]
)
def test_no_quantity(text: str) -> None:
    assert _found(text) == []


def test_approximation_words() -> None:
    q = find_quantities("人口降至近60万人左右")[0]
    assert q.approx == "近"
    assert find_quantities("增长5%左右")[0].approx == "左右"
    assert find_quantities("学位2万余个")[0].approx == "余"


_QTY_ALPHABET = "0123456789.,万亿千百十一二两三四五六七八九零个家项元%成近超余多年月 ，。平方米"


@given(st.text(alphabet=_QTY_ALPHABET, max_size=40))
@settings(max_examples=500)
def test_find_quantities_well_formed(text: str) -> None:
    """Never raises; spans lie in the text, do not overlap, and carry finite values."""
    last_end = 0
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert q.start >= last_end
        last_end = q.end
        assert math.isfinite(q.value)


@given(st.text())
@settings(max_examples=300)
def test_find_quantities_any_text(text: str) -> None:
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)


# --------------------------------------------------------------------------- base units


@pytest.mark.parametrize(
    ("value", "unit", "base"),
    [(3200, "亿元", (3.2e11, "元")), (1.2, "万块", (12_000, "块")), (3, "成", (30, "%")),
     (6, "万美元", (60_000, "美元")), (150, "亿", (1.5e10, "元")), (93, "万平方米", (930_000, "平方米")),
     (239, "亿元/平方公里", (2.39e10, "元/平方公里")), (42, "%", (42, "%")), (7, "户", (7, "户"))],
)
def test_to_base(value: float, unit: str, base: tuple[float, str]) -> None:
    got = to_base(value, unit)
    assert got[1] == base[1]
    assert got[0] == pytest.approx(base[0])


@given(st.integers(min_value=0, max_value=10**8), st.sampled_from(["元", "平方米", "个", "人次", "户"]))
def test_magnitude_prefix_scales(hundredths: int, unit: str) -> None:
    value = hundredths / 100  # figures are stated to a few decimals
    _, base_unit = to_base(value, unit)
    wan, wan_unit = to_base(value, "万" + unit)
    yi, yi_unit = to_base(value, "亿" + unit)
    assert wan_unit == yi_unit == base_unit
    assert wan == pytest.approx(value * 1e4, rel=1e-9)
    assert yi == pytest.approx(value * 1e8, rel=1e-9)


_FIGURES = ["3", "4.5", "近万处", "超亿个", "3金", "宽4米", "两个", "十余处", "〇", "○", "３", "万", "亿"]
_FILLERS = ["个", "近", "超", "余", "米", "宽", "金", "处", "元", "%", "，", "完成", "项目", " ", "-", "长"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_FILLERS), max_size=5), st.lists(st.sampled_from(_FIGURES), max_size=2),
       st.randoms())
@example(["完成"], ["近万处"], random.Random(0))
def test_property_the_numeral_precheck_changes_nothing(fillers: list, figures: list, rnd: random.Random):
    # a sentence without a digit, Chinese numeral or magnitude is skipped before the patterns run
    from ingest.numbers import _find_quantities

    pieces = fillers + figures
    rnd.shuffle(pieces)
    text = "".join(pieces)
    assert find_quantities(text) == (_find_quantities(text) if text else [])
