"""Deadline state (红黄绿): one rule, as a Python function and as SQL for filters and counts."""
from __future__ import annotations

from datetime import date, timedelta

from models.vocab import DEFAULT_WARN_DAYS
from models.workflow.rules import OPEN_STATUSES

OVERDUE = "已逾期"      # red: open and past its deadline
DUE_SOON = "15日内到期"  # yellow: open and due within the warning window
LATER = "15日后到期"     # green
NONE = "无时限"

_OPEN_SQL = "p.status IN (" + ", ".join(f"'{s}'" for s in OPEN_STATUSES) + ")"


def warn_days(store) -> int:
    try:
        return int(store.get_setting("deadline_warn_days", str(DEFAULT_WARN_DAYS)))
    except (TypeError, ValueError):
        return DEFAULT_WARN_DAYS


def bucket_labels(days: int = DEFAULT_WARN_DAYS) -> tuple[str, str, str, str]:
    return (OVERDUE, f"{days}日内到期", f"{days}日后到期", NONE)


def deadline_state(deadline: str | None, status: str, today: date | None = None,
                   days: int = DEFAULT_WARN_DAYS) -> str:
    """OVERDUE / DUE_SOON / LATER / NONE for one problem. Closed or carried-over ones are never red."""
    if not deadline:
        return NONE
    today = today or date.today()
    d = date.fromisoformat(deadline)
    if status in OPEN_STATUSES:
        if d < today:
            return OVERDUE
        if d <= today + timedelta(days=days):
            return DUE_SOON
    return LATER


def state_sql(state: str, today: date | None = None, days: int = DEFAULT_WARN_DAYS) -> tuple[str, tuple]:
    """WHERE fragment (on alias p) selecting the problems in ``state``; agrees with deadline_state."""
    today = today or date.today()
    t = today.isoformat()
    soon = (today + timedelta(days=days)).isoformat()
    if state == OVERDUE:
        return f"(p.deadline IS NOT NULL AND p.deadline < ? AND {_OPEN_SQL})", (t,)
    if state == DUE_SOON:
        return f"(p.deadline IS NOT NULL AND p.deadline >= ? AND p.deadline <= ? AND {_OPEN_SQL})", (t, soon)
    if state == LATER:
        return f"(p.deadline IS NOT NULL AND NOT (p.deadline <= ? AND {_OPEN_SQL}))", (soon,)
    if state == NONE:
        return "(p.deadline IS NULL)", ()
    raise ValueError(state)
