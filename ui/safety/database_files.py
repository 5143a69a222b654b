"""文件 → 新建数据库… / 打开数据库… / 最近打开: another file without a command line.

The chosen file opens through the same checks as at start (lock, integrity, daily backup) in a new
window; the old window closes and gives its file free. Recent files are kept per computer.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu

from models.safety import opening
from ui.dialogs import messages
from ui.widgets.file_dialogs import remember_dir, start_dir

RECENT_KEY = "recent/databases"
DIR_KEY = "database/last_dir"
MAX_RECENT = 8
DB_FILTER = "数据库文件 (*.db);;所有文件 (*)"
OPEN_WINDOWS: list = []   # windows opened from a menu, kept while shown


def choose_new_path(parent, start: str) -> str:
    """Where the new database goes; tests replace this function."""
    path, _ = QFileDialog.getSaveFileName(parent, "新建数据库", start, DB_FILTER)
    if path and not Path(path).suffix:
        path += ".db"
    return path


def choose_existing_path(parent, start: str) -> str:
    """An existing database to open; tests replace this function."""
    path, _ = QFileDialog.getOpenFileName(parent, "打开数据库", start, DB_FILTER)
    return path


def recent_paths(settings) -> list[str]:
    value = settings.value(RECENT_KEY, [])
    items = [value] if isinstance(value, str) else list(value or [])
    return [p for p in items if p][:MAX_RECENT]


def add_recent(settings, path: Path | str) -> None:
    text = str(Path(path).resolve()) if str(path) != ":memory:" else ""
    if not text:
        return
    items = [text] + [p for p in recent_paths(settings) if p != text]
    settings.setValue(RECENT_KEY, items[:MAX_RECENT])


def new_database(window):
    start = start_dir(window.settings, DIR_KEY) / "新建联动监督.db"
    path = choose_new_path(window, str(start))
    if not path:
        return None
    if Path(path).exists():
        messages.warn(window, "新建数据库", f"文件“{path}”已经存在。\n新建只会创建新文件，不会覆盖已有文件；"
                      "要使用它，请选“打开数据库…”。")
        return None
    return switch_to(window, Path(path))


def open_database(window):
    path = choose_existing_path(window, str(start_dir(window.settings, DIR_KEY)))
    return switch_to(window, Path(path)) if path else None


def switch_to(window, path: Path):
    """Open ``path`` in a new window and close this one; the new window, or None (message shown)."""
    from ui.startup import open_store

    if window.store.path != Path(":memory:") and path.resolve() == Path(window.store.path).resolve():
        window.statusBar().showMessage(f"已经打开：{path}", 5000)
        return window
    if not path.exists() and not path.parent.is_dir():
        messages.warn(window, "无法打开数据库", f"找不到文件夹“{path.parent}”。")
        return None
    store = open_store(path)
    if store is None:
        return None
    remember_dir(window.settings, DIR_KEY, path)
    other = type(window)(store, settings=window.settings)   # another main window
    OPEN_WINDOWS[:] = [w for w in OPEN_WINDOWS if w.isVisible()] + [other]
    other.show()
    old_store = window.store
    window.close()
    opening.close_database(old_store)
    return other


def _fill_recent(window, menu: QMenu) -> None:
    menu.clear()
    current = str(Path(window.store.path).resolve()) if str(window.store.path) != ":memory:" else ""
    shown = 0
    for text in recent_paths(window.settings):
        if text == current:
            continue
        exists = Path(text).exists()
        action = menu.addAction(f"{Path(text).name}    {Path(text).parent}" + ("" if exists else "（文件已不在）"))
        action.setToolTip(text)
        action.setEnabled(exists)
        action.triggered.connect(lambda checked=False, t=text: switch_to(window, Path(t)))
        shown += 1
    if not shown:
        empty = menu.addAction("（没有其他最近打开的数据库）")
        empty.setEnabled(False)


def install(window) -> tuple[QAction, QAction, QMenu]:
    """文件 → 新建数据库 / 打开数据库 / 最近打开; returns (new, open, recent menu) for the window."""
    file_menu = window.menu("file")
    first = file_menu.actions()[0] if file_menu.actions() else None
    new_action = QAction("新建数据库(&N)…", window)
    new_action.setToolTip("新建一个空的数据库文件，在新窗口中打开")
    new_action.triggered.connect(lambda checked=False: new_database(window))
    open_action = QAction("打开数据库(&O)…", window)
    open_action.setToolTip("打开另一个数据库文件（本窗口关闭）")
    open_action.triggered.connect(lambda checked=False: open_database(window))
    recent = QMenu("最近打开(&R)", window)
    recent.setObjectName("recent_menu")
    recent.aboutToShow.connect(lambda: _fill_recent(window, recent))
    for action in (new_action, open_action):
        file_menu.insertAction(first, action)
    file_menu.insertMenu(first, recent)
    file_menu.insertSeparator(first)
    add_recent(window.settings, window.store.path)
    return new_action, open_action, recent
