"""内容清单: the campaign's research items (调研内容) and check indicators (检查指标), grouped by
aspect; typed in or imported from a workbook like a problem list."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from models import audit
from models.lists.regulations import article_id_for
from models.normalize import normalize_text
from models.store import Store, ValidationError

ITEM_KINDS = ("检查指标", "调研内容")
IMPORT_COLUMNS = {
    "aspect": ("方面", "检查方面", "类别", "调研方面", "领域", "分类"),
    "kind": ("类型", "内容类型", "项目类型"),
    "text": ("检查内容", "检查指标", "调研内容", "检查项目", "内容", "指标", "检查事项", "调研事项"),
    "legal_basis": ("法律依据", "法条依据", "依据", "政策依据", "检查依据"),
}


@dataclass
class CheckItem:
    text: str
    aspect: str = ""
    kind: str = "检查指标"
    legal_basis: str = ""
    id: int | None = None


def _clean(item: CheckItem) -> CheckItem:
    text = normalize_text(item.text)
    if not text:
        raise ValidationError("请填写检查内容。", field="text")
    kind = item.kind if item.kind in ITEM_KINDS else "检查指标"
    return CheckItem(text=text, aspect=normalize_text(item.aspect, multiline=False), kind=kind,
                     legal_basis=normalize_text(item.legal_basis), id=item.id)


def add_item(store: Store, campaign_id: int, item: CheckItem) -> int:
    it = _clean(item)
    with store.transaction() as conn:
        pos = store.scalar("SELECT COALESCE(MAX(position), 0) + 1 FROM check_items WHERE campaign_id = ?",
                           (campaign_id,))
        cur = conn.execute("INSERT INTO check_items(campaign_id, position, aspect, kind, text, legal_basis, article_id)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?)",
                           (campaign_id, pos, it.aspect, it.kind, it.text, it.legal_basis,
                            article_id_for(store, it.legal_basis)))
        audit.record(store, entity="check_item", entity_id=cur.lastrowid, action="新建检查项", new=it.text[:60])
    return cur.lastrowid


def update_item(store: Store, item: CheckItem) -> None:
    it = _clean(item)
    with store.transaction() as conn:
        before = store.query_one("SELECT * FROM check_items WHERE id = ?", (it.id,))
        if before is None:
            raise ValidationError("该检查项已不存在。")
        conn.execute("UPDATE check_items SET aspect = ?, kind = ?, text = ?, legal_basis = ?, article_id = ?"
                     " WHERE id = ?", (it.aspect, it.kind, it.text, it.legal_basis,
                                       article_id_for(store, it.legal_basis), it.id))
        audit.record_changes(store, entity="check_item", entity_id=it.id, before=before,
                             after={"aspect": it.aspect, "kind": it.kind, "text": it.text,
                                    "legal_basis": it.legal_basis})


def delete_item(store: Store, item_id: int) -> None:
    used = store.scalar("SELECT COUNT(*) FROM inspection_results WHERE check_item_id = ? AND verdict <> ''",
                        (item_id,))
    if used:
        raise ValidationError(f"该检查项已在 {used} 次检查中填写了结果，不能删除。")
    with store.transaction() as conn:
        text = store.scalar("SELECT text FROM check_items WHERE id = ?", (item_id,))
        conn.execute("DELETE FROM check_items WHERE id = ?", (item_id,))
        audit.record(store, entity="check_item", entity_id=item_id, action="删除检查项", old=(text or "")[:60])


def list_items(store: Store, campaign_id: int) -> list[dict]:
    return store.query("SELECT * FROM check_items WHERE campaign_id = ? ORDER BY position", (campaign_id,))


def aspects(store: Store, campaign_id: int) -> list[tuple[str, int, int]]:
    """(aspect, 调研内容 count, 检查指标 count) in list order: "8个方面61个调研点"."""
    rows = store.query(
        "SELECT aspect, SUM(kind = '调研内容') AS research, SUM(kind = '检查指标') AS checks, MIN(position) AS p"
        " FROM check_items WHERE campaign_id = ? GROUP BY aspect ORDER BY p", (campaign_id,))
    return [(r["aspect"], r["research"], r["checks"]) for r in rows]


def import_items(store: Store, campaign_id: int, path: str | Path) -> int:
    """Add the items of a 内容清单 workbook in one transaction; returns how many."""
    from models.lists.table_import import read_list  # the workbook reader loads openpyxl: only when used

    rows = read_list(path, IMPORT_COLUMNS, "text")
    with store.transaction():
        for row in rows:
            kind = row.values.get("kind", "")
            kind = "调研内容" if "调研" in kind else "检查指标"
            add_item(store, campaign_id, CheckItem(text=row.values["text"],
                                                   aspect=row.values.get("aspect") or row.group, kind=kind,
                                                   legal_basis=row.values.get("legal_basis", "")))
    return len(rows)
