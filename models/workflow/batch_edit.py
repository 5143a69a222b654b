"""Correcting a handover batch whose problems were picked wrongly: take a problem out (with a
reason), change one problem's deadline in the batch, delete a batch left empty.

The rules (what may change, what a removal does to the status) live in ``rules``; this module
writes the rows and the history. A problem taken out of its only batch before any report goes
back to 待交办 through the status machine (撤回交办), and its deadline returns to what it was
before the handover when the batch had set it.
"""
from __future__ import annotations

from models import audit
from models.normalize import normalize_text
from models.store import Store, ValidationError, now_text
from models.vocab import STATUS_PENDING
from models.workflow import rules
from models.workflow.common import optional_date
from models.workflow.handover import HandoverForm, get_batch, update_batch


def _item(store: Store, batch_id: int, problem_id: int) -> dict:
    row = store.query_one(
        "SELECT i.deadline AS item_deadline, p.number, p.status, p.deadline, b.handover_date, "
        "coalesce(nullif(b.doc_number, ''), b.occasion) AS head FROM handover_items i "
        "JOIN problems p ON p.id = i.problem_id JOIN handover_batches b ON b.id = i.batch_id "
        "WHERE i.batch_id = ? AND i.problem_id = ?", (batch_id, problem_id))
    if row is None:
        raise ValidationError("该问题已不在这个交办批次中，请刷新后重试。")
    row["label"] = f"{row['head']}（{row['handover_date']}）"
    return row


def _set_deadline(store: Store, problem_id: int, old: str | None, new: str | None, action: str) -> None:
    if new == old:
        return
    store.conn.execute("UPDATE problems SET deadline = ?, updated_at = ? WHERE id = ?", (new, now_text(), problem_id))
    audit.record(store, entity="problem", entity_id=problem_id, problem_id=problem_id, action=action,
                 field="deadline", old=old, new=new)


def _deadline_after_removal(store: Store, problem_id: int, item: dict) -> str | None:
    """The deadline a problem keeps once this batch is gone: unchanged unless the batch set it;
    then the latest remaining handover's, else the one it had before it was first handed over."""
    if item["deadline"] != item["item_deadline"]:
        return item["deadline"]    # changed by hand since: the person's word stands
    rest = store.query_one("SELECT i.deadline FROM handover_items i JOIN handover_batches b ON b.id = i.batch_id "
                           "WHERE i.problem_id = ? ORDER BY b.handover_date DESC, b.id DESC LIMIT 1", (problem_id,))
    if rest is not None:
        return rest["deadline"] or item["deadline"]
    before = store.query_one("SELECT old_value FROM audit_log WHERE problem_id = ? AND entity = 'problem' "
                             "AND action = '交办' AND field = 'deadline' ORDER BY id LIMIT 1", (problem_id,))
    return before["old_value"] if before is not None else item["deadline"]


def remove_from_batch(store: Store, batch_id: int, problem_id: int, reason: str) -> str:
    """Take a problem out of a batch; returns its status afterwards. One transaction."""
    reason = normalize_text(reason)
    if not reason:
        raise ValidationError("把问题移出交办批次需要填写理由。", field="reason")
    with store.transaction() as conn:
        item = _item(store, batch_id, problem_id)
        rules.check_batch_item_change(item["number"], item["status"])
        conn.execute("DELETE FROM handover_items WHERE batch_id = ? AND problem_id = ?", (batch_id, problem_id))
        conn.execute("UPDATE handover_batches SET updated_at = ? WHERE id = ?", (now_text(), batch_id))
        for field, old, new in (("handover", item["label"], "已移出"), ("reason", None, reason)):
            audit.record(store, entity="problem", entity_id=problem_id, problem_id=problem_id,
                         action="移出交办批次", field=field, old=old, new=new)
        audit.record(store, entity="handover_batch", entity_id=batch_id, action="移出问题", field="problem",
                     old=item["number"], new=f"理由：{reason}")
        _set_deadline(store, problem_id, item["deadline"], _deadline_after_removal(store, problem_id, item),
                      "移出交办批次")
        if rules.may_withdraw(store, problem_id):
            rules.apply_transition(store, problem_id, STATUS_PENDING, reason=reason)
        return rules.problem_status(store, problem_id)


def removal_refusal(store: Store, batch_id: int, problem_id: int) -> str:
    """Why a problem cannot be taken out of a batch now ("" when it can, given a reason)."""
    try:
        item = _item(store, batch_id, problem_id)
        rules.check_batch_item_change(item["number"], item["status"])
    except ValidationError as exc:
        return str(exc)
    return ""


def set_item_deadline(store: Store, batch_id: int, problem_id: int, text: str) -> bool:
    """Change one problem's deadline in a batch; the problem's own deadline follows when it still
    is the batch's old one and this is its latest handover. True when something changed."""
    with store.transaction() as conn:
        item = _item(store, batch_id, problem_id)
        rules.check_batch_item_change(item["number"], item["status"])
        new = optional_date(text, "deadline", f"问题 {item['number']} 的整改时限")
        rules.check_item_deadline(item["number"], new, item["handover_date"])
        old = item["item_deadline"]
        if new == old:
            return False
        conn.execute("UPDATE handover_items SET deadline = ? WHERE batch_id = ? AND problem_id = ?",
                     (new, batch_id, problem_id))
        audit.record(store, entity="problem", entity_id=problem_id, problem_id=problem_id, action="修改交办时限",
                     field="handover_deadline", old=f"{item['label']} {old or '无'}", new=new)
        latest = store.scalar("SELECT i.batch_id FROM handover_items i JOIN handover_batches b ON b.id = i.batch_id "
                              "WHERE i.problem_id = ? ORDER BY b.handover_date DESC, b.id DESC LIMIT 1", (problem_id,))
        if latest == batch_id and item["deadline"] == old:
            _set_deadline(store, problem_id, old, new, "修改交办时限")
    return True


def set_item_deadlines(store: Store, batch_id: int, deadlines: dict[int, str]) -> int:
    """Several problems' deadlines of one batch in one transaction; returns how many changed."""
    with store.transaction():
        return sum(set_item_deadline(store, batch_id, pid, text) for pid, text in deadlines.items())


def correct_batch(store: Store, batch_id: int, form: HandoverForm, deadlines: dict[int, str]) -> None:
    """The 修改交办批次 dialog's 保存: header and changed per-problem deadlines in one transaction."""
    with store.transaction():
        update_batch(store, batch_id, form)
        set_item_deadlines(store, batch_id, deadlines)


def delete_batch(store: Store, batch_id: int) -> None:
    """Delete a batch that has no problems left (its recipients go with it)."""
    batch = get_batch(store, batch_id)
    if batch is None:
        raise ValidationError("该交办批次已不存在。")
    with store.transaction() as conn:
        n = store.scalar("SELECT COUNT(*) FROM handover_items WHERE batch_id = ?", (batch_id,))
        rules.check_batch_delete(batch.label, n)
        conn.execute("DELETE FROM handover_batches WHERE id = ?", (batch_id,))
        audit.record(store, entity="handover_batch", entity_id=batch_id, action="删除交办批次", old=batch.label)
