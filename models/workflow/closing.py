"""销号 (closing), 退回 (send back) and 重新打开 (reopen).

Closing needs the check recorded (who checked, date, 核查意见) and evidence: at least one
attachment on the problem, or an explicit "无佐证材料" reason. Closing sets 完成进度 to 100.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from models import audit
from models.normalize import normalize_text
from models.store import Store, ValidationError, now_text
from models.vocab import STATUS_CLOSE_REQUESTED, STATUS_CLOSED, STATUS_IN_PROGRESS
from models.workflow import attachments, rules
from models.workflow.common import check_not_future, filled, required_date

NO_EVIDENCE_MESSAGE = "销号需要佐证材料：请添加至少一个附件，或勾选“无佐证材料”并写明原因。"


@dataclass
class ClosingForm:
    """What a person typed in the 销号 dialog; ``attachments`` are more files to copy in."""
    checked_by: str = ""
    check_date: str = ""
    opinion: str = ""
    no_evidence_reason: str = ""
    attachments: list[str] = field(default_factory=list)


def close_problem(store: Store, problem_id: int, form: ClosingForm) -> int:
    """Check and close one 申请销号 problem; returns the closure check's id. One transaction."""
    check_close(store, problem_id)
    checked_by = normalize_text(form.checked_by, multiline=False)
    if not checked_by:
        raise ValidationError("请填写核查人。", field="checked_by")
    check_date = required_date(form.check_date, "check_date", "核查日期")
    check_not_future(check_date, "check_date", "核查日期")
    asked = store.scalar("SELECT max(report_date) FROM progress_reports WHERE problem_id = ? AND requests_closing = 1",
                         (problem_id,))
    if asked and check_date < asked:
        raise ValidationError(f"核查日期 {check_date} 早于单位申请销号的日期 {asked}，请核对。",
                              field="check_date")
    opinion = normalize_text(form.opinion)
    if not opinion:
        raise ValidationError("请填写核查意见。", field="opinion")
    reason = normalize_text(form.no_evidence_reason)
    if not form.attachments and not reason and attachments.count_attachments(store, problem_id) == 0:
        raise ValidationError(NO_EVIDENCE_MESSAGE, field="evidence")
    staged = attachments.stage(store, problem_id, form.attachments)   # copied before the transaction
    with store.transaction() as conn:
        store.on_rollback(lambda: attachments.discard(staged))
        if staged:
            attachments.add_attachments(store, problem_id, staged, purpose="销号佐证")
        cur = conn.execute(
            "INSERT INTO closure_checks(problem_id, checked_by, check_date, opinion, no_evidence_reason, "
            "closed_at, closed_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (problem_id, checked_by, check_date, opinion, reason, now_text(), store.user))
        cid = cur.lastrowid
        audit.record_changes(store, entity="closure_check", entity_id=cid, problem_id=problem_id, action="销号核查",
                             before={}, after=filled({"checked_by": checked_by, "check_date": check_date,
                                                      "opinion": opinion, "no_evidence_reason": reason}))
        rules.apply_transition(store, problem_id, STATUS_CLOSED)
        old = store.scalar("SELECT progress FROM problems WHERE id = ?", (problem_id,))
        if old != 100:
            conn.execute("UPDATE problems SET progress = 100 WHERE id = ?", (problem_id,))
            audit.record(store, entity="problem", entity_id=problem_id, problem_id=problem_id, action="销号",
                         field="progress", old=old, new=100)
    return cid


def check_send_back(store: Store, problem_id: int) -> None:
    status = rules.problem_status(store, problem_id)
    if status != STATUS_CLOSE_REQUESTED:
        raise ValidationError(f"只有申请销号的问题可以退回，该问题状态为“{status}”。", field="status")


def check_reopen(store: Store, problem_id: int) -> None:
    status = rules.problem_status(store, problem_id)
    if status != STATUS_CLOSED:
        raise ValidationError(f"只有已销号的问题可以重新打开，该问题状态为“{status}”。", field="status")


def check_close(store: Store, problem_id: int) -> None:
    rules.check_transition(rules.problem_status(store, problem_id), STATUS_CLOSED)


def send_back(store: Store, problem_id: int, reason: str) -> None:
    """申请销号 → 整改中 (退回): the congress found it not done; the reason is required."""
    check_send_back(store, problem_id)
    rules.apply_transition(store, problem_id, STATUS_IN_PROGRESS, reason=normalize_text(reason))


def reopen(store: Store, problem_id: int, reason: str) -> None:
    """已销号 → 整改中 (重新打开) with a reason; the problem becomes editable again."""
    check_reopen(store, problem_id)
    rules.apply_transition(store, problem_id, STATUS_IN_PROGRESS, reason=normalize_text(reason))


def closure_checks(store: Store, problem_id: int) -> list[dict]:
    """Every check recorded for a problem (a reopened and re-closed one has several), oldest first."""
    return store.query("SELECT * FROM closure_checks WHERE problem_id = ? ORDER BY id", (problem_id,))


def latest_check(store: Store, problem_id: int) -> dict | None:
    rows = closure_checks(store, problem_id)
    return rows[-1] if rows else None
