"""The exchange dialogs: 本机关信息, 写交换包, the change list before applying, 冲突, 已导入的交换包."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.sync import identity
from models.sync.conflicts import Conflict
from models.vocab import LEVELS
from ui.dialogs.modal import fit_to_screen
from ui.widgets.buttons import accept_cancel
from ui.widgets.tables import row_table


class _Form(QDialog):
    """A dialog whose OK button asks ``on_ok`` (set by the action) before it closes."""

    def __init__(self, parent: QWidget | None):
        super().__init__(parent)
        self.on_ok = self.accept

    def buttons(self, ok: str, cancel: str = "取消") -> QDialogButtonBox:
        box, self.ok_button, _cancel = accept_cancel(self, ok, cancel, on_ok=self._ok)
        return box

    def _ok(self) -> None:
        self.on_ok()


class IdentityDialog(_Form):
    """本机关信息: the name and level every package carries, and the key's fingerprint to read out."""

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sync_identity_dialog")
        self.setWindowTitle("本机关信息")
        me = identity.identity(store)
        self.office = QLineEdit(me.office, self)
        self.office.setPlaceholderText("如：某某县人大常委会")
        self.level = QComboBox(self)
        self.level.addItems(LEVELS)
        self.level.setCurrentText(me.level)
        form = QFormLayout()
        form.addRow("本机关名称：", self.office)
        form.addRow("层级：", self.level)
        form.addRow("密钥指纹：", QLabel(me.fingerprint, self))
        note = QLabel("交换包以本机关的名义签名。对方第一次导入时会记下这个指纹；"
                      "如对方提示密钥变更，请电话核对指纹。", self)
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.buttons("保存"))
        fit_to_screen(self, 520, 220)


class ExportDialog(_Form):
    """写交换包: to which office, which campaign, all or only what it has not acknowledged."""

    def __init__(self, offices: list[str], campaign_label: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sync_export_dialog")
        self.setWindowTitle("写交换包")
        self.recipient = QComboBox(self)
        self.recipient.setEditable(True)
        self.recipient.addItems(offices)
        self.recipient.lineEdit().setPlaceholderText("收件机关名称，如“某某市人大常委会”")
        self.only_campaign = QCheckBox(f"只包括当前监督专题：{campaign_label}" if campaign_label else "只包括当前监督专题", self)
        self.only_campaign.setChecked(bool(campaign_label))
        self.only_campaign.setEnabled(bool(campaign_label))
        self.everything = QCheckBox("全部重新写出（不只是对方尚未确认收到的内容）", self)
        form = QFormLayout()
        form.addRow("写给：", self.recipient)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.only_campaign)
        layout.addWidget(self.everything)
        hint = QLabel("交换包是一个 .zip 文件，可用U盘、电子邮件或内网文件传输交给对方，对方用“导入交换包”读入。", self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.buttons("选择保存位置并写出…"))
        fit_to_screen(self, 560, 220)


CONFLICT_COLUMNS = ("记录", "项目", "本机的值", "对方的值", "对方", "原因")


class ConflictsDialog(QDialog):
    """Open conflicts, both values side by side; keep ours or take theirs (the choice travels on)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sync_conflicts_dialog")
        self.setWindowTitle("交换冲突")
        self.items: list[Conflict] = []
        self.table = row_table(CONFLICT_COLUMNS, self, "conflicts_table")
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.empty = QLabel("没有待处理的冲突。", self)
        note = QLabel("同一项目在两个机关都被修改时列在这里，程序不会替您决定。选定后保留本机的值或采用对方的值；"
                      "您的决定会随下一个交换包带给对方。", self)
        note.setWordWrap(True)
        box = QDialogButtonBox(self)
        self.keep_button = box.addButton("保留本机的值", QDialogButtonBox.ButtonRole.ActionRole)
        self.take_button = box.addButton("采用对方的值", QDialogButtonBox.ButtonRole.ActionRole)
        box.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(box)
        fit_to_screen(self, 980, 420)

    def show_conflicts(self, items: list[Conflict]) -> None:
        self.items = items
        self.table.setRowCount(len(items))
        for row, c in enumerate(items):
            cells = (c.label, c.field_label, f"{c.local_value}\n（{c.local_who} {c.local_at}）".replace("（ ）", ""),
                     c.incoming_value, f"{c.incoming_office}\n{c.incoming_who} {c.incoming_at}", c.why)
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        self.empty.setVisible(not items)
        self.table.setVisible(bool(items))
        self.keep_button.setEnabled(bool(items))
        self.take_button.setEnabled(bool(items))
        if items:
            self.table.selectRow(0)

    def selected(self) -> Conflict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None


PACKAGE_COLUMNS = ("导入时间", "来自", "编号", "文件", "变更数")


class PackagesDialog(QDialog):
    """已导入的交换包, newest first; the newest can be undone while nothing came after it."""

    def __init__(self, rows: list[dict], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sync_packages_dialog")
        self.setWindowTitle("已导入的交换包")
        self.rows = rows
        self.table = row_table(PACKAGE_COLUMNS, self, "packages_table", rows=len(rows))
        for r, p in enumerate(rows):
            for c, text in enumerate((p["at"], p["peer_office"], f"第{p['number']}号", p["file_name"],
                                      str(p["change_count"]))):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.reason = QLabel(self)
        self.reason.setWordWrap(True)
        box = QDialogButtonBox(self)
        self.undo_button = box.addButton("撤销所选交换包…", QDialogButtonBox.ButtonRole.ActionRole)
        box.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("撤销会把数据库恢复到导入该交换包之前的自动备份：同批或之后导入的交换包一并撤销（撤销前列出）；"
                                 "导入后本机又有其他修改时不能撤销。", self))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.reason)
        layout.addWidget(box)
        fit_to_screen(self, 820, 380)
        if rows:
            self.table.selectRow(0)

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None
