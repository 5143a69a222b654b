"""The 监督专题 page: the campaigns in this database; add, edit, delete, make current."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.campaigns import campaign_counts, delete_campaign, list_campaigns
from models.changes import CAMPAIGNS
from ui.action_gate import mark_writing
from ui.dialogs import messages
from ui.dialogs.campaign_dialog import CampaignDialog
from ui.pages.start_page import open_campaign_dialog
from ui.widgets.lazy import LazyRefresh
from ui.widgets.tables import row_table

HEADERS = ("年度", "专题名称", "层级", "组织机关", "问题数")


class CampaignsPage(LazyRefresh, QWidget):
    SHOWS = CAMPAIGNS   # tables shown: reload only when an action wrote one

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.window_ = window
        self.store = window.store
        self.dialog: CampaignDialog | None = None
        self.add_button = QPushButton("新建专题…", self)
        self.edit_button = QPushButton("编辑…", self)
        self.current_button = QPushButton("设为当前专题", self)
        self.delete_button = QPushButton("删除", self)
        self.add_button.clicked.connect(lambda: self.add_campaign())
        self.edit_button.clicked.connect(lambda: self.edit_campaign())
        self.current_button.clicked.connect(self.make_current)
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        top = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.current_button, self.delete_button):
            top.addWidget(b)
        top.addStretch(1)
        self.table = row_table(HEADERS, self, "campaigns_table")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for i, w in ((0, 70), (2, 60), (3, 220), (4, 80)):
            header.resizeSection(i, w)
        self.table.doubleClicked.connect(lambda _i: self.edit_button.isEnabled() and self.edit_campaign())
        mark_writing(self.add_button, self.edit_button, self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.watch(window)

    def refresh(self) -> None:
        self._dirty = False
        items = self.window_.operations.run("无法读取监督专题", list_campaigns, self.store) or []
        counts = campaign_counts(self.store) if items else {}
        self.table.setRowCount(len(items))
        bold = QFont(self.font())
        bold.setBold(True)
        for row, c in enumerate(items):
            values = (str(c.year), c.name, c.level, c.organizer, str(counts.get(c.id, 0)))
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, c.id)
                if col in (0, 2, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if c.id == self.window_.campaign_id:
                    item.setFont(bold)
                    if col == 1:
                        item.setText(f"{c.name}（当前）")
                self.table.setItem(row, col, item)

    def selected_campaign_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole) if rows else None

    def add_campaign(self) -> CampaignDialog:
        self.dialog = open_campaign_dialog(self.window_)
        return self.dialog

    def edit_campaign(self) -> CampaignDialog | None:
        cid = self.selected_campaign_id()
        if cid is None:
            messages.inform(self.window_, "编辑监督专题", "请先选中一个监督专题。")
            return None
        self.dialog = open_campaign_dialog(self.window_, campaign_id=cid)
        return self.dialog

    def make_current(self) -> None:
        cid = self.selected_campaign_id()
        if cid is not None:
            self.window_.set_campaign(cid)

    def delete_selected(self) -> bool:
        cid = self.selected_campaign_id()
        if cid is None:
            messages.inform(self.window_, "删除监督专题", "请先选中一个监督专题。")
            return False
        if not messages.ask(self.window_, "删除监督专题", "确定要删除选中的监督专题吗？", yes="删除", no="取消"):
            return False
        ok = self.window_.operations.run("不能删除", lambda: delete_campaign(self.store, cid) or True)
        if ok:
            self.window_.reload_campaigns(select_id=None if cid == self.window_.campaign_id
                                          else self.window_.campaign_id)
        return bool(ok)
