"""The dialogs of a site inspection: its header (date, place, unit, who went), and the problem an
item marked 不符合 becomes, filled in from the inspection."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from models import problems
from models.lists import inspections
from models.vocab import KINDS
from ui.dialogs.base import EditorDialog
from ui.dialogs.modal import fit_to_screen
from ui.widgets.unit_edit import UnitLineEdit, unit_choices


class InspectionDialog(EditorDialog):
    def __init__(self, store, campaign_id: int, inspection_id: int | None = None, parent: QWidget | None = None):
        super().__init__(store, "修改检查记录" if inspection_id else "新建检查记录", parent)
        self.campaign_id, self.inspection_id = campaign_id, inspection_id
        fit_to_screen(self, 560, 420)
        self.date_edit = QLineEdit(date.today().isoformat(), self)
        self.date_edit.setMaximumWidth(160)
        self.kind_box = QComboBox(self)
        self.kind_box.addItems(inspections.INSPECTION_KINDS)
        self.place_edit = QLineEdit(self)
        self.place_edit.setPlaceholderText("如：柳林镇中心敬老院")
        self.unit_edit = UnitLineEdit(QStringListModel(unit_choices(store), self), self)
        self.unit_edit.setPlaceholderText("可不填；填写后生成问题时作为牵头单位")
        self.members_edit = QLineEdit(self)
        self.members_edit.setPlaceholderText("如：社会委　王某某、李某某")
        self.met_spin = QSpinBox(self)
        self.met_spin.setRange(0, 100000)
        self.met_spin.setSuffix(" 名")
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setMaximumHeight(80)
        self.add_field("visit_date", "检查日期", self.date_edit, required=True)
        self.add_field("kind", "检查方式", self.kind_box)
        self.add_field("place", "地点／机构", self.place_edit, required=True)
        self.add_field("unit", "被检查单位", self.unit_edit)
        self.add_field("members", "参加人员", self.members_edit)
        self.add_field("elderly_met", "走访老年人", self.met_spin)
        self.add_field("notes", "备注", self.notes_edit)
        if inspection_id:
            ins = inspections.get_inspection(store, inspection_id)
            if ins:
                self.date_edit.setText(ins.visit_date)
                self.kind_box.setCurrentText(ins.kind)
                self.place_edit.setText(ins.place)
                self.unit_edit.setText(ins.unit)
                self.members_edit.setText(ins.members)
                self.met_spin.setValue(int(ins.elderly_met or 0))
                self.notes_edit.setPlainText(ins.notes)

    def inspection(self) -> inspections.Inspection:
        return inspections.Inspection(visit_date=self.date_edit.text(), place=self.place_edit.text(),
                                      kind=self.kind_box.currentText(), unit=self.unit_edit.text(),
                                      members=self.members_edit.text(), elderly_met=self.met_spin.value(),
                                      notes=self.notes_edit.toPlainText(), id=self.inspection_id)

    def commit(self) -> int:
        if self.inspection_id:
            inspections.update_inspection(self.store, self.inspection())
            return self.inspection_id
        return inspections.create_inspection(self.store, self.campaign_id, self.inspection())


class ProblemFromItemDialog(EditorDialog):
    """生成问题: the inspection's place, source and the item's legal basis are filled in by the model;
    the clerk checks the description (the remark as typed on site) and the unit."""

    def __init__(self, store, campaign_id: int, result: dict, inspection: inspections.Inspection,
                 parent: QWidget | None = None):
        super().__init__(store, "由检查项生成问题", parent)
        self.result_id = result["id"]
        fit_to_screen(self, 600, 460)
        self.number_edit = QLineEdit(problems.next_number(store, campaign_id), self)
        self.number_edit.setMaximumWidth(160)
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setPlainText(f"{inspection.place}{result['remark']}".strip())
        self.suggestion_edit = QPlainTextEdit(self)
        self.suggestion_edit.setMaximumHeight(70)
        self.lead_edit = UnitLineEdit(QStringListModel(unit_choices(store), self), self)
        self.lead_edit.setText(inspection.unit)
        self.kind_box = QComboBox(self)
        self.kind_box.addItems(KINDS)
        self.kind_box.setCurrentText("限期整改")
        self.deadline_edit = QLineEdit(self)
        self.deadline_edit.setPlaceholderText("例：2026-12-31（限期整改必填）")
        self.deadline_edit.setMaximumWidth(220)
        self.add_field("number", "编号", self.number_edit, required=True)
        self.add_field("description", "问题描述", self.description_edit, required=True)
        self.add_field("suggestion", "意见建议", self.suggestion_edit)
        self.add_field("lead_unit", "牵头单位", self.lead_edit, required=True)
        self.add_field("kind", "整改类型", self.kind_box)
        self.add_field("deadline", "整改时限", self.deadline_edit)
        note = f"问题来源：{inspection.kind}　地点：{inspection.place}　检查项：{result['item_text'][:30]}"
        if result.get("legal_basis"):
            note += f"\n法条依据：{result['legal_basis']}"
        self.banner.setText(note)
        self.banner.show()

    def commit(self) -> int:
        return inspections.problem_from_result(
            self.store, self.result_id, number=self.number_edit.text(),
            description=self.description_edit.toPlainText(), lead_unit=self.lead_edit.text(),
            kind=self.kind_box.currentText(), deadline=self.deadline_edit.text(),
            suggestion=self.suggestion_edit.toPlainText())
