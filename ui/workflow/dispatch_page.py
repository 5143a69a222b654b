"""月调度: a month's open problems with their last report, 未报送 marked, and the units ranked."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from models.ledger import LedgerFilter
from models.workflow import dispatch
from ui import jobs, style
from ui.widgets.lazy import LazyRefresh, counted_at_once
from ui.widgets.tables import cell, figure_table, figure_view, filling
from ui.workflow.dispatch_model import ORIGIN_COLUMN, DispatchProblemsModel

RANK_COLUMNS = ("名次", "牵头单位", "已交办", "已销号", "整改率", "已逾期", "本月应报送", "本月未报送")
ORIGIN_TABLE_COLUMNS = ("来源机关", "在办", "应报送", "已报送", "未报送", "已申请销号", "已逾期")


class DispatchPage(LazyRefresh, QWidget):
    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.window_ = window
        self.store = window.store
        self.view: dispatch.MonthView | None = None
        self.job: jobs.Job | None = None   # the month being built in the background
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
        # 来源机关: a city's month by county (shown once other offices' problems are here)
        self.origin_label = QLabel("来源机关：", self)
        self.origin_box = QComboBox(self)
        self.origin_box.setObjectName("dispatch_origin")
        self.origin_box.setMinimumContentsLength(6)
        self.origin_box.setToolTip("只看某个县（市、区）报来的问题，或全部合并查看")
        self.origin_box.activated.connect(lambda _i: self.refresh())
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
        bar.addSpacing(16)
        bar.addWidget(self.origin_label)
        bar.addWidget(self.origin_box)
        bar.addStretch(1)
        bar.addWidget(self.ledger_button)

        self.summary = QLabel(self)
        self.summary.setObjectName("dispatch_summary")
        self.summary.setWordWrap(True)
        self.problem_model = DispatchProblemsModel(self)
        self.problems = figure_view(self.problem_model, self)
        self.problems.setObjectName("dispatch_problems")
        header = self.problems.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((80, 70, 80, 100, 70, 90, 50, 90, 90, 260)):
            self.problems.setColumnWidth(col, width)
        self.problems.doubleClicked.connect(lambda index: self._problem_double_clicked(index.row(), index.column()))

        self.ranking = figure_table(RANK_COLUMNS, self)
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

        self.origin_table = figure_table(ORIGIN_TABLE_COLUMNS, self)
        self.origin_table.setObjectName("dispatch_by_origin")
        self.origin_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.origin_table.cellClicked.connect(self._origin_clicked)
        self.origin_box_widget = QWidget(self)
        origin_layout = QVBoxLayout(self.origin_box_widget)
        origin_layout.setContentsMargins(0, 0, 0, 0)
        origin_layout.addWidget(QLabel("<b>各来源机关小计</b>（单击一行只看该机关）", self.origin_box_widget))
        origin_layout.addWidget(self.origin_table)
        bottom = QSplitter(Qt.Orientation.Horizontal, self)
        bottom.addWidget(self.origin_box_widget)
        bottom.addWidget(rank_box)
        bottom.setStretchFactor(0, 2)
        bottom.setStretchFactor(1, 3)
        bottom.setChildrenCollapsible(False)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("dispatch_splitter")
        self.splitter.addWidget(self.problems)
        self.splitter.addWidget(bottom)
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
        """Rebuild the month: at once for a small campaign, else in a background job on a read-only
        snapshot (a province's 45,000 problems take seconds), its progress shown only when slow."""
        self._dirty = False
        if self.job is not None:
            self.job.cancel()           # its month is stale; the new one replaces it
            self.job = None
        cid = self.window_.campaign_id
        if cid is None:
            self._show_view(None)
            self.summary.setText("请先选择监督专题。")
            for w in (self.origin_label, self.origin_box, self.origin_box_widget):
                w.setVisible(False)
            return
        year, month, origin = *self.month(), self.origin_key()
        if counted_at_once(self.store, cid):
            view = self.window_.operations.run("无法生成月调度表", dispatch.month_view, self.store, cid, year, month,
                                               origin=origin)
            if view is not None:
                self._show_view(view)
            return
        self._show_view(None)
        self.summary.setText(f"正在生成{year}年{month}月的月调度表……")
        job = jobs.Job(self, "生成月调度表",
                       lambda store, _progress: dispatch.month_view(store, cid, year, month, origin=origin),
                       store=self.store, connection=jobs.READER,
                       on_success=lambda view: self._built(job, view),
                       on_failure=lambda message: self._built(job, None, f"无法生成月调度表：{message}"),
                       on_cancel=lambda: self._built(job, None, "已取消生成月调度表。"))
        self.job = job
        job.start()

    def _built(self, job: jobs.Job, view: dispatch.MonthView | None, message: str = "") -> None:
        if job is not self.job:
            return
        self.job = None
        if view is not None:
            self._show_view(view)
        else:
            self._dirty = True          # built again the next time the page is shown
            self.summary.setText(style.span("error", message))

    def _show_view(self, view: dispatch.MonthView | None) -> None:
        self.view = view
        self.ledger_button.setEnabled(bool(view and view.not_reported_rows))
        if view is None:
            self.problem_model.set_rows([])
            self.ranking.setRowCount(0)
            self.origin_table.setRowCount(0)
            return
        self._fill_origins(view)
        missing_units = len(view.not_reported_units)
        expected = sum(1 for r in view.rows if r.expected)
        self.summary.setText(
            f"{view.title}{'（' + view.origin_label + '）' if view.origin_label else ''}：在办问题 {len(view.rows)} 项，本月应报送进展 {expected} 项，"
            + style.span("error", f"<b>未报送 {len(view.not_reported_rows)} 项</b>") +
            f"（涉及 {missing_units} 个单位）。" + (
                f"状态、进展和排名按 {view.as_of.isoformat()} 月末当日情况还原。" if view.rebuilt
                else f"逾期按 {view.as_of.isoformat()} 计算。"))
        self._fill_problems()
        self._fill_ranking()

    def origin_key(self) -> str:
        """The 来源机关 the month is narrowed to ("" = all); the 导出月调度表 action reads it too."""
        return self.origin_box.currentData() or ""

    def set_origin(self, key: str) -> None:
        self.origin_box.setCurrentIndex(max(self.origin_box.findData(key), 0))
        self.refresh()

    def _fill_origins(self, view: dispatch.MonthView) -> None:
        """The 来源机关 list and the per-office subtotals; hidden when all problems are this office's."""
        has = bool(view.origins)
        for w in (self.origin_label, self.origin_box, self.origin_box_widget):
            w.setVisible(has)
        self.problems.setColumnHidden(ORIGIN_COLUMN, not has)
        self.origin_box.clear()
        self.origin_box.addItem("全部（合并）", "")
        for o in view.origins:
            self.origin_box.addItem(o.label, o.key)
        self.origin_box.setCurrentIndex(max(self.origin_box.findData(view.origin), 0))
        subtotals = view.by_origin()
        rows = [(s.key, s.label, s.listed, s.expected, s.reported, s.not_reported, s.close_requested, s.overdue)
                for s in subtotals]
        if len(subtotals) > 1:
            rows.append(("", "合计", *(sum(r[i] for r in rows) for i in range(2, 8))))
        t = self.origin_table
        with filling(t):
            t.setRowCount(len(rows))
            for r, (key, *values) in enumerate(rows):
                for c, v in enumerate(values):
                    item = cell(v, center=c > 0)
                    item.setData(Qt.ItemDataRole.UserRole, key)
                    if c == 4 and v:
                        item.setForeground(style.colour("error"))
                    t.setItem(r, c, item)

    def _origin_clicked(self, row: int, _column: int) -> None:
        item = self.origin_table.item(row, 0)
        if item is not None:
            self.set_origin(item.data(Qt.ItemDataRole.UserRole) or "")

    def shown_rows(self) -> list[dispatch.DispatchRow]:
        if self.view is None:
            return []
        return self.view.not_reported_rows if self.only_missing.isChecked() else self.view.rows

    def _fill_problems(self) -> None:
        self.problem_model.set_rows(self.shown_rows())

    def _fill_ranking(self) -> None:
        with filling(self.ranking):
            self._put_ranking()

    def _put_ranking(self) -> None:
        t = self.ranking
        ranks = self.view.ranking if self.view else []
        t.setRowCount(len(ranks))
        self._rank_figures = {}
        link = style.colour("link")
        for r, u in enumerate(ranks):
            t.setItem(r, 0, cell(u.rank, center=True))
            t.setItem(r, 1, cell(u.label))
            for c, fig in ((2, u.handed_over), (3, u.done), (5, u.late)):
                item = cell(fig.value, center=True)
                if fig.value:
                    item.setForeground(link)
                    self._rank_figures[(r, c)] = fig
                t.setItem(r, c, item)
            t.setItem(r, 4, cell(u.rate.percent_text(), center=True, tip=u.rate.describe()))
            t.setItem(r, 6, cell(u.expected, center=True))
            missing = cell(u.not_reported, center=True)
            if u.not_reported:
                missing.setForeground(style.colour("error"))
            t.setItem(r, 7, missing)

    # ----- to the ledger -------------------------------------------------------------
    def _open_ledger(self, flt, label: str, select: int | None = None) -> None:
        page = self.window_.ledger_page
        page.apply_filter(flt, label=f"月调度：{label}")
        self.window_.show_page("ledger")
        if select is not None:
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
