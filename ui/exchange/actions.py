"""Menu actions of the exchange area: open the import wizard, undo an import, reply workbooks."""
from __future__ import annotations

from ui.dialogs import messages
from ui.exchange.undo import undo_import


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


def undo_last_import(window) -> bool:
    if not _need_campaign(window):
        return False
    from models.exchange import importer

    last = importer.last_import(window.store, window.campaign_id)
    if last is None:
        messages.inform(window, "撤销导入", "当前监督专题没有可以撤销的导入。")
        return False
    return undo_import(window, last["id"]) is not None


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
