"""What the 三级联动交换 menu does: each action opens its dialog; slow work runs as a background Job."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from models.sync import conflicts, export, identity, undo
from ui.dialogs import messages
from ui.documents import files
from ui.sync import importing
from ui.sync.dialogs import ConflictsDialog, ExportDialog, IdentityDialog, PackagesDialog

FILTER = "交换包 (*.zip)"


def _transient(dialog: QDialog) -> QDialog:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return dialog


def _ready(window) -> bool:
    if not identity.identity(window.store).office:
        messages.warn(window, "三级联动交换", "尚未设置本机关名称和层级。请先在“本机关信息”中填写，交换包以此署名。")
        open_identity(window)
        return False
    return True


def open_identity(window) -> QDialog:
    dialog = _transient(IdentityDialog(window.store, window))

    def save() -> None:
        if window.operations.run("不能保存本机关信息", identity.set_office, window.store, dialog.office.text(),
                                 dialog.level.currentText()) is not None:
            dialog.done(QDialog.DialogCode.Accepted)

    dialog.on_ok = save
    dialog.open()
    return dialog


def open_export(window) -> QDialog | None:
    if not _ready(window):
        return None
    offices = export.known_offices(window.store)
    label = window.campaign_box.currentText() if window.campaign_id else None
    dialog = _transient(ExportDialog(offices, label, window))

    def go() -> None:
        to = dialog.recipient.currentText().strip()
        if not to:
            messages.warn(dialog, "写交换包", "请填写收件机关名称。")
            return
        start = files.default_dir(window.settings) / files.suggested_name(f"交换包-写给{to}", ".zip")
        path = files.get_save_file_name(window, "写交换包", str(start), FILTER)
        if not path:
            return
        campaign_id = window.campaign_id if dialog.only_campaign.isChecked() else None
        everything = dialog.everything.isChecked()
        dialog.done(QDialog.DialogCode.Accepted)

        def done(result) -> None:
            messages.inform(window, "写交换包", f"已写出交换包：{result.path.name}\n写给{result.recipient}的第{result.number}号，"
                            f"{result.change_count} 条变更，佐证材料 {result.blob_count} 个"
                            f"（{result.blob_bytes / 1024 ** 2:.1f} MB）。\n\n本机关密钥指纹："
                            f"{identity.identity(window.store).fingerprint}")

        window.sync_job = window.operations.run_slow("写交换包", lambda s, progress: export.export_package(
            s, to_office=to, out=files.with_suffix(path, ".zip"), campaign_id=campaign_id, everything=everything),
            on_done=done, on_failure=lambda message: messages.warn(window, "不能写出交换包", message))

    dialog.on_ok = go
    dialog.open()
    return dialog


def open_import(window, paths: list[str] | str | None = None) -> None:
    """Read and check one package or many, show their change list, and apply only what is chosen."""
    if not _ready(window):
        return
    if isinstance(paths, str):
        paths = [paths]
    paths = paths or importing.choose_packages(window)
    if paths:
        importing.start(window, list(paths))


def open_conflicts(window) -> ConflictsDialog:
    dialog = _transient(ConflictsDialog(window))

    def settle(take_theirs: bool) -> None:
        c = dialog.selected()
        if c is None:
            return
        value = c.incoming_value if take_theirs else c.local_value
        window.operations.run("不能处理冲突", conflicts.resolve, window.store, c.id, value, parent=dialog)
        dialog.show_conflicts(conflicts.open_conflicts(window.store))

    dialog.keep_button.clicked.connect(lambda: settle(False))
    dialog.take_button.clicked.connect(lambda: settle(True))
    dialog.show_conflicts(conflicts.open_conflicts(window.store))
    dialog.open()
    return dialog


def open_packages(window) -> PackagesDialog:
    dialog = _transient(PackagesDialog(undo.imported_packages(window.store), window))

    def selection_changed() -> None:
        p = dialog.selected()
        plan = undo.plan(window.store, p["id"]) if p else None
        if plan is None:
            dialog.reason.setText("请选择一个交换包。")
        elif plan.refusal:
            dialog.reason.setText(plan.refusal)
        elif plan.undone_with:
            dialog.reason.setText(f"可以撤销。将一并撤销同批或之后导入的：{'、'.join(plan.names()[1:])}。")
        else:
            dialog.reason.setText("可以撤销。")
        dialog.undo_button.setEnabled(bool(plan) and not plan.refusal)

    def undo_selected() -> None:
        p = dialog.selected()
        plan = undo.plan(window.store, p["id"]) if p else None
        if plan is None or plan.refusal:
            return
        text = (f"撤销{plan.names()[0]}交换包？数据库将回到导入它之前的自动备份。")
        if plan.undone_with:
            text += (f"\n\n与它同批导入或在它之后导入的以下交换包也会一并撤销：{'、'.join(plan.names()[1:])}。"
                     "需要时可以再次导入它们。")
        if not messages.ask(dialog, "撤销交换包", text, yes="撤销", no="不撤销"):
            return
        dialog.done(QDialog.DialogCode.Accepted)

        def undone(text: str) -> None:
            window.reload_campaigns()
            messages.inform(window, "撤销交换包", text)

        # the database goes back to a copy: the one restore path, on the window's own connection;
        # every page reloads before ``undone`` runs
        window.sync_job = window.operations.replace_database(
            "撤销交换包", lambda store, progress: undo.undo_package(store, p["id"], progress), on_done=undone,
            on_failure=lambda message: messages.warn(window, "不能撤销交换包", message))

    dialog.table.itemSelectionChanged.connect(selection_changed)
    dialog.undo_button.clicked.connect(undo_selected)
    selection_changed()
    dialog.open()
    return dialog
