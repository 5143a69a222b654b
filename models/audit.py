"""History (留痕): every change is written to audit_log inside the caller's transaction."""
from __future__ import annotations

from collections.abc import Mapping

from models.store import Store, now_text
from models.sync import changelog

# Chinese labels of stored fields, used in the history view and in audit rows' display.
FIELD_LABELS: dict[str, str] = {
    "number": "编号", "source": "问题来源", "category": "问题类别", "place": "地点",
    "description": "问题描述", "suggestion": "意见建议", "legal_basis": "法条依据",
    "lead_unit_id": "牵头单位", "supervisor_unit_id": "督办部门", "kind": "整改类型",
    "deadline": "整改时限", "status": "状态", "progress": "完成进度", "notes": "备注",
    "cooperating_units": "配合单位", "campaign_id": "监督专题", "carried_from_id": "上年度问题",
    "name": "名称", "short_name": "简称", "year": "年度", "level": "层级", "organizer": "组织机关",
}


def _text(value: object) -> str | None:
    if value is None:
        return None
    return str(value)


def record(store: Store, *, entity: str, entity_id: int | None, action: str,
           problem_id: int | None = None, field: str | None = None,
           old: object = None, new: object = None) -> None:
    """Append one history row. Must be called inside ``store.transaction()``."""
    store.conn.execute(
        "INSERT INTO audit_log(at, user, entity, entity_id, problem_id, action, field, old_value, new_value) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (now_text(), store.user, entity, entity_id, problem_id, action, field, _text(old), _text(new)),
    )
    # the same change, for the exchange between offices (same transaction as the history row)
    changelog.note(store, entity=entity, entity_id=entity_id, action=action, field=field, old=old, new=new)


def record_changes(store: Store, *, entity: str, entity_id: int, before: Mapping, after: Mapping,
                   action: str = "修改", problem_id: int | None = None) -> int:
    """One row per changed field; returns how many fields changed."""
    changed = 0
    for key, new in after.items():
        old = before.get(key)
        if _text(old) != _text(new):
            record(store, entity=entity, entity_id=entity_id, action=action, problem_id=problem_id,
                   field=key, old=old, new=new)
            changed += 1
    return changed


def history(store: Store, *, problem_id: int | None = None, entity: str | None = None,
            entity_id: int | None = None) -> list[dict]:
    """Rows in time order, for a problem (everything touching it) or one entity."""
    if problem_id is not None:
        return store.query("SELECT * FROM audit_log WHERE problem_id = ? ORDER BY id", (problem_id,))
    return store.query("SELECT * FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id",
                       (entity, entity_id))
