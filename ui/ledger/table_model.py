"""The ledger table model: holds only problem ids and builds rows in blocks when the view asks.

Like Anki's browser table: ``models.ledger.query_ids`` gives the ordered ids, and
``models.ledger.fetch_rows`` fills a block of rows around the one being painted. A ledger of
100,000 problems therefore costs one id list and a few cached blocks.
"""
from __future__ import annotations

from collections import OrderedDict
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from models import deadlines, ledger
from models.ledger import COLUMNS, LedgerFilter
from models.store import StoreError

BLOCK = 200
MAX_BLOCKS = 40

# The colour of each deadline state; the rule deciding the state lives in models.deadlines.
STATE_COLOURS: dict[str, tuple[str, str]] = {
    deadlines.OVERDUE: ("#fde3e1", "#a50e0e"),
    deadlines.DUE_SOON: ("#fff3c4", "#5f4b00"),
    deadlines.PENDING_LATE: ("#e3ecf7", "#1f3a68"),
}

_CENTERED = {"status", "kind", "deadline", "source", "category"}
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_USER = int(Qt.ItemDataRole.UserRole)
_ALIGNMENTS = tuple(
    int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter) if c.key == "progress"
    else int(Qt.AlignmentFlag.AlignCenter) if c.key in _CENTERED
    else int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    for c in COLUMNS)


class LedgerTableModel(QAbstractTableModel):
    """Rows are problem ids; columns are ``models.ledger.COLUMNS`` in their fixed order."""

    fetch_failed = Signal(str)   # reading rows failed (e.g. the file became unreadable)

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.ids: list[int] = []
        self.filter = LedgerFilter()
        self.sort_key = "number"
        self.descending = False
        self.today = date.today()
        self.warn_days = deadlines.warn_days(store)
        self._blocks: OrderedDict[int, dict[int, dict]] = OrderedDict()
        self._row_of: dict[int, int] | None = None
        self._brushes = {state: (QBrush(QColor(bg)), QBrush(QColor(fg)))
                         for state, (bg, fg) in STATE_COLOURS.items()}

    # ----- loading -------------------------------------------------------------------
    def load(self, flt: LedgerFilter, sort_key: str | None = None, descending: bool | None = None) -> None:
        """Re-run the query (may raise StoreError; the page shows it)."""
        if sort_key is not None:
            self.sort_key = sort_key
        if descending is not None:
            self.descending = descending
        self.today = date.today()
        self.warn_days = deadlines.warn_days(self.store)
        flt.today, flt.warn_days = self.today, self.warn_days
        ids = ledger.query_ids(self.store, flt, self.sort_key, self.descending)
        self.beginResetModel()
        self.filter = flt
        self.ids = ids
        self._blocks.clear()
        self._row_of = None
        self.endResetModel()

    def reload(self) -> None:
        self.load(self.filter)

    def clear(self) -> None:
        self.beginResetModel()
        self.ids = []
        self._blocks.clear()
        self._row_of = None
        self.endResetModel()

    def row_of(self, problem_id: int) -> int | None:
        if self._row_of is None:
            self._row_of = {pid: i for i, pid in enumerate(self.ids)}
        return self._row_of.get(problem_id)

    def problem_id(self, row: int) -> int | None:
        return self.ids[row] if 0 <= row < len(self.ids) else None

    def row_data(self, row: int) -> dict | None:
        """The display row (all columns) for ``row``, fetched with its block when needed."""
        if not 0 <= row < len(self.ids):
            return None
        block = row // BLOCK
        rows = self._blocks.get(block)
        if rows is None:
            ids = self.ids[block * BLOCK:(block + 1) * BLOCK]
            try:
                rows = ledger.fetch_rows(self.store, ids)
            except StoreError as exc:
                # painting must never raise; the rows stay blank and the reason is reported once
                self.fetch_failed.emit(str(exc))
                return None
            self._blocks[block] = rows
            if len(self._blocks) > MAX_BLOCKS:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(block)
        return rows.get(self.ids[row])

    # ----- Qt model API --------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section].label
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"点击按“{COLUMNS[section].label}”排序；右键选择显示的列"
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY):
        # Called thousands of times per paint: plain int roles, cells prepared once per block.
        role = int(role)
        if role == _DISPLAY:
            cells = self._cells(index.row())
            return cells[0][index.column()] if cells is not None and 0 <= index.column() < len(COLUMNS) else None
        if role == _BACKGROUND or role == _FOREGROUND:
            cells = self._cells(index.row())
            brushes = self._brushes.get(cells[1]) if cells is not None else None
            if brushes is None:
                return None
            return brushes[0] if role == _BACKGROUND else brushes[1]
        if role == _ALIGN:
            return _ALIGNMENTS[index.column()] if 0 <= index.column() < len(COLUMNS) else None
        if role == _USER:
            return self.problem_id(index.row())
        if role == _TOOLTIP and 0 <= index.column() < len(COLUMNS):
            row = self.row_data(index.row())
            if row is None:
                return None
            key = COLUMNS[index.column()].key
            value = row.get(key)
            if key in ("description", "suggestion", "legal_basis", "place", "cooperating_units") and value:
                return str(value)
            if key == "deadline" and row["_deadline"]:
                return self._cells(index.row())[1]
        return None

    def _cells(self, row: int) -> tuple[tuple[str, ...], str] | None:
        """(display texts in column order, deadline state) for ``row``."""
        data = self.row_data(row)
        if data is None:
            return None
        cells = data.get("_cells")
        if cells is None:
            state = deadlines.deadline_state(data["_deadline"], data["_status"], self.today, self.warn_days)
            cells = (tuple(display_text(c.key, data.get(c.key)) for c in COLUMNS), state)
            data["_cells"] = cells
        return cells

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(COLUMNS):
            self.load(self.filter, COLUMNS[column].key, order == Qt.SortOrder.DescendingOrder)


def display_text(key: str, value) -> str:
    """What one cell shows: one line of text, progress as a percentage."""
    if value is None:
        return ""
    if key == "progress":
        return f"{value}%"
    text = str(value)
    return text.replace("\n", " ") if "\n" in text else text
