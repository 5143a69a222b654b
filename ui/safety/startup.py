"""The checks run when the program opens a database, with their questions as message boxes."""
from __future__ import annotations

import atexit
from pathlib import Path

from PySide6.QtWidgets import QApplication

from models.safety import opening
from models.store import Store
from ui.dialogs import messages


class QtPrompts:
    """Chinese message boxes for ``models.safety.opening.open_database``."""

    def ask(self, title: str, text: str, yes: str) -> bool:
        return messages.ask(None, title, text, yes=yes, no="取消")

    def warn(self, title: str, text: str) -> None:
        messages.warn(None, title, text)

    def error(self, title: str, text: str) -> None:
        from ui import startup  # its show_error is the one place for startup error boxes

        startup.show_error(title, text)


def open_checked(path: Path, *, ask_create: bool = False) -> Store | None:
    """Lock check → quick_check (offer restore) → open → daily backup. None when not opened.

    Raises StoreError for failures the caller shows as "无法打开数据库".
    """
    # the full integrity check and the daily backup run in the background once the window shows
    store = opening.open_database(path, QtPrompts(), ask_create=ask_create, check_later=True)
    if store is not None:
        release = _releaser(store)
        atexit.register(release)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(release)
    return store


def _releaser(store: Store):
    def release() -> None:
        opening.close_database(store)
    return release
