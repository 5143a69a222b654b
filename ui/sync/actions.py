"""What the 三级联动交换 menu does: each action opens its dialog; slow work runs as a background Job."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from models.sync import conflicts, export, identity, merge, peers, undo
from ui.dialogs import messages
from ui.documents import files
from ui.jobs import Job
from ui.sync.dialogs import ChangeListDialog, ConflictsDialog, ExportDialog, IdentityDialog, PackagesDialog
from ui.sync.key_dialog import KeyChangeDialog

FILTER = "交换包 (*.zip)"


def choose_package(window) -> str:
    """The system open dialog; tests replace this function."""
    path, _ = QFileDialog.getOpenFileName(window, "导入交换包", str(files.default_dir(window.settings)), FILTER)
    return path


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


def open_import(window, path: str | None = None) -> Job | None:
    """Read and check the package, show its change list, and apply it only when asked."""
    if not _ready(window):
        return None
    path = path or choose_package(window)
    if not path:
        return None

    def preview(s, progress):
        pkg = merge.read_package(path)
        merge.check_sender(s, pkg, accept_new_key=True)   # not for us / our own: refused before any question
        change = peers.key_change(s, pkg.manifest["from"])
        if change is not None:
            return pkg, None, change
        return pkg, merge.import_package(s, pkg, dry_run=True), None

    def show(result) -> None:
        pkg, changes, key = result
        if key is not None:
            ask_key(window, key, Path(path).name, lambda: open_import(window, path))
            return
        dialog = _transient(ChangeListDialog(changes, Path(path).name, window))
        dialog.accepted.connect(lambda: _apply(window, pkg))
        dialog.open()

    # a dry run: its writes roll back inside the action, so nothing is kept and no page reloads
    window.sync_job = window.operations.run_slow("读取交换包", preview, on_done=show,
                                                 on_failure=lambda message: messages.warn(window, "不能导入交换包", message))
    return window.sync_job


def ask_key(window, change, file_name: str, then) -> KeyChangeDialog:
    """Both fingerprints and whom to phone; accepting records the new key and goes on with ``then``."""
    dialog = _transient(KeyChangeDialog(change, file_name, window))

    def accepted() -> None:
        if window.operations.run("不能记录新密钥", peers.accept_key, window.store, change) is not None:
            then()

    dialog.accepted.connect(accepted)
    dialog.open()
    return dialog


def _apply(window, pkg) -> None:
    def done(changes) -> None:
        text = f"已导入{changes.sender_office}第{changes.number}号交换包。"
        if changes.conflicts:
            text += f"\n有 {len(changes.conflicts)} 处冲突保持本机的值，请在“交换冲突”中处理。"
        messages.inform(window, "导入交换包", text)

    window.sync_job = window.operations.run_slow("导入交换包", lambda s, progress: merge.import_package(s, pkg),
                                                 on_done=done,
                                                 on_failure=lambda message: messages.warn(window, "不能导入交换包", message))


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
        reason = undo.undo_refusal(window.store, p["id"]) if p else "请选择一个交换包。"
        dialog.reason.setText(reason or "可以撤销。")
        dialog.undo_button.setEnabled(not reason)

    def undo_selected() -> None:
        p = dialog.selected()
        if p is None or not messages.ask(dialog, "撤销交换包", f"撤销{p['peer_office']}第{p['number']}号交换包？"
                                         "数据库将回到导入它之前的状态。", yes="撤销", no="不撤销"):
            return
        text = window.operations.run("不能撤销交换包", undo.undo_package, window.store, p["id"])
        if text:
            dialog.done(QDialog.DialogCode.Accepted)
            window.reload_campaigns()
            window.notify_changed()   # the database went back to a copy: every page reloads
            messages.inform(window, "撤销交换包", text)

    dialog.table.itemSelectionChanged.connect(selection_changed)
    dialog.undo_button.clicked.connect(undo_selected)
    selection_changed()
    dialog.open()
    return dialog
