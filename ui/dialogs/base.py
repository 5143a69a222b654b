"""Common shape of the editor dialogs: Chinese 保存/取消 buttons and errors shown on the fields.

Dialogs are opened with ``open()`` (window-modal, not blocking), so tests can fill the fields
and call ``save()`` the way a user presses 保存.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from models.store import ValidationError
from ui import style
from ui.dialogs import messages
from ui.dialogs.discard import ConfirmDiscard
from ui.operations import Operations
from ui.widgets.field_errors import FieldErrors


class EditorDialog(ConfirmDiscard, QDialog):
    """Subclasses build their fields with ``add_field`` and implement ``commit()``. Closing with
    unsaved input (Esc, the close button, 取消) asks first (ui.dialogs.discard)."""

    def __init__(self, store, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)   # a closed window is gone
        self.store = store
        self.saved_id: int | None = None
        self.read_only = False
        self.setWindowTitle(title)
        self.errors = FieldErrors()
        self.banner = QLabel(self)
        self.banner.setObjectName("dialog_banner")
        self.banner.setWordWrap(True)
        style.set_role(self.banner, "banner")
        self.banner.hide()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.required_note = QLabel(f"带 {style.span('error', '*')} 的为必填项", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(self.form)
        bottom = QVBoxLayout()
        bottom.addWidget(self.required_note)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

    def add_field(self, key: str, label: str, widget: QWidget, *, required: bool = False,
                  extra: QWidget | None = None, form: QFormLayout | None = None) -> QWidget:
        """Put a labelled field with its error line into the form."""
        form = form or self.form
        text = f"{label}{style.span('error', ' *')}：" if required else f"{label}："
        caption = QLabel(text, self)
        caption.setBuddy(widget)
        # the row also holds the error line; keep the caption level with the input itself
        # a minimum, not a fixed height: QFormLayout caps a row at its label's maximum height
        height = min(max(widget.sizeHint().height(), caption.sizeHint().height()), 32)
        caption.setMinimumHeight(height)
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        caption.setContentsMargins(0, max(0, (height - caption.fontMetrics().height()) // 2), 0, 0)
        box = QVBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        if extra is not None:
            row = QHBoxLayout()
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(widget, 1)
            row.addWidget(extra)
            box.addLayout(row)
        elif widget.maximumWidth() < 16777215:   # a narrow input (a date): its error line may be wider
            box.addWidget(widget, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            box.addWidget(widget)
        box.addWidget(self.errors.add(key, widget, self))
        form.addRow(caption, box)
        return widget

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        """Opened: the cursor waits in the first field a person can type in (not on 保存, made first)."""
        super().showEvent(event)
        current = self.focusWidget()
        if current is None or current in (self.save_button, self.cancel_button):
            for key in self.errors.keys():
                widget = self.errors.widget(key)
                if widget.isEnabled() and widget.isVisibleTo(self) and widget.focusPolicy() != Qt.FocusPolicy.NoFocus \
                        and not getattr(widget, "isReadOnly", lambda: False)():
                    widget.setFocus(Qt.FocusReason.OtherFocusReason)
                    break

    def set_read_only(self, reason: str) -> None:
        """Show why the record cannot be changed and disable every input."""
        self.read_only = True
        self.banner.setText(reason)
        self.banner.show()
        for key in self.errors.keys():
            widget = self.errors.widget(key)
            if hasattr(widget, "setReadOnly"):
                widget.setReadOnly(True)
            else:
                widget.setEnabled(False)
        self.save_button.hide()
        self.cancel_button.setText("关闭")
        self.required_note.hide()

    def commit(self) -> int | None:  # pragma: no cover - abstract
        raise NotImplementedError

    def warnings(self) -> list[str]:
        """What looks wrong but may be meant (e.g. a deadline before the handover): asked before
        saving, never refused. Subclasses override."""
        return []

    def save(self) -> bool:
        """Validate and write, as one action. Wrong fields are marked and nothing is saved; True when
        saved (the window's pages hear what changed)."""
        if self.read_only:
            return False
        self.errors.clear()
        warnings = self.warnings()
        if warnings and not messages.confirm_warnings(self, "请核对整改时限", warnings):
            return False
        done = Operations.of(self, self.store).run("无法保存", lambda: (self.commit(),), parent=self,
                                                   invalid=self._mark_fields)
        if done is None:
            return False
        self.saved_id = done[0]
        self.accept()
        return True

    def _mark_fields(self, exc: ValidationError) -> bool:
        """Put a refusal next to its fields; False when some field is not in this form (a box says it)."""
        unknown = self.errors.show(exc.errors) if exc.errors else [None]
        return not unknown
