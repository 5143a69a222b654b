"""The 单位 page: every unit with its kind and how many problems name it; add, edit, delete."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.changes import UNIT_USE
from models.units import delete_unit, list_units, usage_counts
from models.vocab import UNIT_KINDS
from ui.action_gate import mark_writing
from ui.dialogs import messages
from ui.dialogs.unit_dialog import UnitDialog
from ui.widgets.collation import PinyinItem
from ui.widgets.lazy import LazyRefresh
from ui.widgets.tables import row_table

HEADERS = ("单位全称", "简称", "单位类别", "引用的问题数")
KIND_RANK = {k: i for i, k in enumerate(UNIT_KINDS)}


class UnitsPage(LazyRefresh, QWidget):
    SHOWS = UNIT_USE   # tables shown: reload only when an action wrote one

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.window_ = window
        self.store = window.store
        self.dialog: UnitDialog | None = None
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("按名称筛选")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._apply_name_filter)
        self.add_button = QPushButton("新增单位…", self)
        self.edit_button = QPushButton("编辑…", self)
        self.delete_button = QPushButton("删除", self)
        self.count_label = QLabel(self)
        self.add_button.clicked.connect(self.add_unit)
        self.edit_button.clicked.connect(lambda: self.edit_unit())
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        for b in (self.add_button, self.edit_button, self.delete_button):
            top.addWidget(b)
        top.addStretch(1)
        top.addWidget(self.count_label)

        self.table = row_table(HEADERS, self, "units_table")
        header = self.table.horizontalHeader()
        # first view: grouped by kind (人民政府, 政府部门, 乡镇/街道 …), names A→Z by pinyin inside each
        header.setSortIndicator(2, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for i, w in ((1, 160), (2, 150), (3, 110)):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(i, w)
        self.table.doubleClicked.connect(lambda _i: self.edit_button.isEnabled() and self.edit_unit())
        mark_writing(self.add_button, self.edit_button, self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.watch(window, campaign=False)

    def refresh(self) -> None:
        self._dirty = False
        current = self.selected_unit_id()
        units = self.window_.operations.run("无法读取单位", list_units, self.store) or []
        counts = usage_counts(self.store) if units else {}
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(units))
        for row, u in enumerate(units):
            items = (PinyinItem(u.name), PinyinItem(u.short_name, tie=u.name),
                     PinyinItem(u.kind, KIND_RANK.get(u.kind, len(KIND_RANK)), tie=u.name))
            for col, item in enumerate(items):
                item.setData(Qt.ItemDataRole.UserRole, u.id)
                self.table.setItem(row, col, item)
            n = QTableWidgetItem()
            n.setData(Qt.ItemDataRole.DisplayRole, counts.get(u.id, 0))
            n.setData(Qt.ItemDataRole.UserRole, u.id)
            n.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 3, n)
        self.table.setSortingEnabled(True)
        self.count_label.setText(f"共 {len(units)} 个单位")
        self._apply_name_filter(self.filter_edit.text())
        if current is not None:
            self.select_unit(current)

    def _apply_name_filter(self, text: str) -> None:
        text = text.strip()
        for row in range(self.table.rowCount()):
            hay = " ".join(self.table.item(row, c).text() for c in (0, 1))
            self.table.setRowHidden(row, bool(text) and text not in hay)

    def selected_unit_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)

    def select_unit(self, unit_id: int) -> None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(Qt.ItemDataRole.UserRole) == unit_id:
                self.table.selectRow(row)
                return

    def unit_names(self) -> list[str]:
        return [self.table.item(r, 0).text() for r in range(self.table.rowCount())]

    def _open(self, unit_id: int | None) -> UnitDialog:
        dialog = UnitDialog(self.store, unit_id, self.window_)
        dialog.accepted.connect(lambda: self._saved(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _saved(self, dialog: UnitDialog) -> None:
        self.refresh()
        if dialog.saved_id:
            self.select_unit(dialog.saved_id)

    def add_unit(self) -> UnitDialog:
        return self._open(None)

    def edit_unit(self) -> UnitDialog | None:
        unit_id = self.selected_unit_id()
        if unit_id is None:
            messages.inform(self.window_, "编辑单位", "请先选中一个单位。")
            return None
        return self._open(unit_id)

    def delete_selected(self) -> bool:
        unit_id = self.selected_unit_id()
        if unit_id is None:
            messages.inform(self.window_, "删除单位", "请先选中一个单位。")
            return False
        name = self.table.item(self.table.selectionModel().selectedRows()[0].row(), 0).text()
        if not messages.ask(self.window_, "删除单位", f"确定要删除单位“{name}”吗？", yes="删除", no="取消"):
            return False
        ok = self.window_.operations.run("不能删除", lambda: delete_unit(self.store, unit_id) or True)
        if ok:
            self.refresh()
        return bool(ok)
