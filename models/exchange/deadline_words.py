"""Deadlines as people write them in problem lists: dates, month words and rectification kinds.

``read_deadline("6月底", year=2024)`` gives ``("限期整改", date(2024, 6, 30))``; 立行立改 and 长期坚持
give their kind and no date. Month words without a year take the campaign year; when the sheet
says when it was filled in (``after``), a month already past on that day means next year's, as a
person reading the sheet on that day would understand it.
"""
from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from models.normalize import DateError, parse_date, to_halfwidth

KIND_NOW = "立行立改"
KIND_DATED = "限期整改"
KIND_LONG = "长期整改"

_NOW_WORDS = ("立行立改", "立即整改", "立查立改", "即知即改", "马上整改", "立即", "立改")
_LONG_WORDS = ("长期坚持", "长期整改", "长期推进", "持续推进", "持续整改", "持续开展", "常态化",
               "长期", "持续")
# tails that do not change the date a person reads ("2024年6月30日前完成")
_TAIL = re.compile(r"(之前|以前|前|止|为止|内)?(完成|整改完成|整改到位|办结|完成整改)?$")
_CN_MONTH = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
             "十": 10, "十一": 11, "十二": 12}
_QUARTER = {"一": 3, "1": 3, "二": 6, "2": 6, "三": 9, "3": 9, "四": 12, "4": 12}


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _check_month(month: int, raw: object) -> None:
    if not 1 <= month <= 12:
        raise DateError(f"“{raw}”中的月份不对：没有{month}月。")


def _year_of(text: str | None, year: int) -> int:
    if not text:
        return year
    y = int(text)
    if not 1990 <= y <= 2100:
        raise DateError(f"“{text}”不像年份。")
    return y


def _roll(d: date, has_year: bool, after: date | None) -> date:
    """A month word without a year that is already past when the sheet was filled means next year."""
    if has_year or after is None or d >= after:
        return d
    try:
        return d.replace(year=d.year + 1)
    except ValueError:  # 2月29日
        return _month_end(d.year + 1, d.month)


def read_deadline(value: object, year: int, after: date | None = None) -> tuple[str | None, date | None]:
    """(kind, deadline) for one cell. Empty gives (None, None); unreadable raises DateError."""
    if value is None:
        return None, None
    if isinstance(value, datetime):
        return KIND_DATED, value.date()
    if isinstance(value, date):
        return KIND_DATED, value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # an Excel date serial that lost its format
            return KIND_DATED, date(1899, 12, 30) + timedelta(days=int(value))
        raise DateError(f"无法识别整改时限“{value}”。")
    text = re.sub(r"\s+", "", to_halfwidth(str(value)))
    if not text:
        return None, None
    for word in _NOW_WORDS:
        if text.startswith(word):
            return KIND_NOW, None
    for word in _LONG_WORDS:
        if text.startswith(word):
            return KIND_LONG, None
    core = _TAIL.sub("", text) or text
    try:
        d = parse_date(core)
        if d is not None:
            return KIND_DATED, d
    except DateError:
        pass
    d = _words(core, year, after, value) or _words(text, year, after, value)
    if d is None:
        raise DateError(f"无法识别整改时限“{value}”，可写成 2024-06-30、2024年6月、6月底、年底前、"
                        "立行立改 或 长期坚持。")
    return KIND_DATED, d


def _words(text: str, year: int, after: date | None, raw: object) -> date | None:
    # 2024年6月 / 2024-6 / 2025/6 / 2024.6, optionally 底/末/上旬/中旬/下旬
    m = re.fullmatch(r"(\d{4})[年\-/.](\d{1,2})月?(底|末|份|上旬|中旬|下旬)?", text)
    if m:
        y, month = _year_of(m.group(1), year), int(m.group(2))
        _check_month(month, raw)
        return _part_of_month(y, month, m.group(3))
    # 6月底 / 6月 / 6月30日 / 十二月底 (no year: the campaign's)
    m = re.fullmatch(r"(?:(\d{4})年)?(\d{1,2}|十[一二]?|[一二三四五六七八九])月(\d{1,2})?[日号]?"
                     r"(底|末|份|上旬|中旬|下旬)?", text)
    if m:
        has_year = bool(m.group(1))
        y = _year_of(m.group(1), year)
        mt = m.group(2)
        month = int(mt) if mt.isdigit() else _CN_MONTH[mt]
        _check_month(month, raw)
        if m.group(3):
            try:
                d = date(y, month, int(m.group(3)))
            except ValueError:
                raise DateError(f"“{raw}”不是有效日期。") from None
        else:
            d = _part_of_month(y, month, m.group(4))
        return _roll(d, has_year, after)
    # 年底前 / 2024年底 / 年内 / 明年底 / 2025年 / 上半年 / 三季度
    m = re.fullmatch(r"(本|今|明|次|(\d{4}))?年(底|末|内|度内|度)?", text)
    if m and (m.group(1) or m.group(3)):
        y = year + 1 if m.group(1) in ("明", "次") else _year_of(m.group(2), year)
        return date(y, 12, 31)
    m = re.fullmatch(r"(?:(\d{4})年)?(上|下)半年(底|末)?", text)
    if m:
        y = _year_of(m.group(1), year)
        return _roll(date(y, 6, 30) if m.group(2) == "上" else date(y, 12, 31), bool(m.group(1)), after)
    m = re.fullmatch(r"(?:(\d{4})年)?第?([一二三四1234])季度(底|末)?", text)
    if m:
        y = _year_of(m.group(1), year)
        return _roll(_month_end(y, _QUARTER[m.group(2)]), bool(m.group(1)), after)
    return None


def _part_of_month(y: int, month: int, part: str | None) -> date:
    if part == "上旬":
        return date(y, month, 10)
    if part == "中旬":
        return date(y, month, 20)
    return _month_end(y, month)
