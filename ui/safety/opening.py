"""The checks run when the program opens a database, with their questions as message boxes."""
from __future__ import annotations

import atexit
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from models.safety import opening
from models.store import Store
from ui.dialogs import messages


class QtPrompts:
    """Chinese message boxes for ``models.safety.opening.open_database``; ``error`` is the start-up
    error box of ui/startup.py, handed in (this module sits below it)."""

    def __init__(self, error: Callable[[str, str], None]):
        self._error = error

    def ask(self, title: str, text: str, yes: str) -> bool:
        return messages.ask(None, title, text, yes=yes, no="取消")

    def warn(self, title: str, text: str) -> None:
        messages.warn(None, title, text)

    def error(self, title: str, text: str) -> None:
        self._error(title, text)


def open_checked(path: Path, error: Callable[[str, str], None] | None = None, *,
                 ask_create: bool = False) -> Store | None:
    """Lock check → quick_check (offer restore) → open → daily backup. None when not opened.

    Raises StoreError for failures the caller shows as "无法打开数据库".
    """
    # the full integrity check and the daily backup run in the background once the window shows
    prompts = QtPrompts(error or (lambda title, text: messages.error(None, title, text)))
    store = opening.open_database(path, prompts, ask_create=ask_create, check_later=True)
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
