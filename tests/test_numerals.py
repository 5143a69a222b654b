"""The Chinese numeral of issue numbers and headings, 1..999."""
from __future__ import annotations

import pytest

from models.documents.numerals import DIGITS, chinese_numeral, heading_numeral, sub_heading_numeral

HAND_WRITTEN = {
    1: "一", 2: "二", 9: "九", 10: "十", 11: "十一", 15: "十五", 19: "十九", 20: "二十", 21: "二十一",
    30: "三十", 44: "四十四", 46: "四十六", 52: "五十二", 53: "五十三", 99: "九十九", 100: "一百",
    101: "一百零一", 105: "一百零五", 109: "一百零九", 110: "一百一十", 111: "一百一十一", 119: "一百一十九",
    120: "一百二十", 200: "二百", 206: "二百零六", 230: "二百三十", 305: "三百零五", 410: "四百一十",
    500: "五百", 512: "五百一十二", 700: "七百", 801: "八百零一", 990: "九百九十", 999: "九百九十九",
}


@pytest.mark.parametrize(("n", "text"), sorted(HAND_WRITTEN.items()))
def test_hand_written_table(n, text):
    assert chinese_numeral(n) == text


def _parse(text: str) -> int:
    """An independent reader of the written form, to check the structure of every value."""
    value, rest = 0, text
    if "百" in rest:
        head, rest = rest.split("百")
        assert len(head) == 1 and head in DIGITS[1:]
        value += 100 * DIGITS.index(head)
        if rest.startswith("零"):
            rest = rest[1:]
            assert rest and "十" not in rest and len(rest) == 1  # 零 only before a lone unit digit
    if "十" in rest:
        head, rest = rest.split("十")
        if head:
            assert head in DIGITS[1:]
        else:
            assert value == 0  # a bare 十 starts only the numbers 10..19
        value += 10 * (DIGITS.index(head) if head else 1)
    if rest:
        assert len(rest) == 1 and rest in DIGITS[1:]
        value += DIGITS.index(rest)
    return value


def test_every_value_1_to_999_reads_back_and_is_unique():
    seen = set()
    for n in range(1, 1000):
        text = chinese_numeral(n)
        assert _parse(text) == n, text
        assert "零零" not in text and not text.endswith("零") and "一十" not in text[:2]
        assert text not in seen
        seen.add(text)
    # 1..99 never contain 百; 100..999 always do and have the hundreds digit first
    assert all("百" not in chinese_numeral(n) for n in range(1, 100))
    assert all(chinese_numeral(n).startswith(DIGITS[n // 100] + "百") for n in range(100, 1000))


def test_heading_forms_and_range():
    assert heading_numeral(3) == "三、"
    assert sub_heading_numeral(12) == "（十二）"
    assert chinese_numeral(0) == "零"
    assert chinese_numeral(1001) == "一千零一"
    for bad in (-1, 10000, 2.5, True):
        with pytest.raises(ValueError):
            chinese_numeral(bad)
