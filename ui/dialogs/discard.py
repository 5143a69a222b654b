"""A dialog with typed-in input asks before it is thrown away (Esc, the close button, 取消).

Mixed into QDialog subclasses before QDialog: the inputs' values are noted when the dialog first
shows; ``reject()`` compares and, when something changed, asks 放弃 or 继续编辑.
"""
from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from ui.dialogs import messages


def input_values(root: QWidget) -> list:
    """What the user could have typed or chosen in ``root``, in a comparable form."""
    values: list = []
    for w in root.findChildren(QWidget):
        if isinstance(w, QLineEdit) and not isinstance(w.parent(), (QComboBox, QAbstractSpinBox)):
            values.append(w.text())
        elif isinstance(w, QPlainTextEdit):
            values.append(w.toPlainText())
        elif isinstance(w, QTextEdit):
            values.append(w.toPlainText())
        elif isinstance(w, QComboBox):
            values.append(w.currentText() if w.isEditable() else w.currentIndex())
        elif isinstance(w, QAbstractSpinBox):
            values.append(w.text())
        elif isinstance(w, QAbstractButton) and w.isCheckable():
            values.append(w.isChecked())
    return values


class ConfirmDiscard:
    """``discard_what`` names the input in the question ("新建问题" → 放弃填写的“新建问题”内容？)."""

    discard_what = ""
    _initial_values: list | None = None

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if self._initial_values is None:
            self._initial_values = input_values(self)

    def has_unsaved_input(self) -> bool:
        if self._initial_values is None or getattr(self, "read_only", False):
            return False
        return input_values(self) != self._initial_values

    def reject(self) -> None:
        if self.has_unsaved_input() and not messages.ask_discard(self, self.discard_what or self.windowTitle()):
            return
        super().reject()
