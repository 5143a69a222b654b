"""撤销导入: ask, then take back what one import added, on a worker thread (a big import takes seconds).

Used by the 撤销导入 list (imports_dialog) and by the wizard's own 撤销本次导入; kept apart from
actions.py, which opens the wizard, so the wizard and its menu do not import each other.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from ui.dialogs import messages
from ui.jobs import Job


def undo_import(window, import_id: int, parent: QWidget | None = None,
                on_done: Callable[[], None] | None = None) -> Job | None:
    """Ask, then delete what the import added (off the GUI thread: a big import takes seconds).
    Refusals (later work on those problems) are shown. Returns the running job, or None."""
    # models.exchange.importer is imported when first used: keeps start-up fast.
    from models.exchange import importer

    store = window.store
    where = parent or window
    rows = [r for r in importer.list_imports(store, window.campaign_id) if r["id"] == import_id]
    imp = rows[0] if rows else None
    if imp is None or imp["undone_at"]:
        messages.warn(where, "撤销导入", "找不到这次导入的记录，或它已经撤销过了。")
        return None
    if importer.changed_since_import(store, import_id):
        window.operations.run("不能撤销导入", importer.undo_import, store, import_id, parent=where)  # refuses, saying why
        return None
    text = (f"将删除 {imp['at']} 从“{imp['file_name']}”导入的 {imp['remaining']} 个问题，"
            "以及那次导入新建、且未被其他问题使用的单位。\n\n确定撤销吗？")
    if not messages.ask(where, "撤销导入", text, yes="撤销导入", no="不撤销"):
        return None

    def done(n: int) -> None:
        messages.inform(where, "撤销导入", f"已撤销：删除了 {n} 个导入的问题。")
        if on_done is not None:
            on_done()

    runner = window.operations.run_slow("撤销导入", lambda s, progress: importer.undo_import(s, import_id, progress),
                                        parent=where, on_done=done,
                                        on_failure=lambda message: messages.warn(where, "不能撤销导入", message))
    window.undo_import_runner = runner
    return runner
