"""责任清单 and 内容清单 tabs: lists typed in a small dialog or imported from a workbook, printed
as sheets. Both have the same shape: a table, 新增/修改/删除/从Excel导入/导出."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QLineEdit, QPlainTextEdit, QWidget

from models.lists import checklist, duties
from models.store import ValidationError
from models.units import find_unit
from ui.dialogs import messages
from ui.dialogs.base import EditorDialog
from ui.dialogs.modal import fit_to_screen
from ui.lists.article_picker import picker_button
from ui.lists.common import ListTab, fill_table, make_table, selected_id
from ui.widgets.unit_edit import UnitLineEdit, unit_choices


class _TableTab(ListTab):
    HEADERS: tuple[str, ...] = ()
    WHAT = ""
    EXPORT = ""   # models.lists.sheets key

    def __init__(self, page):
        super().__init__(page)
        self.dialog: EditorDialog | None = None
        self.table = make_table(self.HEADERS, self, stretch=self.STRETCH)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        row, made = self.buttons(
            (f"新增{self.WHAT}…", self.add, ""), ("修改…", self.edit_selected, ""), ("删除", self.delete_selected, ""),
            ("从Excel导入…", lambda: self.import_file(), "读取 .xlsx / .xls 工作簿，表头可在标题行之下"),
            (f"导出{self.LIST_NAME}…", lambda: self.page.export_list(self.EXPORT), "导出为可直接打印的 Excel 表"))
        self.summary = self.table_layout(row, self.table, made[:4])

    def open_dialog(self, dialog: EditorDialog) -> EditorDialog:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()
        return dialog

    def import_file(self, path: str | Path | None = None) -> None:
        if self.campaign_id is None:
            return
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, f"导入{self.LIST_NAME}", "", "Excel 工作簿 (*.xlsx *.xls)")
            if not path:
                return
        result = self.run(f"无法导入{self.LIST_NAME}", self.import_rows, Path(path))
        if result:
            messages.inform(self, f"导入{self.LIST_NAME}", result)
        self.refresh()


class DutiesTab(_TableTab):
    HEADERS = ("责任单位", "主要职责", "法律依据", "涉及问题")
    STRETCH = 1
    WHAT = "职责"
    LIST_NAME = "责任清单"
    EXPORT = "duties"

    def refresh(self) -> None:
        rows = duties.list_duties(self.store, self.campaign_id) if self.campaign_id else []
        fill_table(self.table, [(r["unit_name"], r["text"], r["legal_basis"], r["problems"] or "") for r in rows],
                   [r["id"] for r in rows], centered=(3,))
        self.summary.setText(f"共{len({r['unit_id'] for r in rows})}个单位、{len(rows)}项职责")

    def add(self) -> EditorDialog:
        return self.open_dialog(DutyDialog(self.store, self.campaign_id, None, self))

    def edit_selected(self) -> EditorDialog | None:
        did = selected_id(self.table)
        return self.open_dialog(DutyDialog(self.store, self.campaign_id, did, self)) if did else None

    def delete_selected(self, confirm: bool = True) -> None:
        did = selected_id(self.table)
        if did is None:
            return
        r = self.table.currentRow()
        text = f"{self.table.item(r, 0).text()}：{self.table.item(r, 1).text()[:30]}"
        if confirm and not messages.ask(self, "删除职责", f"确定删除这项职责吗？\n{text}", yes="删除"):
            return
        self.run("无法删除职责", duties.delete_duty, self.store, did)
        self.refresh()

    def import_rows(self, path: Path) -> str:
        result = duties.import_duties(self.store, self.campaign_id, path)
        text = f"已导入{result.added}项职责。"
        if result.skipped:
            text += "\n以下各行的单位尚未登记，没有导入（请先在“单位”页新增后再导入这些行）：\n" + "\n".join(result.skipped[:20])
        return text


class ChecklistTab(_TableTab):
    HEADERS = ("方面", "类型", "调研内容／检查指标", "依据")
    STRETCH = 2
    WHAT = "检查项"
    LIST_NAME = "内容清单"
    EXPORT = "checklist"

    def refresh(self) -> None:
        rows = checklist.list_items(self.store, self.campaign_id) if self.campaign_id else []
        fill_table(self.table, [(r["aspect"], r["kind"], r["text"], r["legal_basis"]) for r in rows],
                   [r["id"] for r in rows])
        parts = checklist.aspects(self.store, self.campaign_id) if self.campaign_id else []
        research = sum(p[1] for p in parts)
        self.summary.setText(f"共{len(parts)}个方面，调研内容{research}项、检查指标{len(rows) - research}项")

    def add(self) -> EditorDialog:
        return self.open_dialog(CheckItemDialog(self.store, self.campaign_id, None, self))

    def edit_selected(self) -> EditorDialog | None:
        iid = selected_id(self.table)
        return self.open_dialog(CheckItemDialog(self.store, self.campaign_id, iid, self)) if iid else None

    def delete_selected(self, confirm: bool = True) -> None:
        iid = selected_id(self.table)
        if iid is None:
            return
        text = self.table.item(self.table.currentRow(), 2).text()[:40]
        if confirm and not messages.ask(self, "删除检查项", f"确定删除这个检查项吗？\n{text}", yes="删除"):
            return
        self.run("无法删除检查项", checklist.delete_item, self.store, iid)
        self.refresh()

    def import_rows(self, path: Path) -> str:
        return f"已导入{checklist.import_items(self.store, self.campaign_id, path)}个检查项。"


class DutyDialog(EditorDialog):
    def __init__(self, store, campaign_id: int, duty_id: int | None, parent: QWidget | None = None):
        super().__init__(store, "修改职责" if duty_id else "新增职责", parent)
        self.campaign_id, self.duty_id = campaign_id, duty_id
        fit_to_screen(self, 620, 360)
        self.unit_edit = UnitLineEdit(QStringListModel(unit_choices(store), self), self)
        self.unit_edit.setPlaceholderText("输入单位全称或简称选择")
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setPlaceholderText("如：会同消防救援机构每年对养老机构开展消防安全检查")
        self.basis_edit = QLineEdit(self)
        self.add_field("unit", "责任单位", self.unit_edit, required=True)
        self.add_field("text", "主要职责", self.text_edit, required=True)
        self.add_field("legal_basis", "法律依据", self.basis_edit, extra=picker_button(store, self.basis_edit, self))
        if duty_id:
            row = next((r for r in duties.list_duties(store, campaign_id) if r["id"] == duty_id), None)
            if row:
                self.unit_edit.setText(row["unit_name"])
                self.text_edit.setPlainText(row["text"])
                self.basis_edit.setText(row["legal_basis"])

    def commit(self) -> int:
        unit = find_unit(self.store, self.unit_edit.text())
        if unit is None:
            raise ValidationError("请从列表中选择已登记的单位。", field="unit")
        duty = duties.Duty(unit.id, self.text_edit.toPlainText(), self.basis_edit.text(), id=self.duty_id)
        if self.duty_id:
            duties.update_duty(self.store, duty)
            return self.duty_id
        return duties.add_duty(self.store, self.campaign_id, duty)


class CheckItemDialog(EditorDialog):
    def __init__(self, store, campaign_id: int, item_id: int | None, parent: QWidget | None = None):
        super().__init__(store, "修改检查项" if item_id else "新增检查项", parent)
        self.campaign_id, self.item_id = campaign_id, item_id
        fit_to_screen(self, 620, 380)
        self.aspect_edit = QLineEdit(self)
        self.aspect_edit.setPlaceholderText("如：消防安全")
        self.kind_box = QComboBox(self)
        self.kind_box.addItems(checklist.ITEM_KINDS)
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setPlaceholderText("如：疏散通道、安全出口是否畅通")
        self.basis_edit = QLineEdit(self)
        self.add_field("aspect", "方面", self.aspect_edit)
        self.add_field("kind", "类型", self.kind_box)
        self.add_field("text", "内容", self.text_edit, required=True)
        self.add_field("legal_basis", "依据", self.basis_edit, extra=picker_button(store, self.basis_edit, self))
        if item_id:
            row = next((r for r in checklist.list_items(store, campaign_id) if r["id"] == item_id), None)
            if row:
                self.aspect_edit.setText(row["aspect"])
                self.kind_box.setCurrentText(row["kind"])
                self.text_edit.setPlainText(row["text"])
                self.basis_edit.setText(row["legal_basis"])

    def commit(self) -> int:
        item = checklist.CheckItem(self.text_edit.toPlainText(), self.aspect_edit.text(), self.kind_box.currentText(),
                                   self.basis_edit.text(), id=self.item_id)
        if self.item_id:
            checklist.update_item(self.store, item)
            return self.item_id
        return checklist.add_item(self.store, self.campaign_id, item)
