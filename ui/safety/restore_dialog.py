"""从备份恢复: the list of backups with date, reason and counts; restore with confirmation."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.safety import backup, restore
from models.store import Store
from ui import jobs, style
from ui.dialogs import messages
from ui.dialogs.modal import fit_to_screen
from ui.operations import Operations
from ui.widgets.tables import row_table

COLUMNS = ("备份时间", "备份原因", "监督专题", "问题", "文件大小")
COUNT_COLUMNS = (2, 3, 4)


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


class RestoreDialog(QDialog):
    """Emits ``restored(RestoreResult)`` after the open database holds the chosen backup's data."""
    restored = Signal(object)

    def __init__(self, store: Store, operations: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)   # a closed window is gone
        self.store = store
        self.operations = operations
        self.worker: jobs.Job | None = None   # the running restore
        self.backups: list[backup.BackupInfo] = []
        self.setWindowTitle("从备份恢复")
        fit_to_screen(self, 720, 440)
        intro = QLabel("选择一个备份，把数据库恢复到当时的状态。恢复前会自动把当前数据另存为一个“恢复前”备份，"
                       "如果恢复错了，可以再从那个备份恢复回来。", self)
        intro.setWordWrap(True)
        self.table = row_table(COLUMNS, self, "backup_table")
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self.restore_selected())
        self.empty_label = QLabel("还没有备份。可以用“文件 → 立即备份”先做一个备份。", self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()
        self.folder_label = QLabel(self)
        self.folder_label.setWordWrap(True)
        style.set_role(self.folder_label, "note")
        self.progress = QProgressBar(self)
        self.progress.setFormat("正在恢复… %p%")
        self.progress.hide()
        self.buttons = QDialogButtonBox(self)
        self.restore_button = self.buttons.addButton("恢复所选备份…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.folder_button = self.buttons.addButton("打开备份文件夹", QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.clicked.connect(self.restore_selected)
        self.folder_button.clicked.connect(self.open_folder)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label, 1)   # stands where the hidden list would be
        layout.addWidget(self.folder_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        if store.read_only:
            self.restore_button.setEnabled(False)
            self.restore_button.setToolTip("数据库以只读方式打开，不能恢复")
        self.reload()

    # ----- list -------------------------------------------------------------------------
    def reload(self) -> None:
        self.backups = backup.list_backups(self.store.path, with_counts=True)
        self.table.setRowCount(len(self.backups))
        for row, info in enumerate(self.backups):
            unreadable = info.campaigns is None
            cells = (info.when_text, backup.reason_text(info.reason),
                     "无法读取" if unreadable else str(info.campaigns),
                     "无法读取" if unreadable else str(info.problems), size_text(info.size))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in COUNT_COLUMNS:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(str(info.path))
                self.table.setItem(row, col, item)
        self.empty_label.setVisible(not self.backups)
        self.table.setVisible(bool(self.backups))
        self.folder_label.setText(f"备份文件夹：{backup.backup_dir(self.store.path)}")
        if self.backups:
            self.table.selectRow(0)
        self._selection_changed()

    def selected(self) -> backup.BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def select_path(self, path: Path) -> None:
        for row, info in enumerate(self.backups):
            if info.path == path:
                self.table.selectRow(row)

    def _selection_changed(self) -> None:
        busy = self.worker is not None
        self.restore_button.setEnabled(self.selected() is not None and not self.store.read_only and not busy)

    # ----- actions ----------------------------------------------------------------------
    def open_folder(self) -> None:
        folder = backup.backup_dir(self.store.path)
        if not folder.is_dir():
            messages.inform(self, "备份文件夹", f"还没有备份文件夹：\n{folder}")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def confirm_text(self, info: backup.BackupInfo) -> str:
        counts = ("" if info.campaigns is None
                  else f"\n该备份中有 {info.campaigns} 个监督专题、{info.problems} 个问题。")
        return (f"确定把数据库恢复到 {info.when_text}（{backup.reason_text(info.reason)}）的状态吗？{counts}\n\n"
                "此后录入和修改的内容将不再显示；恢复前会先把当前数据自动备份，必要时可以再恢复回来。")

    def restore_selected(self) -> bool:
        """Ask, then restore in the background; False when nothing was started."""
        info = self.selected()
        if info is None or self.worker is not None or self.store.read_only:
            return False
        if not messages.ask(self, "确认恢复", self.confirm_text(info), yes="恢复", no="取消"):
            return False
        self.start_restore(info)
        return True

    def start_restore(self, info: backup.BackupInfo) -> None:
        # the runner's one way to replace the database; off the GUI thread, not cancellable
        # (the copy is one transaction)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.table.setEnabled(False)
        for button in (self.restore_button, self.folder_button, self.close_button):
            button.setEnabled(False)
        self.worker = self.operations.replace_database(
            "恢复备份", lambda store, progress: restore.restore_into(store, info.path, progress=progress),
            parent=self, on_done=self._succeeded, on_failure=self._failed)
        self.worker.progressed.connect(self._progressed)
        self.worker.done.connect(self._worker_finished)

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _succeeded(self, result: restore.RestoreResult) -> None:
        self.kept_copy = result.kept
        self.restored.emit(result)
        self.accept()

    def _failed(self, text: str) -> None:
        messages.warn(self, "恢复失败", f"没有恢复，当前数据保持不变。\n{text}")

    def _worker_finished(self, _outcome: str) -> None:
        self.worker = None
        self.progress.hide()
        self.table.setEnabled(True)
        self.folder_button.setEnabled(True)
        self.close_button.setEnabled(True)
        self._selection_changed()

    def reject(self) -> None:
        if self.worker is None:       # no closing halfway through a restore
            super().reject()
