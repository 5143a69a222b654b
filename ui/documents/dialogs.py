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

from models.documents import doc_settings
from models.documents.bulletin import BulletinData, series_line
from models.store import Store, ValidationError
from ui.dialogs.discard import ConfirmDiscard


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class LetterOptionsDialog(QDialog):
    """交办函 options: one letter to the main recipient, or one per lead unit; 信函格式; date."""

    def __init__(self, store: Store, lead_units: list[str], batch_label: str, parent: QWidget | None = None,
                 first_number: int = 1, number_pattern: str = "{}号"):
        super().__init__(parent)
        self.setWindowTitle("生成交办函")
        self._units = list(lead_units)
        s = doc_settings.load(store)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"交办批次：{batch_label}"))
        form = QFormLayout()
        self.single = QRadioButton("一份交办函，主送：")
        self.addressee = QLineEdit(s.main_recipient)
        self.addressee.setObjectName("addressee")
        form.addRow(self.single, self.addressee)
        self.to_units = QRadioButton(f"一份交办函，主送各牵头单位（{len(lead_units)} 个）")
        form.addRow(self.to_units)
        self.per_unit = QRadioButton(f"按牵头单位分别生成（{len(lead_units)} 份，每份只含该单位的问题）")
        form.addRow(self.per_unit)
        self.numbered = QCheckBox("每份单独编文号，序号从")
        self.numbered.setChecked(True)
        self.first_number = QSpinBox()
        self.first_number.setObjectName("first_number")
        self.first_number.setRange(1, 9999)
        self.first_number.setValue(max(1, first_number))
        self.numbered.setToolTip("不勾选时，各份交办函都使用交办批次的文号（同一文件分送多个单位）")
        form.addRow(self.numbered, self.first_number)
        self._pattern = number_pattern
        self.numbers_note = QLabel()
        self.numbers_note.setObjectName("numbers_note")
        form.addRow("", self.numbers_note)
        self.first_number.valueChanged.connect(self._numbering_state)
        self.single.setChecked(True)
        self.single.toggled.connect(self.addressee.setEnabled)
        self.per_unit.toggled.connect(self._numbering_state)
        self.numbered.toggled.connect(self._numbering_state)
        self._numbering_state()
        self.letter_form = QCheckBox("使用信函格式（发文机关标志和红色双线，首页不显示页码，无版记）")
        form.addRow(self.letter_form)
        self.date = QLineEdit(date.today().isoformat())
        self.date.setObjectName("letter_date")
        form.addRow("成文日期：", self.date)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "生成…"))

    def _numbering_state(self) -> None:
        numbered = self.per_unit.isChecked() and self.numbered.isChecked()
        self.numbered.setEnabled(self.per_unit.isChecked())
        self.first_number.setEnabled(numbered)
        first, count = self.first_number.value(), len(self._units)
        if numbered and count:
            last = self._pattern.format(first + count - 1) if count > 1 else ""
            self.numbers_note.setText(f"文号：{self._pattern.format(first)}" + (f" 至 {last}" if last else ""))
        else:
            self.numbers_note.setText("")
        self.numbers_note.setVisible(numbered)

    def options(self) -> dict:
        from models.normalize import DateError, parse_date

        try:
            d = parse_date(self.date.text())
        except DateError as exc:
            raise ValidationError(str(exc), field="letter_date") from exc
        per_unit = self.per_unit.isChecked()
        addressee = "、".join(self._units) if self.to_units.isChecked() else self.addressee.text().strip()
        return {"per_unit": per_unit, "letter_form": self.letter_form.isChecked(), "addressee": addressee,
                "letter_date": d.isoformat() if d else "",
                "first_number": self.first_number.value() if per_unit and self.numbered.isChecked() else None}


class BulletinEditor(ConfirmDiscard, QDialog):
    """The bulletin's text, filled from the campaign's current figures, edited before export."""

    def __init__(self, data: BulletinData, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("编辑简报")
        self.resize(760, 640)
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

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("公文格式设置")
        self.setMinimumWidth(560)   # the 简报专辑名称 and 抄送 lines read whole
        layout = QVBoxLayout(self)
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
            edit.setObjectName(f.name)
            self.edits[f.name] = edit
            form.addRow(doc_settings.LABELS[f.name] + "：", edit)
            # the field's own error line, shown under it when saving refuses the value
            error = QLabel()
            error.setObjectName(f"{f.name}_error")
            error.setStyleSheet("color: #c00000;")
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
            self.edits[key].setStyleSheet("")

    def save(self) -> bool:
        """Save; a refused value is named under its own field (red line, red frame, focus)."""
        try:
            doc_settings.save(self.store, self.value())
        except ValidationError as exc:
            if exc.field not in self.edits:
                from ui.export import files

                files.show_error(self, "公文格式设置", str(exc))
                return False
            edit = self.edits[exc.field]
            self.errors[exc.field].setText(str(exc))
            self.errors[exc.field].show()
            edit.setStyleSheet("border: 1px solid #c00000;")
            edit.setFocus()
            return False
        return True

    def accept(self) -> None:
        if self.save():
            super().accept()
