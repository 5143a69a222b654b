"""The 问题清单 page: filter bar, the problem table, column choice, and the API other pages use."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models import deadlines, ledger
from models.changes import PROBLEM_WORK, Changes
from models.ledger import LedgerFilter
from ui import style
from ui.ledger.columns import ColumnLayout
from ui.ledger.filter_bar import FilterBar
from ui.ledger.legend import legend_line
from ui.ledger.table_model import LedgerTableModel

_BAR_FIELDS = ("search", "statuses", "lead_unit_id", "source", "category", "kind", "deadline_state", "origin")
_EXTRA_FIELDS = ("ids", "extra_sql", "extra_params")


class LedgerPage(QWidget):
    """Shows the problems of the current campaign; reloads on campaign and data changes."""

    context_menu_shown = Signal(object)   # the right-click QMenu, just before it pops up

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.window_ = window
        self.store = window.store
        self._extra: dict = {}
        self._dirty = True
        self._total: int | None = None
        self._context_actions: list[QAction] = []
        self.row_actions: list[QAction] = []   # 编辑/复制/删除, set by the feature module

        self.bar = FilterBar(self.store, self)
        self.extra_label = QLabel(self)
        self.extra_label.setObjectName("ledger_extra_filter")
        style.set_role(self.extra_label, "filter_note")
        self.extra_clear = QPushButton("取消此条件", self)
        self.extra_clear.clicked.connect(self.clear_extra_filter)
        extra_row = QHBoxLayout()
        extra_row.addWidget(self.extra_label)
        extra_row.addWidget(self.extra_clear)
        extra_row.addStretch(1)
        self.extra_label.hide()
        self.extra_clear.hide()

        self.model = LedgerTableModel(self.store, self)
        self.model.fetch_failed.connect(self._fetch_failed)
        self._fetch_error_shown = False
        self.table = QTableView(self)
        self.table.setObjectName("ledger_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setAlternatingRowColors(True)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._row_menu)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(40)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.columns = ColumnLayout(self.table)
        header.sortIndicatorChanged.connect(self._sort_changed)

        self.empty_label = QLabel(self.table.viewport())
        self.empty_label.setObjectName("ledger_empty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        style.set_role(self.empty_label, "empty")
        self.empty_label.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.bar)
        layout.addLayout(extra_row)
        layout.addWidget(self.table, 1)
        self.legend = QLabel(legend_line(deadlines.warn_days(self.store)), self)
        self.legend.setObjectName("ledger_legend")
        self.legend.setToolTip("行的底色：按整改时限和是否交办（详见“帮助 → 表格颜色说明”）")
        layout.addWidget(self.legend)

        self.bar.changed.connect(lambda: self.refresh(keep_scroll=False))
        window.campaign_changed.connect(self._campaign_changed)
        window.data_changed.connect(self._data_changed)
        self._fit_pending = not self.columns.restore(window.settings)
        self.columns.show_origin_default(self.bar.origins_present)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if self._fit_pending:
            self._fit_pending = False
            QTimer.singleShot(0, self.columns.fit_description)   # once the layout has settled

    # ----- public API ----------------------------------------------------------------
    def current_filter(self) -> LedgerFilter:
        return LedgerFilter(campaign_id=self.window_.campaign_id, **self.bar.values(), **self._extra)

    def set_filter(self, label: str = "", **kwargs) -> None:
        """Replace the filter: bar fields go to the bar, ids/extra_sql become a removable condition.

        ``label`` describes an extra condition to the user (e.g. "总览：逾期问题").
        """
        unknown = set(kwargs) - set(_BAR_FIELDS) - set(_EXTRA_FIELDS)
        if unknown:
            raise TypeError(f"unknown filter fields: {sorted(unknown)}")
        # an empty id set is a real condition (nothing to show); empty SQL/params are not
        self._extra = {k: tuple(kwargs[k]) if k == "ids" else kwargs[k] for k in _EXTRA_FIELDS
                       if k in kwargs and kwargs[k] is not None and (k == "ids" or kwargs[k] not in ("", ()))}
        self._show_extra(label)
        bar = {k: kwargs[k] for k in _BAR_FIELDS if k in kwargs and kwargs[k] is not None}
        if "statuses" in bar:
            bar["statuses"] = tuple(bar["statuses"])
        self.bar.blockSignals(True)
        self.bar.set_values(**bar)
        self.bar.blockSignals(False)
        self.refresh(keep_scroll=False)

    def apply_filter(self, flt, label: str = "") -> None:
        """Show the ledger filtered like ``flt`` (a LedgerFilter or anything with its fields)."""
        wanted = {f.name: getattr(flt, f.name) for f in fields(LedgerFilter)
                  if f.name in _BAR_FIELDS + _EXTRA_FIELDS and hasattr(flt, f.name)}
        self.set_filter(label=label, **wanted)

    def clear_extra_filter(self) -> None:
        self._extra = {}
        self._show_extra("")
        self.refresh(keep_scroll=False)

    def selected_problem_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [pid for pid in (self.model.problem_id(r) for r in rows) if pid is not None]

    def current_problem_id(self) -> int | None:
        index = self.table.currentIndex()
        if index.isValid() and self.table.selectionModel().isRowSelected(index.row()):
            return self.model.problem_id(index.row())
        ids = self.selected_problem_ids()
        return ids[0] if ids else None

    def visible_column_keys(self) -> list[str]:
        return self.columns.visible_keys()

    def add_context_action(self, text: str, slot: Callable[[list[int]], object]) -> QAction:
        """Another feature's right-click action; ``slot`` receives the selected problem ids."""
        action = QAction(text, self)
        action.triggered.connect(lambda checked=False: slot(self.selected_problem_ids()))
        self._context_actions.append(action)
        return action

    def select_ids(self, ids: list[int], *, scroll: bool = True) -> None:
        selection = QItemSelection()
        rows = [r for r in (self.model.row_of(i) for i in ids[:2000]) if r is not None]
        last_col = self.model.columnCount() - 1
        for r in rows:
            selection.select(self.model.index(r, 0), self.model.index(r, last_col))
        sm = self.table.selectionModel()
        sm.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if rows:
            sm.setCurrentIndex(self.model.index(rows[0], self.columns.first_visible()),
                               QItemSelectionModel.SelectionFlag.NoUpdate)
            if scroll:
                self.table.scrollTo(self.model.index(rows[0], 0))

    def refresh(self, *, keep_scroll: bool = True) -> None:
        """Re-run the query, keeping the selected problems and (when asked) the scroll position."""
        self._dirty = False
        self._fetch_error_shown = False
        selected = self.selected_problem_ids()
        current = self.current_problem_id()
        scroll = self.table.verticalScrollBar().value()
        if self.window_.campaign_id is None:
            self.model.clear()
            self.bar.set_count(0)
            self._show_empty()
            return
        flt = self.current_filter()
        key, descending = self.columns.sort_key()
        def load() -> bool:
            self.model.load(flt, key, descending)
            return True

        if not self.window_.operations.run("无法显示问题清单", load):
            return
        total = None
        if self.bar.is_filtered() or self._extra:
            if self._total is None:   # the whole campaign's count, kept until data changes
                self._total = ledger.count(self.store, LedgerFilter(campaign_id=self.window_.campaign_id))
            total = self._total
        else:
            self._total = len(self.model.ids)
        self.bar.set_count(len(self.model.ids), total)
        self._show_empty()
        if selected:
            order = ([current] if current in selected else []) + [i for i in selected if i != current]
            self.select_ids(order, scroll=not keep_scroll)
        if keep_scroll:
            self.table.verticalScrollBar().setValue(scroll)

    def focus_search(self) -> None:
        self.window_.show_page("ledger")
        self.bar.focus_search()

    def on_shown(self) -> None:
        if self._dirty:
            self.refresh()

    # ----- layout memory (MainWindow calls save_layout on close) ----------------------
    def save_layout(self, settings: QSettings) -> None:
        self.columns.save(settings)

    def restore_layout(self, settings: QSettings) -> bool:
        return self.columns.restore(settings)

    def column_menu(self) -> QMenu:
        return self.columns.menu(self)

    def set_column_visible(self, logical: int, visible: bool) -> None:
        self.columns.set_visible(logical, visible)

    # ----- reactions -----------------------------------------------------------------
    def _campaign_changed(self, campaign_id) -> None:
        self._total = None
        self.bar.reload_choices(campaign_id)
        self.columns.show_origin_default(self.bar.origins_present)
        self._extra = {}
        self._show_extra("")
        self.table.clearSelection()
        self._refresh_or_defer(keep_scroll=False)

    def _data_changed(self, changes: Changes) -> None:
        if not changes.touches(*PROBLEM_WORK):
            return
        self._total = None
        self.legend.setText(legend_line(deadlines.warn_days(self.store)))   # the warning days may change
        self.bar.reload_choices(self.window_.campaign_id, categories=False)
        self.columns.show_origin_default(self.bar.origins_present)
        self._refresh_or_defer(keep_scroll=True)

    def _refresh_or_defer(self, *, keep_scroll: bool) -> None:
        if self.isVisible():
            self.refresh(keep_scroll=keep_scroll)
        else:
            self._dirty = True

    def _sort_changed(self, section: int, order: Qt.SortOrder) -> None:
        self.refresh(keep_scroll=False)

    def _fetch_failed(self, message: str) -> None:
        self.window_.statusBar().showMessage(f"读取问题失败：{message}", 10000)
        if not self._fetch_error_shown:   # one box, not one per painted row
            self._fetch_error_shown = True
            QTimer.singleShot(0, lambda: self.window_.show_error(message, "无法读取问题"))

    def _show_empty(self) -> None:
        """A line in the empty table saying why it is empty and what to do."""
        if self.model.rowCount():
            self.empty_label.hide()
            return
        if self.window_.campaign_id is None:
            text = "还没有监督专题。请先新建监督专题。"
        elif self.bar.is_filtered() or self._extra:
            text = "没有符合条件的问题。可以换个搜索词，或点“清除筛选”。"
        else:
            text = "本专题还没有问题。按 Ctrl+N 新建问题。"
        self.empty_label.setText(text)
        self.empty_label.setGeometry(self.table.viewport().rect().adjusted(0, 0, 0, -self.height() // 3))
        self.empty_label.show()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        if self.empty_label.isVisible():
            self._show_empty()

    def _show_extra(self, label: str) -> None:
        shown = bool(self._extra)
        self.extra_label.setText(f"另有条件：{label or '指定的问题'}" if shown else "")
        self.extra_label.setVisible(shown)
        self.extra_clear.setVisible(shown)

    def _header_menu(self, pos: QPoint) -> None:
        self.column_menu().popup(self.table.horizontalHeader().mapToGlobal(pos))

    def _row_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if index.isValid() and not self.table.selectionModel().isRowSelected(index.row()):
            self.select_ids([self.model.problem_id(index.row())], scroll=False)
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)   # a right-click menu is gone once closed
        for action in self.row_actions:
            menu.addAction(action)
        if self._context_actions:
            menu.addSeparator()
            for action in self._context_actions:
                menu.addAction(action)
        if not menu.isEmpty():
            self.context_menu_shown.emit(menu)
            menu.popup(self.table.viewport().mapToGlobal(pos))
