"""One change list for several 交换包: a row per package (county, number, counts, conflicts, refusal
with its reason, missing packages), the chosen package's lines below; apply all or only some."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QListWidget,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.sync.batch import Entry
from ui import style
from ui.dialogs.modal import fit_to_screen
from ui.widgets.buttons import accept_cancel
from ui.widgets.tables import row_table

COLUMNS = ("应用", "来自", "编号", "新增问题", "其他新增", "修改", "冲突", "说明")
CHECK, OFFICE, NUMBER, PROBLEMS, OTHER, FIELDS, CONFLICTS, NOTE = range(len(COLUMNS))


def note_of(entry: Entry) -> str:
    """The short 说明 of a row: why it is refused, which packages are missing, or that nothing is new."""
    if entry.refusal:
        return "拒绝：" + entry.refusal
    c = entry.changes
    if c is None:
        return ""
    parts = list(c.missing)
    if c.pending:
        parts.append(f"{c.pending} 条变更暂缓（所属记录尚未收到）")
    if not c.has_changes:
        parts.append("没有本机还没有的内容")
    return "；".join(parts) or "可以导入"


class ChangeListDialog(QDialog):
    """What the packages would change, before anything changes: 应用所选 or 取消."""

    def __init__(self, entries: list[Entry], parent: QWidget | None = None, unit_notes: dict | None = None):
        super().__init__(parent)
        self.setObjectName("sync_change_list_dialog")
        self.entries = entries
        self.unit_notes: dict[str, list[str]] = unit_notes or {}
        self.setWindowTitle("导入交换包：变化清单" if len(entries) > 1 else f"导入交换包：{entries[0].path.name}")
        usable = [e for e in entries if e.usable]
        refused = len(entries) - len(usable)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        text = f"共 {len(entries)} 个交换包：可以导入 {len(usable)} 个" + (f"，拒绝 {refused} 个（见“说明”，不影响其他交换包）" if refused else "") + "。"
        self.summary.setText(text + "勾选要应用的交换包；应用前自动备份数据库一次，之后可在“已导入的交换包”中撤销。"
                             "冲突的项目保持本机的值，留待在“交换冲突”中处理。")
        self.table = row_table(COLUMNS, self, "packages_table", rows=len(entries))
        self.table.setWordWrap(False)   # one line a package; the whole text is in the lines below and the tip
        for row, entry in enumerate(entries):
            self._fill(row, entry)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        self.lines = QListWidget(self)
        self.lines.setObjectName("change_lines")
        self.lines.setWordWrap(True)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.lines)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        rows_high = self.table.horizontalHeader().sizeHint().height() + 4 + sum(
            self.table.sizeHintForRow(r) for r in range(min(len(entries), 10)))
        split.setSizes([rows_high, max(200, 480 - rows_high)])   # a short list leaves room for its lines
        box, self.apply_button, _cancel = accept_cancel(self, "应用")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addWidget(box)
        self.table.itemSelectionChanged.connect(self._show_lines)
        self.table.itemChanged.connect(self._count)
        self._count()
        if entries:
            self.table.selectRow(0)
        fit_to_screen(self, 980, 600)

    def _fill(self, row: int, entry: Entry) -> None:
        c = entry.changes
        other = sum(n for t, n in c.new_rows.items() if t != "problems") if c else 0
        cells = ("", entry.office or entry.path.name, f"第{entry.number}号" if entry.number else "",
                 str(c.new_rows["problems"]) if c else "", str(other) if c else "", str(len(c.field_changes)) if c else "",
                 str(len(c.conflicts)) if c else "", note_of(entry))
        for col, value in enumerate(cells):
            item = QTableWidgetItem(value)
            item.setToolTip(value if col in (OFFICE, NOTE) else "")
            if col in (PROBLEMS, OTHER, FIELDS, CONFLICTS):
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if col == NOTE and (entry.refusal or (c and c.missing)):
                item.setForeground(style.colour("error"))
            self.table.setItem(row, col, item)
        check = self.table.item(row, CHECK)
        if entry.usable and c is not None:
            check.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            check.setCheckState(Qt.CheckState.Checked if c.has_changes else Qt.CheckState.Unchecked)
        else:
            check.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            check.setText("—")
            check.setTextAlignment(Qt.AlignmentFlag.AlignCenter)

    def _show_lines(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.lines.clear()
        if not rows:
            return
        entry = self.entries[rows[0].row()]
        if entry.changes is not None:
            lines = entry.changes.lines()
            self.lines.addItems(lines[:1] + self.unit_notes.get(entry.office, []) + lines[1:])
        else:
            self.lines.addItem(f"{entry.path.name}：{entry.refusal}")

    def set_checked(self, row: int, on: bool) -> None:
        self.table.item(row, CHECK).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def chosen(self) -> list[Entry]:
        return [e for row, e in enumerate(self.entries)
                if self.table.item(row, CHECK).flags() & Qt.ItemFlag.ItemIsUserCheckable
                and self.table.item(row, CHECK).checkState() == Qt.CheckState.Checked]

    def _count(self, *_args) -> None:
        n = len(self.chosen())
        self.apply_button.setText(f"应用所选（{n} 个）" if len(self.entries) > 1 else "应用")
        self.apply_button.setEnabled(n > 0)
