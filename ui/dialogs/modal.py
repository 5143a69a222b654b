"""Modal dialogs: sized to the screen they open on, shown once and let go."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

MARGIN_W, MARGIN_H = 40, 60     # room for the window frame and its title bar, and a taskbar


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """``widget.resize(width, height)``, made smaller where the screen is (a 1366×768 office laptop
    shows all of a dialog designed at 980×820, its buttons included)."""
    screen = (widget.parentWidget() or widget).screen().availableGeometry()
    widget.resize(min(width, screen.width() - MARGIN_W), min(height, screen.height() - MARGIN_H))


def exec_once(dialog: QDialog) -> int:
    """``dialog.exec()``, then the dialog is deleted once this click's work is done (its fields can
    still be read right after). A dialog that deletes itself on close (WA_DeleteOnClose) is already
    gone when exec() returns: QDialog.exec() deletes it then, and deleting it again would raise."""
    deletes_itself = dialog.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    result = dialog.exec()
    if not deletes_itself:
        dialog.deleteLater()
    return result
