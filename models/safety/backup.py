"""Backups of the database file: made with SQLite's online backup API, rotated, listed, restored.

Backups live in a folder beside the database, ``<db stem>_备份/``, one file each, named
``<db stem>_<YYYYmmdd-HHMMSS>_<reason>.db`` so that date and reason can be read without
opening the file. Rotation (``rotate``) keeps the 10 newest backups plus the newest backup of
every calendar month; files that do not follow the naming pattern are never touched.

The attachment files (佐证材料) the backup refers to are saved once each into the shared
``附件库`` subfolder (see ``vault``), so a backup keeps them safe at the cost of new files only.

Callers that are about to change a lot (import, carry-over, migration, restore) call
``make_backup(store, reason)`` first; it raises ``StoreError`` (Chinese message) when the copy
cannot be written, so the caller can stop before changing anything.
"""
from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from models.safety import vault
from models.store import Store, StoreError, translate_error

KEEP_LATEST = 10
STAMP_FORMAT = "%Y%m%d-%H%M%S"
# Reasons used by the program (any short text is accepted).
REASON_DAILY = "每日自动"
REASON_MANUAL = "手动备份"
REASON_IMPORT = "导入前"
REASON_CARRYOVER = "结转前"
REASON_MIGRATION = "升级前"
REASON_RESTORE = "恢复前"
REASON_UNDO_IMPORT = "撤销导入前"

_NAME_RE = re.compile(r"_(\d{8}-\d{6})(?:-(\d+))?_([^_]+)\.db$")
_BAD_CHARS = re.compile(r'[\\/:*?"<>|_\s]+')

ProgressCallback = Callable[[int, int], None]


@dataclass
class BackupInfo:
    """One backup file; counts are filled by ``read_counts`` (None when unreadable)."""
    path: Path
    taken_at: datetime
    reason: str
    size: int
    seq: int = 1
    campaigns: int | None = None
    problems: int | None = None
    version: int | None = None

    @property
    def when_text(self) -> str:
        return self.taken_at.strftime("%Y-%m-%d %H:%M:%S")


def backup_dir(db_path: str | os.PathLike) -> Path:
    """The folder beside the database that holds its backups."""
    p = Path(db_path)
    return p.with_name(f"{p.stem}_备份")


def _clean_reason(reason: str) -> str:
    text = _BAD_CHARS.sub("-", (reason or "").strip()).strip("-.")
    return text[:30] or "备份"


def _target_name(db_path: Path, when: datetime, reason: str) -> Path:
    """A new name; backups within the same second get -2, -3, … so their order is kept. A .part
    (being written, or left by a killed copy) takes its name too: two copies never share one."""
    folder = backup_dir(db_path)
    base = f"{db_path.stem}_{when.strftime(STAMP_FORMAT)}"
    names = [p.with_name(p.name.removesuffix(".part")) for p in folder.iterdir()
             if p.name.startswith(base)] if folder.is_dir() else []
    seqs = [parsed[2] for parsed in map(parse_name, names) if parsed is not None]
    if not seqs:
        return folder / f"{base}_{reason}.db"
    return folder / f"{base}-{max(seqs) + 1}_{reason}.db"


def reason_text(reason: str) -> str:
    """A sentence for the restore list saying why the backup was made."""
    if reason.startswith(REASON_MIGRATION):
        return "程序升级数据格式前自动备份"
    return {
        REASON_DAILY: "打开数据库时自动备份（每天一次）",
        REASON_MANUAL: "手动备份（文件 → 立即备份）",
        REASON_IMPORT: "导入数据前自动备份",
        REASON_CARRYOVER: "问题转下年度前自动备份",
        REASON_RESTORE: "从备份恢复前，当时的数据",
        REASON_UNDO_IMPORT: "撤销导入前自动备份",
    }.get(reason, reason)


def copy_database(source: sqlite3.Connection, target: Path, *, lock=None,
                  progress: ProgressCallback | None = None) -> Path:
    """Copy an open connection's database to ``target`` (atomically, via a .part file).

    The copy is switched to rollback-journal mode so it is one self-contained file that can be
    read with ``immutable=1`` and copied around freely.
    """
    tmp = target.with_name(target.name + ".part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        dest = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            def report(status: int, remaining: int, total: int) -> None:
                if progress is not None:
                    progress(total - remaining, total)

            if lock is not None:
                with lock:
                    source.backup(dest, pages=256, progress=report)
            else:
                source.backup(dest, pages=256, progress=report)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except (sqlite3.Error, OSError) as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        err = translate_error(exc, target)
        if isinstance(exc, OSError) and err.kind in ("other", "open"):
            err = StoreError(f"无法在“{target.parent}”中写入备份文件（{exc.strerror or exc}）。"
                             "请检查该文件夹是否可写、磁盘是否已满。", "backup")
        raise StoreError(f"备份失败：{err}", err.kind) from exc
    return target


def make_backup(store: Store, reason: str, *, progress: ProgressCallback | None = None,
                rotate_after: bool = True) -> Path:
    """Back the open database up now into its backup folder; returns the new file's path.

    Raises ``StoreError`` (Chinese message, e.g. disk full) when the backup cannot be written.
    """
    if str(store.path) == ":memory:":
        raise StoreError("内存中的临时数据库没有文件，无法备份。", "backup")
    db_path = Path(store.path)
    target = _target_name(db_path, datetime.now(), _clean_reason(reason))
    copy_database(store.conn, target, lock=getattr(store, "_lock", None), progress=progress)
    save_files(db_path, target)
    # a database the full check found damaged: its copies never push a good backup out
    if rotate_after and not store.known_damaged:
        rotate(db_path)
    return target


def save_files(db_path: Path, backup_path: Path) -> vault.VaultReport:
    """Save the attachment files the new backup refers to into the shared 附件库 (only new ones)."""
    try:
        conn = open_read_only(backup_path)
        try:
            rows = vault.attachment_rows(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise translate_error(exc, backup_path) from exc
    return vault.save_attachments(db_path, rows)


def backup_before(store: Store, reason: str) -> Path | None:
    """The backup taken before a big change (import, carry-over, undo of an import); None when
    there is no file (in-memory database) or when the caller is already inside a transaction (the
    outer action backed up before it began; a copy now would hold its half-done work)."""
    if str(store.path) == ":memory:" or store.read_only or store.conn.in_transaction:
        return None
    return make_backup(store, reason)


def parse_name(path: Path) -> tuple[datetime, str, int] | None:
    """(time, reason, sequence within the second) from a backup file name; None if not ours."""
    m = _NAME_RE.search(path.name)
    if not m:
        return None
    try:
        when = datetime.strptime(m.group(1), STAMP_FORMAT)
    except ValueError:
        return None
    return when, m.group(3), int(m.group(2) or 1)


def _order(b: BackupInfo) -> tuple:
    return b.taken_at, b.seq, b.path.name


def list_backups(db_path: str | os.PathLike, *, with_counts: bool = False) -> list[BackupInfo]:
    """Backups of this database, newest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    found: list[BackupInfo] = []
    for f in folder.glob("*.db"):
        parsed = parse_name(f)
        if parsed is None or not f.is_file():
            continue
        try:
            size = f.stat().st_size
        except OSError:
            continue
        found.append(BackupInfo(path=f, taken_at=parsed[0], reason=parsed[1], size=size,
                                seq=parsed[2]))
    found.sort(key=_order, reverse=True)
    if with_counts:
        for info in found:
            read_counts(info)
    return found


def open_read_only(path: Path) -> sqlite3.Connection:
    """Open a backup file strictly read-only (no lock files, nothing written beside it)."""
    uri = Path(path).resolve().as_uri() + "?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, isolation_level=None)


def read_counts(info: BackupInfo) -> BackupInfo:
    """Fill campaigns/problems/version from the backup file, read-only; None when unreadable."""
    try:
        conn = open_read_only(info.path)
        try:
            info.version = conn.execute("PRAGMA user_version").fetchone()[0]
            info.campaigns = conn.execute("SELECT count(*) FROM campaigns").fetchone()[0]
            info.problems = conn.execute("SELECT count(*) FROM problems").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        info.campaigns = info.problems = None
    return info


def rotation_keep(backups: list[BackupInfo], keep_latest: int = KEEP_LATEST) -> set[Path]:
    """Which files rotation keeps: the newest ``keep_latest`` and the newest of each month."""
    ordered = sorted(backups, key=_order, reverse=True)
    keep = {b.path for b in ordered[:keep_latest]}
    months: set[tuple[int, int]] = set()
    for b in ordered:
        month = (b.taken_at.year, b.taken_at.month)
        if month not in months:
            months.add(month)
            keep.add(b.path)
    return keep


def fuller_kept(backups: list[BackupInfo], keep: set[Path]) -> set[Path]:
    """Backups rotation would delete that hold more than every backup it keeps: the one with the
    most problems and the one with the most campaigns stay, so a backup of an emptied database
    never pushes out a fuller one."""
    dropped = [read_counts(b) for b in backups if b.path not in keep]
    if not dropped:
        return set()
    kept = [read_counts(b) for b in backups if b.path in keep]
    saved: set[Path] = set()
    for field in ("problems", "campaigns"):
        most_kept = max((getattr(b, field) or 0 for b in kept), default=0)
        fullest = max(dropped, key=lambda b: (getattr(b, field) or 0, _order(b)))
        if (getattr(fullest, field) or 0) > most_kept:
            saved.add(fullest.path)
    return saved


def rotate(db_path: str | os.PathLike, keep_latest: int = KEEP_LATEST) -> list[Path]:
    """Delete backups rotation does not keep; returns the deleted paths. Never raises.

    A backup fuller than all kept ones is never deleted (see ``fuller_kept``); leftovers of
    killed backups are cleaned by ``debris.clean`` when the database is opened.
    """
    backups = list_backups(db_path)
    keep = rotation_keep(backups, keep_latest)
    keep |= fuller_kept(backups, keep)
    removed: list[Path] = []
    for b in backups:
        if b.path not in keep:
            try:
                b.path.unlink()
                removed.append(b.path)
            except OSError:
                pass
    vault.prune(db_path, [b.path for b in backups if b.path not in removed])
    return removed


def backed_up_today(db_path: str | os.PathLike, reason: str = REASON_DAILY) -> bool:
    today = datetime.now().date()
    return any(b.taken_at.date() == today and b.reason == reason for b in list_backups(db_path))


def daily_backup(store: Store) -> Path | None:
    """The backup made when the program opens a database: at most once per calendar day."""
    if store.read_only or str(store.path) == ":memory:" or backed_up_today(store.path):
        return None
    return make_backup(store, REASON_DAILY)
