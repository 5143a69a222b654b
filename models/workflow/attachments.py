"""佐证材料: files copied into ``<database stem>_附件/`` next to the database, with their sha256.

``stored_path`` is relative to the database's folder, so moving the database together with its
附件 folder keeps every link working. Files are never deleted by the program (undo of a deleted
problem brings its attachment rows back and they must still open).
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from models import audit
from models.safety.places import file_sha256
from models.safety.vault import vault_file
from models.store import Store, ValidationError, now_text


def attachments_dir(store: Store) -> Path:
    if str(store.path) == ":memory:":
        raise ValidationError("内存数据库不能保存附件，请先把数据保存为文件。")
    return store.path.parent / f"{store.path.stem}_附件"


@dataclass(frozen=True)
class Staged:
    """A file already copied into the 附件 folder and hashed, waiting for its row."""
    source: Path
    stored_path: str
    sha256: str
    size: int
    created: Path | None     # the copy made for this action (None: the same file was already there)


def _copy_in(store: Store, problem_id: int, source: Path) -> Staged:
    """Copy one file into the problem's folder; same content under the same name is reused."""
    if not source.is_file():
        raise ValidationError(f"找不到文件：{source}", field="attachments")
    digest = file_sha256(source)
    size = source.stat().st_size
    folder = attachments_dir(store) / f"问题{problem_id}"
    created = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / source.name
        n = 2
        while target.exists() and file_sha256(target) != digest:
            target = folder / f"{source.stem}（{n}）{source.suffix}"
            n += 1
        if not target.exists():
            shutil.copyfile(source, target)
            created = target
    except OSError as exc:
        raise ValidationError(f"无法复制附件“{source.name}”，请检查附件文件夹是否可写、磁盘是否已满。",
                              field="attachments") from exc
    return Staged(source, target.relative_to(store.path.parent).as_posix(), digest, size, created)


def stage(store: Store, problem_id: int, paths: list[str | Path]) -> list[Staged]:
    """Copy and hash the files before the action's transaction begins (slow disk work never holds
    the database's write lock). If the action then fails, ``discard`` takes the copies away."""
    staged: list[Staged] = []
    try:
        for p in paths:
            staged.append(_copy_in(store, problem_id, Path(p)))
    except BaseException:
        discard(staged)
        raise
    return staged


def discard(staged: list[Staged]) -> None:
    """Remove the copies made for an action that did not happen (files already there stay)."""
    for item in staged:
        if item.created is not None:
            item.created.unlink(missing_ok=True)


def add_attachments(store: Store, problem_id: int, files: list[Staged] | list[str | Path], *,
                    report_id: int | None = None, purpose: str = "整改进展") -> list[int]:
    """Record staged files (paths are staged here); returns the new ids. A rollback of the action
    or transaction this joins removes the copies again."""
    staged = [f if isinstance(f, Staged) else None for f in files]
    if None in staged:
        staged = stage(store, problem_id, [f.source if isinstance(f, Staged) else f for f in files])
    ids: list[int] = []
    with store.transaction() as conn:
        store.on_rollback(lambda: discard(staged))
        for item in staged:
            cur = conn.execute(
                "INSERT INTO attachments(problem_id, report_id, purpose, file_name, stored_path, sha256, size, "
                "added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (problem_id, report_id, purpose, item.source.name, item.stored_path, item.sha256, item.size,
                 now_text()))
            ids.append(cur.lastrowid)
            audit.record(store, entity="attachment", entity_id=cur.lastrowid, problem_id=problem_id,
                         action=f"添加佐证材料（{purpose}）", field="attachment", new=item.source.name)
    return ids


def list_attachments(store: Store, problem_id: int | None = None, report_id: int | None = None) -> list[dict]:
    if report_id is not None:
        return store.query("SELECT * FROM attachments WHERE report_id = ? ORDER BY id", (report_id,))
    return store.query("SELECT * FROM attachments WHERE problem_id = ? ORDER BY id", (problem_id,))


def count_attachments(store: Store, problem_id: int) -> int:
    return store.scalar("SELECT COUNT(*) FROM attachments WHERE problem_id = ?", (problem_id,))


def absolute_path(store: Store, attachment: dict) -> Path:
    """Where the file is: as stored, or in this database's own 附件 folder (renamed along with the
    database). The stored place is returned when neither exists, for the error message."""
    stored = store.path.parent / attachment["stored_path"]
    tail = Path(attachment["stored_path"]).parts[1:]
    own = attachments_dir(store).joinpath(*tail) if tail else stored
    return own if not stored.is_file() and own.is_file() else stored


def file_to_open(store: Store, attachment: dict) -> Path:
    """The file to show the user. When it is gone (the database was carried to another folder
    without its 附件 folder), the copy the backups keep in their 附件库 is put back under its own
    name first, so the system viewer knows its type."""
    path = absolute_path(store, attachment)
    if path.is_file():
        return path
    kept = vault_file(store.path, attachment["sha256"])
    if not kept.is_file():
        return path
    tail = Path(attachment["stored_path"]).parts[1:]
    own = attachments_dir(store).joinpath(*tail) if tail else path
    try:
        own.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(kept, own)
        return own
    except OSError:
        return kept


def check_file(store: Store, attachment: dict) -> str:
    """"" when the stored file is there and unchanged, else a Chinese sentence saying what is wrong."""
    path = absolute_path(store, attachment)
    if not path.is_file():
        return f"附件文件不存在：{path}"
    if file_sha256(path) != attachment["sha256"]:
        return f"附件“{attachment['file_name']}”已被改动（校验值不符）。"
    return ""


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"
