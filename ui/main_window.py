"""The main window: navigation, pages, menus, campaign switcher. Features plug themselves in.

Each feature module in FEATURES has ``install(window)`` which adds its pages (``add_page``),
menu actions (``menu(key)``) and reacts to ``campaign_changed`` / ``data_changed``.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from models import campaigns
from models.store import Store, StoreError, ValidationError
from ui.action_gate import ActionGate, mark_writing

# Order matters only for menus and navigation order ties; pages pass their own order.
FEATURES: list[str] = [
    "ui.features.operator",
    "ui.features.database_files",
    "ui.features.core",
    "ui.features.workflow",
    "ui.features.overview",
    "ui.features.safety",
    "ui.features.export",
    "ui.features.documents",
    "ui.features.exchange",
    "ui.features.sync",
    "ui.features.help",
]

MENUS = (("file", "文件(&F)"), ("edit", "编辑(&E)"), ("problem", "问题(&P)"), ("workflow", "整改(&W)"),
         ("export", "导出与打印(&X)"), ("tools", "工具(&T)"), ("help", "帮助(&H)"))


# The first window's size where the screen has room; a laptop screen (1366×768) gets it all.
PREFERRED_SIZE = (1400, 900)


def first_geometry(available: QRect) -> tuple[QRect, bool]:
    """(geometry, maximized) of a window with no remembered place, inside ``available``
    (the screen less its task bar). Title bar and frame need about 40 px more than the geometry."""
    want_w, want_h = PREFERRED_SIZE
    if available.width() < want_w + 40 or available.height() < want_h + 40:
        rect = available.adjusted(0, 32, 0, 0)   # in case the window manager does not maximise
        return rect, True
    rect = QRect(0, 0, want_w, want_h)
    rect.moveCenter(available.center())
    return rect, False


class MainWindow(QMainWindow):
    campaign_changed = Signal(object)   # campaign id (int) or None
    data_changed = Signal()             # something was written; visible pages refresh

    def __init__(self, store: Store, *, settings: QSettings | None = None, features: list[str] | None = None):
        super().__init__()
        self.store = store
        self.settings = settings or QSettings()
        self.campaign_id: int | None = None
        self.undo_stack = QUndoStack(self)
        self._pages: dict[str, tuple[QListWidgetItem, QWidget, int]] = {}
        self._menus: dict[str, QMenu] = {}
        self.setMinimumSize(900, 600)
        self._update_title()

        for key, title in MENUS:
            self._menus[key] = self.menuBar().addMenu(title)

        self.toolbar = QToolBar("主工具栏", self)
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        self.addToolBar(self.toolbar)
        self.toolbar.addWidget(QLabel(" 监督专题："))
        self.campaign_box = QComboBox(self)
        self.campaign_box.setObjectName("campaign_switcher")
        self.campaign_box.setMinimumWidth(360)
        self.campaign_box.setToolTip("切换当前监督专题")
        self.campaign_box.currentIndexChanged.connect(self._campaign_box_changed)
        self.toolbar.addWidget(self.campaign_box)
        self.toolbar.addSeparator()

        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setMaximumWidth(200)
        self.nav.setMinimumWidth(110)
        self.stack = QStackedWidget(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([120, 1100])
        self.setCentralWidget(self.splitter)
        self.nav.currentRowChanged.connect(self._nav_changed)

        edit = self.menu("edit")
        undo = self.undo_stack.createUndoAction(self, "撤销")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "重做")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit.addAction(undo)
        edit.addAction(redo)
        edit.addSeparator()
        self.undo_action, self.redo_action = undo, redo

        self.gate = ActionGate(self)
        for name in features if features is not None else FEATURES:
            importlib.import_module(name).install(self)

        quit_action = QAction("退出(&Q)", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.menu("file").addSeparator()
        self.menu("file").addAction(quit_action)

        self.reload_campaigns()
        self._restore_layout()
        self.gate.refresh()
        self.nav.currentRowChanged.connect(self.gate.refresh_rows)

    # ----- pages -----------------------------------------------------------------------
    def add_page(self, key: str, title: str, widget: QWidget, *, order: int = 100) -> None:
        """Add a page to the navigation; lower ``order`` comes first."""
        widget.setObjectName(widget.objectName() or f"page_{key}")
        row = sum(1 for _, _, o in self._pages.values() if o <= order)
        item = QListWidgetItem(title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.nav.insertItem(row, item)
        self.stack.addWidget(widget)
        self._pages[key] = (item, widget, order)

    def page(self, key: str) -> QWidget:
        return self._pages[key][1]

    def has_page(self, key: str) -> bool:
        return key in self._pages

    def show_page(self, key: str) -> QWidget:
        item, widget, _ = self._pages[key]
        self.nav.setCurrentItem(item)
        self.stack.setCurrentWidget(widget)
        return widget

    def current_page_key(self) -> str | None:
        item = self.nav.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def set_page_hidden(self, key: str, hidden: bool) -> None:
        self._pages[key][0].setHidden(hidden)

    def _nav_changed(self, row: int) -> None:
        item = self.nav.item(row)
        if item is None:
            return
        key = item.data(Qt.ItemDataRole.UserRole)
        widget = self._pages[key][1]
        self.stack.setCurrentWidget(widget)
        refresh = getattr(widget, "on_shown", None)
        if callable(refresh):
            refresh()

    def menu(self, key: str) -> QMenu:
        return self._menus[key]

    # ----- campaigns -------------------------------------------------------------------
    def reload_campaigns(self, select_id: int | None = None) -> None:
        """Refill the switcher; keep (or move to) ``select_id`` or the remembered campaign."""
        wanted = select_id or self.campaign_id or self.settings.value(self._campaign_key(), None, type=int)
        if not wanted and (self.store.get_setting("start_campaign_id") or "").isdigit():
            wanted = int(self.store.get_setting("start_campaign_id"))  # e.g. the demo's main campaign
        items = campaigns.list_campaigns(self.store)
        self.campaign_box.blockSignals(True)
        self.campaign_box.clear()
        for c in items:
            self.campaign_box.addItem(f"{c.year}年 {c.name}（{c.level}级）", c.id)
        index = self.campaign_box.findData(wanted) if wanted else -1
        if index < 0 and items:
            index = 0
        self.campaign_box.setCurrentIndex(index)
        self.campaign_box.blockSignals(False)
        new_id = self.campaign_box.itemData(index) if index >= 0 else None
        if new_id != self.campaign_id or select_id is not None:
            self.set_campaign(new_id)

    def set_campaign(self, campaign_id: int | None) -> None:
        self.campaign_id = campaign_id
        index = self.campaign_box.findData(campaign_id) if campaign_id else -1
        if index != self.campaign_box.currentIndex():
            self.campaign_box.blockSignals(True)
            self.campaign_box.setCurrentIndex(index)
            self.campaign_box.blockSignals(False)
        if campaign_id:
            self.settings.setValue(self._campaign_key(), campaign_id)
        self.campaign_changed.emit(campaign_id)

    def _campaign_box_changed(self, index: int) -> None:
        self.set_campaign(self.campaign_box.itemData(index) if index >= 0 else None)

    def _campaign_key(self) -> str:
        return f"campaign/{self.store.path}"

    # ----- actions and errors ----------------------------------------------------------
    def notify_changed(self) -> None:
        """Call after any write so every page shows fresh data."""
        self.data_changed.emit()

    def run_action(self, func: Callable, *args, title: str = "操作失败", **kwargs):
        """Run a model operation; a StoreError becomes a Chinese message box, nothing crashes.

        Returns the function's result, or None when it failed.
        """
        try:
            return func(*args, **kwargs)
        except ValidationError as exc:
            QMessageBox.warning(self, title, str(exc))
        except StoreError as exc:
            QMessageBox.critical(self, title, str(exc))
        return None

    def show_error(self, message: str, title: str = "操作失败") -> None:
        QMessageBox.warning(self, title, message)

    def add_action(self, menu_key: str, text: str, slot: Callable, *, shortcut=None,
                   toolbar: bool = False, tip: str = "", writes: bool = False) -> QAction:
        """A menu action; ``writes`` ones are disabled in read-only mode (ui.action_gate)."""
        action = QAction(text, self)
        if writes:
            mark_writing(action)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda checked=False: slot())
        self.menu(menu_key).addAction(action)
        if toolbar:
            self.toolbar.addAction(action)
        return action

    # ----- layout ----------------------------------------------------------------------
    def _update_title(self) -> None:
        suffix = "（只读）" if self.store.read_only else ""
        path = Path(self.store.path)
        # the file first: it is what a taskbar button or the window switcher shows when cut short
        self.setWindowTitle(f"{path.name} — 联动监督问题清单管理系统（{path}）{suffix}")

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        screen = self.screen().availableGeometry()
        self.setMinimumSize(min(900, screen.width()), min(600, screen.height()))
        restored = geometry is not None and self.restoreGeometry(geometry)
        if not restored or not screen.contains(self.geometry().center()) \
                or self.height() > screen.height() or self.width() > screen.width():
            rect, maximized = first_geometry(screen)
            self.setGeometry(rect)
            if maximized:
                self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        splitter = self.settings.value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        for _, widget, _ in self._pages.values():
            save = getattr(widget, "save_layout", None)
            if callable(save):
                save(self.settings)
        self.settings.sync()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.save_layout()
        super().closeEvent(event)
