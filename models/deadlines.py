"""Deadline state (红黄绿): one rule, as a Python function and as SQL for filters and counts.

逾期 (overdue) has ONE meaning everywhere (ledger colour, filters, 总览, 今日提醒, 月调度, 简报):
the problem was handed over, is still open (整改中 / 申请销号) and its deadline has passed.
A 待交办 problem past its planned date was never given to anyone, so it is not overdue: it is
PENDING_LATE ("待交办已超过计划时限"), a reminder to the office itself.
"""
from __future__ import annotations

from datetime import date, timedelta

from models.normalize import parse_date
from models.vocab import (
    DEFAULT_WARN_DAYS,
    OPEN_STATUSES,
    STATUS_CLOSE_REQUESTED,
    STATUS_IN_PROGRESS,
    STATUS_PENDING,
)

OVERDUE = "已逾期"      # red: handed over, open and past its deadline
PENDING_LATE = "待交办已超过计划时限"  # not handed over yet and past the planned date
DUE_SOON = "15日内到期"  # yellow: open and due within the warning window
LATER = "15日后到期"     # green
NONE = "无时限"

# Open statuses of a problem that was handed over (待交办 is the only open one that was not).
HANDED_OPEN_STATUSES = (STATUS_IN_PROGRESS, STATUS_CLOSE_REQUESTED)

_OPEN_SQL = "p.status IN (" + ", ".join(f"'{s}'" for s in OPEN_STATUSES) + ")"
_HANDED_OPEN_SQL = "p.status IN (" + ", ".join(f"'{s}'" for s in HANDED_OPEN_STATUSES) + ")"
OVERDUE_SQL = f"(p.deadline IS NOT NULL AND p.deadline < ? AND {_HANDED_OPEN_SQL})"  # one parameter: today


def warn_days(store) -> int:
    try:
        return int(store.get_setting("deadline_warn_days", str(DEFAULT_WARN_DAYS)))
    except (TypeError, ValueError):
        return DEFAULT_WARN_DAYS


def states() -> tuple[str, ...]:
    """Every state, in the order filters list them."""
    return (OVERDUE, PENDING_LATE, DUE_SOON, LATER, NONE)


def bucket_labels(days: int = DEFAULT_WARN_DAYS) -> tuple[str, ...]:
    """The on-screen label of each of ``states()`` (the warning window is a setting)."""
    return (OVERDUE, PENDING_LATE, f"{days}日内到期", f"{days}日后到期", NONE)


def is_overdue(deadline: str | None, status: str, today: date | None = None) -> bool:
    return bool(deadline) and status in HANDED_OPEN_STATUSES and date.fromisoformat(deadline) < (today or date.today())


def deadline_state(deadline: str | None, status: str, today: date | None = None,
                   days: int = DEFAULT_WARN_DAYS) -> str:
    """The state of one problem. Closed or carried-over ones are never red."""
    if not deadline:
        return NONE
    today = today or date.today()
    d = date.fromisoformat(deadline)
    if status in OPEN_STATUSES:
        if d < today:
            return PENDING_LATE if status == STATUS_PENDING else OVERDUE
        if d <= today + timedelta(days=days):
            return DUE_SOON
    return LATER


def state_sql(state: str, today: date | None = None, days: int = DEFAULT_WARN_DAYS) -> tuple[str, tuple]:
    """WHERE fragment (on alias p) selecting the problems in ``state``; agrees with deadline_state."""
    today = today or date.today()
    t = today.isoformat()
    soon = (today + timedelta(days=days)).isoformat()
    if state == OVERDUE:
        return OVERDUE_SQL, (t,)
    if state == PENDING_LATE:
        return f"(p.deadline IS NOT NULL AND p.deadline < ? AND p.status = '{STATUS_PENDING}')", (t,)
    if state == DUE_SOON:
        return f"(p.deadline IS NOT NULL AND p.deadline >= ? AND p.deadline <= ? AND {_OPEN_SQL})", (t, soon)
    if state == LATER:
        return f"(p.deadline IS NOT NULL AND NOT (p.deadline <= ? AND {_OPEN_SQL}))", (soon,)
    if state == NONE:
        return "(p.deadline IS NULL)", ()
    raise ValueError(state)


def plausibility_warnings(deadline: str | None, *, campaign_year: int | None = None,
                          handover_date: str | None = None, label: str = "") -> list[str]:
    """Why a 整改时限 looks wrong, to warn (never refuse): before the handover date, or outside the
    campaign's years (its year and the next, when rectification usually ends). Unreadable dates are
    left to the form's own check."""
    try:
        d = parse_date(deadline) if deadline else None
        handed = parse_date(handover_date) if handover_date else None
    except ValueError:
        return []
    if d is None:
        return []
    who = f"{label}的" if label else ""
    out = []
    if handed is not None and d < handed:
        out.append(f"{who}整改时限 {d.isoformat()} 早于交办日期 {handed.isoformat()}")
    if campaign_year and not campaign_year <= d.year <= campaign_year + 1:
        out.append(f"{who}整改时限 {d.isoformat()} 不在本专题的年度内（{campaign_year}年专题，"
                   f"时限通常在 {campaign_year}—{campaign_year + 1} 年）")
    return out
