"""撤销导入: ask, then delete what one import added, off the GUI thread (used by the menu, the
wizard's last page and the import history)."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from models.store import StoreError
from ui.dialogs import messages
from ui.jobs import WRITER, Job


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
        try:
            importer.undo_import(store, import_id)  # refuses, with the explanation
        except StoreError as exc:
            messages.warn(where, "不能撤销导入", str(exc))
        return None
    text = (f"将删除 {imp['at']} 从“{imp['file_name']}”导入的 {imp['remaining']} 个问题，"
            "以及那次导入新建、且未被其他问题使用的单位。\n\n确定撤销吗？")
    if not messages.ask(where, "撤销导入", text, yes="撤销导入", no="不撤销"):
        return None

    def done(n: int) -> None:
        window.notify_changed()
        messages.inform(where, "撤销导入", f"已撤销：删除了 {n} 个导入的问题。")
        if on_done is not None:
            on_done()

    runner = Job(where, "撤销导入", lambda s, progress: importer.undo_import(s, import_id, progress),
                 store=store, connection=WRITER, on_success=done,
                 on_failure=lambda message: messages.warn(where, "不能撤销导入", message))
    window.undo_import_runner = runner
    runner.start()
    return runner
