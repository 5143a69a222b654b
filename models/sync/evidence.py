"""A status change from another office is taken only as the status machine allows, with its evidence."""
from __future__ import annotations

import sqlite3

from models.vocab import (
    STATUS_CARRIED,
    STATUS_CLOSE_REQUESTED,
    STATUS_CLOSED,
    STATUS_IN_PROGRESS,
    STATUS_PENDING,
)
from models.workflow.rules import TRANSITIONS

# (from, to) -> (query that finds the evidence for a problem id, what is missing when it finds none)
_EVIDENCE: dict[tuple[str, str], tuple[str, str]] = {
    (STATUS_PENDING, STATUS_IN_PROGRESS): (
        # a handover since taken back out (移出问题) was handed over all the same
        "SELECT 1 FROM handover_items WHERE problem_id = :p UNION ALL SELECT 1 FROM change_log c JOIN sync_rows s "
        "ON s.tbl = 'problems' AND s.local_id = :p WHERE c.tbl = 'handover_items' AND c.op = 'insert' "
        "AND json_extract(coalesce(c.row, c.meta), '$.problem_id') = s.uuid", "没有随附交办记录"),
    (STATUS_IN_PROGRESS, STATUS_CLOSE_REQUESTED): (
        "SELECT 1 FROM progress_reports WHERE problem_id = :p AND requests_closing = 1", "没有随附申请销号的整改进展"),
    (STATUS_CLOSE_REQUESTED, STATUS_CLOSED): (
        "SELECT 1 FROM closure_checks WHERE problem_id = :p", "没有随附销号核查记录"),
    (STATUS_IN_PROGRESS, STATUS_CARRIED): (
        "SELECT 1 FROM problems WHERE carried_from_id = :p", "没有随附转入下年度的问题"),
    (STATUS_PENDING, STATUS_CARRIED): (
        "SELECT 1 FROM problems WHERE carried_from_id = :p", "没有随附转入下年度的问题"),
}


def status_refusal(conn: sqlite3.Connection, problem_id: int, old: str, new: str, meta: dict) -> str:
    """"" when ``old`` → ``new`` may be applied to this problem now, else why it goes to the conflicts."""
    rule = TRANSITIONS.get((old, new))
    if rule is None:
        return f"状态不能由“{old}”改为“{new}”"
    action, needs_reason = rule
    if needs_reason and not str(meta.get("reason") or "").strip():
        return f"{action}没有随附理由"
    evidence = _EVIDENCE.get((old, new))
    if evidence and conn.execute(evidence[0], {"p": problem_id}).fetchone() is None:
        return f"{action}{evidence[1]}"
    return ""
