"""Chinese names in the order offices expect (拼音, as WPS sorts them), not by character code.

QCollator with the zh_CN locale: ICU ships inside the PySide6 wheels and Windows sorts zh-CN by
pinyin itself, so this needs no extra package (pypinyin would add a dictionary of several MB for
the same order). models/ stays free of Qt: it returns units grouped by kind, the UI orders names.
"""
from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QCollator, QCollatorSortKey, QLocale
from PySide6.QtWidgets import QTableWidgetItem

from models.vocab import UNIT_KINDS

_COLLATOR = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
_COLLATOR.setNumericMode(True)   # 第2村 before 第10村
_KIND_RANK = {k: i for i, k in enumerate(UNIT_KINDS)}


@lru_cache(maxsize=20000)
def pinyin_key(text: str) -> QCollatorSortKey:
    return _COLLATOR.sortKey(text or "")


def pinyin_sorted(texts, key=lambda t: t) -> list:
    return sorted(texts, key=lambda t: pinyin_key(key(t)))


def units_in_order(units: list) -> list:
    """Units by kind (人民政府, 政府部门, 乡镇/街道, …) then by the pinyin of the name."""
    return sorted(units, key=lambda u: (_KIND_RANK.get(u.kind, len(UNIT_KINDS)), pinyin_key(u.name)))


class PinyinItem(QTableWidgetItem):
    """A table cell that sorts by pinyin; ``order`` (e.g. the kind's rank) sorts before the text."""

    def __init__(self, text: str, order: int = 0, tie: str = ""):
        super().__init__(text)
        self._key = (order, pinyin_key(text), pinyin_key(tie))

    def __lt__(self, other: QTableWidgetItem) -> bool:
        if isinstance(other, PinyinItem):
            return self._key < other._key
        return super().__lt__(other)
