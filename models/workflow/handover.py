"""Handover batches (交办批次): a 文号, a date, a meeting, the organ, recipients, problems with deadlines.

Creating a batch moves its 待交办 problems to 整改中; a problem already 整改中 may be handed over
again (e.g. from the province, then on to a county unit): the new handover is kept beside the
old one and its status stays.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from models import audit
from models.normalize import normalize_text, to_halfwidth
from models.store import Store, ValidationError, now_text
from models.vocab import STATUS_CLOSED, STATUS_IN_PROGRESS, STATUS_PENDING
from models.workflow import doc_numbers, rules
from models.workflow.common import (
    filled,
    id_list,
    lead_unit_full_name,
    optional_date,
    required_date,
    split_by_status,
    unit_id_for,
    unit_name,
)


@dataclass
class HandoverForm:
    """What a person typed in the 交办 dialog (text; units by name)."""
    doc_number: str = ""
    handover_date: str = ""
    occasion: str = ""
    organ: str = ""
    default_deadline: str = ""
    recipients: list[str] = field(default_factory=list)
    notes: str = ""


@dataclass
class HandoverBatch:
    id: int
    campaign_id: int
    doc_number: str
    handover_date: str
    occasion: str
    organ: str
    default_deadline: str | None
    notes: str
    recipient_ids: list[int]

    @property
    def label(self) -> str:
        head = self.doc_number or self.occasion or "交办"
        return f"{head}（{self.handover_date}）"


def normalize_doc_number(text: str) -> str:
    """某人常办[2024]12号 / (2024) / 【2024】 → 某人常办〔2024〕12号 (GB/T 9704 brackets)."""
    t = normalize_text(to_halfwidth(text or ""), multiline=False).replace(" ", "")
    return re.sub(r"[\[(（【〔](\d{4})[\])）】〕]", r"〔\1〕", t)


def _clean_header(store: Store, form: HandoverForm) -> dict:
    header = {
        "doc_number": normalize_doc_number(form.doc_number),
        "handover_date": required_date(form.handover_date, "handover_date", "交办日期"),
        "occasion": normalize_text(form.occasion, multiline=False),
        "organ": normalize_text(form.organ, multiline=False),
        "default_deadline": optional_date(form.default_deadline, "default_deadline", "默认整改时限"),
        "notes": normalize_text(form.notes),
    }
    if not header["doc_number"] and not header["occasion"]:
        raise ValidationError("请填写交办文号或交办会议名称（至少一项）。", field="doc_number")
    if header["default_deadline"] and header["default_deadline"] < header["handover_date"]:
        raise ValidationError("默认整改时限不能早于交办日期。", field="default_deadline")
    return header


def _recipient_ids(store: Store, names: list[str]) -> list[int]:
    ids: list[int] = []
    for name in names:
        if not normalize_text(name, multiline=False):
            continue
        uid = unit_id_for(store, name, "recipients", "承办单位")
        if uid not in ids:
            ids.append(uid)
    return ids


def _recipient_text(store: Store, ids: list[int]) -> str:
    return "、".join(unit_name(store, i) for i in ids)


def create_batch(store: Store, campaign_id: int, form: HandoverForm, problem_ids: list[int],
                 deadlines: dict[int, str] | None = None) -> int:
    """Record a handover of ``problem_ids``; per-problem ``deadlines`` (text) override the default.

    Each problem's deadline becomes its item's deadline (else the batch default, else unchanged).
    """
    header = _clean_header(store, form)
    doc_numbers.check_batch_number(store, header["doc_number"])
    recipients = _recipient_ids(store, form.recipients)
    ids = list(dict.fromkeys(int(i) for i in problem_ids))
    if not ids:
        raise ValidationError("请至少选择一个要交办的问题。", field="problems")
    deadlines = deadlines or {}
    with store.transaction() as conn:
        rows = {r["id"]: r for r in store.query(
            "SELECT id, number, status, deadline, campaign_id FROM problems "
            "WHERE id IN (SELECT value FROM json_each(?))", (id_list(ids),))}
        missing = [i for i in ids if i not in rows]
        if missing:
            raise ValidationError("所选问题中有已被删除的，请刷新后重试。", field="problems")
        other = [rows[i]["number"] for i in ids if rows[i]["campaign_id"] != campaign_id]
        if other:
            raise ValidationError(f"问题 {'、'.join(other)} 不属于当前监督专题，不能放在同一批次交办。", field="problems")
        refused = [f"{rows[i]['number']}（{rows[i]['status']}）" for i in ids
                   if rows[i]["status"] not in rules.HANDOVER_STATUSES]
        if refused:
            raise ValidationError(f"只有待交办或整改中的问题可以交办，以下问题不能交办：{'、'.join(refused)}。",
                                  field="problems")
        item_deadlines: dict[int, str | None] = {}
        for i in ids:
            label = f"问题 {rows[i]['number']} 的整改时限"
            d = optional_date(deadlines.get(i, ""), "deadline", label) or header["default_deadline"]
            if d and d < header["handover_date"]:
                raise ValidationError(f"{label}不能早于交办日期。", field="deadline")
            item_deadlines[i] = d
        ts = now_text()
        cur = conn.execute(
            "INSERT INTO handover_batches(campaign_id, doc_number, handover_date, occasion, organ, "
            "default_deadline, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (campaign_id, header["doc_number"], header["handover_date"], header["occasion"], header["organ"],
             header["default_deadline"], header["notes"], ts, ts))
        batch_id = cur.lastrowid
        conn.executemany("INSERT INTO handover_recipients(batch_id, unit_id, position) VALUES (?, ?, ?)",
                         [(batch_id, u, n) for n, u in enumerate(recipients)])
        audit.record_changes(store, entity="handover_batch", entity_id=batch_id, action="新建交办批次",
                             before={}, after=filled({**header, "recipients": _recipient_text(store, recipients),
                                                      "problem_count": len(ids)}))
        label = f"{header['doc_number'] or header['occasion']}（{header['handover_date']}）"
        for pos, pid in enumerate(ids):
            row = rows[pid]
            d = item_deadlines[pid] or row["deadline"]
            conn.execute("INSERT INTO handover_items(batch_id, problem_id, deadline, position) VALUES (?, ?, ?, ?)",
                         (batch_id, pid, d, pos))
            audit.record(store, entity="problem", entity_id=pid, problem_id=pid, action="交办",
                         field="handover", new=label)
            if row["status"] == STATUS_PENDING:
                rules.apply_transition(store, pid, STATUS_IN_PROGRESS)
            if d != row["deadline"]:
                conn.execute("UPDATE problems SET deadline = ?, updated_at = ? WHERE id = ?", (d, ts, pid))
                audit.record(store, entity="problem", entity_id=pid, problem_id=pid, action="交办",
                             field="deadline", old=row["deadline"], new=d)
    return batch_id


def update_batch(store: Store, batch_id: int, form: HandoverForm) -> None:
    """Correct a batch's header (文号, date, meeting, organ, recipients, notes); problems stay."""
    before = get_batch(store, batch_id)
    if before is None:
        raise ValidationError("该交办批次已不存在。")
    header = _clean_header(store, form)
    doc_numbers.check_batch_number(store, header["doc_number"], batch_id)
    recipients = _recipient_ids(store, form.recipients)
    with store.transaction() as conn:
        if header["handover_date"] > before.handover_date:
            _check_later_date(store, batch_id, header["handover_date"])
        conn.execute("UPDATE handover_batches SET doc_number=?, handover_date=?, occasion=?, organ=?, "
                     "default_deadline=?, notes=?, updated_at=? WHERE id=?",
                     (header["doc_number"], header["handover_date"], header["occasion"], header["organ"],
                      header["default_deadline"], header["notes"], now_text(), batch_id))
        conn.execute("DELETE FROM handover_recipients WHERE batch_id = ?", (batch_id,))
        conn.executemany("INSERT INTO handover_recipients(batch_id, unit_id, position) VALUES (?, ?, ?)",
                         [(batch_id, u, n) for n, u in enumerate(recipients)])
        old = {k: getattr(before, k) for k in header}
        old["recipients"] = _recipient_text(store, before.recipient_ids)
        audit.record_changes(store, entity="handover_batch", entity_id=batch_id, action="修改交办批次",
                             before=old, after={**header, "recipients": _recipient_text(store, recipients)})


def _check_later_date(store: Store, batch_id: int, new_date: str) -> None:
    """A batch's date moved later must stay before its problems' deadlines in it, and must not
    leave a report dated before the problem's first handover."""
    early = store.query_one("SELECT p.number, i.deadline FROM handover_items i JOIN problems p ON p.id = i.problem_id "
                            "WHERE i.batch_id = ? AND i.deadline < ? ORDER BY i.deadline LIMIT 1", (batch_id, new_date))
    if early:
        raise ValidationError(f"问题 {early['number']} 在本批次的整改时限（{early['deadline']}）早于新的交办日期"
                              f"（{new_date}），请先修改该时限。", field="handover_date")
    report = store.query_one(
        "SELECT p.number, min(r.report_date) AS first FROM handover_items i JOIN problems p ON p.id = i.problem_id "
        "JOIN progress_reports r ON r.problem_id = p.id WHERE i.batch_id = ? AND NOT EXISTS ("
        " SELECT 1 FROM handover_items o JOIN handover_batches b ON b.id = o.batch_id WHERE o.problem_id = p.id "
        " AND o.batch_id <> ? AND b.handover_date <= r.report_date) "
        "GROUP BY p.id HAVING first < ? ORDER BY first LIMIT 1", (batch_id, batch_id, new_date))
    if report:
        raise ValidationError(f"问题 {report['number']} 已有 {report['first']} 的整改进展，交办日期不能晚于它。",
                              field="handover_date")


def get_batch(store: Store, batch_id: int) -> HandoverBatch | None:
    row = store.query_one("SELECT * FROM handover_batches WHERE id = ?", (batch_id,))
    if row is None:
        return None
    rec = store.column("SELECT unit_id FROM handover_recipients WHERE batch_id = ? ORDER BY position", (batch_id,))
    return HandoverBatch(id=row["id"], campaign_id=row["campaign_id"], doc_number=row["doc_number"],
                         handover_date=row["handover_date"], occasion=row["occasion"], organ=row["organ"],
                         default_deadline=row["default_deadline"], notes=row["notes"], recipient_ids=rec)


def form_from_batch(store: Store, batch: HandoverBatch) -> HandoverForm:
    return HandoverForm(doc_number=batch.doc_number, handover_date=batch.handover_date, occasion=batch.occasion,
                        organ=batch.organ, default_deadline=batch.default_deadline or "",
                        recipients=[store.scalar("SELECT name FROM units WHERE id = ?", (u,)) for u in
                                    batch.recipient_ids], notes=batch.notes)


_RECIPIENTS = ("(SELECT group_concat(coalesce(nullif(u.short_name, ''), u.name), '、') FROM handover_recipients r "
               "JOIN units u ON u.id = r.unit_id WHERE r.batch_id = b.id ORDER BY r.position)")


def list_batches(store: Store, campaign_id: int) -> list[dict]:
    """Batches of a campaign, newest first, with problem counts and how many are done."""
    return store.query(
        f"SELECT b.*, {_RECIPIENTS} AS recipients, "
        "(SELECT COUNT(*) FROM handover_items i WHERE i.batch_id = b.id) AS problem_count, "
        "(SELECT COUNT(*) FROM handover_items i JOIN problems p ON p.id = i.problem_id "
        " WHERE i.batch_id = b.id AND p.status = ?) AS closed_count "
        "FROM handover_batches b WHERE b.campaign_id = ? ORDER BY b.handover_date DESC, b.id DESC",
        (STATUS_CLOSED, campaign_id))


def batch_items(store: Store, batch_id: int) -> list[dict]:
    """The problems of a batch in their order: number, description, lead unit, deadline in the batch,
    the problem's own deadline, status, progress."""
    return store.query(
        "SELECT p.id AS problem_id, p.number, p.description, p.status, p.progress, i.deadline, "
        "p.deadline AS problem_deadline, "
        "coalesce(nullif(u.short_name, ''), u.name) AS lead_unit "
        "FROM handover_items i JOIN problems p ON p.id = i.problem_id "
        "LEFT JOIN units u ON u.id = p.lead_unit_id WHERE i.batch_id = ? ORDER BY i.position, p.number",
        (batch_id,))


def problem_handovers(store: Store, problem_id: int) -> list[dict]:
    """Every handover of one problem, oldest first (a problem handed over twice shows twice)."""
    return store.query(
        f"SELECT b.id AS batch_id, b.doc_number, b.handover_date, b.occasion, b.organ, i.deadline, "
        f"{_RECIPIENTS} AS recipients FROM handover_items i JOIN handover_batches b ON b.id = i.batch_id "
        "WHERE i.problem_id = ? ORDER BY b.handover_date, b.id", (problem_id,))


def suggested_recipients(store: Store, problem_ids: list[int]) -> list[str]:
    """Lead units of the selected problems (full names), in first-seen order: the default recipients."""
    names: list[str] = []
    for pid in problem_ids:
        name = lead_unit_full_name(store, pid)
        if name and name not in names:
            names.append(name)
    return names


def handover_candidates(store: Store, problem_ids: list[int]) -> tuple[list[int], dict[int, str]]:
    """Split a selection into problems that may be handed over and {id: reason} for the others."""
    return split_by_status(store, problem_ids, rules.HANDOVER_STATUSES, "不能交办")


def problem_rows(store: Store, problem_ids: list[int]) -> list[dict]:
    """Rows for the 交办 dialog's list, in the given order: number, description, lead unit, status, deadline."""
    rows = {r["id"]: r for r in store.query(
        "SELECT p.id, p.number, p.description, p.status, p.deadline, "
        "coalesce(nullif(u.short_name, ''), u.name) AS lead_unit FROM problems p "
        "LEFT JOIN units u ON u.id = p.lead_unit_id WHERE p.id IN (SELECT value FROM json_each(?))",
        (id_list(problem_ids),))}
    return [rows[i] for i in problem_ids if i in rows]


def open_problem_ids(store: Store, campaign_id: int) -> list[int]:
    """Problems of a campaign that may be handed over (待交办 first, then 整改中), by number."""
    return store.column("SELECT id FROM problems WHERE campaign_id = ? AND status IN (?, ?) "
                        "ORDER BY status = ? DESC, number", (campaign_id, *rules.HANDOVER_STATUSES, STATUS_PENDING))
