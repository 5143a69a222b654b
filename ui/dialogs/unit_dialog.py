"""Add or edit a unit (单位): full name, short name, kind, notes."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from models.domain import Unit
from models.units import create_unit, get_unit, guess_kind, update_unit
from models.vocab import UNIT_KINDS
from ui.dialogs.base import EditorDialog


class UnitDialog(EditorDialog):
    def __init__(self, store, unit_id: int | None = None, parent: QWidget | None = None, *,
                 name: str = ""):
        super().__init__(store, "编辑单位" if unit_id else "新增单位", parent)
        self.unit_id = unit_id
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText("例：某某县民政局")
        self.short_edit = QLineEdit(self)
        self.short_edit.setPlaceholderText("例：县民政局（可不填）")
        self.kind_box = QComboBox(self)
        self.kind_box.addItems(UNIT_KINDS)
        self.kind_box.setCurrentText("政府部门")
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setFixedHeight(60)
        self.add_field("name", "单位全称", self.name_edit, required=True)
        self.add_field("short_name", "简称", self.short_edit)
        self.add_field("kind", "单位类别", self.kind_box, required=True)
        self.add_field("notes", "备注", self.notes_edit)
        if unit_id:
            u = get_unit(store, unit_id)
            if u is not None:
                self.name_edit.setText(u.name)
                self.short_edit.setText(u.short_name)
                self.kind_box.setCurrentText(u.kind)
                self.notes_edit.setPlainText(u.notes)
        else:
            # a new unit: its kind follows the name (城关镇 → 乡镇/街道) until the clerk picks one
            self._kind_chosen = False
            self.kind_box.activated.connect(lambda _i: setattr(self, "_kind_chosen", True))
            self.name_edit.textChanged.connect(self._guess_kind)
            self.name_edit.setText(name)
        self.resize(460, self.sizeHint().height())

    def _guess_kind(self, text: str) -> None:
        if not self._kind_chosen and text.strip():
            self.kind_box.setCurrentText(guess_kind(text))

    def unit(self) -> Unit:
        return Unit(id=self.unit_id, name=self.name_edit.text(), short_name=self.short_edit.text(),
                    kind=self.kind_box.currentText(), notes=self.notes_edit.toPlainText())

    def commit(self) -> int:
        if self.unit_id:
            update_unit(self.store, self.unit())
            return self.unit_id
        return create_unit(self.store, self.unit())

    def saved_name(self) -> str:
        u = get_unit(self.store, self.saved_id) if self.saved_id else None
        return u.name if u else ""
