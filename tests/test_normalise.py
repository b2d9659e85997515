"""Normalisation: Simplified working text whose every char maps back to the original."""

from __future__ import annotations

import html
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.normalise import (
    WorkingText,
    find_garbled,
    looks_traditional,
    normalise,
    to_simplified,
)


def _is_product(w: str, o: str, orig: str, at: int) -> bool:
    """Whether working char ``w`` is an allowed product of the original char ``o`` at ``at``."""
    if w == o:
        return True
    if w == " " and (o.isspace() or o == "&"):  # a space, or a line break between two words
        return True
    if w == "\n" and (o.isspace() or o == "<"):  # a paragraph break standing for a break or a tag
        return True
    if to_simplified(o) == w:
        return True
    if unicodedata.normalize("NFKC", o) == w or (o == "\xa0" and w == " "):
        return True
    if unicodedata.normalize("NFKC", w) == o:  # , → ， after CJK
        return True
    if o == "&":  # an entity, many→1
        end = orig.find(";", at)
        return end > 0 and html.unescape(orig[at : end + 1]) in (w, to_simplified(w))
    return False


def assert_aligned(orig: str, wt: WorkingText) -> None:
    assert len(wt.text) == len(wt.offsets) == len(wt.ends)
    last = -1
    for i, (w, s, e) in enumerate(zip(wt.text, wt.offsets, wt.ends, strict=True)):
        assert 0 <= s < e <= len(orig), (i, s, e)
        assert s >= last, "offsets must be non-decreasing"
        last = s
        in_garbled = any(gs <= s < ge for gs, ge in wt.garbled)
        if w == "\n" and in_garbled:
            continue  # the break standing for a garbled stretch
        assert _is_product(w, orig[s], orig, s), (i, w, orig[s])
        assert not in_garbled, "a char from a garbled stretch"
    for i in range(len(wt.text)):
        for j in range(i + 1, min(len(wt.text), i + 4) + 1):
            a, b = wt.original_span(i, j)
            assert 0 <= a < b <= len(orig)


# --------------------------------------------------------------------------- unit behaviour


def test_pinyin_artefacts_are_removed_and_offsets_skip_them():
    wt = normalise("東城區(qū)政府")
    assert wt.text == "东城区政府"
    assert wt.offsets == [0, 1, 2, 7, 8]


def test_traditional_becomes_simplified_char_for_char():
    wt = normalise("報告說明了發展計劃")
    assert wt.text == "报告说明了发展计划"
    assert wt.offsets == list(range(9))


def test_wrapped_line_is_joined_and_maps_back_across_the_break():
    orig = "今年要完成一个改造项\n目，并开工建设。"
    wt = normalise(orig)
    assert wt.text == "今年要完成一个改造项目，并开工建设。"
    i = wt.text.index("项目")
    assert wt.original_span(i, i + 2) == (9, 12)
    assert orig[9:12] == "项\n目"


def test_page_break_with_blank_lines_inside_a_sentence_is_joined():
    wt = normalise("我们推进了多个街区的更新工作，启动三年\n\n\n行动计划。")
    assert wt.text == "我们推进了多个街区的更新工作，启动三年行动计划。"


def test_paragraph_breaks_are_kept_after_sentence_ends_and_around_headings():
    wt = normalise("第一段写完了。\n第二段开始，\n继续写。\n一、下一部分标题\n正文，内容。")
    assert wt.text.split("\n") == [
        "第一段写完了。",
        "第二段开始，继续写。",
        "一、下一部分标题",
        "正文，内容。",
    ]


def test_title_lines_without_punctuation_are_not_joined():
    wt = normalise("某某区人民政府\n公 报\n")
    assert wt.text.split("\n") == ["某某区人民政府", "公 报"]


def test_short_unpunctuated_line_over_a_paragraph_is_a_heading():
    wt = normalise("2030年主要任务\n\n坚持稳中求进，持续改善民生，推动\n高质量发展。")
    assert wt.text.split("\n")[0] == "2030年主要任务"


def test_html_tags_and_entities():
    orig = "<p>甲&amp;乙</p><p>丙&nbsp;丁</p>"
    wt = normalise(orig, html_mode=True)
    assert wt.text.split("\n") == ["甲&乙", "丙 丁"]
    i = wt.text.index("&")
    assert wt.original_span(i, i + 1) == (4, 9)
    assert_aligned(orig, wt)


def test_script_and_style_blocks_are_dropped_in_html():
    wt = normalise(
        "<html><head><style>p{color:red}</style></head><body><p>正文。</p></body></html>", html_mode=True
    )
    assert wt.text == "正文。"


def test_bold_markers_are_removed():
    assert normalise("**加快建设。**推进改造。").text == "加快建设。推进改造。"


def test_full_width_digits_and_letters_become_half_width_cjk_punctuation_stays():
    wt = normalise("完成９８％，ＧＤＰ增长。")
    assert wt.text == "完成98%，GDP增长。"


def test_half_width_clause_punctuation_after_cjk_becomes_full_width():
    assert normalise("收入增长,支出下降;总计1,000元:完成").text == "收入增长，支出下降；总计1,000元：完成"


def test_layout_spaces_are_dropped_but_list_spaces_are_kept():
    assert normalise("增长 4.5%左右").text == "增长4.5%左右"
    assert normalise("政 府 工 作 報 告").text == "政府工作报告"
    assert normalise("区甲分局 区乙委").text == "区甲分局 区乙委"


def test_crlf_lines_keep_their_offsets():
    orig = "第一句话，\r\n接着写。\r\n第二段。"
    wt = normalise(orig)
    assert wt.text == "第一句话，接着写。\n第二段。"
    assert_aligned(orig, wt)


def test_form_feed_page_breaks_are_line_breaks():
    orig = "上一页写到首\f都的发展。\f第二页标题\f正文的内容比标题长得多，写了一整行。"
    wt = normalise(orig)
    assert wt.text == "上一页写到首都的发展。\n第二页标题\n正文的内容比标题长得多，写了一整行。"
    assert_aligned(orig, wt)


def test_normalise_a_slice_gives_offsets_into_the_whole_text():
    orig = "头部\t東城區(qū)\t尾部"
    wt = normalise(orig, 3, 10)
    assert wt.text == "东城区"
    assert wt.offsets == [3, 4, 5]


def test_to_simplified_keeps_length():
    for s in ["東城區", "乾隆年間的著作", "髮型與頭髮", "一隻隻"]:
        assert len(to_simplified(s)) == len(s)


def test_looks_traditional():
    assert looks_traditional("東城區人民政府關於發展計劃的報告")
    assert not looks_traditional("东城区人民政府关于发展计划的报告")
    assert not looks_traditional("plain ascii")


def _traditional_by_definition(text: str) -> bool:
    """≥3% of the CJK characters of the first 20,000 change under t2s (the definition, unhurried)."""
    import re

    from ingest.normalise import CJK

    sample = text[:20000]
    cjk = len(re.findall(f"[{CJK}]", sample))
    converted = to_simplified(sample)
    return bool(cjk) and sum(a != b for a, b in zip(sample, converted, strict=True)) >= 0.03 * cjk


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["東", "區", "東城區", "东", "区", "发展", "發展", "abc", "1", " ", "計劃",
                                 "的", "報告", "\n", "涓嬪崍"]), max_size=60).map("".join))
def test_property_looks_traditional_is_its_definition(text: str):
    # the count of CJK characters is skipped when t2s changes nothing: the answer stays the same
    assert looks_traditional(text) == _traditional_by_definition(text)


# --------------------------------------------------------------------------- garbled stretches


def test_mojibake_after_a_question_mark_is_found_and_dropped():
    orig = "工程推进?lǐ)犇淼^H顺利完成。"
    wt = normalise(orig)
    assert wt.garbled == [(4, 12)]
    assert "?" not in wt.text and "犇" not in wt.text
    assert wt.text.split("\n") == ["工程推进", "顺利完成。"]


def test_mojibake_bridges_common_chars_between_rare_ones():
    # rare, ASCII and (in Traditional text) Simplified-only chars with ordinary ones between them
    orig = "這個部門?ān)w垚沙河山卫q大樓改造"
    spans = find_garbled(orig, traditional=True)
    assert len(spans) == 1
    s, e = spans[0]
    assert orig[s:e] == "?ān)w垚沙河山卫q"


def test_a_real_question_mark_is_not_garbled():
    assert find_garbled("是否继续?") == []
    assert find_garbled("这是什么?我们继续推进工作。") == []


def test_replacement_character_is_garbled():
    wt = normalise("正常文字\ufffd\ufffd继续正常文字。")
    assert wt.garbled and "\ufffd" not in wt.text


def test_dense_rare_characters_are_garbled_without_a_seed():
    spans = find_garbled("正常的话犇淼垚焱槑后面正常的话")
    assert spans == [(4, 9)]


def test_utf8_read_as_gbk_is_garbled_and_dropped():
    clean = "区政府推进老旧小区综合整治工作，完成年度任务。"
    mojibake = clean.encode("utf-8").decode("gbk", errors="replace")
    wt = normalise("开头一句话，写完了。" + mojibake + "\n结尾一句话。")
    assert wt.text == "开头一句话，写完了。\n结尾一句话。"
    assert wt.garbled == [(10, 10 + len(mojibake))]


def test_utf8_read_as_cp1252_is_garbled_and_dropped():
    clean = "区政府推进老旧小区综合整治工作。"
    mojibake = clean.encode("utf-8").decode("cp1252", errors="replace")
    wt = normalise("开头一句话。" + mojibake + "\n结尾一句话。")
    assert wt.text == "开头一句话。\n结尾一句话。"


def test_signs_and_spaces_are_not_garbled():
    assert find_garbled("日期:2030-01-01\xa0\xa0\xa0\xa0来源:\xa0\xa0 \xa0\xa0") == []
    assert find_garbled("气温25°C，售价¥100×3，阿·布都") == []


def test_overlapping_edits_keep_the_alignment():
    # found by hypothesis: a garbled stretch eating half an entity, and one after a NEL
    for orig in ("東?&amp;", "一、2029年工作回顾\n\x85犇淼垚"):
        wt = normalise(orig)
        assert_aligned(orig, wt)
        assert "犇" not in wt.text


def test_a_single_rare_character_in_a_name_is_not_garbled():
    assert find_garbled("委员景小芃表示赞同") == []


# --------------------------------------------------------------------------- properties

_PIECES = st.sampled_from(
    [
        "東",
        "區",
        "(qū)",
        "(yè)",
        "（wù）",
        "發展",
        "项目",
        "望壇項",
        "\n",
        "\n\n",
        "\r\n",
        " ",
        "\u3000",
        "。",
        "，",
        ",",
        ";",
        "？",
        "?",
        "!",
        "<p>",
        "</p>",
        "<br/>",
        "&nbsp;",
        "&amp;",
        "&#x4e1c;",
        "**",
        "１２",
        "ＡＢ",
        "％",
        "4.5%",
        "2024年",
        "一、",
        "（一）",
        "●",
        "——",
        "犇",
        "淼^",
        "\ufffd",
        "abc",
        "吓",
        "乾隆",
        "髮",
        "<",
        ">",
        "&",
        "\t",
        "\xa0",
        "𠀀",
        "\f",
        "\u2028",
        "涓嬪崍",
        "åŒº",
    ]
)
_TEXTS = st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS)
def test_property_every_working_char_maps_back(orig: str):
    assert_aligned(orig, normalise(orig))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS)
def test_property_html_mode_maps_back(orig: str):
    assert_aligned(orig, normalise(orig, html_mode=True))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS, st.integers(0, 20), st.integers(0, 20))
def test_property_slices_map_inside_the_slice(orig: str, a: int, n: int):
    a = min(a, len(orig))
    b = min(len(orig), a + n)
    wt = normalise(orig, a, b)
    assert_aligned(orig, wt)
    assert all(a <= s and e <= b for s, e in zip(wt.offsets, wt.ends, strict=True))


@settings(max_examples=150, deadline=None)
@given(_TEXTS)
def test_property_garbled_spans_lie_inside_and_do_not_overlap(orig: str):
    spans = find_garbled(orig)
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(orig)
        last = e


# --------------------------------------------------------------------------- scans in C (same answers)

# common and rare CJK, ASCII, full-width forms (mapped and kept), tone letters, signs, breaks, a
# replacement character and a lone surrogate: every class the scans below tell apart
_SCAN_CHARS = st.sampled_from(
    [*"东城区发展项目犇垚鍖烘斂搴ab1?!,;:%（）！，：；？０９ＡｚＭ％．\u3000\xa0 \n\t·°āǎüńḿ\ufffd\ud800",
     "å", "Ã", "æ", "€", "ア", "한"]
)
_SCAN_TEXT = st.lists(_SCAN_CHARS, max_size=60).map("".join)


@given(_SCAN_TEXT, st.integers(0, 70), st.integers(0, 70))
def test_property_uncommon_chars_is_the_set_difference(text: str, a: int, b: int):
    from ingest.normalise import common_chars, uncommon_chars

    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    assert uncommon_chars(text, start, end) == set(text[start:end]) - common_chars()
    assert uncommon_chars(text) == set(text) - common_chars()


@given(_SCAN_TEXT)
def test_property_width_scan_is_the_translation_table(text: str):
    from ingest.normalise import _WIDTH_RE, _WIDTH_TABLE, _half_width

    assert _WIDTH_RE.sub(_half_width, text) == text.translate(_WIDTH_TABLE)


@given(_SCAN_TEXT, st.integers(0, 70), st.integers(0, 70))
def test_property_tone_scan_is_the_set_intersection(text: str, a: int, b: int):
    from ingest.normalise import _TONE_RE, _TONE_SET

    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    assert bool(_TONE_RE.search(text, start, end)) == bool(_TONE_SET.intersection(text[start:end]))
