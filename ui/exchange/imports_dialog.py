"""撤销导入: the campaign's imports (file, time, rows, whether undo is still possible and why not);
pick one and undo it."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import style
from ui.dialogs.modal import fit_to_screen
from ui.widgets.tables import row_table

COLUMNS = ("导入时间", "文件（工作表）", "导入人", "导入问题数", "现存", "能否撤销")


def state_text(row: dict) -> str:
    """The short 能否撤销 cell; the full reason is shown below the list."""
    if row["undone_at"]:
        return f"已于 {row['undone_at']} 撤销"
    return "不能撤销" if row["refusal"] else "可以撤销"


class ImportsDialog(QDialog):
    """Lists every import of the current campaign, newest first."""

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent or window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)   # a closed window is gone
        self.setObjectName("imports_dialog")
        self.window_ = window
        self.rows: list[dict] = []
        self.setWindowTitle("撤销导入")
        fit_to_screen(self, 860, 420)
        intro = QLabel("撤销一次导入，会删除那次导入添加的全部问题，以及那次导入新建、且未被其他问题使用的单位。"
                       "导入后已交办、填报进展或修改过的问题不能整体撤销。撤销前自动备份数据库。", self)
        intro.setWordWrap(True)
        self.table = row_table(COLUMNS, self, "imports_table")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.detail = QLabel(self)
        self.detail.setObjectName("import_detail")
        self.detail.setWordWrap(True)
        style.set_role(self.detail, "panel")
        self.empty_label = QLabel("当前监督专题还没有导入过问题清单。", self)
        self.buttons = QDialogButtonBox(self)
        self.undo_button = self.buttons.addButton("撤销所选导入…", QDialogButtonBox.ButtonRole.ActionRole)
        self.undo_button.clicked.connect(self.undo_selected)
        close = self.buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        # no imports yet: the sentence stands under the intro and takes the table's room (the
        # labels were spread down the empty dialog)
        layout.addWidget(self.empty_label, 1, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.detail)
        layout.addWidget(self.buttons)
        self.reload()

    def reload(self) -> None:
        # models.exchange.importer is imported when first used: keeps start-up fast.
        from models.exchange import importer

        store = self.window_.store
        self.rows = importer.import_history(store, self.window_.campaign_id) if self.window_.campaign_id else []
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            cells = (row["at"], f"{row['file_name']}（{row['sheet']}）" if row["sheet"] else row["file_name"],
                     row["user"], str(row["row_count"]), str(row["remaining"]), state_text(row))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c in (3, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(row["refusal"] or "可以撤销")
                self.table.setItem(r, c, item)
        self.table.setVisible(bool(self.rows))
        self.empty_label.setVisible(not self.rows)
        undoable = [r for r, row in enumerate(self.rows) if not row["refusal"]]
        if self.rows:
            self.table.selectRow(undoable[0] if undoable else 0)
        self._selection_changed()

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        row = self.selected()
        if row is None:
            self.detail.setText("")
        elif row["refusal"]:
            self.detail.setText(f"不能撤销：{row['refusal']}")
        else:
            self.detail.setText(f"可以撤销：将删除 {row['at']} 从“{row['file_name']}”导入、现存的 {row['remaining']} 个问题。")
        self.detail.setVisible(row is not None)
        self.undo_button.setEnabled(row is not None and not row["refusal"] and not self.window_.store.read_only)

    def undo_selected(self):
        """Ask, then undo the chosen import in the background; the list reloads when it is done."""
        row = self.selected()
        if row is None or row["refusal"]:
            return None
        from ui.exchange import undo

        return undo.undo_import(self.window_, row["id"], parent=self, on_done=self.reload)


def open_imports(window) -> ImportsDialog | None:
    """文件 → 撤销导入…: the list of the campaign's imports (window-modal, not blocking)."""
    from ui.dialogs import messages

    if window.campaign_id is None:
        messages.warn(window, "请先选择监督专题", "请先新建或选择一个监督专题。")
        return None
    dialog = ImportsDialog(window)
    dialog.open()
    window.imports_dialog = dialog
    return dialog
