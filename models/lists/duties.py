"""责任清单: per unit, its duties in the campaign's field, with their legal basis; imported from
Excel like a problem list; a problem can name the duty it concerns."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from models import audit
from models.lists import regulations
from models.normalize import normalize_text
from models.store import Store, ValidationError
from models.units import find_unit

IMPORT_COLUMNS = {
    "unit": ("责任单位", "单位", "部门", "责任部门", "单位名称"),
    "text": ("职责", "主要职责", "职责内容", "工作职责", "责任内容", "责任事项"),
    "legal_basis": ("法律依据", "法条依据", "依据", "政策依据", "法规依据"),
}


@dataclass
class Duty:
    unit_id: int
    text: str
    legal_basis: str = ""
    id: int | None = None


def add_duty(store: Store, campaign_id: int, duty: Duty) -> int:
    text = normalize_text(duty.text)
    if not text:
        raise ValidationError("请填写职责内容。", field="text")
    if not store.scalar("SELECT 1 FROM units WHERE id = ?", (duty.unit_id,)):
        raise ValidationError("请选择责任单位。", field="unit")
    basis = normalize_text(duty.legal_basis)
    with store.transaction() as conn:
        pos = store.scalar("SELECT COALESCE(MAX(position), 0) + 1 FROM duties WHERE campaign_id = ?", (campaign_id,))
        cur = conn.execute("INSERT INTO duties(campaign_id, unit_id, position, text, legal_basis, article_id)"
                           " VALUES (?, ?, ?, ?, ?, ?)",
                           (campaign_id, duty.unit_id, pos, text, basis, regulations.article_id_for(store, basis)))
        audit.record(store, entity="duty", entity_id=cur.lastrowid, action="新建职责", new=text[:60])
    return cur.lastrowid


def update_duty(store: Store, duty: Duty) -> None:
    text = normalize_text(duty.text)
    if not text:
        raise ValidationError("请填写职责内容。", field="text")
    basis = normalize_text(duty.legal_basis)
    with store.transaction() as conn:
        before = store.query_one("SELECT * FROM duties WHERE id = ?", (duty.id,))
        if before is None:
            raise ValidationError("该职责已不存在。")
        conn.execute("UPDATE duties SET unit_id = ?, text = ?, legal_basis = ?, article_id = ? WHERE id = ?",
                     (duty.unit_id, text, basis, regulations.article_id_for(store, basis), duty.id))
        audit.record_changes(store, entity="duty", entity_id=duty.id, before=before,
                             after={"text": text, "legal_basis": basis})


def delete_duty(store: Store, duty_id: int) -> None:
    """Problems naming it keep their text; their link to the duty is cleared."""
    with store.transaction() as conn:
        text = store.scalar("SELECT text FROM duties WHERE id = ?", (duty_id,))
        conn.execute("DELETE FROM duties WHERE id = ?", (duty_id,))
        audit.record(store, entity="duty", entity_id=duty_id, action="删除职责", old=(text or "")[:60])


def list_duties(store: Store, campaign_id: int) -> list[dict]:
    """Duties with their unit's name and how many problems name them, in unit then list order."""
    return store.query(
        "SELECT d.*, u.name AS unit_name, (SELECT COUNT(*) FROM problems p WHERE p.duty_id = d.id) AS problems"
        " FROM duties d JOIN units u ON u.id = d.unit_id WHERE d.campaign_id = ?"
        " ORDER BY (SELECT MIN(position) FROM duties x WHERE x.unit_id = d.unit_id AND x.campaign_id = d.campaign_id),"
        " d.position", (campaign_id,))


def duty_choices(store: Store, campaign_id: int, unit_id: int | None = None) -> list[tuple[int, str]]:
    """(id, "单位：职责…") for a picker, the given unit's duties first."""
    rows = list_duties(store, campaign_id)
    rows.sort(key=lambda r: r["unit_id"] != unit_id)
    return [(r["id"], f"{r['unit_name']}：{r['text'][:40]}") for r in rows]


def problems_per_duty(store: Store, campaign_id: int) -> list[dict]:
    """For 总览: each duty that problems name, with the count (most first)."""
    return store.query(
        "SELECT d.id, u.name AS unit_name, d.text, COUNT(p.id) AS problems FROM duties d"
        " JOIN units u ON u.id = d.unit_id JOIN problems p ON p.duty_id = d.id"
        " WHERE d.campaign_id = ? GROUP BY d.id ORDER BY problems DESC, d.position", (campaign_id,))


@dataclass
class DutyImport:
    added: int
    skipped: list[str]   # "第N行：原因"


def import_duties(store: Store, campaign_id: int, path: str | Path) -> DutyImport:
    """Read a 责任清单 workbook and add its duties in one transaction. Units must be registered;
    rows naming an unknown unit are listed and nothing of them is added. A section row
    ("一、县民政局") names the unit for the rows below it when the sheet has no 单位 column."""
    from models.lists.table_import import read_list  # the workbook reader loads openpyxl: only when used

    rows = read_list(path, IMPORT_COLUMNS, "text")
    skipped: list[str] = []
    plan: list[Duty] = []
    for row in rows:
        name = row.values.get("unit") or row.group
        unit = find_unit(store, name) if name else None
        if unit is None:
            skipped.append(f"第{row.row_number}行：单位“{name or '（空）'}”尚未登记")
            continue
        plan.append(Duty(unit_id=unit.id, text=row.values["text"], legal_basis=row.values.get("legal_basis", "")))
    if not plan:
        raise ValidationError("没有可导入的职责：" + "；".join(skipped[:5]))
    with store.transaction():
        for duty in plan:
            add_duty(store, campaign_id, duty)
    return DutyImport(added=len(plan), skipped=skipped)
