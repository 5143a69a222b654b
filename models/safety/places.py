"""Where a database's backups and their 附件库 live, how a backup file is opened and a file hashed:
the small pieces backup, vault and attachments share (nothing here imports them back).
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path
from typing import Protocol


class OpenDatabase(Protocol):
    """What a backup needs of an open database (models.store.Store is one)."""
    path: Path
    conn: sqlite3.Connection
    read_only: bool


def backup_dir(db_path: str | os.PathLike) -> Path:
    """The folder beside the database that holds its backups."""
    p = Path(db_path)
    return p.with_name(f"{p.stem}_备份")


def open_read_only(path: Path) -> sqlite3.Connection:
    """Open a backup file strictly read-only (no lock files, nothing written beside it)."""
    uri = Path(path).resolve().as_uri() + "?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, isolation_level=None)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
