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
