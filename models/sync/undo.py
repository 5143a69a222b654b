"""撤销 an imported 交换包, like an import: the database goes back to the automatic backup made just
before the import that brought the package in.

What that means, said to the clerk before it is done: the package, the packages imported with it
in the same batch, and every package imported after it are undone together (they are listed by
name); nothing else may be lost, so it is refused when anything other than an import (an edit, a
conflict settled, a report filed) was written after that backup."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from models.store import Store, ValidationError, now_text
from models.sync.apply import ACTION

# history rows an undo may drop: the imports themselves, a key accepted for them, earlier undos
_IMPORT_ACTIONS = (ACTION, "确认更换签名密钥", "撤销交换包")


@dataclass
class UndoPlan:
    package: dict
    backup: Path | None
    undone_with: list[dict]      # the other packages that go back with it (same batch or later)
    refusal: str = ""

    def names(self) -> list[str]:
        return [f"{p['peer_office']}第{p['number']}号" for p in [self.package, *self.undone_with]]


def imported_packages(store: Store) -> list[dict]:
    return store.query("SELECT * FROM sync_packages WHERE direction = 'in' AND undone_at IS NULL ORDER BY id DESC")


def _backup_of(store: Store, package_id: int) -> Path | None:
    path = store.scalar("SELECT old_value FROM audit_log WHERE entity = 'sync_package' AND entity_id = ? AND action = ? "
                        "ORDER BY id DESC LIMIT 1", (package_id, ACTION))
    return Path(path) if path else None


def _last_audit_in(path: Path) -> int | None:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def plan(store: Store, package_id: int) -> UndoPlan:
    """What 撤销 of this package would undo, or why it cannot (``refusal``, one Chinese sentence)."""
    pkg = store.query_one("SELECT * FROM sync_packages WHERE id = ? AND direction = 'in'", (package_id,))
    if pkg is None:
        return UndoPlan({"peer_office": "", "number": 0}, None, [], "找不到这次导入的交换包。")
    backup = _backup_of(store, package_id)
    out = UndoPlan(pkg, backup, [])
    if pkg["undone_at"]:
        out.refusal = "这个交换包已经撤销过了。"
        return out
    if backup is None:
        out.refusal = "导入这个交换包时没有做自动备份（如内存中的数据库），不能撤销。"
        return out
    batch = [p["id"] for p in imported_packages(store) if _backup_of(store, p["id"]) == backup]
    out.undone_with = [p for p in reversed(imported_packages(store)) if p["id"] >= min(batch) and p["id"] != package_id]
    last = _last_audit_in(backup) if backup.is_file() else None
    if last is None:
        out.refusal = "导入前的自动备份已不存在或无法读取，不能撤销。"
        return out
    other = store.query_one(f"SELECT action, entity FROM audit_log WHERE id > ? AND action NOT IN "
                            f"({', '.join('?' * len(_IMPORT_ACTIONS))}) ORDER BY id LIMIT 1", (last, *_IMPORT_ACTIONS))
    if other:
        out.refusal = (f"导入这个交换包之后本机又有其他修改（如“{other['action']}”），撤销会把这些修改一并丢掉，所以不能撤销。"
                       "需要时请逐项改回。")
    return out


def undo_refusal(store: Store, package_id: int) -> str:
    """"" when the package can be undone, else why not (one Chinese sentence)."""
    return plan(store, package_id).refusal


def undo_package(store: Store, package_id: int, progress=None) -> str:
    """Put the database back as it was before the package's import; returns what was undone, in Chinese."""
    p = plan(store, package_id)
    if p.refusal:
        raise ValidationError(p.refusal)
    from models.safety.restore import restore_into  # safety imports the store

    restore_into(store, p.backup, progress=progress)
    from models import audit

    names = "、".join(p.names())
    with store.transaction():
        audit.record(store, entity="sync_package", entity_id=None, action="撤销交换包",
                     old=f"{names}交换包（撤销于{now_text()}）")
    return f"已撤销{names}交换包，数据已回到导入{p.package['peer_office']}第{p.package['number']}号交换包之前的状态。"
