"""Units (单位): the bodies that fix, cooperate on, supervise or receive problems."""
from __future__ import annotations

import re

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
    """Every unit, grouped by kind in the order of UNIT_KINDS (人民政府 first, as 主送 lists them).
    Within a kind the UI sorts the names by pinyin (ui.widgets.collation)."""
    rank = " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(UNIT_KINDS))
    return [record_from(Unit, r) for r in store.query(
        f"SELECT * FROM units ORDER BY CASE kind {rank} ELSE {len(UNIT_KINDS)} END, name")]


def find_unit(store: Store, text: str) -> Unit | None:
    """Match a typed unit name by full name or short name (spaces and full-width ignored)."""
    name = normalize_name(text)
    if not name:
        return None
    row = store.query_one("SELECT * FROM units WHERE name = ? OR short_name = ? ORDER BY name = ? DESC LIMIT 1",
                          (name, name, name))
    return record_from(Unit, row) if row else None


_TOWN = re.compile(r"(镇|乡|街道|街道办事处|办事处)(人民政府|政府)?$")
_CONGRESS_BODY = re.compile(r"人大(常委会)?.*(委员会|委|办公室|研究室)$|人大常委会(办公室|.*工作委员会|.*委员会)$")


def guess_kind(name: str) -> str:
    """The likely 单位类别 of a new unit from its name (the clerk can still change it):
    城关镇 / 某县城关镇人民政府 → 乡镇/街道; 某县人民政府 → 人民政府; 县人大社会建设委员会 → 人大机关/专门委员会;
    某某区人大常委会 → 下级人大常委会; 县民政局 → 政府部门."""
    n = normalize_name(name)
    if not n:
        return "政府部门"
    if _TOWN.search(n):
        return "乡镇/街道"
    if _CONGRESS_BODY.search(n):
        return "人大机关/专门委员会"
    if n.endswith(("人大常委会", "人民代表大会常务委员会")):
        return "下级人大常委会"
    if n.endswith(("人民政府", "政府")):
        return "人民政府"
    if n.endswith(("局", "委", "委员会", "办", "办公室", "厅", "中心", "站", "所", "队")):
        return "政府部门"
    return "其他"
