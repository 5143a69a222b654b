"""The ledger's columns on screen: which are shown, their order and widths, remembered by column key.

Settings store keys (``models.ledger.COLUMNS``), never header indexes, so a later version that
adds or reorders columns still restores what the user arranged.
"""
from __future__ import annotations

import json

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView, QWidget

from models.ledger import COLUMNS

SETTINGS_KEY = "ledger/columns"
_INDEX = {c.key: i for i, c in enumerate(COLUMNS)}
ORIGIN = "origin"   # 来源机关: shown by default once other offices' problems are here


class ColumnLayout:
    """Wraps the horizontal header of the ledger table."""

    def __init__(self, table: QTableView):
        self.table = table
        self.header: QHeaderView = table.horizontalHeader()
        self.origin_chosen = False      # the user showed or hid 来源机关 themselves: keep their choice
        self.origins_present = False
        for i, col in enumerate(COLUMNS):
            self.header.resizeSection(i, col.width)
            self.header.setSectionHidden(i, not col.visible)

    def show_origin_default(self, present: bool) -> None:
        """来源机关 is shown when the database holds problems from other offices (a city's merged
        view) and hidden when all are this office's own, unless the user chose otherwise."""
        self.origins_present = present
        if not self.origin_chosen:
            self.header.setSectionHidden(_INDEX[ORIGIN], not present)

    def visible_keys(self) -> list[str]:
        """Keys of the shown columns in on-screen order."""
        h = self.header
        return [COLUMNS[h.logicalIndex(v)].key for v in range(h.count())
                if not h.isSectionHidden(h.logicalIndex(v))]

    def sort_key(self) -> tuple[str, bool]:
        section = self.header.sortIndicatorSection()
        key = COLUMNS[section].key if 0 <= section < len(COLUMNS) else "number"
        return key, self.header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

    def first_visible(self) -> int:
        for v in range(self.header.count()):
            if not self.header.isSectionHidden(self.header.logicalIndex(v)):
                return self.header.logicalIndex(v)
        return 0

    # ----- memory --------------------------------------------------------------------
    def save(self, settings: QSettings) -> None:
        h = self.header
        state = {
            "order": [COLUMNS[h.logicalIndex(v)].key for v in range(h.count())],
            "hidden": [c.key for i, c in enumerate(COLUMNS) if h.isSectionHidden(i)],
            "widths": {c.key: h.sectionSize(i) for i, c in enumerate(COLUMNS) if not h.isSectionHidden(i)},
            "sort": list(self.sort_key()),
            "origin_chosen": self.origin_chosen,
        }
        settings.setValue(SETTINGS_KEY, json.dumps(state, ensure_ascii=False))

    def restore(self, settings: QSettings) -> bool:
        """Apply a saved layout; unknown keys are ignored, new columns keep their defaults.
        Returns whether a saved layout was found."""
        raw = settings.value(SETTINGS_KEY)
        if not raw:
            return False
        try:
            state = json.loads(raw)
        except (TypeError, ValueError):
            return False
        if not isinstance(state, dict):
            return False
        h = self.header
        order = [k for k in state.get("order", []) if k in _INDEX]
        for target, key in enumerate(order):
            h.moveSection(h.visualIndex(_INDEX[key]), target)
        hidden = set(state.get("hidden", []))
        self.origin_chosen = state.get("origin_chosen") is True
        for key, i in _INDEX.items():
            if key == ORIGIN and not self.origin_chosen:
                continue   # follows whether other offices' problems are here (show_origin_default)
            if key in hidden or key in order:
                h.setSectionHidden(i, key in hidden)
        for key, width in state.get("widths", {}).items():
            if key in _INDEX and isinstance(width, int) and width > 10:
                h.resizeSection(_INDEX[key], width)
        sort = state.get("sort")
        if isinstance(sort, list) and len(sort) == 2 and sort[0] in _INDEX:
            h.blockSignals(True)
            h.setSortIndicator(_INDEX[sort[0]], Qt.SortOrder.DescendingOrder if sort[1]
                               else Qt.SortOrder.AscendingOrder)
            h.blockSignals(False)
        return True

    # ----- choosing and sizing -------------------------------------------------------
    def menu(self, parent: QWidget) -> QMenu:
        """Checkable list of columns; at least one stays visible."""
        menu = QMenu("显示的列", parent)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for i, col in enumerate(COLUMNS):
            action = menu.addAction(col.label)
            action.setCheckable(True)
            action.setChecked(not self.header.isSectionHidden(i))
            action.toggled.connect(lambda on, i=i: self.set_visible(i, on))
        menu.addSeparator()
        menu.addAction("恢复默认列", self.reset)
        return menu

    def set_visible(self, logical: int, visible: bool) -> None:
        h = self.header
        if not visible and h.count() - h.hiddenSectionCount() <= 1:
            return
        h.setSectionHidden(logical, not visible)
        if COLUMNS[logical].key == ORIGIN:
            self.origin_chosen = True
        if visible and h.sectionSize(logical) < 30:
            h.resizeSection(logical, COLUMNS[logical].width)

    def reset(self) -> None:
        for i, col in enumerate(COLUMNS):
            self.header.moveSection(self.header.visualIndex(i), i)
            self.header.setSectionHidden(i, not col.visible)
            self.header.resizeSection(i, col.width)
        self.origin_chosen = False
        self.show_origin_default(self.origins_present)

    def fit_description(self) -> None:
        """Give the description column the room the other columns leave (first run only)."""
        index = _INDEX["description"]
        others = sum(self.header.sectionSize(i) for i in range(self.header.count())
                     if i != index and not self.header.isSectionHidden(i))
        scrollbar = self.table.verticalScrollBar()
        room = self.table.viewport().width() - others - 4
        if not scrollbar.isVisible():
            room -= scrollbar.sizeHint().width()
        self.header.resizeSection(index, max(room, 240))   # too narrow: the text elides, 进度 stays on screen
