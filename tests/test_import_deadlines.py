"""Deadline words read as a person reads them (examples and hypothesis properties)."""
from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.exchange.deadline_words import read_deadline
from models.normalize import DateError

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize("text, expected", [
    ("2024年12月31日", ("限期整改", date(2024, 12, 31))),
    ("2025/6/30", ("限期整改", date(2025, 6, 30))),
    ("2024.10.31", ("限期整改", date(2024, 10, 31))),
    ("２０２４年１１月３０日", ("限期整改", date(2024, 11, 30))),
    ("立行立改", ("立行立改", None)),
    ("长期坚持", ("长期整改", None)),
    ("长期", ("长期整改", None)),
    ("持续推进", ("长期整改", None)),
    ("6月底", ("限期整改", date(2024, 6, 30))),
    ("年底前", ("限期整改", date(2024, 12, 31))),
    ("2024年6月", ("限期整改", date(2024, 6, 30))),
    ("2025/6", ("限期整改", date(2025, 6, 30))),
    ("2024年6月30日前完成", ("限期整改", date(2024, 6, 30))),
    ("明年底", ("限期整改", date(2025, 12, 31))),
    ("9月中旬", ("限期整改", date(2024, 9, 20))),
    ("", (None, None)),
])
def test_examples(text, expected):
    assert read_deadline(text, 2024) == expected


def test_month_word_already_past_when_filled_means_next_year():
    assert read_deadline("6月底", 2024, after=date(2024, 8, 12)) == ("限期整改", date(2025, 6, 30))
    assert read_deadline("10月底", 2024, after=date(2024, 8, 12)) == ("限期整改", date(2024, 10, 31))
    # a written year is never moved
    assert read_deadline("2024年6月", 2024, after=date(2024, 8, 12)) == ("限期整改", date(2024, 6, 30))


@pytest.mark.parametrize("text", ["下周", "2024-13", "2月30日", "尽快", "abc"])
def test_unreadable_says_so_in_chinese(text):
    with pytest.raises(DateError) as info:
        read_deadline(text, 2024)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(info.value))


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)), st.booleans(),
       st.sampled_from(["{y}-{m}-{d}", "{y}/{m}/{d}", "{y}.{m}.{d}", "{y}年{m}月{d}日", "{y}年{m}月{d}号"]))
def test_any_written_date_reads_back(d, fullwidth, shape):
    text = shape.format(y=d.year, m=d.month, d=d.day)
    if fullwidth:
        text = text.translate(FULLWIDTH)
    assert read_deadline(text, 2024) == ("限期整改", d)


@given(st.integers(2000, 2099), st.integers(1, 12), st.sampled_from(["{y}年{m}月", "{y}/{m}", "{y}年{m}月底"]))
def test_year_and_month_mean_its_last_day(y, m, shape):
    kind, d = read_deadline(shape.format(y=y, m=m), 2024)
    assert (kind, d) == ("限期整改", date(y, m, calendar.monthrange(y, m)[1]))


@given(st.integers(2000, 2099), st.integers(1, 12))
def test_month_word_takes_the_campaign_year(year, m):
    assert read_deadline(f"{m}月底", year) == ("限期整改", date(year, m, calendar.monthrange(year, m)[1]))


@given(st.text(max_size=20))
def test_never_fails_other_than_with_a_chinese_reason(text):
    try:
        kind, d = read_deadline(text, 2024)
    except DateError:
        return
    assert kind in (None, "立行立改", "限期整改", "长期整改")
    assert d is None or isinstance(d, date)
