"""时间节点 tab: the campaign's phases typed in a table (dates in any of the usual forms), saved
together; a campaign can start from last year's timetable or the usual six phases."""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from models import campaigns
from models.lists import timetable
from models.lists.timetable import Phase
from ui.dialogs import messages
from ui.lists.common import ListTab
from ui.lists.timeline import TimelineStrip

HEADERS = ("阶段", "开始日期", "结束日期", "负责部门", "工作内容及要求")


class TimetableTab(ListTab):
    def __init__(self, page):
        super().__init__(page)
        self.strip = TimelineStrip(self)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setObjectName("timetable_table")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        header = self.table.horizontalHeader()
        for i in range(4):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._edited)
        row, (self.add_button, self.remove_button, self.up_button, self.down_button, self.fill_button,
              self.save_button, _export) = self.buttons(
            ("添加阶段", self.add_phase, "在末尾添加一个阶段"),
            ("删除阶段", self.remove_phase, "删除选中的阶段"),
            ("上移", lambda: self.move(-1), ""), ("下移", lambda: self.move(1), ""),
            ("按上年度填入", self.fill_from_previous, "按上一年度专题的时间节点（日期顺延一年）或常用的六个阶段填入"),
            ("保存时间节点", self.save, "保存整张时间节点台账"),
            ("导出时间节点台账…", lambda: self.page.export_list("timetable"), ""))
        if self.store.read_only:
            for b in (self.add_button, self.remove_button, self.up_button, self.down_button, self.fill_button):
                b.setEnabled(False)
            self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.hint = QLabel("日期可写 2026-03-01、2026年3月1日等；修改后请点“保存时间节点”。", self)
        self.hint.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.strip)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        self.dirty = False

    def refresh(self) -> None:
        if self.dirty:   # never throw away what the clerk typed because another page saved something
            return
        phases = timetable.list_phases(self.store, self.campaign_id) if self.campaign_id else []
        self._show(phases)
        self.strip.set_phases(phases)

    def _show(self, phases: list[Phase]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for ph in phases:
            self._append(ph)
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()
        self._set_dirty(False)

    def _append(self, ph: Phase) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        for c, v in enumerate((ph.name, ph.start_date or "", ph.end_date or "", ph.owner, ph.notes)):
            self.table.setItem(r, c, QTableWidgetItem(v))

    def _edited(self, _item) -> None:
        self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        self.save_button.setEnabled(dirty and not self.store.read_only)
        self.hint.setText("有未保存的修改，请点“保存时间节点”。" if dirty else
                          "日期可写 2026-03-01、2026年3月1日等；修改后请点“保存时间节点”。")

    def phases(self) -> list[Phase]:
        def text(r: int, c: int) -> str:
            item = self.table.item(r, c)
            return item.text() if item is not None else ""
        return [Phase(name=text(r, 0), start_date=text(r, 1), end_date=text(r, 2), owner=text(r, 3),
                      notes=text(r, 4)) for r in range(self.table.rowCount())]

    def add_phase(self) -> None:
        self.table.blockSignals(True)
        self._append(Phase(name=""))
        self.table.blockSignals(False)
        self._set_dirty(True)
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)   # typing starts editing the name
        self.table.setFocus()

    def remove_phase(self) -> None:
        r = self.table.currentRow()
        if r < 0:
            return
        self.table.removeRow(r)
        self._set_dirty(True)

    def move(self, step: int) -> None:
        r = self.table.currentRow()
        target = r + step
        if r < 0 or not 0 <= target < self.table.rowCount():
            return
        phases = self.phases()
        phases[r], phases[target] = phases[target], phases[r]
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for ph in phases:
            self._append(ph)
        self.table.blockSignals(False)
        self.table.setCurrentCell(target, 0)
        self._set_dirty(True)

    def fill_from_previous(self) -> None:
        if self.campaign_id is None:
            return
        if self.table.rowCount() and not messages.ask(self, "按上年度填入", "这将替换表中现有的阶段（保存前不会写入），继续吗？"):
            return
        camp = campaigns.get_campaign(self.store, self.campaign_id)
        phases = timetable.phases_from_previous(self.store, self.campaign_id, camp.year if camp else date.today().year)
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for ph in phases:
            self._append(ph)
        self.table.blockSignals(False)
        self._set_dirty(True)

    def save(self) -> bool:
        if self.campaign_id is None:
            return False
        phases = self.phases()
        if not self.run("无法保存时间节点", lambda: timetable.save_phases(self.store, self.campaign_id, phases) or True):
            return False
        self._set_dirty(False)
        self.refresh()
        return True
