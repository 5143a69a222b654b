"""The status machine of a problem: the one table every screen, export and count asks."""
from __future__ import annotations

from models.store import ValidationError
from models.vocab import (
    STATUS_CARRIED,
    STATUS_CLOSE_REQUESTED,
    STATUS_CLOSED,
    STATUS_IN_PROGRESS,
    STATUS_PENDING,
)

# (from, to) -> (action name, whether a reason is required)
TRANSITIONS: dict[tuple[str, str], tuple[str, bool]] = {
    (STATUS_PENDING, STATUS_IN_PROGRESS): ("交办", False),
    (STATUS_IN_PROGRESS, STATUS_CLOSE_REQUESTED): ("申请销号", False),
    (STATUS_CLOSE_REQUESTED, STATUS_CLOSED): ("销号", False),
    (STATUS_CLOSE_REQUESTED, STATUS_IN_PROGRESS): ("退回", True),
    (STATUS_IN_PROGRESS, STATUS_CARRIED): ("转下年度", False),
    (STATUS_PENDING, STATUS_CARRIED): ("转下年度", False),
}


def check_transition(current: str, target: str, reason: str = "") -> str:
    """Return the action name of an allowed change, or raise ValidationError saying why not."""
    key = (current, target)
    if key not in TRANSITIONS:
        raise ValidationError(f"状态为“{current}”的问题不能改为“{target}”。")
    action, needs_reason = TRANSITIONS[key]
    if needs_reason and not reason.strip():
        raise ValidationError(f"{action}需要填写理由。", field="reason")
    return action


def check_editable(store, problem) -> None:
    """Closed and carried-over problems are read-only until reopened."""
    if problem.status in (STATUS_CLOSED, STATUS_CARRIED):
        raise ValidationError(f"该问题状态为“{problem.status}”，已锁定，不能修改。")
