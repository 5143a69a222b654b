"""Restoring a backup: into the open store (menu 从备份恢复) or onto a damaged file before opening.

Both ways first keep a copy of what is there now, so a restore can itself be undone by
restoring that copy, and then put back the attachment files (佐证材料) the restored data refers
to from the backups' shared 附件库.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from models.safety import vault
from models.safety.backup import (
    REASON_RESTORE,
    ProgressCallback,
    backup_dir,
    copy_database,
    make_backup,
    open_read_only,
)
from models.safety.integrity import check_backup
from models.store import Store, StoreError, reraise


def _require_good(backup_path: Path) -> None:
    if not backup_path.is_file():
        raise StoreError(f"备份文件不存在：{backup_path}", "open")
    result = check_backup(backup_path)
    if not result:
        raise StoreError(f"这个备份文件已损坏或不是本程序的数据库，不能用来恢复：\n{backup_path}\n{result.detail}",
                         "corrupt")


@dataclass
class RestoreResult:
    kept: Path                      # the 恢复前 backup of what was there before
    files: vault.VaultReport        # the attachment files checked and put back


def restore_into(store: Store, backup_path: str | os.PathLike, *,
                 progress: ProgressCallback | None = None) -> RestoreResult:
    """Replace the open database's content with the backup, then put back the attachment files it
    refers to that are missing or changed; returns the pre-restore copy and what was put back.

    The replacing itself is ``Store.replace_content`` (one write transaction: a program killed
    halfway leaves the old data); the same ``Store`` object then holds the restored data.
    """
    backup_path = Path(backup_path)
    if store.read_only:
        raise StoreError("数据库以只读方式打开，不能恢复备份。", "readonly")
    if store.commit_guard is not None:
        store.commit_guard()      # before the 恢复前 copy: a copy that lost its lock does nothing
    _require_good(backup_path)
    safety_copy = make_backup(store, REASON_RESTORE)
    try:
        src = open_read_only(backup_path)
        try:
            store.replace_content(src, progress)
        finally:
            src.close()
        with store._lock:
            rows = vault.attachment_rows(store.conn)
    except sqlite3.Error as exc:
        reraise(exc, store.path)
    return RestoreResult(kept=safety_copy, files=vault.restore_attachments(store.path, rows))


def keep_damaged(db_path: str | os.PathLike) -> Path | None:
    """Move a damaged database (and its -wal/-shm) into the backup folder; returns the new path.

    The name (``损坏的文件_<time>.db``) is outside the backup pattern, so rotation never deletes it.
    """
    db_path = Path(db_path)
    sides = [e for e in ("-wal", "-shm", "-journal") if db_path.with_name(db_path.name + e).exists()]
    if not db_path.exists() and not sides:
        return None
    folder = backup_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"损坏的文件_{datetime.now():%Y%m%d-%H%M%S}{db_path.suffix or '.db'}"
    n = 2
    while target.exists():
        target = folder / f"损坏的文件_{datetime.now():%Y%m%d-%H%M%S}-{n}{db_path.suffix or '.db'}"
        n += 1
    if db_path.exists():
        shutil.move(str(db_path), str(target))
    for extra in sides:     # also a -wal left without its database: kept beside, never deleted
        shutil.move(str(db_path.with_name(db_path.name + extra)), str(target.with_name(target.name + extra)))
    return target


def restore_file(db_path: str | os.PathLike, backup_path: str | os.PathLike) -> Path | None:
    """Put a backup in place of a database that is not open (e.g. damaged); returns where the
    old file was kept. Call before opening the Store."""
    db_path, backup_path = Path(db_path), Path(backup_path)
    _require_good(backup_path)
    try:
        src = open_read_only(backup_path)
        staged = db_path.with_name(db_path.name + ".restoring")
        try:
            copy_database(src, staged)
            rows = vault.attachment_rows(src)
        finally:
            src.close()
        kept = keep_damaged(db_path)
        os.replace(staged, db_path)
        vault.restore_attachments(db_path, rows)
    except (sqlite3.Error, OSError) as exc:
        reraise(exc, db_path)
    return kept
