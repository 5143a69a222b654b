"""整改进展 dialog: date, reporting unit, measures, result, percent, 申请销号, 佐证材料."""
from __future__ import annotations

from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import QCheckBox, QLabel, QPlainTextEdit, QSpinBox, QWidget

from models.problems import get_problem
from models.workflow import attachments, progress
from models.workflow.common import today_text, unit_name
from models.workflow.progress import ReportForm
from ui import style
from ui.dialogs.base import EditorDialog
from ui.dialogs.modal import fit_to_screen
from ui.widgets.unit_edit import UnitLineEdit, unit_choices
from ui.workflow.widgets import AttachmentPicker, DateEdit


def problem_caption(problem) -> str:
    text = problem.description if len(problem.description) <= 80 else problem.description[:80] + "…"
    return f"<b>{problem.number}</b>　{text}<br>" + style.span(
        "note", f"当前状态：{problem.status}　完成进度：{problem.progress}%")


class ProgressDialog(EditorDialog):
    """Add a report to ``problem_id`` or correct ``report_id``."""

    def __init__(self, store, problem_id: int, report_id: int | None = None, parent: QWidget | None = None):
        super().__init__(store, "修改整改进展" if report_id else "填报整改进展", parent)
        self.setObjectName("progress_dialog")
        self.problem_id = problem_id
        self.report_id = report_id
        fit_to_screen(self, 680, 600)
        problem = get_problem(store, problem_id)
        self.caption = QLabel(problem_caption(problem), self)
        self.caption.setWordWrap(True)
        self.layout().insertWidget(0, self.caption)
        self.date_edit = DateEdit(today_text(), parent=self)
        self.unit_edit = UnitLineEdit(QStringListModel(unit_choices(store), self), self)
        self.unit_edit.set_unit(progress.default_report_unit(store, problem_id))
        self.measures = QPlainTextEdit(self)
        self.measures.setPlaceholderText("已采取的整改措施")
        self.measures.setMinimumHeight(90)
        self.result = QPlainTextEdit(self)
        self.result.setPlaceholderText("取得的成效、尚存的问题、下一步计划")
        self.result.setMinimumHeight(70)
        self.percent = QSpinBox(self)
        self.percent.setRange(0, 100)
        self.percent.setSuffix("%")
        self.percent.setValue(problem.progress)
        self.percent.setMaximumWidth(100)
        self.requests_closing = QCheckBox("已整改完成，申请销号", self)
        self.requests_closing.toggled.connect(self._closing_toggled)
        self.picker = AttachmentPicker(store, self)
        self.add_field("report_date", "填报日期", self.date_edit, required=True)
        self.add_field("unit", "填报单位", self.unit_edit, required=True)
        self.add_field("measures", "整改措施", self.measures, required=True)
        self.add_field("result", "整改成效", self.result)
        self.add_field("percent", "完成进度", self.percent)
        self.add_field("requests_closing", "申请销号", self.requests_closing)
        self.add_field("attachments", "佐证材料", self.picker)
        if report_id:
            report = progress.get_report(store, report_id)
            self.set_form(progress.form_from_report(store, report))
            self.picker.show_stored(attachments.list_attachments(store, report_id=report_id))
            self.caption.setText(problem_caption(problem) + f"<br>原填报单位：{unit_name(store, report['unit_id'])}")

    def _closing_toggled(self, on: bool) -> None:
        if on and self.percent.value() < 100:
            self.percent.setValue(100)

    def set_form(self, form: ReportForm) -> None:
        self.date_edit.setText(form.report_date)
        self.unit_edit.set_unit(form.unit)
        self.measures.setPlainText(form.measures)
        self.result.setPlainText(form.result)
        self.percent.setValue(int(form.percent or 0))
        self.requests_closing.setChecked(bool(form.requests_closing))
        self.picker.add_paths(list(form.attachments))

    def report_form(self) -> ReportForm:
        return ReportForm(report_date=self.date_edit.text(), unit=self.unit_edit.text(),
                          measures=self.measures.toPlainText(), result=self.result.toPlainText(),
                          percent=self.percent.value(), requests_closing=self.requests_closing.isChecked(),
                          attachments=self.picker.new_paths())

    def commit(self) -> int:
        form = self.report_form()
        if self.report_id:
            progress.update_report(self.store, self.report_id, form)
            return self.report_id
        return progress.add_report(self.store, self.problem_id, form)
