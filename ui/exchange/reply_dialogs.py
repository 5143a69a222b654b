"""导出反馈表 / 导入反馈表 dialogs. A returned reply is read off the GUI thread (a hostile file is
refused within bounds, with progress and 取消); the import of its rows is one transaction in the model."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from models.exchange import replies
from ui import style
from ui.dialogs import messages
from ui.dialogs.modal import fit_to_screen
from ui.jobs import READER, Job, describe_error
from ui.widgets.buttons import accept_cancel
from ui.widgets.file_dialogs import start_dir

DIR_KEY = "replies/last_dir"
STATE_TEXT = {"new": "将导入", "duplicate": "已导入过", "repeat": "本表中重复", "unmatched": "无法对应",
              "error": "有问题"}
STATE_COLOR = {"new": None, "duplicate": "duplicate_background", "repeat": "duplicate_background",
               "unmatched": "error_background", "error": "error_background"}   # names in resources/colours.json


def choose_folder(parent, start: str) -> str:
    """The system folder dialog; tests replace this function."""
    return QFileDialog.getExistingDirectory(parent, "选择保存反馈表的文件夹", start)


def choose_reply_file(parent, start: str) -> str:
    """The system open dialog; tests replace this function."""
    path, _ = QFileDialog.getOpenFileName(parent, "选择填好的反馈表", start, "Excel 工作簿 (*.xlsx)")
    return path


class ReplyExportDialog(QDialog):
    """Pick lead units and a folder; writes 反馈表-<单位>.xlsx for each."""

    def __init__(self, window):
        super().__init__(window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)   # a closed window is gone
        self.window_ = window
        self.setWindowTitle("导出反馈表")
        fit_to_screen(self, 560, 480)
        layout = QVBoxLayout(self)
        hint = QLabel("为每个牵头单位导出一份反馈表，列出其“整改中”和“申请销号”的问题。单位在浅黄色列中填写"
                      "整改措施、整改进展、完成百分比、是否申请销号和填报日期后交回，再用“导入反馈表”读入。", self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.units = QListWidget(self)
        for u in replies.units_with_open_problems(window.store, window.campaign_id):
            item = QListWidgetItem(f"{u['name']}（{u['n']} 个问题）")
            item.setData(Qt.ItemDataRole.UserRole, u["id"])
            item.setData(Qt.ItemDataRole.UserRole + 1, u["name"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.units.addItem(item)
        layout.addWidget(self.units, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel("保存到：", self))
        self.folder = QLineEdit(str(start_dir(window.settings, DIR_KEY)), self)
        browse = QPushButton("选择文件夹…", self)
        browse.clicked.connect(self._browse)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons, self.export_button, _close = accept_cancel(self, "导出", "关闭", on_ok=self.export)
        layout.addWidget(buttons)
        if not self.units.count():
            self.status.setText("当前监督专题没有“整改中”或“申请销号”的问题，无需导出反馈表。")
            self.export_button.setEnabled(False)

    def _browse(self) -> None:
        path = choose_folder(self, self.folder.text())
        if path:
            self.folder.setText(path)

    def export(self) -> list[Path]:
        folder = Path(self.folder.text().strip())
        chosen = [self.units.item(i) for i in range(self.units.count())
                  if self.units.item(i).checkState() == Qt.CheckState.Checked]
        if not chosen:
            self.status.setText("请至少勾选一个单位。")
            return []
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            messages.warn(self, "导出失败", f"导出反馈表失败：{describe_error(exc)}")
            return []
        units = [(item.data(Qt.ItemDataRole.UserRole), item.data(Qt.ItemDataRole.UserRole + 1)) for item in chosen]
        result = replies.write_replies(self.window_.store, self.window_.campaign_id, units, folder)
        written = result.paths
        if result.failed:   # the others were written all the same
            messages.warn(self, "部分反馈表没有导出",
                          f"已导出 {len(written)} 份到：\n{folder}\n\n以下 {len(result.failed)} 份没有导出：\n"
                          f"{result.failure_text()}")
            return written
        self.window_.settings.setValue(DIR_KEY, str(folder))
        messages.inform(self, "导出反馈表", f"已导出 {len(written)} 份反馈表到：\n{folder}")
        self.accept()
        return written


class ReplyImportDialog(QDialog):
    """Choose a filled reply, see what each row will do, then import the rows that match."""

    loaded = Signal(bool)

    def __init__(self, window):
        super().__init__(window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)   # a closed window is gone
        self.window_ = window
        self.runner: Job | None = None
        self.rows: list[replies.ReplyRow] = []
        self.path: Path | None = None
        self.setWindowTitle("导入反馈表")
        fit_to_screen(self, 900, 520)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.path_edit = QLineEdit(self)
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("选择单位交回的反馈表（.xlsx）")
        browse = QPushButton("选择文件…", self)
        browse.clicked.connect(self._browse)
        top.addWidget(self.path_edit, 1)
        top.addWidget(browse)
        layout.addLayout(top)
        self.summary = QLabel("单击“选择文件…”选择单位交回的反馈表，下方会逐行列出能否导入；核对无误后再单击“导入”。", self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("reply_rows")
        self.table.setHorizontalHeaderLabels(["行号", "编号", "结果", "说明", "整改措施"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for col, w in enumerate((50, 90, 80, 300, 260)):
            self.table.setColumnWidth(col, w)
        layout.addWidget(self.table, 1)
        buttons, self.import_button, _close = accept_cancel(self, "导入", "关闭", on_ok=self.do_import)
        self.import_button.setEnabled(False)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        path = choose_reply_file(self, str(start_dir(self.window_.settings, DIR_KEY)))
        if path:
            self.load(path)

    def load(self, path: str | Path) -> bool:
        """Read the reply off the GUI thread (bounded, with progress and 取消); the rows appear when
        it is done (``loaded`` is emitted with True, or False and the reason in ``summary``)."""
        if self.runner is not None:
            return False
        self.path = Path(path)
        self.path_edit.setText(str(path))
        self.rows = []
        self.table.setRowCount(0)
        self.import_button.setEnabled(False)
        self.summary.setText("正在读取反馈表……")
        cid, file = self.window_.campaign_id, self.path

        def finished(_outcome: str) -> None:
            self.runner = None

        self.runner = Job(self, "读取反馈表", lambda store, progress: replies.read_reply(store, cid, file, progress),
                          store=self.window_.store, connection=READER, on_success=self._show_rows,
                          on_failure=self._failed, on_cancel=lambda: self._failed("已取消读取。"))
        self.runner.done.connect(finished)
        self.runner.start()
        return True

    def _failed(self, message: str) -> None:
        self.summary.setText(style.span("error", message))
        self.loaded.emit(False)

    def _show_rows(self, rows: list) -> None:
        self.rows = rows
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            values = (str(r.line), r.number, STATE_TEXT[r.state], r.message, r.measures.replace("\n", " ")[:200])
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setToolTip(v if c >= 3 else "")   # 说明 and 整改措施 read whole on hover
                if STATE_COLOR[r.state]:
                    item.setBackground(QBrush(style.colour(STATE_COLOR[r.state])))
                self.table.setItem(i, c, item)
        counts = {s: sum(1 for r in self.rows if r.state == s) for s in STATE_TEXT}
        self.summary.setText(
            f"共 {len(self.rows)} 行已填写：将导入 <b>{counts['new']}</b> 行；已导入过 {counts['duplicate']} 行；"
            f"本表中重复 {counts['repeat']} 行；"
            + style.span("error", f"无法对应 {counts['unmatched']} 行，有问题 {counts['error']} 行")
            + "（这些行不会导入，请核对后让单位重新填写）。")
        self.import_button.setEnabled(counts["new"] > 0)
        self.loaded.emit(True)

    def reject(self) -> None:
        if self.runner is not None:
            self.runner.cancel()
            return
        super().reject()

    def do_import(self) -> int:
        n = self.window_.operations.run("导入失败", replies.import_reply, self.window_.store, self.window_.campaign_id,
                                        self.path, self.rows, parent=self)
        if n is None:
            return 0
        messages.inform(self, "导入反馈表", f"已添加 {n} 条整改进展。")
        self.accept()
        return n
