"""专题清单 page: the campaign's lists around its problems, one tab each — 时间节点, 法规库与学习清单,
责任清单, 内容清单, 检查记录, 工作量与评价清单 — and their printable sheets."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from models.lists import LISTS
from ui.jobs import Job
from ui.lists.common import ListTab
from ui.lists.counts_tab import CountsTab
from ui.lists.duties_tab import ChecklistTab, DutiesTab
from ui.lists.inspections_tab import InspectionsTab
from ui.lists.regulations_tab import RegulationsTab
from ui.lists.timetable_tab import TimetableTab
from ui.widgets.lazy import LazyRefresh

TABLES = ("campaign_phases", "regulations", "regulation_articles", "campaign_study", "duties", "check_items",
          "inspections", "inspection_results", "inspection_photos", "work_counts", "evaluation_criteria",
          "problems", "units", "campaigns")


class ListsPage(LazyRefresh, QWidget):
    SHOWS = TABLES

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.window_ = window
        self.store = window.store
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("lists_tabs")
        self.timetable = TimetableTab(self)
        self.regulations = RegulationsTab(self)
        self.duties = DutiesTab(self)
        self.checklist = ChecklistTab(self)
        self.inspections = InspectionsTab(self)
        self.counts = CountsTab(self)
        for tab, title in ((self.timetable, "时间节点"), (self.regulations, "法规库与学习清单"),
                           (self.duties, "责任清单"), (self.checklist, "内容清单"),
                           (self.inspections, "检查记录"), (self.counts, "工作量与评价清单")):
            self.tabs.addTab(tab, title)
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.tabs)
        self.watch(window)

    def current_tab(self) -> ListTab:
        return self.tabs.currentWidget()

    def refresh(self) -> None:
        self._dirty = False
        self.current_tab().refresh()

    def show_tab(self, tab: ListTab) -> ListTab:
        self.tabs.setCurrentWidget(tab)
        tab.refresh()
        return tab

    def export_list(self, which: str, path: str | Path | None = None) -> Job | None:
        """One of the lists as a print-ready workbook, written in the background like every ledger."""
        cid = self.window_.campaign_id

        def specs(reader):
            from models.lists import sheets  # openpyxl is loaded when first used, not at start-up

            return sheets.list_specs(reader, cid, which)
        return self.window_.export_actions.export_sheets(f"导出{LISTS[which]}", LISTS[which], specs, path)
