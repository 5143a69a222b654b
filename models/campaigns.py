"""Supervision campaigns (监督专题)."""
from __future__ import annotations

from models import audit
from models.domain import Campaign, record_from
from models.normalize import normalize_text, to_halfwidth
from models.store import Store, ValidationError, now_text
from models.vocab import LEVELS


def _clean(c: Campaign) -> Campaign:
    errors: dict[str, str] = {}
    name = normalize_text(c.name, multiline=False)
    if not name:
        errors["name"] = "请填写专题名称。"
    try:
        year = int(to_halfwidth(str(c.year)).strip())
        if not 2000 <= year <= 2100:
            raise ValueError
    except (TypeError, ValueError):
        errors["year"] = "年度应为 2000 到 2100 之间的四位数字。"
        year = 0
    if c.level not in LEVELS:
        errors["level"] = "层级只能是 省、市 或 县。"
    if errors:
        raise ValidationError(next(iter(errors.values())), errors=errors)
    return Campaign(id=c.id, name=name, year=year, level=c.level,
                    organizer=normalize_text(c.organizer, multiline=False),
                    notes=normalize_text(c.notes), previous_id=c.previous_id)


def _check_unique(store: Store, c: Campaign) -> None:
    other = store.scalar("SELECT id FROM campaigns WHERE name = ? AND year = ? AND id IS NOT ?",
                         (c.name, c.year, c.id))
    if other:
        raise ValidationError(f"{c.year}年已有名为“{c.name}”的监督专题。", field="name")


def create_campaign(store: Store, campaign: Campaign) -> int:
    c = _clean(campaign)
    with store.transaction() as conn:
        _check_unique(store, c)
        ts = now_text()
        cur = conn.execute(
            "INSERT INTO campaigns(name, year, level, organizer, notes, previous_id, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (c.name, c.year, c.level, c.organizer, c.notes, c.previous_id, ts, ts))
        cid = cur.lastrowid
        audit.record(store, entity="campaign", entity_id=cid, action="新建", new=c.name)
    return cid


def update_campaign(store: Store, campaign: Campaign) -> None:
    c = _clean(campaign)
    with store.transaction() as conn:
        before = store.query_one("SELECT * FROM campaigns WHERE id = ?", (c.id,))
        if before is None:
            raise ValidationError("该监督专题已不存在。")
        _check_unique(store, c)
        after = {"name": c.name, "year": c.year, "level": c.level, "organizer": c.organizer, "notes": c.notes}
        conn.execute("UPDATE campaigns SET name=?, year=?, level=?, organizer=?, notes=?, updated_at=? WHERE id=?",
                     (c.name, c.year, c.level, c.organizer, c.notes, now_text(), c.id))
        audit.record_changes(store, entity="campaign", entity_id=c.id, before=before, after=after)


def delete_campaign(store: Store, campaign_id: int) -> None:
    n = store.scalar("SELECT COUNT(*) FROM problems WHERE campaign_id = ?", (campaign_id,))
    if n:
        raise ValidationError(f"该监督专题下还有 {n} 个问题，不能删除。请先删除或移走这些问题。")
    with store.transaction() as conn:
        name = store.scalar("SELECT name FROM campaigns WHERE id = ?", (campaign_id,))
        conn.execute("DELETE FROM campaigns WHERE id = ?", (campaign_id,))
        audit.record(store, entity="campaign", entity_id=campaign_id, action="删除", old=name)


def get_campaign(store: Store, campaign_id: int) -> Campaign | None:
    row = store.query_one("SELECT * FROM campaigns WHERE id = ?", (campaign_id,))
    return record_from(Campaign, row) if row else None


def list_campaigns(store: Store) -> list[Campaign]:
    rows = store.query("SELECT * FROM campaigns ORDER BY year DESC, id DESC")
    return [record_from(Campaign, r) for r in rows]


def campaign_counts(store: Store) -> dict[int, int]:
    """Number of problems per campaign id."""
    return {r["campaign_id"]: r["n"] for r in
            store.query("SELECT campaign_id, COUNT(*) AS n FROM problems GROUP BY campaign_id")}
