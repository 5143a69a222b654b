"""Small widgets the workflow dialogs share: date fields, read-only tables, the attachment picker."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models import deadlines
from models.normalize import DateError, parse_date
from models.workflow import attachments
from models.workflow.rules import OPEN_STATUSES
from ui import style
from ui.widgets.file_dialogs import remember_dir, start_dir
from ui.widgets.tables import pick_one_row

ATTACH_DIR_KEY = "attachments/last_dir"
DATE_TIP = "可写 2024-06-30、2024/6/30、2024.6.30 或 2024年6月30日"
STATE_COLORS = {deadlines.OVERDUE: "error_background", deadlines.DUE_SOON: "warning_background",   # colours.json
                deadlines.LATER: "ok_background", deadlines.PENDING_LATE: "late_background"}


class DateEdit(QLineEdit):
    """A date typed as text; tidied to 2024-06-30 when the field is left (bad text stays for the error)."""

    def __init__(self, text: str = "", placeholder: str = "例：2024-06-30", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setPlaceholderText(placeholder)
        self.setToolTip(DATE_TIP)
        self.setMaximumWidth(180)
        self.editingFinished.connect(self._tidy)

    def _tidy(self) -> None:
        try:
            d = parse_date(self.text())
        except DateError:
            return
        if d is not None:
            self.setText(d.isoformat())


def open_file(path: Path, parent: QWidget | None = None) -> bool:
    """Open a file with the system's viewer (tests monkeypatch this). A 佐证材料 may have come from
    another office in a 交换包: programs and scripts are refused, macro documents asked about first."""
    from models.sync.untrusted import opening_check
    from ui.dialogs import messages

    verdict, reason = opening_check(Path(path))
    if verdict == "refuse":
        messages.warn(parent, "不能打开佐证材料", reason)
        return False
    if verdict == "warn" and not messages.ask(parent, "打开佐证材料", reason, yes="仍然打开", no="不打开"):
        return False
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def make_table(parent: QWidget, headers: list[str], *, stretch: int | None = None) -> tuple[QTableView, QStandardItemModel]:
    """A read-only, row-selecting table over a QStandardItemModel."""
    model = QStandardItemModel(0, len(headers), parent)
    model.setHorizontalHeaderLabels(headers)
    view = QTableView(parent)
    view.setModel(model)
    pick_one_row(view)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(stretch is None)
    if stretch is not None:
        view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    view.setProperty("stretch_column", -1 if stretch is None else stretch)
    return view, model


def fit_columns(view: QTableView, limit: int = 320) -> None:
    """Size the columns to their text (long ones capped; the stretch column takes the rest)."""
    stretch = view.property("stretch_column")
    header = view.horizontalHeader()
    for col in range(view.model().columnCount()):
        if col == stretch:
            continue
        view.resizeColumnToContents(col)
        if header.sectionSize(col) > limit:
            header.resizeSection(col, limit)


def fill_table(model: QStandardItemModel, rows: list[list[object]], keys: list[object] | None = None) -> None:
    """Replace the rows; ``keys`` (one per row) go into UserRole of the first cell."""
    model.removeRows(0, model.rowCount())
    for n, row in enumerate(rows):
        items = []
        for value in row:
            item = QStandardItem("" if value is None else str(value))
            item.setToolTip(item.text() if len(item.text()) > 20 else "")
            items.append(item)
        if keys is not None and items:
            items[0].setData(keys[n], Qt.ItemDataRole.UserRole)
        model.appendRow(items)


def row_key(view: QTableView) -> object:
    index = view.currentIndex()
    if not index.isValid():
        return None
    return view.model().index(index.row(), 0).data(Qt.ItemDataRole.UserRole)


def color_deadline(item: QStandardItem, deadline: str | None, status: str, store) -> None:
    """Paint a 整改时限 cell red/yellow/green by the one deadline rule (open problems only)."""
    if not deadline or status not in OPEN_STATUSES:
        return
    days = deadlines.warn_days(store)
    state = deadlines.deadline_state(deadline, status, days=days)
    labels = dict(zip(deadlines.states(), deadlines.bucket_labels(days), strict=True))
    if state in STATE_COLORS:
        item.setBackground(style.colour(STATE_COLORS[state]))
        item.setToolTip(labels[state])


class AttachmentPicker(QWidget):
    """Files chosen to attach (not yet copied), plus already stored ones shown for opening."""

    changed = Signal()

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.list = QListWidget(self)
        self.list.setObjectName("attachment_list")
        self.list.setMinimumHeight(70)
        self.list.setMaximumHeight(110)
        self.list.itemDoubleClicked.connect(self._open)
        self.add_button = QPushButton("添加文件…", self)
        self.remove_button = QPushButton("移除", self)
        self.open_button = QPushButton("打开", self)
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button.clicked.connect(self._remove)
        self.open_button.clicked.connect(lambda: self._open(self.list.currentItem()))
        buttons = QVBoxLayout()
        for b in (self.add_button, self.remove_button, self.open_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        # as tall as its list, no taller: a dialog's spare height goes to its text fields
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def show_stored(self, rows: list[dict]) -> None:
        """List already stored attachments (they open, they cannot be removed here)."""
        for row in rows:
            problem = attachments.check_file(self.store, row)
            text = f"{row['file_name']}（{attachments.size_text(row['size'])}，已保存）"
            item = QListWidgetItem(("⚠ " if problem else "") + text)
            item.setData(Qt.ItemDataRole.UserRole, ("stored", row))
            item.setToolTip(problem or f"校验值（SHA-256）：{row['sha256']}")
            self.list.addItem(item)

    def add_paths(self, paths: list[str]) -> None:
        present = set(self.new_paths())
        for p in paths:
            if p and p not in present:
                item = QListWidgetItem(f"{Path(p).name}（待添加）")
                item.setData(Qt.ItemDataRole.UserRole, ("new", p))
                item.setToolTip(p)
                self.list.addItem(item)
                present.add(p)
        self.changed.emit()

    def new_paths(self) -> list[str]:
        out = []
        for i in range(self.list.count()):
            kind, value = self.list.item(i).data(Qt.ItemDataRole.UserRole)
            if kind == "new":
                out.append(value)
        return out

    def total_count(self) -> int:
        return self.list.count()

    def choose_files(self) -> None:
        settings = QSettings()
        paths, _ = QFileDialog.getOpenFileNames(self, "选择佐证材料", str(start_dir(settings, ATTACH_DIR_KEY)),
                                                "常用文件 (*.pdf *.jpg *.jpeg *.png *.doc *.docx *.xls *.xlsx *.wps "
                                                "*.ofd *.zip *.rar);;所有文件 (*)")
        if paths:
            remember_dir(settings, ATTACH_DIR_KEY, paths[0])
        self.add_paths(paths)

    def _remove(self) -> None:
        item = self.list.currentItem()
        if item is not None and item.data(Qt.ItemDataRole.UserRole)[0] == "new":
            self.list.takeItem(self.list.row(item))
            self.changed.emit()

    def _open(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        kind, value = item.data(Qt.ItemDataRole.UserRole)
        open_file(attachments.file_to_open(self.store, value) if kind == "stored" else Path(value))
