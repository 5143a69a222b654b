"""佐证材料 kept safe with the backups: one content-addressed store beside them.

Attachment files never change once added and each is recorded with its sha256, so a backup only
needs the files it refers to that the store does not hold yet. They live once each in
``<db stem>_备份/附件库/<first two hex digits>/<sha256>``, however many backups refer to them.
Restoring puts back every file the restored database refers to that is missing or changed in
``<db stem>_附件/``; a changed file is first kept aside under a new name, never overwritten.
Files no kept backup refers to any more are removed after rotation.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from models.errors import StoreError, translate_error
from models.safety.places import backup_dir, file_sha256, open_read_only

VAULT_NAME = "附件库"


@dataclass
class AttachmentRow:
    stored_path: str      # relative to the database's folder
    sha256: str
    size: int
    file_name: str


@dataclass
class VaultReport:
    """What saving or restoring the attachment files did."""
    copied: int = 0                                      # files saved into the store / put back
    present: int = 0                                     # already there and intact
    missing: list[str] = field(default_factory=list)     # could not be saved / put back
    kept_aside: list[str] = field(default_factory=list)  # changed files renamed before being replaced

    def summary(self) -> str:
        """One Chinese sentence for the user ("" when there were no attachment files to check)."""
        parts = []
        if self.copied:
            parts.append(f"放回了 {self.copied} 个缺失或被改动的佐证材料文件")
        if self.kept_aside:
            parts.append(f"被改动的 {len(self.kept_aside)} 个文件已改名保留（{'、'.join(self.kept_aside[:3])}）")
        if self.missing:
            shown = "、".join(self.missing[:5]) + ("等" if len(self.missing) > 5 else "")
            parts.append(f"{len(self.missing)} 个佐证材料文件在备份中也没有，无法放回（{shown}）")
        if not parts and self.present:
            parts.append(f"{self.present} 个佐证材料文件完好")
        return "；".join(parts) + ("。" if parts else "")


def vault_dir(db_path: str | os.PathLike) -> Path:

    return backup_dir(db_path) / VAULT_NAME


def vault_file(db_path: str | os.PathLike, sha256: str) -> Path:
    return vault_dir(db_path) / sha256[:2] / sha256


def attachment_rows(conn: sqlite3.Connection) -> list[AttachmentRow]:
    """The attachment files a database refers to (none for a database older than attachments)."""
    try:
        rows = conn.execute("SELECT stored_path, sha256, size, file_name FROM attachments "
                            "GROUP BY stored_path, sha256").fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return []
        raise
    return [AttachmentRow(*r) for r in rows]


def _copy_checked(source: Path, target: Path, sha256: str) -> bool:
    """Copy via a .part file, hashing on the way; False (nothing left behind) when the source
    cannot be read or does not hold ``sha256``. Errors writing the target raise OSError."""
    try:
        src = open(source, "rb")
    except OSError:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    digest = hashlib.sha256()
    try:
        with src, open(tmp, "wb") as out:
            for chunk in iter(lambda: src.read(1 << 20), b""):
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != sha256:
            tmp.unlink()
            return False
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return True


def save_attachments(db_path: str | os.PathLike, rows: list[AttachmentRow]) -> VaultReport:
    """Copy into the store every file of ``rows`` it does not hold yet (one stat per file when
    nothing is new). A file missing or changed beside the database is reported, not fatal;
    a store that cannot be written raises StoreError."""
    report = VaultReport()
    folder = Path(db_path).parent
    by_sha: dict[str, list[AttachmentRow]] = {}
    for row in rows:
        by_sha.setdefault(row.sha256, []).append(row)
    try:
        for sha, group in by_sha.items():
            target = vault_file(db_path, sha)
            if target.is_file() and target.stat().st_size == group[0].size:
                report.present += 1
            elif any(_copy_checked(folder / r.stored_path, target, sha) for r in group):
                report.copied += 1
            else:
                report.missing.append(group[0].file_name)
    except OSError as exc:
        err = translate_error(exc, vault_dir(db_path))
        if err is None:   # not a known failure: a bug, raised as it is
            raise
        raise StoreError(f"备份失败：佐证材料文件没有备份完整（{err}）", err.kind) from exc
    return report


def _aside_name(path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}（恢复前被改动的文件 {stamp}）{path.suffix}")
    n = 2
    while target.exists():
        target = path.with_name(f"{path.stem}（恢复前被改动的文件 {stamp}-{n}）{path.suffix}")
        n += 1
    return target


def restore_attachments(db_path: str | os.PathLike, rows: list[AttachmentRow]) -> VaultReport:
    """Put back from the store every file of ``rows`` that is missing or changed beside the database."""

    report = VaultReport()
    folder = Path(db_path).parent
    try:
        for row in rows:
            live = folder / row.stored_path
            if live.is_file() and live.stat().st_size == row.size and file_sha256(live) == row.sha256:
                report.present += 1
                continue
            source = vault_file(db_path, row.sha256)
            if not source.is_file():
                report.missing.append(row.file_name)
                continue
            if live.exists():
                aside = _aside_name(live)
                os.replace(live, aside)
                report.kept_aside.append(aside.name)
            if _copy_checked(source, live, row.sha256):
                report.copied += 1
            else:
                report.missing.append(row.file_name)
    except OSError as exc:
        err = translate_error(exc, folder)
        if err is None:   # not a known failure: a bug, raised as it is
            raise
        raise StoreError(f"数据库已恢复，但佐证材料文件没有全部放回（{err}）。可以再次从同一备份恢复。", err.kind) from exc
    return report


def prune(db_path: str | os.PathLike, backups: list[Path]) -> int:
    """Remove store files none of ``backups`` refers to; returns how many. When any backup cannot
    be read nothing is removed (its references are unknown). Never raises."""
    root = vault_dir(db_path)
    if not root.is_dir():
        return 0

    referenced: set[str] = set()
    for path in backups:
        try:
            conn = open_read_only(path)
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                referenced.update(r.sha256 for r in attachment_rows(conn))
            finally:
                conn.close()
        except sqlite3.Error:
            return 0
    removed = 0
    for f in root.glob("*/*"):
        if f.name in referenced or f.name.endswith(".part") and _fresh(f):
            continue
        try:
            f.unlink()
            removed += 1
        except OSError:
            pass
    return removed


def _fresh(path: Path) -> bool:
    try:
        return datetime.now().timestamp() - path.stat().st_mtime < 3600
    except OSError:
        return False
