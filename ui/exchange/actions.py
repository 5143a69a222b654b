"""Menu actions of the exchange area: open the import wizard, undo an import, reply workbooks."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from models.exchange import importer
from models.store import StoreError
from ui.dialogs import messages


def _need_campaign(window) -> bool:
    if window.campaign_id is None:
        messages.warn(window, "请先选择监督专题", "请先新建或选择一个监督专题，再导入或导出。")
        return False
    if window.store.read_only:
        messages.warn(window, "只读模式", "数据库以只读方式打开，不能导入。")
        return False
    return True


def open_import_wizard(window):
    """Show the wizard (window-modal, not blocking) and return it."""
    if not _need_campaign(window):
        return None
    from ui.exchange.wizard import ImportWizard

    wizard = ImportWizard(window)
    wizard.open()
    window.import_wizard = wizard
    return wizard


def undo_import(window, import_id: int, parent: QWidget | None = None) -> bool:
    """Ask, then delete what the import added. Refusals (later work on those problems) are shown."""
    store = window.store
    rows = [r for r in importer.list_imports(store, window.campaign_id) if r["id"] == import_id]
    imp = rows[0] if rows else None
    if imp is None:
        messages.warn(parent or window, "撤销导入", "找不到这次导入的记录。")
        return False
    changed = importer.changed_since_import(store, import_id)
    if changed:
        try:
            importer.undo_import(store, import_id)  # raises the explanation
        except StoreError as exc:
            messages.warn(parent or window, "不能撤销导入", str(exc))
        return False
    text = (f"将删除 {imp['at']} 从“{imp['file_name']}”导入的 {imp['remaining']} 个问题，"
            "以及那次导入新建、且未被其他问题使用的单位。\n\n确定撤销吗？")
    if not messages.ask(parent or window, "撤销导入", text, yes="撤销导入", no="不撤销"):
        return False
    try:
        n = importer.undo_import(store, import_id)
    except StoreError as exc:
        messages.warn(parent or window, "不能撤销导入", str(exc))
        return False
    window.notify_changed()
    messages.inform(parent or window, "撤销导入", f"已撤销：删除了 {n} 个导入的问题。")
    return True


def undo_last_import(window) -> bool:
    if not _need_campaign(window):
        return False
    last = importer.last_import(window.store, window.campaign_id)
    if last is None:
        messages.inform(window, "撤销上次导入", "当前监督专题没有可以撤销的导入。")
        return False
    return undo_import(window, last["id"])


def open_reply_export(window):
    if not _need_campaign(window):
        return None
    from ui.exchange.reply_dialogs import ReplyExportDialog

    dialog = ReplyExportDialog(window)
    dialog.open()
    return dialog


def open_reply_import(window):
    if not _need_campaign(window):
        return None
    from ui.exchange.reply_dialogs import ReplyImportDialog

    dialog = ReplyImportDialog(window)
    dialog.open()
    return dialog
