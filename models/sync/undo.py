"""撤销 an imported 交换包, like an import: the database goes back to the copy made just before it,
as long as nothing was written after it (otherwise that work would be lost, and it is refused)."""
from __future__ import annotations

from pathlib import Path

from models.store import Store, ValidationError, now_text
from models.sync.apply import ACTION


def imported_packages(store: Store) -> list[dict]:
    return store.query("SELECT * FROM sync_packages WHERE direction = 'in' ORDER BY id DESC")


def undo_refusal(store: Store, package_id: int) -> str:
    """"" when the package can be undone, else why not (one Chinese sentence)."""
    pkg = store.query_one("SELECT * FROM sync_packages WHERE id = ? AND direction = 'in'", (package_id,))
    if pkg is None:
        return "找不到这次导入的交换包。"
    if pkg["undone_at"]:
        return "这个交换包已经撤销过了。"
    if store.scalar("SELECT max(id) FROM audit_log") != pkg["last_audit_id"]:
        return "导入这个交换包之后又有新的修改或导入，撤销会丢掉这些内容，所以不能撤销。"
    backup = _backup_of(store, package_id)
    if backup is None:
        return "这个交换包是与其他交换包一起成批导入的，不能单独撤销；需要时可从“导入数据前”的自动备份恢复。"
    if not backup.is_file():
        return "导入前的自动备份已不存在，不能撤销。"
    return ""


def _backup_of(store: Store, package_id: int) -> Path | None:
    path = store.scalar("SELECT old_value FROM audit_log WHERE entity = 'sync_package' AND entity_id = ? AND action = ? "
                        "ORDER BY id DESC LIMIT 1", (package_id, ACTION))
    return Path(path) if path else None


def undo_package(store: Store, package_id: int) -> str:
    """Put the database back as it was before the package; returns what was undone, in Chinese."""
    reason = undo_refusal(store, package_id)
    if reason:
        raise ValidationError(reason)
    pkg = store.query_one("SELECT * FROM sync_packages WHERE id = ?", (package_id,))
    from models.safety.restore import restore_into  # safety imports the store

    restore_into(store, _backup_of(store, package_id))
    from models import audit

    with store.transaction():
        audit.record(store, entity="sync_package", entity_id=None, action="撤销交换包",
                     old=f"{pkg['peer_office']}第{pkg['number']}号交换包（导入于{pkg['at']}，撤销于{now_text()}）")
    return f"已撤销{pkg['peer_office']}第{pkg['number']}号交换包，数据已回到导入前的状态。"
