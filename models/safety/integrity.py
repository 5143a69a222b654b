"""Integrity checks: ``PRAGMA quick_check`` when a file is opened, and finding a good backup."""
from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from models import schema
from models.safety import seal
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


def full_check_conn(conn: sqlite3.Connection) -> CheckResult:
    """``PRAGMA integrity_check``: unlike quick_check it also compares every index with its table
    (an index entry changed passes quick_check). Slow on a large file: run it off the GUI thread."""
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check(20)").fetchall()]
    except sqlite3.DatabaseError as exc:
        return CheckResult(False, str(exc))
    if rows == ["ok"]:
        return CheckResult(True)
    return CheckResult(False, "\n".join(str(r) for r in rows[:20]))


# Quick checks started early (check_early), by file: (thread, its answer, the file as it was then).
_EARLY: dict[str, tuple[threading.Thread, list[CheckResult], tuple]] = {}


def _signature(p: Path) -> tuple:
    st = p.stat()
    return st.st_size, st.st_mtime_ns, st.st_ino


def check_early(path: str | os.PathLike) -> None:
    """Start the quick check of ``path`` on a thread of its own, so that it runs while the program
    imports and builds its window (SQLite lets go of Python's lock while it reads the file). The
    next ``check_file`` of the same unchanged file takes its answer instead of reading it again.
    Nothing starts for a file unchanged since a clean close after a passed check (models/safety/seal.py):
    opening skips its quick check."""
    p = Path(path)
    try:
        if not p.is_file() or p.stat().st_size == 0 or seal.unchanged(p):
            return
        signature = _signature(p)
    except OSError:
        return
    answer: list[CheckResult] = []
    thread = threading.Thread(target=lambda: answer.append(check_file(p, early=False)), name="quick_check",
                              daemon=True)
    _EARLY[os.path.abspath(p)] = (thread, answer, signature)
    thread.start()


def _early_answer(p: Path) -> CheckResult | None:
    started = _EARLY.pop(os.path.abspath(p), None)
    if started is None:
        return None
    thread, answer, signature = started
    thread.join()
    try:
        same = _signature(p) == signature
    except OSError:
        same = False
    return answer[0] if answer and same else None


def check_file(path: str | os.PathLike, *, read_only: bool = False, early: bool = True) -> CheckResult:
    """Quick-check a database file. A missing or empty file is fine (it will be created).

    Opened read-write unless ``read_only`` so that a WAL left by a killed program is recovered
    the normal way; nothing else is written. The answer of a ``check_early`` of the same file,
    unchanged since, is taken when it is read-write (``early``).
    """
    p = Path(path)
    if early:
        answer = _early_answer(p)
        if answer is not None and not read_only:
            return answer
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
            return check_file(p, read_only=True, early=False)
        if "locked" in text or "busy" in text:
            return CheckResult(True, str(exc))   # in use elsewhere: the lock check handles that
        return CheckResult(False, str(exc))
    except sqlite3.DatabaseError as exc:
        return CheckResult(False, str(exc))


def check_backup(path: str | os.PathLike) -> CheckResult:
    """A backup is good when it passes the full integrity_check, is one of our databases and not
    too new: only such a backup is offered for a restore."""
    try:
        conn = open_read_only(Path(path))
        try:
            result = full_check_conn(conn)
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


@dataclass
class FullCheck:
    ok: bool
    verdict: str     # one Chinese line


def full_check(path: str | os.PathLike) -> FullCheck:
    """The full check (``PRAGMA integrity_check`` of every page and index, then the foreign keys)
    of a database file, read-only: nothing in the file changes."""
    p = Path(path)
    try:
        conn = connect_read_only(p)
        try:
            conn.execute("PRAGMA busy_timeout = 5000")
            if not full_check_conn(conn):
                return FullCheck(False, "已损坏：完整检查发现数据页或索引有错误。请不要再修改此文件，"
                                        "用“文件 → 从备份恢复”恢复，或把文件交给技术人员。")
            broken_links = conn.execute("PRAGMA foreign_key_check").fetchall()
            if broken_links:
                return FullCheck(False, f"已损坏：有 {len(broken_links)} 条记录引用了不存在的记录。"
                                        "请从备份恢复，或把文件交给技术人员。")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if version < 1 or "problems" not in tables:
                return FullCheck(False, "不是本程序的数据库：文件完好，但其中没有问题清单的数据表。")
            campaigns = conn.execute("SELECT count(*) FROM campaigns").fetchone()[0]
            problems = conn.execute("SELECT count(*) FROM problems").fetchone()[0]
        finally:
            conn.close()
    except StoreError as exc:   # e.g. a read-only folder with changes waiting in the -wal
        return FullCheck(False, "无法检查：" + str(exc).replace("\n", ""))
    except sqlite3.DatabaseError as exc:
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            return FullCheck(False, "无法检查：数据库正被其他程序占用，请关闭后重试。")
        return FullCheck(False, "已损坏或不是数据库文件：无法读取其内容。")
    newer = "（由更新版本的程序创建）" if version > schema.CURRENT_VERSION else ""
    return FullCheck(True, f"完好：数据库文件通过完整检查{newer}（{campaigns} 个监督专题，{problems} 个问题）。")
