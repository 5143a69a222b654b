"""Small read-only tables of figures (月调度, 满意度测评): one way to build the table and its cells."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)


def cell(text: object, *, center: bool = False, tip: str = "") -> QTableWidgetItem:
    """A cell showing ``text`` (None shows empty), centred for figures, with an optional tooltip."""
    item = QTableWidgetItem("" if text is None else str(text))
    if center:
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    if tip:
        item.setToolTip(tip)
    return item


@contextmanager
def filling(t: QTableWidget) -> Iterator[QTableWidget]:
    """Fill ``t`` inside this block. A column that fits its contents re-measures every row after
    each ``setItem`` (a 17-row 月调度 ranking took ~150 ms to fill, ~12 ms this way); the columns
    are measured once, when the block ends. Sorting is off while the rows go in."""
    header = t.horizontalHeader()
    modes = [header.sectionResizeMode(i) for i in range(header.count())]
    sorting = t.isSortingEnabled()
    t.setSortingEnabled(False)
    for i, mode in enumerate(modes):
        if mode == QHeaderView.ResizeMode.ResizeToContents:
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
    try:
        yield t
    finally:
        for i, mode in enumerate(modes):
            if mode == QHeaderView.ResizeMode.ResizeToContents:
                header.setSectionResizeMode(i, mode)
        t.setSortingEnabled(sorting)


def pick_one_row(t: QTableView) -> None:
    """A list the clerk reads and picks from: read-only, whole rows selected one at a time, no row numbers."""
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.verticalHeader().hide()


def row_table(columns: tuple[str, ...] | list[str], parent: QWidget, name: str = "", rows: int = 0) -> QTableWidget:
    """A table of ``columns`` the clerk picks one row from (see ``pick_one_row``)."""
    t = QTableWidget(rows, len(columns), parent)
    if name:
        t.setObjectName(name)
    t.setHorizontalHeaderLabels(list(columns))
    pick_one_row(t)
    return t


def figure_table(columns: tuple[str, ...], parent: QWidget, *, fit_contents: bool = False) -> QTableWidget:
    """Read-only, whole rows selected one at a time, striped; columns fit their contents if asked."""
    t = row_table(columns, parent)
    _stripes(t, fit_contents)
    return t


def figure_view(model: QAbstractItemModel, parent: QWidget) -> QTableView:
    """The same look over a model, for long lists: rows of one fixed height (no measuring of
    40,000 rows), cells built only when painted."""
    t = QTableView(parent)
    t.setModel(model)
    pick_one_row(t)
    _stripes(t, False)
    rows = t.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(t.fontMetrics().height() + 8)
    return t


def _stripes(t: QTableView, fit_contents: bool) -> None:
    t.setAlternatingRowColors(True)
    if fit_contents:
        t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    else:
        t.setWordWrap(False)
