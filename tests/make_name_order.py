"""Writes resources/name_order.txt, the order Chinese names are listed in (拼音, as WPS sorts them):
a script run by hand when the table should change, not a test.

    python tests/make_name_order.py

The order is taken once from ICU's zh collation (QCollator, zh_CN): every character of the ranges
below sorted, one line per group of characters ICU counts as the same letter (A/Ａ, (/（), after a
first line of the characters ICU passes over (soft hyphen, zero-width space). The
program reads the file with plain Python (models/names_order.py), so models/ stays free of Qt and a
Windows PC lists names exactly as Linux does (Qt's collator there is the system's, not ICU).
tests/test_names_order.py checks the table still agrees with ICU.
"""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCollator, QLocale

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "resources" / "name_order.txt"
# printable ASCII and Latin-1, punctuation, circled numbers, CJK punctuation, CJK (extension A, the
# unified block, compatibility ideographs) and full-width forms: what office and unit names are written in
RANGES = ((0x20, 0x7F), (0xA0, 0x100), (0x2000, 0x2070), (0x2150, 0x2190), (0x2460, 0x2500), (0x3000, 0x3040),
          (0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0xFF00, 0xFFF0))


def collator() -> QCollator:
    c = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    c.setNumericMode(True)
    return c


def groups() -> list[str]:
    c = collator()
    chars = [chr(i) for a, b in RANGES for i in range(a, b) if chr(i) != "\n"]
    chars.sort(key=c.sortKey)
    out: list[str] = []
    for i, ch in enumerate(chars):
        prev = chars[i - 1] if i else ""
        # the same letter at ICU's first level: what follows decides (甲 before 乙) whichever comes first
        same = bool(prev) and c.compare(prev + "乙", ch + "甲") > 0 and c.compare(ch + "乙", prev + "甲") > 0
        if same:
            out[-1] += ch
        else:
            out.append(ch)
    return out


def ignorable(c: QCollator, found: list[str]) -> tuple[str, list[str]]:
    """The characters ICU passes over at the first level (soft hyphen, zero-width space): they come
    first and compare as nothing. Between 甲's group and the next no other character sorts, so a
    character that is not passed over cannot pass both tests."""
    k = next(i for i, g in enumerate(found) if "甲" in g)
    a, b = found[k][0], found[k + 1][0]
    skip = "".join(ch for ch in found[0] if c.compare(ch + a, b) < 0 and c.compare(ch + b, a) > 0)
    return skip, ([found[0]] if not skip else []) + found[1:]


def main() -> None:
    skip, rest = ignorable(collator(), groups())
    text = "\n".join([skip, *rest]) + "\n"
    TARGET.write_text(text, encoding="utf-8", newline="\n")
    print(f"{TARGET}: {text.count(chr(10))} groups, {len(text.encode())} bytes")


if __name__ == "__main__":
    sys.exit(main())
