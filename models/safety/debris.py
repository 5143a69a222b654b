"""Leftovers of a program killed while copying: cleaned when the database is next opened.

A backup is written to ``<name>.db.part`` (SQLite adds ``.part-journal`` while it writes), a
restore onto a damaged file to ``<db>.restoring``, an attachment into the 附件库 via ``.part``, the
lock file via ``.lock.<token>.tmp``. A kill leaves them behind; sixty kills left a gigabyte. None
of them is ever a backup. They are removed only by the copy that holds the database's lock, and a
``.part`` another program is still writing (SQLite holds its lock on it) is left alone.
"""
from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from models.safety import vault
from models.safety.backup import backup_dir

SIDES = ("-journal", "-wal", "-shm")
KEPT_PREFIX = "损坏的文件_"     # evidence moved aside on purpose (with its -wal/-shm): never debris
QUIET_SECONDS = 60              # an attachment copy untouched this long is not being written


def _in_use(part: Path) -> bool:
    """Is another connection writing this file right now (it holds SQLite's lock on it)?"""
    try:
        conn = sqlite3.connect(str(part), timeout=0, isolation_level=None)
    except sqlite3.Error:
        return False
    try:
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        return "locked" in str(exc).lower() or "busy" in str(exc).lower()
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def _remove(path: Path, removed: list[Path]) -> None:
    try:
        path.unlink()
        removed.append(path)
    except FileNotFoundError:
        pass
    except OSError:
        pass   # in use (Windows) or not ours to delete: left for a later start


def _base_of_side(name: str) -> str | None:
    for side in SIDES:
        if name.endswith(side):
            return name[: -len(side)]
    return None


def clean(db_path: str | os.PathLike) -> list[Path]:
    """Remove what killed copies left beside the database and in its backup folder; returns
    the removed files. Never raises."""
    db_path = Path(db_path)
    removed: list[Path] = []
    folder = backup_dir(db_path)
    if folder.is_dir():
        for part in sorted(folder.glob("*.part")):
            if not _in_use(part):
                for side in SIDES:
                    _remove(part.with_name(part.name + side), removed)
                _remove(part, removed)
        for f in sorted(folder.iterdir()):
            base = _base_of_side(f.name)
            if base is None or f.name.startswith(KEPT_PREFIX) or not f.is_file():
                continue
            # a side file of a .part, or of nothing: a backup itself is one closed file
            if base.endswith(".part") or not (folder / base).exists():
                _remove(f, removed)
        vault_root = vault.vault_dir(db_path)
        if vault_root.is_dir():
            now = time.time()
            for part in vault_root.glob("*/*.part"):
                try:
                    quiet = now - part.stat().st_mtime > QUIET_SECONDS
                except OSError:
                    continue
                if quiet:
                    _remove(part, removed)
    staged = db_path.with_name(db_path.name + ".restoring")
    for f in [staged, *(staged.with_name(staged.name + side) for side in SIDES)]:
        if f.exists():
            _remove(f, removed)
    for tmp in db_path.parent.glob(f"{db_path.name}.lock.*.tmp"):
        _remove(tmp, removed)
    return removed
