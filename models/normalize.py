"""Cleaning what people type or paste: full-width characters, stray spaces, dates."""
from __future__ import annotations

import re
import unicodedata
from datetime import date

# Full-width ASCII (！..～) maps to half-width by a fixed offset; 　 (U+3000) is a space.
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
_FULLWIDTH[0x00A0] = 0x20
_HAS_FULLWIDTH = re.compile("[\uff01-\uff5e\u3000\u00a0]")   # found in C: most text holds none
_FULLWIDTH_DIGITS_ONLY = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}
_FULLWIDTH_DIGITS_ONLY[0x3000] = 0x20
_FULLWIDTH_DIGITS_ONLY[0x00A0] = 0x20
# What no document may hold: C0/C1 control characters except tab and line breaks (python-docx and
# openpyxl refuse them), the noncharacters U+FFFE/U+FFFF/U+FDD0–FDEF, lone surrogates, and the
# bidirectional embeddings/overrides/isolates (U+202E turns the text of a table row backwards).
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ufdd0-\ufdef"
                     "\ud800-\udfff\u202a-\u202e\u2066-\u2069]")

_SPACES = re.compile(r"[ \t\u2002\u2003\u2009]+")
# marks that show nothing: control characters, zero-width and direction marks, soft hyphen,
# variation selectors, byte-order mark. Pasted text carries them; two names that differ only by
# them must be the same name.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5"
                        "\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
                        "\ufff0-\ufffb]+")
# text holding none of these is already clean (the common case: checked once, in C). One class
# holds every single character that needs work, so the regex engine scans for it in one pass
# instead of trying six alternatives at every position (half the time for a typical cell)
_NEEDS_WORK = re.compile("[\uff10-\uff19\u3000\u00a0\r\n\t\u2002\u2003\u2009"
                         + _INVISIBLE.pattern[1:-2] + _UNSAFE.pattern[1:-1] + "]| (?: |$)|^ ")
# radicals and compatibility ideographs that look like ordinary characters (⽂ for 文)
_LOOKALIKE = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")


def strip_unsafe(text: str) -> str:
    """``text`` without the characters no document may hold (see _UNSAFE); \\r\\n stays as it was."""
    return _UNSAFE.sub("", text) if _UNSAFE.search(text) else text


def to_halfwidth(text: str) -> str:
    """All full-width ASCII to half-width (for numbers, codes and dates)."""
    return text.translate(_FULLWIDTH) if _HAS_FULLWIDTH.search(text) else text


_NOT_ALNUM = re.compile(r"[\W_]+")   # what str.isalnum() refuses (\W keeps "_")


def alnum_fold(text: str) -> str:
    """Only the letters and digits of ``text``, lower case and half-width: what search and the
    duplicate check compare ("2024－017（城关镇）" → "2024017城关镇")."""
    # the same as dropping non-alnum from to_halfwidth(text).lower(), in the order that leaves the
    # half-width table (per character, slow) only full-width letters and digits to look at: the
    # full-width punctuation of Chinese text is gone by then
    return to_halfwidth(_NOT_ALNUM.sub("", text.lower()))


def normalize_text(value: object, *, multiline: bool = True) -> str:
    """Clean a free-text field: full-width digits and spaces to half-width, runs of spaces to one,
    Windows line breaks to \\n, blank edges trimmed. Chinese punctuation (，。：) is kept."""
    if type(value) is str:
        if not value or not _NEEDS_WORK.search(value):   # empty or already clean: most fields of a form
            return value
    elif value is None:
        return ""
    return _cleaned(str(value), multiline)


def _cleaned(text: str, multiline: bool) -> str:
    """``normalize_text`` without its shortcut for text that is already clean."""
    text = strip_unsafe(text.translate(_FULLWIDTH_DIGITS_ONLY))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    if not multiline:
        return " ".join(line for line in lines if line)
    # keep paragraph breaks, drop blank lines at the edges and doubled blank lines
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def normalize_name(value: object) -> str:
    """Unit and campaign names: one line, no inner spaces at all (政府 名称 → 政府名称)."""
    text = normalize_text(value, multiline=False)
    if _LOOKALIKE.search(text):
        text = _LOOKALIKE.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
    return re.sub(r"\s+", "", text)


class DateError(ValueError):
    """Raised with a Chinese message when a date cannot be read."""


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


_READ: dict[str, date] = {}   # text → date already read (a date is immutable, so it may be shared)


def parse_date(value: object) -> date | None:
    """Read 2024-06-30, 2024/6/30, 2024.6.30, 2024年6月30日 (full-width digits too).

    Empty input gives None; anything else unreadable raises DateError with the reason.
    """
    if value is None:
        return None
    if isinstance(value, date):
        return value if type(value) is date else value.date()  # datetime -> date
    if type(value) is str and value in _READ:   # sheets and imports repeat the same few dates
        return _READ[value]
    text = to_halfwidth(str(value)).strip()
    text = re.sub(r"\s+", "", text)
    if not text:
        return None
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                found = date(y, mo, d)
            except ValueError:
                raise DateError(f"“{value}”不是有效日期：{y}年没有{mo}月{d}日。") from None
            if type(value) is str:
                if len(_READ) > 4096:
                    _READ.clear()
                _READ[value] = found
            return found
    raise DateError(f"无法识别日期“{value}”，请写成 2024-06-30、2024/6/30、2024.6.30 或 2024年6月30日。")


def format_date(value: date | str | None) -> str:
    """Dates are stored and shown as ISO text (2024-06-30)."""
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def format_date_cn(value: date | str | None) -> str:
    """2024-06-30 → 2024年6月30日 (for documents)."""
    if not value:
        return ""
    d = value if isinstance(value, date) else date.fromisoformat(str(value))
    return f"{d.year}年{d.month}月{d.day}日"


def join_clauses(*parts: str | None) -> str:
    """Join pieces of text with "；", each without its own closing mark ("落实到位。" + "整改完成" →
    "落实到位；整改完成"), so pasted sentences never read "。；"."""
    clean = [p.strip().rstrip("。；;，,、 ") for p in parts if p and p.strip()]
    return "；".join(c for c in clean if c)
