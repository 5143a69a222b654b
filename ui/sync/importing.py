"""导入交换包… as the clerk walks it: choose one file or many (a city's 5–15 counties); read and check
them in the background; answer for every changed key; map unknown units; one change list of all
packages; apply all or only some after one automatic backup; a summary of what was done."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from models.sync import batch, peers, units
from models.units import list_units
from ui.dialogs import messages
from ui.documents import files
from ui.sync.batch_dialog import ChangeListDialog
from ui.sync.key_dialog import KeyChangeDialog
from ui.sync.units_dialog import UnitMappingDialog

FILTER = "交换包 (*.zip)"


def choose_packages(window) -> list[str]:
    """The system open dialog (several files may be chosen); tests replace this function."""
    paths, _ = QFileDialog.getOpenFileNames(window, "导入交换包（可同时选择多个）", str(files.default_dir(window.settings)),
                                            FILTER)
    return paths


def _transient(dialog: QDialog) -> QDialog:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return dialog


def start(window, paths: list[str]) -> None:
    """Read and check every file off the GUI thread (progress shows when it takes a while)."""
    window.sync_job = window.operations.run_slow(
        "读取交换包", lambda s, progress: batch.read_many(s, paths, progress),
        on_done=lambda entries: _ask_keys(window, entries),
        on_failure=lambda message: messages.warn(window, "不能导入交换包", message))


def _ask_keys(window, entries: list[batch.Entry]) -> None:
    """One question per package whose office changed its key; refusing refuses that package only."""
    waiting = [e for e in entries if e.usable and e.key_change is not None]
    if not waiting:
        _ask_units(window, entries)
        return
    entry = waiting[0]
    dialog = _transient(KeyChangeDialog(entry.key_change, entry.path.name, window))

    def answered(result: int) -> None:
        accepted = result == QDialog.DialogCode.Accepted and window.operations.run(
            "不能记录新密钥", peers.accept_key, window.store, entry.key_change) is not None
        for other in waiting:   # the same office's other packages carry the same key: one answer
            if other.package.manifest["from"]["site"] == entry.package.manifest["from"]["site"]:
                other.key_change = None
                if not accepted:
                    other.refuse_key()
        _ask_keys(window, entries)

    dialog.finished.connect(answered)
    dialog.open()


def _ask_units(window, entries: list[batch.Entry]) -> None:
    """Units the packages name that this office does not know: mapped by the clerk before the list."""
    if not any(e.usable for e in entries):
        if not all(e.refused_by_clerk for e in entries):
            messages.warn(window, "不能导入交换包", "\n".join(f"{e.path.name}：{e.refusal}" for e in entries))
        return

    def asked(needs) -> None:
        if not needs:
            _preview(window, entries, Mapping())
            return
        dialog = _transient(UnitMappingDialog(needs, [(u.id, u.name) for u in list_units(window.store)], window))
        dialog.accepted.connect(lambda: _preview(window, entries, Mapping(dialog.plan(), dialog.senders(),
                                                                          dialog.describe())))
        dialog.open()

    window.sync_job = window.operations.run_slow(
        "核对交换包中的单位", lambda s, progress: units.unknown_units(s, entries), on_done=asked,
        on_failure=lambda message: messages.warn(window, "不能导入交换包", message))


class Mapping:
    """The clerk's unit answers, written inside the preview (rolled back) and the apply (kept)."""

    def __init__(self, plan: dict | None = None, senders: dict | None = None, notes: dict | None = None):
        self.plan, self.senders = plan or {}, senders or {}
        self.notes: dict[str, list[str]] = notes or {}   # office -> how its units were mapped, for the list

    def __call__(self, store) -> None:
        units.apply_plan(store, self.plan, self.senders)


def _preview(window, entries: list[batch.Entry], mapping: Mapping) -> None:
    # a preview: its writes roll back inside the action, so nothing is kept
    window.sync_job = window.operations.run_slow(
        "列出交换包的变化", lambda s, progress: batch.preview_many(s, entries, before=mapping, progress=progress),
        on_done=lambda result: _show(window, result, mapping),
        on_failure=lambda message: messages.warn(window, "不能导入交换包", message))


def _show(window, entries: list[batch.Entry], mapping: Mapping) -> ChangeListDialog:
    dialog = _transient(ChangeListDialog(entries, window, mapping.notes))
    dialog.accepted.connect(lambda: _apply(window, dialog.chosen(), mapping))
    dialog.open()
    return dialog


def _apply(window, chosen: list[batch.Entry], mapping: Mapping) -> None:
    def done(applied: list[batch.Entry]) -> None:
        lines, conflicts = [], 0
        for e in applied:
            if e.changes is None:
                lines.append(f"{e.office}第{e.number}号：没有导入（{e.refusal}）")
            else:
                lines.append(f"已导入{e.office}第{e.number}号交换包。")
                conflicts += len(e.changes.conflicts)
        if conflicts:
            lines.append(f"有 {conflicts} 处冲突保持本机的值，请在“交换冲突”中处理。")
        messages.inform(window, "导入交换包", "\n".join(lines))

    window.sync_job = window.operations.run_slow(
        "导入交换包", lambda s, progress: batch.apply_many(s, chosen, before=mapping, progress=progress), on_done=done,
        on_failure=lambda message: messages.warn(window, "不能导入交换包", message))
