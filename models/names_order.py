"""The one order Chinese names are listed in: by 拼音 as WPS and offices sort them (甲县 before 乙县,
第2村 before 第10村), never by character code. Units, offices and anything else named are sorted with
``name_key``; offices (来源机关) with ``office_key``, lower levels first.

The order comes from resources/name_order.txt (made from ICU's zh collation by
tests/make_name_order.py): one line per letter, its characters the ones ICU counts as the same
(A/Ａ); the first line holds what ICU passes over. Plain Python, so models/ needs no Qt and every
computer lists names the same way. A character not in the table sorts after all that are.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from models.paths import resources_dir
from models.vocab import LEVELS

_LEVEL_RANK = {level: n for n, level in enumerate(reversed(LEVELS))}   # 县 0 < 市 1 < 省 2
_UNKNOWN = 1 << 21   # after every listed character, in code order among themselves


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, int], dict[str, int], int]:
    """Character → its letter's rank (0: passed over), character → its own place, and the digits' rank."""
    lines = (resources_dir() / "name_order.txt").read_text(encoding="utf-8").split("\n")
    letter: dict[str, int] = {}
    place: dict[str, int] = {}
    for rank, line in enumerate(lines):
        for ch in line:
            letter[ch] = rank
            place[ch] = len(place)
    return letter, place, letter["0"]


@lru_cache(maxsize=20000)
def name_key(text: str) -> tuple:
    """Sort key of a name: letter by letter, a run of digits as its number; names alike but for
    width (（ and () are then ordered character by character."""
    letter, place, digits = _table()
    letters: list[tuple[int, int]] = []
    text = text or ""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isdecimal() and ch in letter:
            j = i
            while j < len(text) and text[j].isdecimal() and text[j] in letter:
                j += 1
            letters.append((digits, int("".join(str(unicodedata.decimal(d)) for d in text[i:j]))))
            i = j
            continue
        rank = letter.get(ch, _UNKNOWN + ord(ch))
        if rank:
            letters.append((rank, 0))
        i += 1
    return tuple(letters), tuple(place.get(ch, _UNKNOWN + ord(ch)) for ch in text)


def sorted_names(items, key=lambda item: item) -> list:
    """``items`` in name order, ``key`` giving each one's name."""
    return sorted(items, key=lambda item: name_key(key(item)))


def office_key(level: str, office: str) -> tuple:
    """Offices: counties before cities before the province, each level by name."""
    return _LEVEL_RANK.get(level, len(LEVELS)), name_key(office)
