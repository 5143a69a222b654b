"""Opening a database safely: lock check → quick_check (offer restore) → open → daily backup.

The questions to the user come through a ``Prompts`` object so this runs without Qt (tests
answer them directly; ui/safety/opening.py shows Chinese message boxes).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from models.safety import backup, debris, findings, integrity, restore, seal
from models.safety.lock import OTHER_PATH_TOKEN, DatabaseLock
from models.store import Store, StoreError, translate_error


class Prompts(Protocol):
    def ask(self, title: str, text: str, yes: str) -> bool: ...
    def warn(self, title: str, text: str) -> None: ...
    def error(self, title: str, text: str) -> None: ...


def locked_message(path: Path, who: str) -> str:
    return (f"数据库文件正由{who}使用：\n{path}\n\n为避免两处同时修改造成数据冲突，"
            "本次将以只读方式打开，可以查看和导出，但不能修改。\n如需修改，请先在另一处关闭程序后重新打开。")


def read_only_folder_message(path: Path, reason: str) -> str:
    return (f"无法以可写方式打开数据库：\n{path}\n\n{reason}\n\n"
            "可以以只读方式打开（能查看、导出，不能修改）；如需修改，请把文件复制到可写的文件夹，"
            "或检查文件和文件夹的写入权限。\n是否以只读方式打开？")


class _Refused(Exception):
    """Opening stops with this message (nothing was changed)."""


def other_path_message(path: Path) -> str:
    return (f"这个数据库文件已在本机另一个程序窗口中打开，那个窗口是经由另一个路径（硬链接或网络路径）"
            f"打开的同一个文件：\n{path}\n\n从两个路径同时使用同一个数据库会让修改记录分散到两处，"
            "所以本次不打开。请切换到已打开的窗口使用它。")


def _lock_for(path: Path, prompts: Prompts) -> tuple[DatabaseLock | None, bool, bool]:
    """(lock, read_only, folder_unwritable)."""
    lock = DatabaseLock(path)
    try:
        other = lock.acquire()
    except OSError:
        return None, False, True
    if other is not None:
        if other.token == OTHER_PATH_TOKEN:
            raise _Refused(other_path_message(path))
        prompts.warn("以只读方式打开", locked_message(path, other.describe()))
        return None, True, False
    return lock, False, False


def _offer_backup(path: Path, title: str, text: str, read_only: bool, prompts: Prompts) -> bool:
    """Something is wrong with the file: offer the newest good backup. True when restored."""
    if read_only:
        prompts.error(title, text + "\n\n该文件正由其他程序使用，请在那里关闭程序后再处理。")
        return False
    good = integrity.newest_good_backup(path)
    if good is None:
        prompts.error(title, text + "\n\n" + integrity.no_backup_advice(path))
        return False
    if not prompts.ask(title, text + "\n\n" + integrity.backup_offer(good), "从备份恢复"):
        return False
    try:
        kept = restore.restore_file(path, good.path)
    except StoreError as exc:
        prompts.error("恢复失败", f"从备份恢复没有完成，原文件未被改动。\n{exc}")
        return False
    where = f"\n原来的文件保留在：\n{kept}" if kept else ""
    prompts.warn("已从备份恢复", f"已恢复到 {good.when_text} 的备份。{where}")
    return True


def _handle_damage(path: Path, read_only: bool, prompts: Prompts) -> bool | None:
    """Quick-check the file; True when it may be opened (fine, or restored from a backup), None when
    the check was left out: the file is as this program left it at a clean close after a passed
    check (models/safety/seal.py; only for the copy that will write it)."""
    if not read_only and seal.unchanged(path):
        return None
    result = integrity.check_file(path, read_only=read_only)
    if result:
        return True
    good_known = read_only or integrity.newest_good_backup(path) is not None
    detail = "" if good_known else f"\n\n技术信息：{result.detail}"
    return _offer_backup(path, "数据库文件已损坏", integrity.damaged_text(path) + detail, read_only, prompts)


_LOSS_TITLES = {findings.MISSING: "数据库文件不见了", findings.EMPTY: "数据库文件是空的",
                findings.WAL_ONLY: "只找到了日志文件", findings.FOREIGN: "不是数据库文件"}


def _loss_text(path: Path, finding: findings.Finding) -> str:
    if finding.kind == findings.WAL_ONLY:
        return findings.wal_only_message(path, finding)
    if finding.kind == findings.FOREIGN:
        return findings.foreign_message(path, True)
    return findings.lost_message(path, finding)


def _may_go_on(path: Path, finding: findings.Finding, prompts: Prompts, ask_create: bool) -> bool:
    """Cases decided before anything is written beside the file (not even the lock)."""
    if finding.kind == findings.FOLDER:
        prompts.error("无法打开数据库", findings.folder_message(path))
        return False
    if finding.kind == findings.UNREADABLE:
        prompts.error("无法打开数据库", findings.unreadable_message(path))
        return False
    if finding.kind == findings.FOREIGN and not finding.backups:
        prompts.error("不是数据库文件", findings.foreign_message(path, False))
        return False
    if finding.kind == findings.NEW:
        if ask_create and not prompts.ask("新建数据库", findings.create_message(path), "新建"):
            return False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            prompts.error("无法新建数据库", f"无法新建文件夹：\n{path.parent}\n\n{translate_error(exc)}")
            return False
    return True


def open_database(path: str | os.PathLike, prompts: Prompts, *, ask_create: bool = False,
                  check_later: bool = False) -> Store | None:
    """Open ``path`` for the window, or None when the user declined or it cannot be opened.

    ``ask_create``: a path that does not exist is created only after asking (a path typed by the
    user may be mistyped; the default path of a first start is made without asking).
    The returned store carries ``safety_lock`` (release with ``close_database``) and
    ``opened_read_only_reason`` (why it is read-only, or "").
    ``check_later``: the full integrity check and the daily backup are left to ``after_open``,
    run in the background by the window (``store.full_check_pending``); otherwise the daily backup
    is made here.
    """
    path = Path(path)
    finding = findings.examine(path)
    if not _may_go_on(path, finding, prompts, ask_create):
        return None
    try:
        lock, read_only, unwritable = _lock_for(path, prompts)
    except _Refused as refused:
        prompts.error("无法打开数据库", str(refused))
        return None
    reason = "另一处正在使用此文件" if read_only else ""
    if unwritable and path.exists():
        if not prompts.ask("文件夹不可写", read_only_folder_message(path, "数据库所在的文件夹不可写入。"),
                           "以只读方式打开"):
            return None
        read_only, reason = True, "文件夹不可写"
    checked = False   # a check of the file passed during this session (see close_database)
    if finding.kind in _LOSS_TITLES:
        fine = _offer_backup(path, _LOSS_TITLES[finding.kind], _loss_text(path, finding), read_only, prompts)
    else:
        fine = _handle_damage(path, read_only, prompts)
        checked = fine is True
        fine = fine is not False
    if lock is not None:
        seal.forget(path)   # written from now on: only a clean close records it again
    if not fine:
        if lock:
            lock.release()
        return None
    try:
        try:
            store = Store(path, read_only=read_only)
        except StoreError as exc:
            if read_only or exc.kind not in ("readonly", "open") or not path.exists():
                raise
            if not prompts.ask("无法写入", read_only_folder_message(path, str(exc)), "以只读方式打开"):
                if lock:
                    lock.release()
                return None
            if lock:
                lock.release()
                lock = None
            read_only, reason = True, "文件或文件夹不可写"
            store = Store(path, read_only=True)
    except StoreError:
        if lock:
            lock.release()
        raise
    store.safety_lock = lock
    store.opened_read_only_reason = reason
    store.check_passed = checked and finding.kind == findings.OK
    if lock is not None:
        lock.claim_file()
        store.commit_guard = commit_guard(store, lock)
        store.debris_removed = debris.clean(path)   # only the copy holding the lock tidies up
        lock.start_heartbeat()
    store.full_check_pending = check_later
    if not read_only and not check_later:
        try:
            backup.daily_backup(store)
        except StoreError as exc:
            prompts.warn("自动备份未完成", f"今天的自动备份没有完成，数据库本身不受影响，可以继续使用。\n{exc}")
    return store


@dataclass
class AfterOpen:
    """What the background check after opening found."""
    check: integrity.CheckResult
    backup_error: str = ""        # the daily backup failed (the database itself is fine)


def after_open(store: Store, *, daily: bool = True) -> AfterOpen:
    """The full integrity_check of the open database, then (only if it passed) the daily backup:
    a damaged file is never copied into a backup that rotation would keep in place of a good one.
    ``store`` may be a read-only connection of its own (a background job's)."""
    result = integrity.full_check_conn(store.conn)
    outcome = AfterOpen(result)
    if result:   # (a job's own connection: the window marks its store on the answer, ui/safety/menus.py)
        store.check_passed = True
    if result and daily and not backup.backed_up_today(store.path):
        try:
            backup.make_backup(store, backup.REASON_DAILY)
        except StoreError as exc:
            outcome.backup_error = str(exc)
    return outcome


def damaged_later_text(path: Path, result: integrity.CheckResult) -> str:
    return (f"打开后的完整检查发现数据库文件有损坏：\n{path}\n\n"
            "可能是断电、磁盘出错或文件被其他程序改动造成的。继续使用可能让损坏扩大；"
            f"今天的自动备份没有做，以免损坏的数据替换掉完好的备份。\n技术信息：{result.detail[:300]}")


LOCK_LOST_TEXT = ("另一处的程序已接管这个数据库文件，本窗口不能再修改它，刚才的修改没有保存。"
                  "之前保存的数据不受影响。\n如需修改，请关闭本程序后重新打开。")


def commit_guard(store: Store, lock: DatabaseLock):
    """Checked at every commit, on every connection the window opens: the window still holds
    the lock and has not turned read-only. Otherwise the transaction is rolled back."""
    def check() -> None:
        if store.read_only or not lock.still_ours():
            raise StoreError(LOCK_LOST_TEXT, "lock_lost")
    return check


def close_database(store: Store) -> None:
    """Close the store and give up its lock (safe to call twice). A copy that wrote the file and
    saw a check of it pass (``check_passed``: the quick check at opening or the full check after
    it) and no damage records the closed file, so that its next opening may skip the quick check
    (models/safety/seal.py); the record is made before the lock is given up."""
    lock = getattr(store, "safety_lock", None)
    store.close()
    if lock is not None:
        if (store.check_passed and not store.known_damaged and not store.read_only
                and lock.still_ours()):
            seal.record(store.path)
        lock.release()
        store.safety_lock = None
