"""交办批次 page: the campaign's handover batches, and the problems of the selected one."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from models.workflow import handover
from ui.action_gate import mark_writing
from ui.widgets.lazy import LazyRefresh
from ui.workflow.widgets import color_deadline, fill_table, fit_columns, make_table, row_key

BATCH_HEADERS = ["交办日期", "交办文号", "交办会议", "交办机关", "承办单位", "默认整改时限", "问题数", "已销号"]
ITEM_HEADERS = ["编号", "问题描述", "牵头单位", "整改时限", "状态", "进度"]


class BatchesPage(LazyRefresh, QWidget):
    def __init__(self, window, actions, parent: QWidget | None = None):
        super().__init__(parent)
        self.window_ = window
        self.actions = actions
        self.store = window.store
        self.batch_view, self.batch_model = make_table(self, BATCH_HEADERS, stretch=2)
        self.batch_view.setObjectName("batch_table")
        self.item_view, self.item_model = make_table(self, ITEM_HEADERS, stretch=1)
        self.item_view.setObjectName("batch_items_table")
        self.batch_view.selectionModel().currentRowChanged.connect(lambda *_: self._show_items())
        self.batch_view.doubleClicked.connect(lambda _i: edit_button.isEnabled() and self.edit_batch())
        self.item_view.doubleClicked.connect(lambda _i: self._open_problem())
        self.summary = QLabel(self)
        new_button = QPushButton("新建交办批次…", self)
        new_button.clicked.connect(lambda: self.actions.open_handover([], parent=self.window_))
        edit_button = QPushButton("修改批次…", self)
        edit_button.setToolTip("改批次信息和各问题的本批次时限；交办有误的问题可移出，空批次可删除")
        edit_button.clicked.connect(self.edit_batch)
        mark_writing(new_button, edit_button)
        show_button = QPushButton("在问题清单中查看", self)
        show_button.clicked.connect(self.show_in_ledger)
        top = QHBoxLayout()
        top.addWidget(QLabel("<b>交办批次</b>", self))
        top.addWidget(self.summary)
        top.addStretch(1)
        for b in (new_button, edit_button, show_button):
            top.addWidget(b)
        lower = QWidget(self)
        ll = QVBoxLayout(lower)
        ll.setContentsMargins(0, 0, 0, 0)
        self.items_label = QLabel("本批次交办的问题（双击查看详情）", self)
        ll.addWidget(self.items_label)
        ll.addWidget(self.item_view)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.batch_view)
        splitter.addWidget(lower)
        splitter.setSizes([260, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.watch(window)

    def refresh(self) -> None:
        self._dirty = False
        current = self.current_batch_id()
        cid = self.window_.campaign_id
        batches = handover.list_batches(self.store, cid) if cid else []
        fill_table(self.batch_model, [[b["handover_date"], b["doc_number"], b["occasion"], b["organ"],
                                       b["recipients"] or "", b["default_deadline"] or "", b["problem_count"],
                                       b["closed_count"]] for b in batches], [b["id"] for b in batches])
        fit_columns(self.batch_view)
        total = sum(b["problem_count"] for b in batches)
        self.summary.setText(f"共 {len(batches)} 批，交办问题 {total} 个次")
        ids = [b["id"] for b in batches]
        row = ids.index(current) if current in ids else (0 if ids else -1)
        if row >= 0:
            self.batch_view.selectRow(row)
        self._show_items()

    def current_batch_id(self) -> int | None:
        return row_key(self.batch_view)

    def select_batch(self, batch_id: int) -> None:
        for row in range(self.batch_model.rowCount()):
            if self.batch_model.item(row, 0).data(Qt.ItemDataRole.UserRole) == batch_id:
                self.batch_view.selectRow(row)

    def _show_items(self) -> None:
        bid = self.current_batch_id()
        items = handover.batch_items(self.store, bid) if bid else []
        fill_table(self.item_model, [[i["number"], i["description"], i["lead_unit"] or "", i["deadline"] or "",
                                      i["status"], f"{i['progress']}%"] for i in items],
                   [i["problem_id"] for i in items])
        for row, i in enumerate(items):
            color_deadline(self.item_model.item(row, 3), i["deadline"], i["status"], self.store)
        fit_columns(self.item_view)
        self.items_label.setText(f"本批次交办的问题 {len(items)} 个（双击查看详情）" if bid else "尚无交办批次")

    def edit_batch(self):
        bid = self.current_batch_id()
        return self.actions.edit_batch(bid, parent=self.window_) if bid else None

    def _open_problem(self):
        pid = row_key(self.item_view)
        return self.actions.open_details([pid], parent=self.window_) if pid else None

    def show_in_ledger(self) -> None:
        bid = self.current_batch_id()
        if not bid or not self.window_.has_page("ledger"):
            return
        ledger = self.window_.page("ledger")
        ids = [i["problem_id"] for i in handover.batch_items(self.store, bid)]
        batch = handover.get_batch(self.store, bid)
        self.window_.show_page("ledger")
        if hasattr(ledger, "set_filter"):
            ledger.set_filter(label=f"交办批次 {batch.label}", ids=tuple(ids))
