"""The preview table: one line per sheet row, its problems in red, cells editable in place."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from models.exchange import preview as pv_mod
from models.normalize import normalize_text

# (title, source field edited, or None for a computed column)
COLUMNS = (
    ("导入", None), ("行号", None), ("编号", "number"), ("提示", None), ("问题描述", "description"), ("牵头单位", "lead_unit"),
    ("整改时限（原文）", "deadline"), ("理解为", None), ("状态", "status"), ("进度", None),
    ("问题来源", "source"), ("问题类别", "category"), ("配合单位", "cooperating_units"),
    ("督办部门", "supervisor_unit"),
)
(CHECK, LINE, NUMBER, NOTE, DESCRIPTION, LEAD, DEADLINE, READ_AS, STATUS, PERCENT, SOURCE, CATEGORY, COOP,
 SUPERVISOR) = range(len(COLUMNS))
_ERROR_BG = QBrush(QColor("#fde2e1"))
_DUP_BG = QBrush(QColor("#fff4c2"))
_OFF_FG = QBrush(QColor("#8a8a8a"))


def row_note(row) -> str:
    if row.errors:
        return "；".join(row.errors)
    if row.duplicate_of:
        return f"疑似重复：与{row.duplicate_of}相同或相近，默认不导入"
    return "；".join(([row.question] if row.question else []) + row.warnings)


class PreviewModel(QAbstractTableModel):
    def __init__(self, preview, parent=None):
        super().__init__(parent)
        self.preview = preview

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.preview.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        return None

    def flags(self, index):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == CHECK:
            row = self.preview.rows[index.row()]
            return base | (Qt.ItemFlag.ItemIsUserCheckable if not row.errors else Qt.ItemFlag.NoItemFlags)
        if COLUMNS[index.column()][1]:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.preview.rows[index.row()]
        col = index.column()
        title, key = COLUMNS[col]
        if role == Qt.ItemDataRole.CheckStateRole and col == CHECK:
            on = row.include and not row.errors
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            if col == LINE:
                return str(row.line)
            if col == NOTE:
                return row_note(row)
            if col == NUMBER and role == Qt.ItemDataRole.DisplayRole and not row.values.get("number"):
                return "（自动编号）"
            if col == CATEGORY and not row.values.get("category"):
                return row.record.get("category", row.category)
            if col == READ_AS:
                rec = row.record
                return f"{rec.get('kind', '')} {rec.get('deadline', '')}".strip() if rec.get("kind") else ""
            if col == STATUS and role == Qt.ItemDataRole.DisplayRole:
                written = row.values.get("status", "")
                stored = row.record.get("status", "")
                return f"{written}→{stored}" if written and written != stored else stored
            if col == LEAD and role == Qt.ItemDataRole.DisplayRole:
                cell = row.values.get("lead_unit", "").replace("\n", " ")
                lead = row.record.get("lead_unit")
                stored = pv_mod.stored_unit_name(self.preview, lead) if lead else ""
                return f"{cell} → {stored}" if lead and stored != lead else cell
            if col == PERCENT:
                return f"{row.record.get('progress', 0)}%"
            if col == CHECK:
                return None
            text = row.values.get(key, "")
            if role == Qt.ItemDataRole.DisplayRole:
                return text.replace("\n", " ")
            return text
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.errors:
                return _ERROR_BG
            if row.duplicate_of or row.question:
                return _DUP_BG
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == NOTE and row.errors:
                return QBrush(QColor("#b3261e"))
            if not row.include:
                return _OFF_FG
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid():
            return False
        row = self.preview.rows[index.row()]
        if index.column() == CHECK and role == Qt.ItemDataRole.CheckStateRole:
            if row.errors:
                return False
            row.include = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role == Qt.ItemDataRole.EditRole and COLUMNS[index.column()][1]:
            row.values[COLUMNS[index.column()][1]] = normalize_text(value)
            pv_mod.revalidate(self.preview, row)
        else:
            return False
        left, right = self.index(index.row(), 0), self.index(index.row(), len(COLUMNS) - 1)
        self.dataChanged.emit(left, right)
        return True

    def set_all(self, include: bool) -> None:
        for row in self.preview.rows:
            if not row.errors:
                row.include = include
        self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, len(COLUMNS) - 1))


class ProblemsOnlyFilter(QSortFilterProxyModel):
    """Shows only rows with errors or duplicates when ``only_problems`` is on."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.only_problems = False

    def set_only_problems(self, on: bool) -> None:
        self.beginFilterChange()
        self.only_problems = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row, source_parent) -> bool:  # noqa: N802
        if not self.only_problems:
            return True
        row = self.sourceModel().preview.rows[source_row]
        return bool(row.errors or row.duplicate_of or row.question)
