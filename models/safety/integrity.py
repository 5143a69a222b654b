"""Integrity checks: ``PRAGMA quick_check`` when a file is opened, and finding a good backup."""
from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from models import schema
from models.safety.backup import BackupInfo, list_backups, open_read_only, read_counts, reason_text
from models.store import StoreError, connect_read_only


@dataclass
class CheckResult:
    ok: bool
    detail: str = ""     # what SQLite said (for the folded details of a message)

    def __bool__(self) -> bool:
        return self.ok


def _run_quick_check(conn: sqlite3.Connection) -> CheckResult:
    rows = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
    if rows == ["ok"]:
        # an empty or foreign file passes quick_check; ours has the settings table unless brand new
        return CheckResult(True)
    return CheckResult(False, "\n".join(str(r) for r in rows[:20]))


def check_file(path: str | os.PathLike, *, read_only: bool = False) -> CheckResult:
    """Quick-check a database file. A missing or empty file is fine (it will be created).

    Opened read-write unless ``read_only`` so that a WAL left by a killed program is recovered
    the normal way; nothing else is written.
    """
    p = Path(path)
    if not p.exists() or p.stat().st_size == 0:
        return CheckResult(True)
    try:
        if read_only:
            try:
                conn = connect_read_only(p)
            except StoreError:
                return CheckResult(True)    # not damage: opening read-only says what is in the way
        else:
            conn = sqlite3.connect(str(p), isolation_level=None)
        try:
            conn.execute("PRAGMA busy_timeout = 3000")
            return _run_quick_check(conn)
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        text = str(exc).lower()
        if not read_only and ("readonly" in text or "read-only" in text or "unable to open" in text):
            return check_file(p, read_only=True)
        if "locked" in text or "busy" in text:
            return CheckResult(True, str(exc))   # in use elsewhere: the lock check handles that
        return CheckResult(False, str(exc))
    except sqlite3.DatabaseError as exc:
        return CheckResult(False, str(exc))


def check_backup(path: str | os.PathLike) -> CheckResult:
    """A backup is good when it passes quick_check, is one of our databases and not too new."""
    try:
        conn = open_read_only(Path(path))
        try:
            result = _run_quick_check(conn)
            if not result:
                return result
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version < 1 or version > schema.CURRENT_VERSION:
                return CheckResult(False, f"数据版本 {version} 不是本程序可用的版本")
            conn.execute("SELECT count(*) FROM problems").fetchone()
            return result
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return CheckResult(False, str(exc))


def newest_good_backup(db_path: str | os.PathLike) -> BackupInfo | None:
    """The newest backup that passes ``check_backup`` (with its counts filled), or None."""
    for info in list_backups(db_path):
        if check_backup(info.path):
            return read_counts(info)
    return None


def damaged_text(db_path: str | os.PathLike) -> str:
    return (f"数据库文件已损坏，无法安全打开：\n{db_path}\n\n"
            "可能是上次使用时断电、磁盘出错或文件复制不完整造成的。")


def no_backup_advice(db_path: str | os.PathLike) -> str:
    return ("没有找到可用的备份。请不要再修改此文件，把它复制一份交给技术人员处理，"
            f"并检查备份文件夹“{Path(db_path).stem}_备份”或其他电脑上是否有副本。")


def backup_offer(good: BackupInfo) -> str:
    counts = ""
    if good.campaigns is not None:
        counts = f"（{good.campaigns} 个监督专题，{good.problems} 个问题）"
    return (f"最新的完好备份是 {good.when_text}（{reason_text(good.reason)}）{counts}。"
            "\n是否从这个备份恢复？当前的文件会移到备份文件夹保留，不会删除。"
            "\n注意：备份之后录入的内容需要重新录入。")

