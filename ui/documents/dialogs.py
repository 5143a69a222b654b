"""Dialogs of the Word documents. Each can be filled and accepted from code (tests call accept())."""
from __future__ import annotations

from dataclasses import fields
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from models.documents import doc_settings, letter_data
from models.documents.bulletin import BulletinData, series_line
from models.store import Store, ValidationError
from models.workflow import doc_numbers
from ui import style
from ui.dialogs.discard import ConfirmDiscard
from ui.dialogs.modal import fit_to_screen
from ui.operations import Operations


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class LetterOptionsDialog(QDialog):
    """交办函 options: one letter to the main recipient, one to all lead units, or one per lead
    unit; 信函格式; 成文日期; the 文号 (next free ones, or from a chosen serial), shown before writing."""

    def __init__(self, store: Store, batch_id: int, batch_label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("生成交办函")
        self.store, self.batch_id = store, batch_id
        self._units = letter_data.batch_lead_units(store, batch_id)
        s = doc_settings.load(store)
        n = len(self._units)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"交办批次：{batch_label}"))
        form = QFormLayout()
        self.single = QRadioButton("一份交办函，主送：")
        self.addressee = QLineEdit(s.main_recipient)
        self.addressee.setObjectName("addressee")
        form.addRow(self.single, self.addressee)
        self.to_units = QRadioButton(f"一份交办函，主送各牵头单位（{n} 个，按政府、部门、乡镇（街道）排列）")
        form.addRow(self.to_units)
        self.gather = QCheckBox(f"超过 {letter_data.GATHER_OVER} 个单位时合称："
                                f"{letter_data.gathered_name(self._units)}")
        self.gather.setChecked(True)
        form.addRow("", self.gather)
        self.per_unit = QRadioButton(f"按牵头单位分别生成（{n} 份，每份只含该单位的问题，各编一个文号）")
        form.addRow(self.per_unit)
        self.letter_form = QCheckBox("使用信函格式（发文机关标志和红色双线，首页不显示页码，无版记）")
        form.addRow(self.letter_form)
        self.date = QLineEdit(date.today().isoformat())
        self.date.setObjectName("letter_date")
        form.addRow("成文日期：", self.date)
        self.choose_number = QCheckBox("指定文号序号，从")
        self.choose_number.setToolTip("不勾选时使用下一个未用的文号；已生成过的同一份交办函沿用原文号")
        self.first_number = QSpinBox()
        self.first_number.setObjectName("first_number")
        self.first_number.setRange(1, 9999)
        form.addRow(self.choose_number, self.first_number)
        self.numbers_note = QLabel()
        self.numbers_note.setObjectName("numbers_note")
        self.numbers_note.setWordWrap(True)
        form.addRow("文号：", self.numbers_note)
        layout.addLayout(form)
        self.buttons = _buttons(self, "生成…")
        layout.addWidget(self.buttons)
        self.single.setChecked(True)
        for w in (self.single, self.to_units, self.per_unit, self.gather, self.choose_number):
            w.toggled.connect(self._update)
        self.first_number.valueChanged.connect(self._update)
        self.addressee.textChanged.connect(self._update)
        self.date.textChanged.connect(self._update)
        self._update()

    def options(self) -> letter_data.LetterOptions:
        from models.normalize import DateError, parse_date

        try:
            d = parse_date(self.date.text())
        except DateError as exc:
            raise ValidationError(str(exc), field="letter_date") from exc
        mode = (letter_data.MODE_UNITS if self.per_unit.isChecked() else
                letter_data.MODE_ALL if self.to_units.isChecked() else letter_data.MODE_SINGLE)
        return letter_data.LetterOptions(
            mode=mode, letter_form=self.letter_form.isChecked(), letter_date=d.isoformat() if d else "",
            addressee=self.addressee.text().strip(), gather=self.gather.isChecked(),
            first_number=self.first_number.value() if self.choose_number.isChecked() else None)

    def planned(self) -> list:
        """The letters as they will be written (their 文号 shown in the note); raises in Chinese."""
        return letter_data.plan_letters(self.store, self.batch_id, self.options())

    def _update(self) -> None:
        self.addressee.setEnabled(self.single.isChecked())
        self.gather.setEnabled(self.to_units.isChecked())
        self.first_number.setEnabled(self.choose_number.isChecked())
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        try:
            numbers = [x.doc_number for x in self.planned()]
        except ValidationError as exc:
            self.numbers_note.setText(str(exc))
            style.set_role(self.numbers_note, "error")
            ok.setEnabled(False)
            return
        if not self.choose_number.isChecked():
            first = doc_numbers.parts(numbers[0])
            self.first_number.blockSignals(True)
            self.first_number.setValue(first[2] if first else 1)
            self.first_number.blockSignals(False)
        style.set_role(self.numbers_note, "")
        text = numbers[0] if len(numbers) == 1 else f"{numbers[0]} 至 {numbers[-1]}（共 {len(numbers)} 份）"
        if len(numbers) > 1 and len(numbers) <= 30:
            text = "、".join(numbers)
        self.numbers_note.setText(text)
        ok.setEnabled(True)


class BulletinEditor(ConfirmDiscard, QDialog):
    """The bulletin's text, filled from the campaign's current figures, edited before export."""

    def __init__(self, data: BulletinData, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("编辑简报")
        fit_to_screen(self, 760, 640)
        self._data = data
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.issue = QSpinBox()
        self.issue.setRange(1, 999)
        self.issue.setValue(data.issue)
        self.series_preview = QLabel()
        self.issue.valueChanged.connect(self._update_series)
        form.addRow("期号：", self.issue)
        form.addRow("专辑名称：", self.series_preview)
        self.title = QPlainTextEdit(data.title)
        self.title.setFixedHeight(60)
        form.addRow("标题（可两行）：", self.title)
        self.contributor = QLineEdit(data.contributor)
        form.addRow("供稿单位：", self.contributor)
        layout.addLayout(form)
        layout.addWidget(QLabel("正文（“一、”“（一）”开头的行排为标题；数字取自总览，可直接修改）："))
        self.body = QPlainTextEdit(data.body)
        self.body.setObjectName("bulletin_body")
        layout.addWidget(self.body, 1)
        self.report_to = QPlainTextEdit(data.report_to)
        self.send_to = QPlainTextEdit(data.send_to)
        for w in (self.report_to, self.send_to):
            w.setFixedHeight(54)
        dist = QFormLayout()
        dist.addRow("报：", self.report_to)
        dist.addRow("发：", self.send_to)
        layout.addLayout(dist)
        layout.addWidget(_buttons(self, "导出…"))
        self._update_series()

    def _update_series(self) -> None:
        self.series_preview.setText(series_line(self._data.series, self.issue.value()))

    def data(self) -> BulletinData:
        if not self.body.toPlainText().strip():
            raise ValidationError("简报正文不能为空。", field="body")
        return BulletinData(series=self._data.series, issue=self.issue.value(), title=self.title.toPlainText(),
                            body=self.body.toPlainText(), contributor=self.contributor.text().strip(),
                            report_to=self.report_to.toPlainText(), send_to=self.send_to.toPlainText())


class DocSettingsDialog(ConfirmDiscard, QDialog):
    """公文设置: organ, 文号 prefix, 主送, 抄送, 印发, signature, contributor, 报/发 lists."""

    def __init__(self, store: Store, parent: QWidget | None = None, *, first_letter: bool = False):
        super().__init__(parent)
        self.store = store
        self.first_letter = first_letter
        self.setWindowTitle("公文格式设置")
        self.setMinimumWidth(560)   # the 简报专辑名称 and 抄送 lines read whole
        layout = QVBoxLayout(self)
        if first_letter:
            note = QLabel("生成第一份交办函前，请填写本机关的发文机关标志、署名、印发机关、文号前缀和联系人及电话"
                          "（只需填写一次，以后可在“工具 → 公文格式设置”中修改）。")
            note.setObjectName("first_letter_note")
            note.setWordWrap(True)
            layout.addWidget(note)
        form = QFormLayout()
        current = doc_settings.load(store)
        self.edits: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.errors: dict[str, QLabel] = {}
        for f in fields(doc_settings.DocSettings):
            value = getattr(current, f.name)
            if f.name in doc_settings.MULTILINE:
                edit = QPlainTextEdit(value)
                edit.setFixedHeight(58)
            else:
                edit = QLineEdit(value)
            if f.name in doc_settings.HINTS:   # a grey example, never a value
                edit.setPlaceholderText(doc_settings.HINTS[f.name])
            edit.setObjectName(f.name)
            self.edits[f.name] = edit
            form.addRow(doc_settings.LABELS[f.name] + "：", edit)
            # the field's own error line, shown under it when saving refuses the value
            error = QLabel()
            error.setObjectName(f"{f.name}_error")
            style.set_role(error, "error")
            error.setWordWrap(True)
            error.hide()
            self.errors[f.name] = error
            form.addRow("", error)
            edit.textChanged.connect(lambda *_, key=f.name: self._clear_error(key))
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "保存"))

    def value(self) -> doc_settings.DocSettings:
        values = {k: (e.toPlainText() if isinstance(e, QPlainTextEdit) else e.text()) for k, e in self.edits.items()}
        return doc_settings.DocSettings(**values)

    def _clear_error(self, key: str) -> None:
        if not self.errors[key].isHidden():
            self.errors[key].hide()
            style.mark_invalid(self.edits[key], False)

    def save(self) -> bool:
        """Save, as one action; a refused value is named under its own field (red line, red frame, focus).
        Before the first letter, every name a letter needs must be filled in."""
        def save() -> bool:
            if self.first_letter:
                cleaned = doc_settings.clean(self.value())
                missing = [k for k in doc_settings.LETTER_FIELDS if not getattr(cleaned, k)]
                if missing:
                    raise ValidationError(f"请填写{doc_settings.LABELS[missing[0]]}。", field=missing[0])
            doc_settings.save(self.store, self.value())
            return True
        return Operations.of(self, self.store).run("公文格式设置", save, parent=self,
                                                   invalid=self._mark_field) is not None

    def _mark_field(self, exc: ValidationError) -> bool:
        if exc.field not in self.edits:
            return False
        edit = self.edits[exc.field]
        self.errors[exc.field].setText(str(exc))
        self.errors[exc.field].show()
        style.mark_invalid(edit, True)
        edit.setFocus()
        return True

    def accept(self) -> None:
        if self.save():
            super().accept()
