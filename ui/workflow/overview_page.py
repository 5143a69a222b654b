"""总览: the campaign's figures as cards and tables, each a click away from the filtered ledger,
and the 挂图作战 chart of progress per unit. The figures come from models.workflow.overview."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models import campaigns, ledger
from models.changes import PROBLEM_WORK
from models.ledger import LedgerFilter
from models.lists import duties, timetable
from models.workflow import overview
from ui import jobs, style
from ui.lists.timeline import TimelineStrip
from ui.widgets.lazy import LazyRefresh
from ui.widgets.tables import cell, figure_table, filling
from ui.workflow.progress_chart import UnitProgressChart

# Cards in two rows: the figures reports quote, then the finer states.
MAIN_CARDS = ("total", "handed_over", "done", "rate", "overdue", "carried")
SMALL_CARDS = ("pending", "pending_late", "in_progress", "close_requested", "due_soon", "carried_in")
CARD_ROLES = {"done": "figure_done", "rate": "figure_done", "overdue": "figure_overdue",   # resources/style.qss
              "due_soon": "figure_due_soon", "pending_late": "figure_late", "carried": "figure_carried"}
SYNC_LIMIT = 5000          # campaigns up to this size are counted at once, bigger ones in the background
FROM_ABOVE_NUMBERS = 12    # unfinished 上级交办 numbers named in the line; the rest behind a link
TABLE_COLUMNS = (("total", "问题数"), ("handed_over", "已交办"), ("done", "已销号"), ("rate", "整改率"),
                 ("overdue", "已逾期"), ("carried", "转下年度"))


class FigureCard(QFrame):
    """A number with its label; clicking it opens the ledger filtered to those problems."""

    clicked = Signal()

    def __init__(self, key: str, big: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"card_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        style.set_role(self, "card")
        self.value_label = QLabel("—", self)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * (2.0 if big else 1.5))
        font.setBold(True)
        self.value_label.setFont(font)
        if key in CARD_ROLES:
            style.set_role(self.value_label, CARD_ROLES[key])
        self.title_label = QLabel(self)
        self.note_label = QLabel(self)
        style.set_role(self.note_label, "note")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addWidget(self.title_label)
        layout.addWidget(self.value_label)
        layout.addWidget(self.note_label)

    def set_values(self, title: str, value: str, note: str = "", tip: str = "") -> None:
        self.title_label.setText(title)
        self.value_label.setText(value)
        self.note_label.setText(note)
        self.note_label.setVisible(bool(note))
        self.setToolTip(tip or f"单击在问题清单中查看这 {value} 个问题")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class GroupTable(QTableWidget):
    """Figures per unit / category / source; a click on a number opens the filtered ledger."""

    figure_clicked = Signal(object, str)

    def __init__(self, first_header: str, parent: QWidget | None = None):
        super().__init__(0, len(TABLE_COLUMNS) + 1, parent)
        self.setHorizontalHeaderLabels([first_header] + [t for _, t in TABLE_COLUMNS])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.verticalHeader().hide()
        self.setAlternatingRowColors(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(48)
        for c in range(1, self.columnCount()):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.setMinimumWidth(470)  # keep unit names readable when the window is narrow
        self._figures: list[tuple[object, str]] = []
        self.cellClicked.connect(self._clicked)
        self.setMouseTracking(True)

    def set_rows(self, rows: list[overview.GroupRow], totals: overview.GroupRow | None = None) -> None:
        self.setSortingEnabled(False)
        with filling(self):
            self._put_rows(rows, totals)

    def _put_rows(self, rows: list[overview.GroupRow], totals: overview.GroupRow | None) -> None:
        self.clearContents()
        self._figures = []
        all_rows = list(rows) + ([totals] if totals else [])
        self.setRowCount(len(all_rows))
        link = style.colour("link")
        for r, row in enumerate(all_rows):
            name = QTableWidgetItem(row.label)
            if row is totals:
                font = name.font()
                font.setBold(True)
                name.setFont(font)
            self.setItem(r, 0, name)
            for c, (key, _) in enumerate(TABLE_COLUMNS, start=1):
                if key == "rate":
                    item = QTableWidgetItem(row.rate.percent_text())
                    item.setToolTip(row.rate.describe())
                    figure = row.figures["done"]
                else:
                    figure = row.figures[key]
                    item = QTableWidgetItem(str(figure.value))
                    item.setToolTip(f"单击在问题清单中查看：{row.label} {figure.label}")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if figure.value:
                    item.setForeground(link)
                    self._figures.append((figure, f"{row.label} {figure.label}"))
                    item.setData(Qt.ItemDataRole.UserRole, len(self._figures) - 1)
                self.setItem(r, c, item)

    def figure_at(self, row: int, column: int):
        item = self.item(row, column)
        index = item.data(Qt.ItemDataRole.UserRole) if item else None
        return self._figures[index] if index is not None else None

    def _clicked(self, row: int, column: int) -> None:
        hit = self.figure_at(row, column)
        if hit is not None:
            self.figure_clicked.emit(*hit)


def from_above_text(above: overview.FromAbove) -> str:
    """上级交办 in one line; a long list of unfinished numbers is cut (a label of thousands of
    numbers took seconds to lay out) and the rest is one click away."""
    if not above.total.value:
        return "上级交办问题：无"
    text = f"上级交办问题：<a href='total'>{above.sentence}</a>"
    items = above.open_items
    if items:
        numbers = "、".join(i["number"] for i in items[:FROM_ABOVE_NUMBERS])
        more = f"等 <a href='open'>{len(items)} 项</a>" if len(items) > FROM_ABOVE_NUMBERS else ""
        text += f"；未完成的：{numbers}{more}"
    return text


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
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
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

        self.tables = {"unit": GroupTable("牵头单位", self), "category": GroupTable("问题类别", self),
                       "source": GroupTable("问题来源", self)}
        self.tabs = QTabWidget(self)
        for key, title in (("unit", "按牵头单位"), ("category", "按问题类别"), ("source", "按问题来源")):
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
        self.heading.setText(f"{c.title if c else ''} 总览")
        self._show_lists(cid)
        if ledger.count(self.store, LedgerFilter(campaign_id=cid)) <= SYNC_LIMIT:
            data = self.window_.operations.run("无法计算总览数据", overview.compute, self.store, cid)
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
        job = jobs.Job(self, "统计总览", lambda store, _progress: overview.compute(store, cid),
                       store=self.store, connection=jobs.READER, quiet=True,
                       on_success=lambda data: self._computed(job, data),
                       on_failure=lambda message: self._computed(job, None, message))
        self.job = job
        job.start()

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
