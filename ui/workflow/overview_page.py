"""总览: the campaign's figures as cards and tables, each a click away from the filtered ledger,
and the 挂图作战 chart of progress per unit. The figures come from models.workflow.overview."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models import campaigns, ledger
from models.changes import PROBLEM_WORK
from models.ledger import LedgerFilter
from models.lists import duties, timetable
from models.workflow import origins, overview
from ui import jobs, style
from ui.lists.timeline import TimelineStrip
from ui.widgets.lazy import LazyRefresh, counted_at_once
from ui.widgets.tables import cell, figure_table, filling
from ui.workflow.overview_widgets import FigureCard, GroupTable, from_above_text
from ui.workflow.progress_chart import UnitProgressChart

# Cards in two rows: the figures reports quote, then the finer states.
MAIN_CARDS = ("total", "handed_over", "done", "rate", "overdue", "carried")
SMALL_CARDS = ("pending", "pending_late", "in_progress", "close_requested", "due_soon", "carried_in")


class OverviewPage(LazyRefresh, QWidget):
    SHOWS = (*PROBLEM_WORK, "campaign_phases", "duties")

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.window_ = window
        self.store = window.store
        self.data: overview.Overview | None = None
        self.job: jobs.Job | None = None     # a background count under way

        self.heading = QLabel(self)
        self.heading.setObjectName("overview_heading")
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.as_of = QLabel(self)
        style.set_role(self.as_of, "note")
        refresh = QPushButton("刷新", self)
        refresh.clicked.connect(self.refresh)
        # 来源机关: a city that gathered its counties' 交换包 sees them together or one at a time
        self.origin_label = QLabel("来源机关：", self)
        self.origin_box = QComboBox(self)
        self.origin_box.setObjectName("overview_origin")
        self.origin_box.setToolTip("合并查看本机关和各县（市、区）报来的问题，或只看其中一个机关的")
        self.origin_box.setMinimumContentsLength(8)
        self.origin_box.activated.connect(lambda _i: self.refresh())
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.origin_label)
        top.addWidget(self.origin_box)
        top.addWidget(self.as_of)
        top.addWidget(refresh)

        self.cards: dict[str, FigureCard] = {}
        grid = QGridLayout()
        grid.setSpacing(8)
        for col, key in enumerate(MAIN_CARDS):
            self.cards[key] = card = FigureCard(key, True, self)
            grid.addWidget(card, 0, col)
        for col, key in enumerate(SMALL_CARDS):
            self.cards[key] = card = FigureCard(key, False, self)
            grid.addWidget(card, 1, col)
        for key, card in self.cards.items():
            card.clicked.connect(lambda k=key: self.open_card(k))

        self.summary = QLabel(self)
        self.summary.setObjectName("overview_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.from_above = QLabel(self)
        self.from_above.setObjectName("overview_from_above")
        self.from_above.setWordWrap(True)
        self.from_above.linkActivated.connect(self._from_above_link)

        self.tables = {"origin": GroupTable("来源机关", self), "unit": GroupTable("牵头单位", self),
                       "category": GroupTable("问题类别", self), "source": GroupTable("问题来源", self)}
        self.tables["origin"].setObjectName("overview_by_origin")
        self.tabs = QTabWidget(self)
        for key, title in (("origin", "按来源机关"), ("unit", "按牵头单位"), ("category", "按问题类别"),
                           ("source", "按问题来源")):
            self.tabs.addTab(self.tables[key], title)
            self.tables[key].figure_clicked.connect(self.open_figure)
        self.duty_table = figure_table(("责任单位", "职责", "问题数"), self, fit_contents=True)
        self.duty_table.setObjectName("overview_duties")
        self.tabs.addTab(self.duty_table, "按职责")
        self.timeline = TimelineStrip(self)
        self.phase_label = QLabel(self)
        self.phase_label.setObjectName("overview_phase")

        self.chart = UnitProgressChart(self)
        self.chart.figure_clicked.connect(self.open_figure)
        chart_box = QWidget(self)
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_title = QLabel(f"<b>挂图作战：各牵头单位整改进度</b>（单击色块查看对应问题；{style.span('error', '红字')}为逾期项数）", chart_box)
        scroll = QScrollArea(chart_box)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        chart_layout.addWidget(chart_title)
        chart_layout.addWidget(scroll, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("overview_splitter")
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(chart_box)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)

        self.empty = QLabel("请先在工具栏选择或新建一个监督专题。", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(top)
        layout.addWidget(self.phase_label)
        layout.addWidget(self.timeline)
        layout.addLayout(grid)
        layout.addWidget(self.summary)
        layout.addWidget(self.from_above)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.empty, 1)

        self.watch(window)

    # ----- data ----------------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute the figures: at once for a small campaign, else in the background (a big one
        takes a noticeable moment) with 正在统计… shown meanwhile."""
        self._dirty = False
        cid = self.window_.campaign_id
        has = cid is not None
        for w in (self.splitter, self.summary, self.from_above, *self.cards.values()):
            w.setVisible(has)
        self.empty.setVisible(not has)
        if self.job is not None:
            self.job.cancel()           # its result would be stale; the new one replaces it
            self.job = None
        if not has:
            self.data = None
            self.heading.setText("总览")
            self.as_of.clear()
            return
        c = campaigns.get_campaign(self.store, cid)
        origin = self._fill_origins(cid)
        self.heading.setText(f"{c.title if c else ''} 总览")
        self._show_lists(cid)
        if counted_at_once(self.store, cid):
            data = self.window_.operations.run("无法计算总览数据", overview.compute, self.store, cid, origin=origin)
            if data is not None:
                self.show_data(data)
            return
        self.as_of.setText("正在统计……")
        if self.data is None or self.data.campaign_id != cid:   # else the old figures stay up meanwhile
            self.data = None
            for key, card in self.cards.items():
                card.set_values("整改率" if key == "rate" else overview.FIGURES.get(key, (key,))[0], "…", "", "正在统计……")
            self.chart.empty_text = "正在统计……"
            self.chart.set_rows([])
            for table in self.tables.values():
                table.set_rows([])
        job = jobs.Job(self, "统计总览", lambda store, _progress: overview.compute(store, cid, origin=origin),
                       store=self.store, connection=jobs.READER, quiet=True,
                       on_success=lambda data: self._computed(job, data),
                       on_failure=lambda message: self._computed(job, None, message))
        self.job = job
        job.start()

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt name)
        """Left before the figures were counted (the program opens here and the clerk goes on to
        问题清单): stop counting, so the page the clerk went to gets the processor; count again
        when this page is shown next."""
        super().hideEvent(event)
        if self.job is not None:
            self.job.cancel()
            self.job = None
            self._dirty = True

    def _fill_origins(self, cid: int) -> str:
        """The 来源机关 choices of this campaign (hidden when all problems are this office's own);
        returns the chosen one ("" = all together)."""
        current = self.origin_box.currentData() or ""
        offices = origins.campaign_origins(self.store, cid)
        self.origin_box.clear()
        self.origin_box.addItem("全部（合并）", "")
        for o in offices:
            self.origin_box.addItem(o.office if o.key == ledger.LOCAL_ORIGIN else o.label, o.key)
        index = self.origin_box.findData(current)
        self.origin_box.setCurrentIndex(max(index, 0))
        for w in (self.origin_label, self.origin_box):
            w.setVisible(bool(offices))
        index = self.tabs.indexOf(self.tables["origin"])
        if bool(offices) != self.tabs.isTabVisible(index):
            self.tabs.setTabVisible(index, bool(offices))
            # the merged view opens on the offices side by side; otherwise the units come first
            self.tabs.setCurrentIndex(index if offices else self.tabs.indexOf(self.tables["unit"]))
        return self.origin_box.currentData() or ""

    def set_origin(self, key: str) -> None:
        """Narrow the overview to one 来源机关 ("" = all together), as picking it in the list does."""
        self.origin_box.setCurrentIndex(max(self.origin_box.findData(key), 0))
        self.refresh()

    def _show_lists(self, cid: int) -> None:
        """The timetable strip with today's phase, and problems per duty of the 责任清单."""
        phases = timetable.list_phases(self.store, cid)
        self.timeline.set_phases(phases)
        now = self.timeline.current_phase()
        self.phase_label.setVisible(bool(self.timeline.phases))
        self.phase_label.setText(f"时间节点：当前处于“{now.name}”阶段（{now.start_date} 至 {now.end_date}）" if now
                                 else "时间节点：今天不在任何阶段内")
        rows = duties.problems_per_duty(self.store, cid)
        with filling(self.duty_table):
            self.duty_table.setRowCount(len(rows))
            for r, d in enumerate(rows):
                for col, v in enumerate((d["unit_name"], d["text"], d["problems"])):
                    self.duty_table.setItem(r, col, cell(v, center=col == 2))

    def _computed(self, job, data: overview.Overview | None, message: str = "") -> None:
        if job is not self.job:
            return
        self.job = None
        if data is not None:
            self.show_data(data)
        else:
            self.as_of.setText(style.span("error", f"无法计算总览数据：{message}"))

    def show_data(self, data: overview.Overview) -> None:
        self.data = data
        self.chart.empty_text = "本专题还没有问题。"
        self.as_of.setText(f"统计截至 {data.today.isoformat()}，预警期 {data.warn_days} 日")
        f = data.figures
        for key, card in self.cards.items():
            if key == "rate":
                card.set_values("整改率", data.rate.percent_text(),
                                f"已销号 {data.rate.numerator} / 已交办 {data.rate.denominator}",
                                "整改率 = 已销号 ÷ 已交办。单击查看已销号的问题")
            else:
                note = {"handed_over": f"待交办 {f['pending'].value}",
                        "overdue": "已交办、未销号且已过整改时限",
                        "carried": "不计入已销号"}.get(key, "")
                card.set_values(f[key].label, str(f[key].value), note)
        self.summary.setText(data.summary_sentence())
        self.from_above.setText(from_above_text(data.from_above))
        totals = overview.GroupRow(None, "合计", data.figures, {}, data.rate, None)
        self.tables["unit"].set_rows(data.by_unit, totals)
        self.tables["category"].set_rows(data.by_category, totals)
        self.tables["source"].set_rows(data.by_source, totals)
        self.tables["origin"].set_rows(data.by_origin, totals)
        if data.origin_label:
            self.heading.setText(f"{self.heading.text()}（{data.origin_label}）")
        self.chart.set_rows(data.by_unit)

    # ----- clicks --------------------------------------------------------------------
    def open_card(self, key: str) -> None:
        if self.data is None:
            return
        figure = self.data.figures["done" if key == "rate" else key]
        self.open_figure(figure, figure.label)

    def _from_above_link(self, which: str) -> None:
        if self.data is None:
            return
        above = self.data.from_above
        if which == "open":
            flt = LedgerFilter(campaign_id=self.data.campaign_id, ids=tuple(i["id"] for i in above.open_items))
            self.open_figure(overview.Figure("open", "上级交办未完成", len(above.open_items), flt))
        else:
            self.open_figure(above.total, "上级交办")

    def open_figure(self, figure: overview.Figure, label: str = "") -> None:
        """Show the ledger filtered exactly as the figure counts."""
        page = self.window_.ledger_page
        page.apply_filter(figure.filter, label=f"总览：{label or figure.label}")
        self.window_.show_page("ledger")

    def save_layout(self, settings) -> None:
        settings.setValue("overview/splitter", self.splitter.saveState())

    def restore_layout(self, settings) -> None:
        state = settings.value("overview/splitter")
        if state is not None:
            self.splitter.restoreState(state)
