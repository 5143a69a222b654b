"""销号 dialog (check + evidence) and the reason dialog used by 退回 and 重新打开."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from models.problems import get_problem
from models.workflow import attachments, closing, progress
from models.workflow.closing import ClosingForm
from models.workflow.common import today_text
from ui import style
from ui.dialogs.base import EditorDialog
from ui.dialogs.modal import fit_to_screen
from ui.workflow.progress_dialog import problem_caption
from ui.workflow.widgets import AttachmentPicker, DateEdit


class ClosingDialog(EditorDialog):
    """Record the check of a 申请销号 problem and close it."""

    def __init__(self, store, problem_id: int, parent: QWidget | None = None):
        super().__init__(store, "销号核查", parent)
        self.setObjectName("closing_dialog")
        self.problem_id = problem_id
        fit_to_screen(self, 660, 620)
        problem = get_problem(store, problem_id)
        reports = progress.list_reports(store, problem_id)
        last = reports[-1] if reports else None
        text = problem_caption(problem)
        if last:
            text += "<br>" + style.span("note", f"最近一次进展（{last['report_date']}，{last['unit_name']}）："
                                                f"{last['measures'][:80]}")
        self.caption = QLabel(text, self)
        self.caption.setWordWrap(True)
        self.layout().insertWidget(0, self.caption)
        self.checked_by = QLineEdit(store.user, self)
        self.check_date = DateEdit(today_text(), parent=self)
        self.opinion = QPlainTextEdit(self)
        self.opinion.setPlaceholderText("例：经对账核查，该问题已整改到位，同意销号。")
        self.opinion.setMinimumHeight(90)
        self.picker = AttachmentPicker(store, self)
        self.picker.show_stored(attachments.list_attachments(store, problem_id))
        self.no_evidence = QCheckBox("无佐证材料", self)
        self.no_evidence_reason = QLineEdit(self)
        self.no_evidence_reason.setPlaceholderText("勾选后请写明原因，例：现场核查，已拍照存档于纸质卷宗")
        self.no_evidence_reason.setEnabled(False)
        self.no_evidence.toggled.connect(self._no_evidence_toggled)
        self.add_field("checked_by", "核查人", self.checked_by, required=True)
        self.add_field("check_date", "核查日期", self.check_date, required=True)
        self.add_field("opinion", "核查意见", self.opinion, required=True)
        self.add_field("evidence", "佐证材料", self.picker)
        box = QVBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.no_evidence_reason)
        box.addWidget(self.errors.add("no_evidence_reason", self.no_evidence_reason, self))
        self.form.addRow(self.no_evidence, box)  # the tick box stands in the label column
        self.save_button.setText("销号")

    def _no_evidence_toggled(self, on: bool) -> None:
        self.no_evidence_reason.setEnabled(on)
        if on:
            self.no_evidence_reason.setFocus()

    def closing_form(self) -> ClosingForm:
        reason = self.no_evidence_reason.text() if self.no_evidence.isChecked() else ""
        return ClosingForm(checked_by=self.checked_by.text(), check_date=self.check_date.text(),
                           opinion=self.opinion.toPlainText(), no_evidence_reason=reason,
                           attachments=self.picker.new_paths())

    def commit(self) -> int:
        return closing.close_problem(self.store, self.problem_id, self.closing_form())


class ReasonDialog(EditorDialog):
    """One required reason, then ``action(store, problem_id, reason)`` (退回 / 重新打开)."""

    def __init__(self, store, problem_id: int, title: str, prompt: str,
                 action: Callable[[object, int, str], None], parent: QWidget | None = None):
        super().__init__(store, title, parent)
        self.setObjectName("reason_dialog")
        self.problem_id = problem_id
        self.action = action
        fit_to_screen(self, 560, 320)
        caption = QLabel(problem_caption(get_problem(store, problem_id)), self)
        caption.setWordWrap(True)
        self.layout().insertWidget(0, caption)
        self.reason = QPlainTextEdit(self)
        self.reason.setPlaceholderText(prompt)
        self.add_field("reason", "理由", self.reason, required=True)
        self.save_button.setText(title)

    def commit(self) -> int:
        self.action(self.store, self.problem_id, self.reason.toPlainText())
        return self.problem_id
