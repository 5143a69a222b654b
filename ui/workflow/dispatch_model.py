"""月调度's list of open problems as a table model: cells are built when the view paints them, so a
month of 40,000 open problems shows at once (a QTableWidget made 400,000 items first)."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from models.normalize import join_clauses
from models.workflow import dispatch
from ui import style
from ui.ledger.table_model import STATE_COLOURS

PROBLEM_COLUMNS = ("本月情况", "来源机关", "编号", "牵头单位", "状态", "整改时限", "进度", "最近报送", "报送单位",
                   "最近进展", "问题描述")
ORIGIN_COLUMN = 1       # shown only when the campaign holds other offices' problems
DEADLINE_COLUMN = 5
MARK_COLOURS = {dispatch.MARK_NOT_REPORTED: ("error_background", "error"),   # resources/colours.json
                dispatch.MARK_NEW: ("info_background", "link"),
                dispatch.MARK_CLOSE_REQUESTED: ("ok_background", "ok_text")}
CENTERED = {0, 1, 4, 5, 6, 7}
Index = QModelIndex | QPersistentModelIndex


def _texts(row: dispatch.DispatchRow) -> tuple[str, ...]:
    rep = row.last_report or {}
    progress = join_clauses(rep.get("measures", ""), rep.get("result", ""))
    return (row.mark, row.origin_label, row.number, row.lead_unit, row.status, row.deadline or "无时限", f"{row.progress}%",
            rep.get("report_date", "从未报送"), rep.get("unit", ""), progress, row.description)


class DispatchProblemsModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[dispatch.DispatchRow] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: list[dispatch.DispatchRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt names)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt names)
        return 0 if parent.isValid() else len(PROBLEM_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return PROBLEM_COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _texts(row)[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == DEADLINE_COLUMN:
                return row.deadline_state
            return _texts(row)[col] if col in (9, 10) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in CENTERED:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.UserRole:
            return row.problem_id
        colours = (MARK_COLOURS.get(row.mark) if col == 0
                   else STATE_COLOURS.get(row.deadline_state) if col == DEADLINE_COLUMN else None)
        if colours is None:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return style.colour(colours[0])
        if role == Qt.ItemDataRole.ForegroundRole:
            return style.colour(colours[1])
        if role == Qt.ItemDataRole.FontRole and col == 0:
            return self._bold
        return None
