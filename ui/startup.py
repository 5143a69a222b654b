"""Opening a database for the window: errors become Chinese messages, never tracebacks."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from models.store import Store, StoreError


def show_error(title: str, text: str) -> None:
    """One place for the startup message box, so tests can replace it."""
    QMessageBox.critical(None, title, text)


def open_store(path: Path | None, *, demo: bool = False, ask_create: bool = False) -> Store | None:
    """Open ``path`` (or, for the demo, create it fresh; None = a new file in the user folder).

    The demo never opens or fills an existing file, so the user's own data is never touched.
    ``ask_create``: a path the user typed (``--db``) that does not exist is made only after asking.
    """
    try:
        if demo:
            from models import demo as demo_data
            from models.paths import demo_db_path

            return demo_data.create_demo_database(path or demo_db_path())
        from ui.safety.startup import open_checked

        return open_checked(path, ask_create=ask_create)   # lock check → quick_check (offer restore) → daily backup
    except StoreError as exc:
        show_error("无法打开数据库", str(exc))
        return None


def open_window(path: Path, *, demo: bool = False, ask_create: bool = False):
    from ui.features.operator import ask_operator_if_needed
    from ui.main_window import MainWindow

    store = open_store(path, demo=demo, ask_create=ask_create)
    if store is None:
        return None
    window = MainWindow(store)
    ask_operator_if_needed(window)   # the first start on this computer: who is working
    return window
