"""检查记录 tab: the campaign's site inspections; a new one goes straight into 逐项检查."""
from __future__ import annotations

from PySide6.QtCore import Qt

from models.lists import inspections
from ui.dialogs import messages
from ui.lists.common import ListTab, fill_table, make_table, selected_id
from ui.lists.inspection_dialogs import InspectionDialog
from ui.lists.walker import InspectionWalker

HEADERS = ("检查日期", "方式", "地点／机构", "被检查单位", "参加人员", "走访老年人", "已填／检查项", "不符合", "生成问题")


class InspectionsTab(ListTab):
    def __init__(self, page):
        super().__init__(page)
        self.dialog: InspectionDialog | None = None
        self.walker: InspectionWalker | None = None
        self.table = make_table(HEADERS, self, stretch=2)
        self.table.setObjectName("inspections_table")
        self.table.doubleClicked.connect(lambda _i: self.walk_selected())
        row, made = self.buttons(
            ("新建检查…", self.new_inspection, "填写检查日期、地点和参加人员后逐项检查"),
            ("逐项检查…", self.walk_selected, "按内容清单逐项填写 符合／不符合／不适用"),
            ("修改…", self.edit_selected, ""), ("删除", self.delete_selected, ""),
            ("导出检查记录…", lambda: self.page.export_list("inspections"), "检查记录和检查情况明细"))
        self.summary = self.table_layout(row, self.table, [made[0], made[2], made[3]])
        self.summary.setObjectName("work_sentence")

    def refresh(self) -> None:
        rows = inspections.list_inspections(self.store, self.campaign_id) if self.campaign_id else []
        fill_table(self.table, [(r["visit_date"], r["kind"], r["place"], r["unit_name"] or "", r["members"],
                                 r["elderly_met"] or "", f"{r['answered']}／{r['items']}", r["failed"] or "",
                                 r["problems"] or "") for r in rows], [r["id"] for r in rows], centered=(5, 6, 7, 8))
        self.summary.setText(f"共{len(rows)}次检查、调研。" if rows else "还没有检查记录：点“新建检查…”开始。")

    def new_inspection(self) -> InspectionDialog | None:
        if self.campaign_id is None:
            return None
        self.dialog = InspectionDialog(self.store, self.campaign_id, None, self)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.accepted.connect(lambda d=self.dialog: self._created(d.saved_id))
        self.dialog.rejected.connect(self.refresh)
        self.dialog.open()
        return self.dialog

    def _created(self, inspection_id: int | None) -> None:
        self.dialog = None
        self.refresh()
        if inspection_id:
            self.walk(inspection_id)

    def edit_selected(self) -> InspectionDialog | None:
        iid = selected_id(self.table)
        if iid is None:
            return None
        self.dialog = InspectionDialog(self.store, self.campaign_id, iid, self)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.finished.connect(lambda _r: self.refresh())
        self.dialog.open()
        return self.dialog

    def walk_selected(self) -> InspectionWalker | None:
        iid = selected_id(self.table)
        return self.walk(iid) if iid is not None else None

    def walk(self, inspection_id: int) -> InspectionWalker:
        self.walker = InspectionWalker(self.store, self.campaign_id, inspection_id, self)
        self.walker.finished.connect(lambda _r: self._walked())
        self.walker.open()
        return self.walker

    def _walked(self) -> None:
        self.walker = None
        self.refresh()

    def delete_selected(self, confirm: bool = True) -> None:
        iid = selected_id(self.table)
        if iid is None:
            return
        r = self.table.currentRow()
        what = f"{self.table.item(r, 0).text()} {self.table.item(r, 2).text()}"
        if confirm and not messages.ask(self, "删除检查记录",
                                        f"确定删除检查记录“{what}”吗？\n由它生成的问题保留在问题清单中。", yes="删除"):
            return
        self.run("无法删除检查记录", inspections.delete_inspection, self.store, iid)
        self.refresh()
