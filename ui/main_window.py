"""The main window: navigation, pages, menus, campaign switcher.

Everything the window holds is built in ``__init__``, in plain code a reader can follow: the
pages (attributes such as ``ledger_page``), the action objects, then each area's menus from
its own ``menus`` module, given exactly the pages and actions it works on.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from models import campaigns
from models.changes import Changes
from models.store import Store
from ui import style
from ui.action_gate import ActionGate, mark_writing
from ui.dialogs import help as help_menu
from ui.dialogs import messages, operator
from ui.documents import excel, word
from ui.documents.excel import ExportActions
from ui.exchange import menus as exchange_menus
from ui.ledger import menus as ledger_menus
from ui.ledger.actions import ProblemActions
from ui.ledger.page import LedgerPage
from ui.lists import menus as lists_menus
from ui.operations import Operations
from ui.pages import later
from ui.pages.campaigns_page import CampaignsPage
from ui.pages.start_page import StartPage
from ui.pages.units_page import UnitsPage
from ui.safety import database_files
from ui.safety import menus as safety_menus
from ui.startup import open_store
from ui.sync import menus as sync_menus
from ui.widgets.toolbar_buttons import follow_actions
from ui.workflow import menus as workflow_menus
from ui.workflow import overview_menus
from ui.workflow.actions import WorkflowActions
from ui.workflow.overview_page import OverviewPage

UNDO_LIMIT = 50   # undo steps kept: each holds deleted problems' rows, so the stack must not grow all day

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
    data_changed = Signal(object)       # models.changes.Changes: what an action wrote; pages refresh

    def __init__(self, store: Store, *, settings: QSettings | None = None):
        super().__init__()
        style.install(QApplication.instance())   # resources/style.qss (create_app does it too; once)
        self.store = store
        self.settings = settings or QSettings()
        self.campaign_id: int | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        self.operations = Operations(self, store)
        self.operations.changed.connect(self.data_changed)
        self._pages: dict[str, tuple[QListWidgetItem, QWidget]] = {}
        self._builders: dict[str, Callable[[MainWindow], QWidget]] = {}
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
        # ----- pages, in navigation order, and the objects that act on them -----------
        self.start_page = StartPage(self, new_window=MainWindow)
        self.overview_page = OverviewPage(self)
        self.ledger_page = LedgerPage(self)
        self.problem_actions = ProblemActions(self, self.ledger_page)
        self.workflow_actions = WorkflowActions(self, self.ledger_page)
        self.export_actions = ExportActions(self, self.ledger_page)
        self.units_page = UnitsPage(self)
        self.campaigns_page = CampaignsPage(self)
        for key, title, page in (("start", "开始", self.start_page), ("overview", "总览", self.overview_page),
                                 ("ledger", "问题清单", self.ledger_page), ("batches", "交办批次", later.batches_page),
                                 ("dispatch", "月调度", later.dispatch_page),
                                 ("evaluation", "满意度测评", later.evaluation_page),
                                 ("lists", "专题清单", later.lists_page),
                                 ("units", "单位", self.units_page), ("campaigns", "监督专题", self.campaigns_page)):
            self.add_page(key, title, page)

        # ----- menus, toolbar and right-click entries, area by area ------------------------
        operator.install(self)
        self.new_database_action, self.open_database_action, self.recent_menu = database_files.install(self)
        self.new_problem_action = ledger_menus.install(self, self.ledger_page, self.problem_actions)
        self.workflow_menu_states = workflow_menus.install(self, self.ledger_page, self.workflow_actions)
        overview_menus.install(self, self.overview_page)
        self.backup_action, self.restore_action = safety_menus.install(self)
        excel.install(self, self.ledger_page, self.export_actions)
        word.install(self)
        self.import_action = exchange_menus.install(self)
        sync_menus.install(self)
        lists_menus.install(self)
        help_menu.install(self)
        # what a menu opens or starts later and the window keeps (so a second click or a test finds
        # it); helpers set these, and only these (tests/test_house_rules.py)
        self.full_check_job = None          # ui/safety/menus.start_full_check
        self.fonts_warned = False           # ui/documents/word: missing fonts named once per window
        self.import_wizard = None
        self.imports_dialog = None
        self.undo_import_runner = None
        self.sync_job = None

        quit_action = QAction("退出(&Q)", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.menu("file").addSeparator()
        self.menu("file").addAction(quit_action)

        follow_actions(self.toolbar)   # (Qt 6.11: a toolbar action's changes must not pile up connections)
        self.reload_campaigns()
        self._restore_layout()
        self.gate.refresh()
        self.nav.currentRowChanged.connect(self.gate.refresh_rows)

    # ----- pages -----------------------------------------------------------------------
    def add_page(self, key: str, title: str, widget: QWidget | Callable[[MainWindow], QWidget]) -> None:
        """Add a page at the end of the navigation: a widget, or a function building it the first
        time the page is shown or asked for (pages a clerk opens now and then are not built at start)."""
        item = QListWidgetItem(title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.nav.addItem(item)
        if not isinstance(widget, QWidget):
            self._builders[key] = widget
            widget = QWidget(self)     # stands in the stack until the page is built
        widget.setObjectName(widget.objectName() or f"page_{key}")
        self.stack.addWidget(widget)
        self._pages[key] = (item, widget)

    def page(self, key: str) -> QWidget:
        return self._built(key)

    def _built(self, key: str) -> QWidget:
        """The page of ``key``, built now if it is one built on first use."""
        build = self._builders.pop(key, None)
        if build is not None:
            item, stand_in = self._pages[key]
            widget = build(self)
            widget.setObjectName(widget.objectName() or f"page_{key}")
            shown = self.stack.currentWidget() is stand_in
            self.stack.insertWidget(self.stack.indexOf(stand_in), widget)
            self.stack.removeWidget(stand_in)
            stand_in.deleteLater()
            self._pages[key] = (item, widget)
            if shown:
                self.stack.setCurrentWidget(widget)
            if hasattr(self, "gate"):
                self.gate.refresh()   # its editing buttons follow read-only mode like the others
        return self._pages[key][1]

    @property
    def lists_page(self) -> QWidget:
        return self._built("lists")

    @property
    def batches_page(self) -> QWidget:
        return self._built("batches")

    @property
    def dispatch_page(self) -> QWidget:
        return self._built("dispatch")

    @property
    def evaluation_page(self) -> QWidget:
        return self._built("evaluation")

    def show_page(self, key: str) -> QWidget:
        widget = self._built(key)
        self.nav.setCurrentItem(self._pages[key][0])
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
        widget = self._built(key)
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
    def notify_changed(self, changes: Changes | None = None) -> None:
        """Tell every page that data changed outside an action (a restore): all of it, by default."""
        self.data_changed.emit(changes or Changes.everything())

    def show_error(self, message: str, title: str = "操作失败") -> None:
        messages.warn(self, title, message)

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
        for _, widget in self._pages.values():
            save = getattr(widget, "save_layout", None)
            if callable(save):
                save(self.settings)
        self.settings.sync()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.save_layout()
        super().closeEvent(event)


def open_window(path, *, demo: bool = False, ask_create: bool = False) -> MainWindow | None:
    """Open ``path`` (checks and questions in ui/startup.py) and build its window; None if not opened."""
    store = open_store(path, demo=demo, ask_create=ask_create)
    if store is None:
        return None
    window = MainWindow(store)
    operator.ask_operator_if_needed(window)   # the first start on this computer: who is working
    return window
