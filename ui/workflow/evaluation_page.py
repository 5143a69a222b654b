"""满意度测评: every 测评 of the campaign with its rates; the selected one in detail."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from models.changes import EVALUATIONS
from models.workflow import evaluation
from models.workflow.evaluation import CountRow, Evaluation
from ui import style
from ui.dialogs import messages
from ui.widgets.lazy import LazyRefresh
from ui.widgets.tables import cell, figure_table, filling
from ui.workflow.evaluation_dialog import EvaluationDialog

LIST_COLUMNS = ("测评日期", "测评场合", "范围", "总票数", "满意率", "满意票占比")
DETAIL_COLUMNS = ("对象", "满意", "基本满意", "不满意", "合计", "满意率", "满意票占比", "上次满意率")


class EvaluationPage(LazyRefresh, QWidget):
    SHOWS = EVALUATIONS   # tables shown: reload only when an action wrote one

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.window_ = window
        self.store = window.store
        self.items: list[Evaluation] = []
        self.dialog: EvaluationDialog | None = None

        self.new_button = QPushButton("新建测评…", self)
        self.new_button.clicked.connect(self.new_evaluation)
        self.edit_button = QPushButton("修改…", self)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton("删除", self)
        self.delete_button.clicked.connect(self.delete_selected)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("<b>满意度测评</b>　满意率 =（满意＋基本满意）÷ 总票数；满意票占比 = 满意 ÷ 总票数", self))
        bar.addStretch(1)
        for b in (self.new_button, self.edit_button, self.delete_button):
            bar.addWidget(b)

        self.list = figure_table(LIST_COLUMNS, self, fit_contents=True)
        self.list.setObjectName("evaluation_list")
        self.list.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.list.itemSelectionChanged.connect(self._show_selected)
        self.list.cellDoubleClicked.connect(lambda _r, _c: self.edit_selected())
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.detail = figure_table(DETAIL_COLUMNS, self, fit_contents=True)
        self.detail.setObjectName("evaluation_detail")
        self.detail.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        detail_box = QWidget(self)
        dl = QVBoxLayout(detail_box)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.title)
        dl.addWidget(self.detail, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(detail_box)
        self.splitter.setStretchFactor(1, 2)
        self.empty = QLabel("还没有测评记录。测评后单击“新建测评…”录入各单位或各问题的票数。", self)
        style.set_role(self.empty, "note")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(bar)
        layout.addWidget(self.empty)
        layout.addWidget(self.splitter, 1)
        self.watch(window)

    def refresh(self) -> None:
        self._dirty = False
        cid = self.window_.campaign_id
        keep = self.selected_id()
        self.items = evaluation.list_evaluations(self.store, cid) if cid else []
        self.new_button.setEnabled(cid is not None and not self.store.read_only)
        with filling(self.list):
            self.list.setRowCount(len(self.items))
            for r, ev in enumerate(self.items):
                t = ev.totals
                self.list.setItem(r, 0, cell(ev.eval_date, center=True))
                self.list.setItem(r, 1, cell(ev.occasion or "—"))
                self.list.setItem(r, 2, cell(ev.unit_label or "全部单位", center=True))
                self.list.setItem(r, 3, cell(t.total, center=True))
                self.list.setItem(r, 4, cell(t.rate.percent_text(), center=True))
                self.list.setItem(r, 5, cell(t.pure_rate.percent_text(), center=True))
        self.empty.setVisible(not self.items)
        row = next((i for i, ev in enumerate(self.items) if ev.id == keep), 0 if self.items else -1)
        if row >= 0:
            self.list.selectRow(row)
        self._show_selected()

    def selected_id(self) -> int | None:
        rows = self.list.selectionModel().selectedRows() if self.list.selectionModel() else []
        if rows and 0 <= rows[0].row() < len(self.items):
            return self.items[rows[0].row()].id
        return None

    def _show_selected(self) -> None:
        ev = next((e for e in self.items if e.id == self.selected_id()), None)
        writable = ev is not None and not self.store.read_only
        self.edit_button.setEnabled(writable)
        self.delete_button.setEnabled(writable)
        if ev is None:
            self.title.clear()
            self.detail.setRowCount(0)
            return
        notes = f"<br>备注：{ev.notes}" if ev.notes else ""
        totals = ev.totals
        self.title.setText(f"<b>{ev.title}</b>　总票数 {totals.total}，满意率 {totals.rate.percent_text()}，"
                           f"满意票占比 {totals.pure_rate.percent_text()}{notes}")
        rows: list[CountRow] = ev.rows + ([totals] if len(ev.rows) > 1 else [])
        with filling(self.detail):
            self._put_detail(ev, rows, totals)

    def _put_detail(self, ev, rows: list[CountRow], totals: CountRow) -> None:
        self.detail.setRowCount(len(rows))
        bold = QFont(self.detail.font())
        bold.setBold(True)
        earlier = evaluation.previous_rows(self.store, ev)
        for r, row in enumerate(rows):
            before = earlier.get((row.unit_id, row.problem_id)) if row is not totals else None
            cells = (row.label, row.satisfied, row.basically_satisfied, row.dissatisfied, row.total,
                     row.rate.percent_text(), row.pure_rate.percent_text(),
                     before[1].rate.percent_text() if before else "—")
            for c, v in enumerate(cells):
                item = cell(v, center=c > 0)
                if c in (5, 6):
                    item.setToolTip((row.rate if c == 5 else row.pure_rate).describe())
                if c == 7 and before:
                    item.setToolTip(f"{before[0].title}：{before[1].rate.describe()}")
                if row is totals:
                    item.setFont(bold)
                self.detail.setItem(r, c, item)

    def new_evaluation(self) -> EvaluationDialog | None:
        if self.window_.campaign_id is None:
            return None
        self.dialog = EvaluationDialog(self.window_, self.window_.campaign_id)
        self.dialog.open()
        return self.dialog

    def edit_selected(self) -> EvaluationDialog | None:
        eid = self.selected_id()
        if eid is None or self.window_.campaign_id is None:
            return None
        self.dialog = EvaluationDialog(self.window_, self.window_.campaign_id, eid)
        self.dialog.open()
        return self.dialog

    def delete_selected(self) -> bool:
        ev = next((e for e in self.items if e.id == self.selected_id()), None)
        if ev is None:
            return False
        if not messages.ask(self, "删除测评", f"删除“{ev.title}”的测评记录？\n删除后票数仍保留在修改历史中。",
                            yes="删除"):
            return False
        if self.window_.operations.run("无法删除", evaluation.delete_evaluation, self.store, ev.id) is None \
                and evaluation.get_evaluation(self.store, ev.id) is not None:
            return False
        return True

