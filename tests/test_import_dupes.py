"""The likely-duplicate index and the cell normaliser (hypothesis properties)."""
from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.exchange.dupes import DuplicateIndex, fold
from models.exchange.reader import cell_text

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)
NOISE = st.sampled_from([" ", "　", "，", "。", "、", "\n", "“", "”", "；", ",", "."])
FULLWIDTH = str.maketrans(string.digits + string.ascii_letters,
                          "".join(chr(ord(c) + 0xFEE0) for c in string.digits + string.ascii_letters))


# a busy machine can stall one draw for a second: that is neither slow generation nor a slow check
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(CJK, min_size=4, max_size=60), st.lists(st.tuples(st.integers(0, 60), NOISE), max_size=8),
       st.booleans())
def test_same_text_with_other_punctuation_spaces_or_width_is_a_duplicate(text, inserts, wide):
    index = DuplicateIndex()
    index.add(7, text + "12处", "已有问题 A-1")
    noisy = text + "12处"
    for pos, ch in sorted(inserts, reverse=True):
        noisy = noisy[:pos] + ch + noisy[pos:]
    if wide:
        noisy = noisy.translate(FULLWIDTH)
    assert index.find(7, noisy) == "已有问题 A-1"
    assert index.find(8, noisy) is None          # another unit: not a duplicate


# a busy machine can stall one draw for a second: that is neither slow generation nor a slow check
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(CJK, min_size=30, max_size=80), st.integers(0, 29), CJK)
def test_one_character_changed_in_a_long_text_is_similar(text, pos, ch):
    index = DuplicateIndex()
    index.add("民政局", text, "第 3 行")
    changed = text[:pos] + ch + text[pos + 1:]
    assert index.find("民政局", changed) == "第 3 行"


# a busy machine can stall one draw for a second: that is neither slow generation nor a slow check
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=40))
def test_fold_is_idempotent_and_cell_text_stable(text):
    assert fold(fold(text)) == fold(text)
    assert cell_text(cell_text(text)) == cell_text(text)
    assert not any(0xFF10 <= ord(c) <= 0xFF19 for c in cell_text(text))


# a busy machine can stall one draw for a second: that is neither slow generation nor a slow check
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(CJK, min_size=20, max_size=80), st.integers(0, 79), CJK, st.booleans())
def test_one_character_added_or_dropped_is_similar(text, pos, ch, drop):
    pos %= len(text)
    changed = text[:pos] + text[pos + 1:] if drop else text[:pos] + ch + text[pos:]
    index = DuplicateIndex()
    index.add("民政局", text, "第 3 行")
    assert index.find("民政局", changed) == "第 3 行"


def test_a_templated_sheet_flags_near_duplicates_only_and_always_the_same():
    """Thousands of rows made of the same words with other places and figures: each flagged row is
    as similar to its match as a duplicate is (difflib ratio ≥ 0.9 after folding), a problem
    reported again in other words is found among them, and the same sheet always gives the same
    flags. (Words held by more than 20 rows of a unit are not followed: two rows made only of such
    words are compared only when their other pieces meet.)"""
    import difflib

    from models.exchange.dupes import RATIO

    places = ["城关镇", "新安镇", "柳林镇", "河口乡", "东城街道", "西城街道"]
    issues = ["敬老院消防设施不达标", "幸福院大门长期上锁", "助餐点食品留样缺失", "护理员持证率低"]
    details = ["群众反映强烈", "已多次督促未见成效", "涉及资金未拨付到位", "台账资料不全", "设备老化无人维护"]
    texts = [f"{places[i % 6]}{['东', '西', '南', '北'][i % 4]}片区{issues[i % 4]}，{details[i % 5]}，"
             f"涉及{i * 7 % 997 + 3}户、{i % 89 + 1}处点位（编号{i + 1}）" for i in range(3000)]
    texts[1234] = "村级互助幸福院冬季取暖设施缺失，老人自行生火取暖，存在较大安全隐患"
    texts.append("村级互助幸福院冬季取暖设施缺失，部分老人自行生火取暖，存在较大安全隐患。")  # reported again
    unit = [f"单位{i % 5}" for i in range(3000)] + ["单位4"]    # for the same unit as row 1234

    def flags():
        index = DuplicateIndex()
        return [(i, found) for i, t in enumerate(texts) if (found := index.check_and_add(unit[i], t, f"第 {i} 行"))]

    first = flags()
    assert first[-1] == (3000, "第 1234 行")
    for i, label in first:
        j = int(label.split()[1])
        assert j < i and unit[j] == unit[i]
        assert difflib.SequenceMatcher(None, fold(texts[j]), fold(texts[i]), autojunk=False).ratio() >= RATIO
    assert flags() == first


BMP_ALNUM = st.characters(max_codepoint=0xFFFF, categories=("Lu", "Ll", "Lo", "Nd", "Nl", "No"))


# a busy machine can stall one draw for a second: that is neither slow generation nor a slow check
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.one_of(CJK, BMP_ALNUM), max_size=40))
def test_the_anchor_regex_cuts_the_same_pieces_as_the_general_way(text):
    """The fast way (one regex whose class holds the anchors of the BMP) and the general way (each
    character decided when first met, needed beyond the BMP) sample the same pieces."""
    from models.exchange.dupes import _anchor_finder, _anchored_beyond_bmp

    folded = fold(text)
    assert _anchor_finder().findall(folded) == _anchored_beyond_bmp(folded)


def test_a_text_with_a_character_beyond_the_bmp_finds_its_near_duplicate():
    text = "𠀋村敬老院消防设施不达标，灭火器过期三年未更换，群众反映强烈，多次督促未见成效"
    index = DuplicateIndex()
    index.add("民政局", text, "第 3 行")
    assert index.find("民政局", text.replace("三年", "两年")) == "第 3 行"
    assert index.find("民政局", "𠀋村" + "幸福院大门长期上锁，老人无法进入活动") is None
