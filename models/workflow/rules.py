"""The status machine of a problem: the one table every screen, export and count asks."""
from __future__ import annotations

from models import audit
from models.store import Store, ValidationError, now_text
from models.vocab import (
    STATUS_CARRIED,
    STATUS_CLOSE_REQUESTED,
    STATUS_CLOSED,
    STATUS_IN_PROGRESS,
    STATUS_PENDING,
    STATUSES,
)

# (from, to) -> (action name, whether a reason is required)
TRANSITIONS: dict[tuple[str, str], tuple[str, bool]] = {
    (STATUS_PENDING, STATUS_IN_PROGRESS): ("交办", False),
    (STATUS_IN_PROGRESS, STATUS_CLOSE_REQUESTED): ("申请销号", False),
    (STATUS_CLOSE_REQUESTED, STATUS_CLOSED): ("销号", False),
    (STATUS_CLOSE_REQUESTED, STATUS_IN_PROGRESS): ("退回", True),
    (STATUS_IN_PROGRESS, STATUS_CARRIED): ("转下年度", False),
    (STATUS_PENDING, STATUS_CARRIED): ("转下年度", False),
    (STATUS_CLOSED, STATUS_IN_PROGRESS): ("重新打开", True),
    # a handover made by mistake: the problem was taken out of its only batch before any report
    (STATUS_IN_PROGRESS, STATUS_PENDING): ("撤回交办", True),
}



def _leaving(action: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(frm for (frm, _to), (name, _r) in TRANSITIONS.items() if name == action))


def _reaching(action: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(to for (_frm, to), (name, _r) in TRANSITIONS.items() if name == action))


# Every set of statuses the program asks about, read off the table above (never listed by hand):
CARRYABLE = _leaving("转下年度")                                  # 待交办, 整改中
HANDOVER_STATUSES = tuple(dict.fromkeys(_leaving("交办") + _reaching("交办")))   # may be (re)handed over
# handed over and not yet closed: progress is reported, the 月调度 lists them
UNDER_RECTIFICATION = tuple(dict.fromkeys(_leaving("申请销号") + _reaching("申请销号")))
LOCKED = tuple(dict.fromkeys(_reaching("销号") + _reaching("转下年度")))   # read-only until reopened
OPEN_STATUSES = tuple(s for s in STATUSES if s not in LOCKED)    # 未办结: 待交办, 整改中, 申请销号

# Why a change not in the table is refused, by target status (shown after the generic sentence).
_HINTS: dict[str, str] = {
    STATUS_IN_PROGRESS: "只有待交办的问题可以交办，申请销号的问题可以退回，已销号的问题可以重新打开。",
    STATUS_CLOSE_REQUESTED: "只有整改中的问题可以申请销号。",
    STATUS_CLOSED: "只有申请销号的问题经核查后才能销号。",
    STATUS_CARRIED: "只有待交办或整改中的问题可以转下年度；申请销号的问题请先销号或退回。",
    STATUS_PENDING: "问题交办后不能再回到待交办；只有交办有误、从交办批次中移出后既无其他交办也无整改进展的"
                    "整改中问题，才会撤回到待交办。",
}


def can(current: str, action: str) -> bool:
    """Whether a problem in ``current`` may take ``action`` (交办, 销号, 退回, 重新打开, 转下年度…)."""
    return any(frm == current and name == action for (frm, _to), (name, _r) in TRANSITIONS.items())


def allowed_targets(current: str) -> list[str]:
    """Statuses a problem in ``current`` may move to, in table order."""
    return [to for (frm, to) in TRANSITIONS if frm == current]


def check_transition(current: str, target: str, reason: str = "") -> str:
    """Return the action name of an allowed change, or raise ValidationError saying why not."""
    key = (current, target)
    if key not in TRANSITIONS:
        hint = _HINTS.get(target, "")
        if current == target:
            raise ValidationError(f"该问题已经是“{current}”状态。", field="status")
        raise ValidationError(f"状态为“{current}”的问题不能改为“{target}”。{hint}", field="status")
    action, needs_reason = TRANSITIONS[key]
    if needs_reason and not (reason or "").strip():
        raise ValidationError(f"{action}需要填写理由。", field="reason")
    return action


def locked_reason(status: str) -> str:
    """Why a problem in ``status`` is read-only ("" when it may be changed)."""
    if status == STATUS_CLOSED:
        return "该问题已销号，已锁定，不能修改。如需修改，请先“重新打开”并填写理由。"
    if status == STATUS_CARRIED:
        return "该问题已转下年度，已锁定，不能修改。请在下一年度专题中修改转入的问题。"
    return ""


def check_editable(store, problem) -> None:
    """Closed and carried-over problems are read-only until reopened."""
    reason = locked_reason(problem.status)
    if reason:
        raise ValidationError(reason)


def _withdraw_guard(store: Store, problem_id: int) -> str:
    """撤回交办 only for a problem with no handover left and no progress report."""
    if store.scalar("SELECT 1 FROM handover_items WHERE problem_id = ? LIMIT 1", (problem_id,)):
        return "该问题还在其他交办批次中，不能撤回到待交办。"
    if store.scalar("SELECT 1 FROM progress_reports WHERE problem_id = ? LIMIT 1", (problem_id,)):
        return "该问题已有整改进展，不能撤回到待交办。"
    return ""


# Changes the table allows only in a certain state of the data: (from, to) -> reason it is refused, or "".
GUARDS = {(STATUS_IN_PROGRESS, STATUS_PENDING): _withdraw_guard}


# ----- correcting a handover batch ----------------------------------------------------------
def check_batch_item_change(number: str, status: str) -> None:
    """A problem's place or deadline in a batch may be corrected unless the problem is locked."""
    reason = locked_reason(status)
    if reason:
        raise ValidationError(f"问题 {number}：{reason}")


def check_item_deadline(number: str, deadline: str | None, handover_date: str) -> None:
    if not deadline:
        raise ValidationError(f"请填写问题 {number} 的整改时限。", field="deadline")
    if deadline < handover_date:
        raise ValidationError(f"问题 {number} 的整改时限（{deadline}）不能早于交办日期（{handover_date}）。",
                              field="deadline")


def check_batch_delete(label: str, problem_count: int) -> None:
    """Only an empty batch may be deleted: its problems are taken out one by one, each with a reason."""
    if problem_count:
        raise ValidationError(f"交办批次“{label}”中还有 {problem_count} 个问题，不能删除。"
                              "请先把问题逐个移出本批次（每个都要写明理由），再删除批次。")


def may_withdraw(store: Store, problem_id: int) -> bool:
    """Whether a problem taken out of a batch goes back to 待交办 (整改中, no handover, no report)."""
    return problem_status(store, problem_id) == STATUS_IN_PROGRESS and not _withdraw_guard(store, problem_id)


def problem_status(store: Store, problem_id: int) -> str:
    status = store.scalar("SELECT status FROM problems WHERE id = ?", (problem_id,))
    if status is None:
        raise ValidationError("该问题已被删除。")
    return status


def apply_transition(store: Store, problem_id: int, target: str, *, reason: str = "",
                     action: str | None = None) -> str:
    """Move one problem to ``target`` if the table allows it; write status and audit rows.

    Runs in (or joins) one transaction. Returns the action name. ``action`` overrides the
    name written to the history (e.g. "转下年度" written by the carry-over with its details).
    """
    reason = (reason or "").strip()
    with store.transaction() as conn:
        current = problem_status(store, problem_id)
        name = check_transition(current, target, reason)
        guard = GUARDS.get((current, target))
        refusal = guard(store, problem_id) if guard else ""
        if refusal:
            raise ValidationError(refusal, field="status")
        conn.execute("UPDATE problems SET status = ?, updated_at = ? WHERE id = ?",
                     (target, now_text(), problem_id))
        audit.record(store, entity="problem", entity_id=problem_id, problem_id=problem_id,
                     action=action or name, field="status", old=current, new=target)
        if reason:
            audit.record(store, entity="problem", entity_id=problem_id, problem_id=problem_id,
                         action=action or name, field="reason", new=reason)
    return action or name
