"""Data safety in the window: 文件 → 立即备份 / 从备份恢复…, and the read-only notice."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from models.safety import backup, integrity, opening, restore
from ui.dialogs import messages
from ui.jobs import READER, Job
from ui.safety.restore_dialog import RestoreDialog


def backup_now(window) -> object:
    """Make a backup right away; the path, or None when it failed (message shown)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        path = window.operations.run("备份失败", backup.make_backup, window.store, backup.REASON_MANUAL)
    finally:
        QApplication.restoreOverrideCursor()
    if path is not None:
        window.statusBar().showMessage(f"已备份：{path.name}", 10000)
        messages.inform(window, "备份完成", f"已把当前数据库备份到：\n{path}")
    return path


def open_restore_dialog(window) -> RestoreDialog:
    dialog = RestoreDialog(window.store, window.operations, window)
    dialog.restored.connect(lambda result: after_restore(window, result))
    dialog.setModal(True)
    dialog.open()
    return dialog


def after_restore(window, result) -> None:
    """The window shows the restored data; undo steps of the old data no longer apply."""
    window.undo_stack.clear()
    window.reload_campaigns(select_id=None)
    window.set_campaign(window.campaign_id)   # (the pages heard "everything changed" from the runner)
    window.statusBar().showMessage("已从备份恢复", 10000)
    files = result.files.summary()
    messages.inform(window, "恢复完成", f"数据库已恢复。恢复前的数据已另存为备份：\n{result.kept}"
                    + (f"\n\n佐证材料：{files}" if files else ""))


# The full check reads the whole file (a second of work on 100,000 problems): it starts once the
# first page is up, so that it does not compete with it for the disk and the processor.
FULL_CHECK_AFTER_MS = 2000


def start_full_check(window):
    """After opening: integrity_check on a connection of its own, off the GUI thread, then the
    daily backup if it passed; a damage found is reported with the restore offered."""
    daily = not window.store.read_only
    job = Job(window, "检查数据库", lambda store, progress: opening.after_open(store, daily=daily),
              store=window.store, connection=READER, quiet=True, cancellable=False,
              on_success=lambda outcome: after_full_check(window, outcome))
    window.full_check_job = job
    return job.start()


def after_full_check(window, outcome) -> None:
    if outcome.check:
        window.store.check_passed = True   # a clean close may now record the file (models/safety/seal.py)
        if outcome.backup_error:
            window.statusBar().showMessage(f"今天的自动备份没有完成：{outcome.backup_error}", 15000)
        return
    store = window.store
    store.known_damaged = True     # until restored: backups made meanwhile rotate nothing out
    text = opening.damaged_later_text(store.path, outcome.check)
    good = None if store.read_only else integrity.newest_good_backup(store.path)
    if good is None:
        advice = ("该文件以只读方式打开，请在可以修改它的那一处处理。" if store.read_only
                  else integrity.no_backup_advice(store.path))
        messages.warn(window, "数据库文件有损坏", text + "\n\n" + advice)
        return
    if not messages.ask(window, "数据库文件有损坏", text + "\n\n" + integrity.backup_offer(good),
                        yes="从备份恢复", no="暂不恢复"):
        return
    window.operations.replace_database(
        "恢复失败", lambda own, progress: restore.restore_into(own, good.path, progress=progress),
        on_done=lambda result: after_restore(window, result),
        on_failure=lambda text: messages.warn(window, "恢复失败", f"从备份恢复没有完成。\n{text}"))


def check_lock(window) -> bool:
    """If another copy took this file over (e.g. after this PC slept for long), stop writing:
    the window turns read-only with a warning. True when that just happened."""
    lock = getattr(window.store, "safety_lock", None)
    if lock is None or not lock.lost or window.store.read_only:
        return False
    window.store.read_only = True
    window.store.opened_read_only_reason = "另一处已打开此文件"
    window.setWindowTitle(window.windowTitle() + "（只读）")
    window.gate.refresh()
    messages.warn(window, "已转为只读", "本程序长时间没有响应期间，另一处的程序打开了同一个数据库文件。"
                  "为避免两处同时修改造成冲突，本窗口已转为只读，之前保存的数据不受影响。\n"
                  "如需修改，请关闭本程序后重新打开。")
    return True


def install(window) -> tuple[QAction, QAction]:
    """文件 → 立即备份 / 从备份恢复…, the watch on the file lock; returns (backup, restore) actions."""
    file_menu = window.menu("file")
    file_menu.addSeparator()
    backup_action = window.add_action("file", "立即备份(&B)", lambda: backup_now(window),
                                      tip="把当前数据库备份到数据库旁的“备份”文件夹")
    restore_action = window.add_action("file", "从备份恢复(&R)…", lambda: open_restore_dialog(window),
                                       tip="查看备份并把数据库恢复到某个备份的状态", writes=True)
    if getattr(window.store, "full_check_pending", False):
        window.store.full_check_pending = False
        QTimer.singleShot(FULL_CHECK_AFTER_MS, window, lambda: start_full_check(window))
    if getattr(window.store, "safety_lock", None) is not None:
        lock_timer = QTimer(window)
        lock_timer.setInterval(30_000)
        lock_timer.timeout.connect(lambda: check_lock(window))
        lock_timer.start()
    return backup_action, restore_action
