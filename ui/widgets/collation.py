"""Chinese names in the order offices expect (拼音, as WPS sorts them), not by character code: table
cells and lists of the UI. The rule itself is models/names_order.py (plain Python, shared with the
exports and the 来源机关 lists)."""
from __future__ import annotations

from PySide6.QtWidgets import QTableWidgetItem

from models.names_order import name_key
from models.vocab import UNIT_KINDS

_KIND_RANK = {k: i for i, k in enumerate(UNIT_KINDS)}


def units_in_order(units: list) -> list:
    """Units by kind (人民政府, 政府部门, 乡镇/街道, …) then by the pinyin of the name."""
    return sorted(units, key=lambda u: (_KIND_RANK.get(u.kind, len(UNIT_KINDS)), name_key(u.name)))


class PinyinItem(QTableWidgetItem):
    """A table cell that sorts by pinyin; ``order`` (e.g. the kind's rank) sorts before the text."""

    def __init__(self, text: str, order: int = 0, tie: str = ""):
        super().__init__(text)
        self._key = (order, name_key(text), name_key(tie))

    def __lt__(self, other: QTableWidgetItem) -> bool:
        if isinstance(other, PinyinItem):
            return self._key < other._key
        return super().__lt__(other)
