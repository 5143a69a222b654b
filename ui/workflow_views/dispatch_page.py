"""月调度: a month's open problems with their last report, 未报送 marked, and the units ranked."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.ledger import LedgerFilter
from models.workflow import dispatch
from ui.ledger.table_model import STATE_COLOURS
from ui.widgets.lazy import LazyRefresh

PROBLEM_COLUMNS = ("本月情况", "编号", "牵头单位", "状态", "整改时限", "进度", "最近报送", "报送单位", "最近进展",
                   "问题描述")
RANK_COLUMNS = ("名次", "牵头单位", "已交办", "已销号", "整改率", "交办后逾期", "本月应报送", "本月未报送")
MARK_COLOURS = {dispatch.MARK_NOT_REPORTED: ("#fde3e1", "#a50e0e"), dispatch.MARK_NEW: ("#e8f0fe", "#0b57d0"),
                dispatch.MARK_CLOSE_REQUESTED: ("#e6f4ea", "#1e6b34")}


def _item(text: object, *, center: bool = False, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    if center:
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    if tip:
        item.setToolTip(tip)
    return item


def _table(columns: tuple[str, ...], parent: QWidget) -> QTableWidget:
    t = QTableWidget(0, len(columns), parent)
    t.setHorizontalHeaderLabels(list(columns))
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.verticalHeader().hide()
    t.setAlternatingRowColors(True)
    t.setWordWrap(False)
    return t


class DispatchPage(LazyRefresh, QWidget):
    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.window_ = window
        self.store = window.store
        self.view: dispatch.MonthView | None = None
        self._rank_figures: dict[tuple[int, int], object] = {}

        self.month_edit = QDateEdit(self)
        self.month_edit.setObjectName("dispatch_month")
        self.month_edit.setDisplayFormat("yyyy年M月")
        self.month_edit.setCurrentSection(QDateEdit.Section.MonthSection)
        today = date.today()
        self.month_edit.setDate(QDate(today.year, today.month, 1))
        self.month_edit.dateChanged.connect(lambda _d: self.refresh())
        prev_button = QPushButton("◀ 上月", self)
        prev_button.clicked.connect(lambda: self.step_month(-1))
        next_button = QPushButton("下月 ▶", self)
        next_button.clicked.connect(lambda: self.step_month(1))
        this_button = QPushButton("本月", self)
        this_button.clicked.connect(lambda: self.set_month(date.today().year, date.today().month))
        self.only_missing = QCheckBox("只看未报送", self)
        self.only_missing.toggled.connect(lambda _on: self._fill_problems())
        self.ledger_button = QPushButton("在问题清单中查看未报送问题", self)
        self.ledger_button.clicked.connect(self.open_not_reported)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("调度月份：", self))
        bar.addWidget(prev_button)
        bar.addWidget(self.month_edit)
        bar.addWidget(next_button)
        bar.addWidget(this_button)
        bar.addSpacing(16)
        bar.addWidget(self.only_missing)
        bar.addStretch(1)
        bar.addWidget(self.ledger_button)

        self.summary = QLabel(self)
        self.summary.setObjectName("dispatch_summary")
        self.summary.setWordWrap(True)
        self.problems = _table(PROBLEM_COLUMNS, self)
        self.problems.setObjectName("dispatch_problems")
        header = self.problems.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((80, 80, 100, 70, 90, 50, 90, 90, 260)):
            self.problems.setColumnWidth(col, width)
        self.problems.cellDoubleClicked.connect(self._problem_double_clicked)

        self.ranking = _table(RANK_COLUMNS, self)
        self.ranking.setObjectName("dispatch_ranking")
        self.ranking.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.ranking.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.ranking.cellClicked.connect(self._rank_clicked)
        rank_box = QWidget(self)
        rank_layout = QVBoxLayout(rank_box)
        rank_layout.setContentsMargins(0, 0, 0, 0)
        rank_layout.addWidget(QLabel("<b>单位排名</b>（按整改率、已销号数从高到低，逾期少者在前；单击数字查看问题）",
                                     rank_box))
        rank_layout.addWidget(self.ranking)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("dispatch_splitter")
        self.splitter.addWidget(self.problems)
        self.splitter.addWidget(rank_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.splitter, 1)

        self.watch(window)

    # ----- month ---------------------------------------------------------------------
    def month(self) -> tuple[int, int]:
        d = self.month_edit.date()
        return d.year(), d.month()

    def set_month(self, year: int, month: int) -> None:
        self.month_edit.setDate(QDate(year, month, 1))

    def step_month(self, delta: int) -> None:
        self.month_edit.setDate(self.month_edit.date().addMonths(delta))

    # ----- data ----------------------------------------------------------------------
    def refresh(self) -> None:
        self._dirty = False
        cid = self.window_.campaign_id
        if cid is None:
            self.view = None
            self.problems.setRowCount(0)
            self.ranking.setRowCount(0)
            self.summary.setText("请先选择监督专题。")
            self.ledger_button.setEnabled(False)
            return
        year, month = self.month()
        view = self.window_.run_action(dispatch.month_view, self.store, cid, year, month, title="无法生成月调度表")
        if view is None:
            return
        self.view = view
        missing_units = len(view.not_reported_units)
        expected = sum(1 for r in view.rows if r.expected)
        self.summary.setText(
            f"{view.title}：在办问题 {len(view.rows)} 项，本月应报送进展 {expected} 项，"
            f"<span style='color:#a50e0e'><b>未报送 {len(view.not_reported_rows)} 项</b></span>"
            f"（涉及 {missing_units} 个单位）。逾期按 {view.as_of.isoformat()} 计算。")
        self.ledger_button.setEnabled(bool(view.not_reported_rows))
        self._fill_problems()
        self._fill_ranking()

    def shown_rows(self) -> list[dispatch.DispatchRow]:
        if self.view is None:
            return []
        return self.view.not_reported_rows if self.only_missing.isChecked() else self.view.rows

    def _fill_problems(self) -> None:
        rows = self.shown_rows()
        t = self.problems
        t.setRowCount(len(rows))
        bold = QFont(t.font())
        bold.setBold(True)
        for r, row in enumerate(rows):
            mark = _item(row.mark, center=True)
            if row.mark in MARK_COLOURS:
                bg, fg = MARK_COLOURS[row.mark]
                mark.setBackground(QColor(bg))
                mark.setForeground(QColor(fg))
                mark.setFont(bold)
            mark.setData(Qt.ItemDataRole.UserRole, row.problem_id)
            t.setItem(r, 0, mark)
            t.setItem(r, 1, _item(row.number))
            t.setItem(r, 2, _item(row.lead_unit))
            t.setItem(r, 3, _item(row.status, center=True))
            deadline = _item(row.deadline or "无时限", center=True, tip=row.deadline_state)
            if row.deadline_state in STATE_COLOURS:
                bg, fg = STATE_COLOURS[row.deadline_state]
                deadline.setBackground(QColor(bg))
                deadline.setForeground(QColor(fg))
            t.setItem(r, 4, deadline)
            t.setItem(r, 5, _item(f"{row.progress}%", center=True))
            rep = row.last_report or {}
            t.setItem(r, 6, _item(rep.get("report_date", "从未报送"), center=True))
            t.setItem(r, 7, _item(rep.get("unit", "")))
            text = "；".join(x for x in (rep.get("measures", ""), rep.get("result", "")) if x)
            t.setItem(r, 8, _item(text, tip=text))
            t.setItem(r, 9, _item(row.description, tip=row.description))

    def _fill_ranking(self) -> None:
        t = self.ranking
        ranks = self.view.ranking if self.view else []
        t.setRowCount(len(ranks))
        self._rank_figures = {}
        link = QColor("#0b57d0")
        for r, u in enumerate(ranks):
            t.setItem(r, 0, _item(u.rank, center=True))
            t.setItem(r, 1, _item(u.label))
            for c, fig in ((2, u.handed_over), (3, u.done), (5, u.late)):
                item = _item(fig.value, center=True)
                if fig.value:
                    item.setForeground(link)
                    self._rank_figures[(r, c)] = fig
                t.setItem(r, c, item)
            t.setItem(r, 4, _item(u.rate.percent_text(), center=True, tip=u.rate.describe()))
            t.setItem(r, 6, _item(u.expected, center=True))
            missing = _item(u.not_reported, center=True)
            if u.not_reported:
                missing.setForeground(QColor("#a50e0e"))
            t.setItem(r, 7, missing)

    # ----- to the ledger -------------------------------------------------------------
    def _open_ledger(self, flt, label: str, select: int | None = None) -> None:
        if not self.window_.has_page("ledger"):
            return
        page = self.window_.page("ledger")
        page.apply_filter(flt, label=f"月调度：{label}")
        self.window_.show_page("ledger")
        if select is not None and hasattr(page, "select_ids"):
            page.select_ids([select])

    def open_not_reported(self) -> None:
        if self.view is not None and self.view.not_reported_rows:
            self._open_ledger(self.view.not_reported_filter(), f"{self.view.title}未报送进展的问题")

    def _problem_double_clicked(self, row: int, _column: int) -> None:
        rows = self.shown_rows()
        if 0 <= row < len(rows) and self.view is not None:
            ids = tuple(r.problem_id for r in rows)
            self._open_ledger(LedgerFilter(campaign_id=self.view.campaign_id, ids=ids),
                              f"{self.view.title}在办问题", select=rows[row].problem_id)

    def _rank_clicked(self, row: int, column: int) -> None:
        fig = self._rank_figures.get((row, column))
        if fig is not None:
            self._open_ledger(fig.filter, f"{self.ranking.item(row, 1).text()} {fig.label}")

    def save_layout(self, settings) -> None:
        settings.setValue("dispatch/splitter", self.splitter.saveState())

    def restore_layout(self, settings) -> None:
        state = settings.value("dispatch/splitter")
        if state is not None:
            self.splitter.restoreState(state)
