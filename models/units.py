"""Units (单位): the bodies that fix, cooperate on, supervise or receive problems."""
from __future__ import annotations

from models import audit, search
from models.domain import Unit, record_from
from models.normalize import normalize_name, normalize_text
from models.store import Store, ValidationError, now_text
from models.vocab import UNIT_KINDS


def _clean(u: Unit) -> Unit:
    errors: dict[str, str] = {}
    name = normalize_name(u.name)
    if not name:
        errors["name"] = "请填写单位全称。"
    if u.kind not in UNIT_KINDS:
        errors["kind"] = "请选择单位类别。"
    if errors:
        raise ValidationError(next(iter(errors.values())), errors=errors)
    return Unit(id=u.id, name=name, short_name=normalize_name(u.short_name), kind=u.kind,
                notes=normalize_text(u.notes))


def _check_unique(store: Store, u: Unit) -> None:
    other = store.query_one("SELECT id, name FROM units WHERE (name = ? OR (short_name <> '' AND short_name = ?)) "
                            "AND id IS NOT ?", (u.name, u.name, u.id))
    if other:
        raise ValidationError(f"已有单位“{other['name']}”，不能重复添加。", field="name")
    if u.short_name:
        # a short name must point at one unit only, or typing it would be ambiguous
        other = store.query_one("SELECT id, name FROM units WHERE (name = ? OR short_name = ?) AND id IS NOT ?",
                                (u.short_name, u.short_name, u.id))
        if other:
            raise ValidationError(f"简称“{u.short_name}”已被单位“{other['name']}”使用，请换一个简称。",
                                  field="short_name")


def create_unit(store: Store, unit: Unit) -> int:
    u = _clean(unit)
    with store.transaction() as conn:
        _check_unique(store, u)
        ts = now_text()
        cur = conn.execute("INSERT INTO units(name, short_name, kind, notes, created_at, updated_at) "
                           "VALUES (?, ?, ?, ?, ?, ?)", (u.name, u.short_name, u.kind, u.notes, ts, ts))
        uid = cur.lastrowid
        audit.record(store, entity="unit", entity_id=uid, action="新建", new=u.name)
    return uid


def update_unit(store: Store, unit: Unit) -> None:
    u = _clean(unit)
    with store.transaction() as conn:
        before = store.query_one("SELECT * FROM units WHERE id = ?", (u.id,))
        if before is None:
            raise ValidationError("该单位已不存在。")
        _check_unique(store, u)
        conn.execute("UPDATE units SET name=?, short_name=?, kind=?, notes=?, updated_at=? WHERE id=?",
                     (u.name, u.short_name, u.kind, u.notes, now_text(), u.id))
        audit.record_changes(store, entity="unit", entity_id=u.id, before=before,
                             after={"name": u.name, "short_name": u.short_name, "kind": u.kind, "notes": u.notes})
        if before["name"] != u.name or before["short_name"] != u.short_name:
            search.reindex(conn, "p.lead_unit_id = ? OR p.supervisor_unit_id = ? OR p.id IN "
                           "(SELECT problem_id FROM problem_units WHERE unit_id = ?)", (u.id, u.id, u.id))


def unit_usage(store: Store, unit_id: int) -> int:
    return store.scalar(
        "SELECT (SELECT COUNT(*) FROM problems WHERE lead_unit_id = :u OR supervisor_unit_id = :u)"
        " + (SELECT COUNT(*) FROM problem_units WHERE unit_id = :u)", {"u": unit_id})


def usage_counts(store: Store) -> dict[int, int]:
    """How many problem references each unit has (lead, supervisor, cooperating), for the units page."""
    rows = store.query(
        "SELECT uid, COUNT(*) AS n FROM ("
        " SELECT lead_unit_id AS uid FROM problems WHERE lead_unit_id IS NOT NULL"
        " UNION ALL SELECT supervisor_unit_id FROM problems WHERE supervisor_unit_id IS NOT NULL"
        " UNION ALL SELECT unit_id FROM problem_units) GROUP BY uid")
    return {r["uid"]: r["n"] for r in rows}


def delete_unit(store: Store, unit_id: int) -> None:
    used = unit_usage(store, unit_id)
    if used:
        raise ValidationError(f"该单位在 {used} 个问题中被引用，不能删除。")
    if store.scalar("SELECT EXISTS (SELECT 1 FROM handover_recipients WHERE unit_id = :u)"
                    " OR EXISTS (SELECT 1 FROM progress_reports WHERE unit_id = :u)"
                    " OR EXISTS (SELECT 1 FROM evaluations WHERE unit_id = :u)"
                    " OR EXISTS (SELECT 1 FROM evaluation_counts WHERE unit_id = :u)", {"u": unit_id}):
        raise ValidationError("该单位出现在交办批次、整改进展或满意度测评的记录中，不能删除。")
    with store.transaction() as conn:
        name = store.scalar("SELECT name FROM units WHERE id = ?", (unit_id,))
        conn.execute("DELETE FROM units WHERE id = ?", (unit_id,))
        audit.record(store, entity="unit", entity_id=unit_id, action="删除", old=name)


def get_unit(store: Store, unit_id: int) -> Unit | None:
    row = store.query_one("SELECT * FROM units WHERE id = ?", (unit_id,))
    return record_from(Unit, row) if row else None


def list_units(store: Store) -> list[Unit]:
    return [record_from(Unit, r) for r in store.query("SELECT * FROM units ORDER BY kind, name")]


def find_unit(store: Store, text: str) -> Unit | None:
    """Match a typed unit name by full name or short name (spaces and full-width ignored)."""
    name = normalize_name(text)
    if not name:
        return None
    row = store.query_one("SELECT * FROM units WHERE name = ? OR short_name = ? ORDER BY name = ? DESC LIMIT 1",
                          (name, name, name))
    return record_from(Unit, row) if row else None
