"""Small pieces the 专题清单 tabs share: a button row, a read-only table filled from rows, the
campaign the window shows, and running an action through the window's one write path."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ui.operations import Operations
from ui.widgets.tables import cell, figure_table


class ListTab(QWidget):
    """A tab of the 专题清单 page; ``refresh()`` reloads it for the window's campaign."""

    def __init__(self, page):
        super().__init__(page)
        self.page = page          # the 专题清单 page: exports, the window
        self.window_ = page.window_
        self.store = page.store

    @property
    def campaign_id(self) -> int | None:
        return self.window_.campaign_id

    def run(self, title: str, func: Callable, *args, **kwargs):
        """One user action, one transaction, through the window's runner (None when it failed)."""
        return Operations.of(self, self.store).run(title, func, *args, parent=self, **kwargs)

    def buttons(self, *specs: tuple[str, Callable, str]) -> tuple[QHBoxLayout, list[QPushButton]]:
        """A row of buttons (text, slot, tooltip); editing buttons are off in 只读 mode."""
        row = QHBoxLayout()
        made = []
        for text, slot, tip in specs:
            b = QPushButton(text, self)
            b.clicked.connect(lambda _checked=False, s=slot: s())
            if tip:
                b.setToolTip(tip)
            row.addWidget(b)
            made.append(b)
        row.addStretch(1)
        return row, made

    def table_layout(self, row: QHBoxLayout, table: QTableWidget, editing: list[QPushButton]) -> QLabel:
        """Buttons above, the table, a summary line below; the editing buttons are off in 只读 mode.
        Returns the summary label."""
        self.editing_buttons = editing
        summary = QLabel(self)
        summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(table, 1)
        layout.addWidget(summary)
        if self.store.read_only:
            for b in editing:
                b.setEnabled(False)
        return summary

    def refresh(self) -> None:  # pragma: no cover - each tab fills itself
        raise NotImplementedError


def make_table(headers: Sequence[str], parent: QWidget, stretch: int) -> QTableWidget:
    t = figure_table(tuple(headers), parent)
    t.setWordWrap(True)
    header = t.horizontalHeader()
    for i in range(len(headers)):
        header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return t


def fill_table(table: QTableWidget, rows: Sequence[Sequence[object]], ids: Sequence[int],
               centered: Sequence[int] = ()) -> None:
    """Rows of text; each row's first cell carries its record id."""
    current = selected_id(table)
    table.setRowCount(len(rows))
    for r, (values, rid) in enumerate(zip(rows, ids, strict=True)):
        for c, value in enumerate(values):
            item = cell(value, center=c in centered)
            if c == 0:
                item.setData(Qt.ItemDataRole.UserRole, rid)
            table.setItem(r, c, item)
        if rid == current:
            table.selectRow(r)
    table.resizeRowsToContents()


def selected_id(table: QTableWidget) -> int | None:
    rows = table.selectionModel().selectedRows() if table.selectionModel() else []
    if not rows:
        return None
    item = table.item(rows[0].row(), 0)
    return item.data(Qt.ItemDataRole.UserRole) if item is not None else None
