"""对应单位: units named in the packages that this office does not know. For each: map it to a local
unit or create it (with its kind). Remembered per office, so the next package does not ask again."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.sync.units import IncomingUnit
from models.vocab import UNIT_KINDS

CREATE = "新建为本机单位"
COLUMNS = ("来自", "包中的写法", "出现次数", "处理方式", "新建时的类别")


class UnitMappingDialog(QDialog):
    def __init__(self, needs: list[IncomingUnit], existing: list[tuple[int, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sync_units_dialog")
        self.setWindowTitle("导入交换包：对应单位")
        self.needs = needs
        hint = QLabel("交换包中的下列单位在本机尚未登记（按全称和简称都找不到）。请为每个单位选择：对应到本机已有的单位"
                      "（例如包中写“民政局”，本机登记为“某某县民政局”），或新建为本机单位。名称相近的单位列在最前，"
                      "但不会替您选定，请核对是否同一单位。选择会记住，以后同一机关的交换包不再询问；"
                      "在应用变化清单之前，不会写入任何数据。", self)
        hint.setWordWrap(True)
        self.table = QTableWidget(len(needs), len(COLUMNS), self)
        self.table.setObjectName("units_table")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.actions: list[QComboBox] = []
        self.kinds: list[QComboBox] = []
        for row, need in enumerate(needs):
            for col, text in ((0, need.office), (1, need.name), (2, str(need.count))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if col == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, col, item)
            action = QComboBox(self.table)
            action.addItem(CREATE, None)
            if need.suggest_id:   # offered first, never chosen for the clerk
                action.addItem(f"对应到：{need.suggest_name}（名称相近，请核对是否同一单位）", need.suggest_id)
            for uid, name in existing:
                if uid != need.suggest_id:
                    action.addItem(f"对应到：{name}", uid)
            if need.match_id:
                action.setCurrentIndex(max(0, action.findData(need.match_id)))
            action.setToolTip(f"包中写的是“{need.name}”")
            kind = QComboBox(self.table)
            kind.addItems(list(UNIT_KINDS))
            kind.setCurrentText(need.kind)
            action.currentIndexChanged.connect(lambda _i, a=action, k=kind: k.setEnabled(a.currentData() is None))
            kind.setEnabled(action.currentData() is None)
            self.table.setCellWidget(row, 3, action)
            self.table.setCellWidget(row, 4, kind)
            self.actions.append(action)
            self.kinds.append(kind)
        header = self.table.horizontalHeader()
        for col in (0, 1, 2, 4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        box = QDialogButtonBox(self)
        self.ok_button = box.addButton("按此对应，列出变化", QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton("取消导入", QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(box)
        self.resize(960, 480)

    def choose(self, row: int, unit_id: int | None) -> None:
        """Pick a local unit (or None: create) for one row, as the clerk would in its list."""
        self.actions[row].setCurrentIndex(0 if unit_id is None else self.actions[row].findData(unit_id))

    def senders(self) -> dict[tuple[str, str], str]:
        return {need.key: need.office for need in self.needs}

    def describe(self) -> dict[str, list[str]]:
        """Per sending office, one line per unit as the change list shows it."""
        out: dict[str, list[str]] = {}
        for need, action, kind in zip(self.needs, self.actions, self.kinds, strict=True):
            if action.currentData() is None:
                line = f"单位：“{need.name}”新建为本机单位（{kind.currentText()}）"
            else:
                line = f"单位：“{need.name}”对应本机的“{action.currentText().removeprefix('对应到：').split('（名称相近')[0]}”"
            out.setdefault(need.office, []).append(line)
        return out

    def plan(self) -> dict[tuple[str, str], int | str]:
        return {need.key: (action.currentData() if action.currentData() is not None else kind.currentText())
                for need, action, kind in zip(self.needs, self.actions, self.kinds, strict=True)}
