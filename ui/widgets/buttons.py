"""The row of two buttons most dialogs end with: one that does the dialog's work, one that leaves it."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton


def accept_cancel(dialog: QDialog, ok: str, cancel: str = "取消", *,
                  on_ok: Callable[[], object] | None = None) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    """(box, ok button, cancel button): ``ok`` runs ``on_ok`` (default: accept), ``cancel`` rejects."""
    box = QDialogButtonBox(dialog)
    ok_button = box.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
    cancel_button = box.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
    box.accepted.connect(on_ok if on_ok is not None else dialog.accept)
    box.rejected.connect(dialog.reject)
    return box, ok_button, cancel_button
