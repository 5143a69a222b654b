"""Opening a database for the window: errors become Chinese messages, never tracebacks."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from models.store import Store, StoreError


def open_store(path: Path, *, demo: bool = False) -> Store | None:
    try:
        store = Store(path)
        if demo:
            from models import demo as demo_data

            demo_data.fill_demo(store)
        return store
    except StoreError as exc:
        QMessageBox.critical(None, "无法打开数据库", str(exc))
        return None


def open_window(path: Path, *, demo: bool = False):
    from ui.main_window import MainWindow

    store = open_store(path, demo=demo)
    if store is None:
        return None
    return MainWindow(store)
