"""Chinese numerals for issue numbers and headings: 44 → 四十四, 105 → 一百零五."""
from __future__ import annotations

DIGITS = "零一二三四五六七八九"
_UNITS = ((1000, "千"), (100, "百"), (10, "十"))


def chinese_numeral(n: int) -> str:
    """Write 0..9999 the way a document does: 十一 (not 一十一), 二十, 一百零五, 一百一十, 一千零一.

    Raises ValueError outside that range."""
    if not isinstance(n, int) or isinstance(n, bool) or not 0 <= n <= 9999:
        raise ValueError(f"只能转换 0 到 9999 之间的整数：{n!r}")
    if n == 0:
        return DIGITS[0]
    out: list[str] = []
    rest = n
    pending_zero = False
    for value, name in _UNITS:
        digit, rest = divmod(rest, value)
        if digit:
            if pending_zero:
                out.append(DIGITS[0])
                pending_zero = False
            # a leading 十 alone (10..19) drops its 一: 十一, not 一十一
            if not (value == 10 and digit == 1 and not out):
                out.append(DIGITS[digit])
            out.append(name)
        elif out:
            pending_zero = True
    if rest:
        if pending_zero:
            out.append(DIGITS[0])
        out.append(DIGITS[rest])
    return "".join(out)


def heading_numeral(n: int) -> str:
    """一、 二、 … for first-level headings."""
    return f"{chinese_numeral(n)}、"


def sub_heading_numeral(n: int) -> str:
    """（一） （二） … for second-level headings."""
    return f"（{chinese_numeral(n)}）"


_DIGIT_VALUE = {c: i for i, c in enumerate(DIGITS)} | {"〇": 0, "两": 2}
_UNIT_VALUE = {"十": 10, "百": 100, "千": 1000}


def parse_chinese_numeral(text: str) -> int:
    """Read 十五, 二十, 一百零五, 一百一十, 两百 (or Arabic digits) back to an int; ValueError otherwise."""
    text = text.strip()
    if text.isdigit() and text.isascii():
        return int(text)
    if not text:
        raise ValueError("空的数字")
    total, digit = 0, None
    for ch in text:
        if ch in _DIGIT_VALUE:
            if digit is not None and digit != 0:
                raise ValueError(f"无法识别的数字：{text}")
            digit = _DIGIT_VALUE[ch]
        elif ch in _UNIT_VALUE:
            total += (1 if digit is None else digit) * _UNIT_VALUE[ch]
            digit = None
        else:
            raise ValueError(f"无法识别的数字：{text}")
    return total + (digit or 0)
