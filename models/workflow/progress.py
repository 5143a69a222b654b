"""Progress reports (整改进展): what a unit did, how far it is, and whether it asks to close.

A report updates the problem's 完成进度 to the percent of its latest report (by date), and a
report with 申请销号 ticked moves a 整改中 problem to 申请销号.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from models import audit
from models.normalize import normalize_text, to_halfwidth
from models.store import Store, ValidationError, now_text
from models.vocab import STATUS_CLOSE_REQUESTED, STATUS_IN_PROGRESS, STATUS_PENDING
from models.workflow import attachments, rules
from models.workflow.common import (
    filled,
    future_text,
    lead_unit_full_name,
    required_date,
    unit_id_for,
    unit_name,
)


@dataclass
class ReportForm:
    """What a person typed in the 整改进展 dialog; ``attachments`` are file paths to copy in."""
    report_date: str = ""
    unit: str = ""
    measures: str = ""
    result: str = ""
    percent: str | int = 0
    requests_closing: bool = False
    attachments: list[str] = field(default_factory=list)


def _clean(store: Store, form: ReportForm) -> dict:
    try:
        percent = int(to_halfwidth(str(form.percent)).strip().rstrip("%") or 0)
        if not 0 <= percent <= 100:
            raise ValueError
    except ValueError:
        raise ValidationError("完成进度应为 0 到 100 之间的整数。", field="percent") from None
    row = {
        "report_date": required_date(form.report_date, "report_date", "填报日期"),
        "unit_id": unit_id_for(store, form.unit, "unit", "填报单位", required=True),
        "measures": normalize_text(form.measures),
        "result": normalize_text(form.result),
        "percent": percent,
        "requests_closing": 1 if form.requests_closing else 0,
    }
    if not row["measures"]:
        raise ValidationError("请填写已采取的整改措施。", field="measures")
    return row


def check_reportable(store: Store, problem_id: int) -> str:
    status = rules.problem_status(store, problem_id)
    if status == STATUS_PENDING:
        raise ValidationError("该问题尚未交办，不能填报整改进展。请先交办。")
    if status not in rules.UNDER_RECTIFICATION:
        raise ValidationError(f"该问题状态为“{status}”，不能再填报整改进展。")
    return status


def report_date_problem(store: Store, problem_id: int, report_date: str) -> str:
    """Why a report cannot carry ``report_date`` (ISO), or "": not in the future, not before the
    problem was first handed over (a unit cannot report on work it was not yet given)."""
    if future_text(report_date, "填报日期"):
        return future_text(report_date, "填报日期")
    first = store.scalar("SELECT min(b.handover_date) FROM handover_items i JOIN handover_batches b "
                         "ON b.id = i.batch_id WHERE i.problem_id = ?", (problem_id,))
    if first and report_date < first:
        return (f"填报日期 {report_date} 早于该问题的首次交办日期 {first}，交办之前不会有整改进展。"
                "请核对填报日期（或交办批次的交办日期）。")
    return ""


def check_report_date(store: Store, problem_id: int, report_date: str) -> None:
    problem = report_date_problem(store, problem_id, report_date)
    if problem:
        raise ValidationError(problem, field="report_date")


def _sync_progress(store: Store, problem_id: int, action: str) -> None:
    """Problem's 完成进度 = percent of its latest report (by date, then entry order)."""
    latest = store.scalar("SELECT percent FROM progress_reports WHERE problem_id = ? "
                          "ORDER BY report_date DESC, id DESC LIMIT 1", (problem_id,))
    if latest is None:
        return
    old = store.scalar("SELECT progress FROM problems WHERE id = ?", (problem_id,))
    if old != latest:
        store.conn.execute("UPDATE problems SET progress = ?, updated_at = ? WHERE id = ?",
                           (latest, now_text(), problem_id))
        audit.record(store, entity="problem", entity_id=problem_id, problem_id=problem_id, action=action,
                     field="progress", old=old, new=latest)


def add_report(store: Store, problem_id: int, form: ReportForm, *, history_note: str = "") -> int:
    """Record a report with its attachments; returns its id. One transaction. Its history is a row
    per filled field, or one row saying ``history_note`` (an import's first report: see importer)."""
    row = _clean(store, form)
    check_reportable(store, problem_id)
    staged = attachments.stage(store, problem_id, form.attachments)   # copied before the transaction
    with store.transaction() as conn:
        store.on_rollback(lambda: attachments.discard(staged))
        status = check_reportable(store, problem_id)
        check_report_date(store, problem_id, row["report_date"])
        ts = now_text()
        cur = conn.execute(
            "INSERT INTO progress_reports(problem_id, report_date, unit_id, measures, result, percent, "
            "requests_closing, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (problem_id, *row.values(), ts, ts))
        rid = cur.lastrowid
        if history_note:
            audit.record(store, entity="progress_report", entity_id=rid, problem_id=problem_id,
                         action="填报整改进展", new=history_note)
        else:
            shown = {**row, "unit_id": unit_name(store, row["unit_id"])}
            audit.record_changes(store, entity="progress_report", entity_id=rid, problem_id=problem_id,
                                 action="填报整改进展", before={}, after=filled(shown))
        if staged:
            attachments.add_attachments(store, problem_id, staged, report_id=rid)
        _sync_progress(store, problem_id, "填报整改进展")
        if row["requests_closing"] and status == STATUS_IN_PROGRESS:
            rules.apply_transition(store, problem_id, STATUS_CLOSE_REQUESTED)
    return rid


def update_report(store: Store, report_id: int, form: ReportForm) -> None:
    """Correct a report (and add more attachments); the problem must still be open to reports."""
    before = get_report(store, report_id)
    if before is None:
        raise ValidationError("该整改进展已被删除。")
    row = _clean(store, form)
    pid = before["problem_id"]
    check_reportable(store, pid)
    staged = attachments.stage(store, pid, form.attachments)   # copied before the transaction
    with store.transaction() as conn:
        store.on_rollback(lambda: attachments.discard(staged))
        status = check_reportable(store, pid)
        check_report_date(store, pid, row["report_date"])
        sets = ", ".join(f"{k} = ?" for k in row)
        conn.execute(f"UPDATE progress_reports SET {sets}, updated_at = ? WHERE id = ?",
                     (*row.values(), now_text(), report_id))
        old = {k: before[k] for k in row}
        old["unit_id"] = unit_name(store, old["unit_id"])
        audit.record_changes(store, entity="progress_report", entity_id=report_id, problem_id=pid,
                             action="修改整改进展", before=old, after={**row, "unit_id": unit_name(store, row["unit_id"])})
        if staged:
            attachments.add_attachments(store, pid, staged, report_id=report_id)
        _sync_progress(store, pid, "修改整改进展")
        if row["requests_closing"] and status == STATUS_IN_PROGRESS:
            rules.apply_transition(store, pid, STATUS_CLOSE_REQUESTED)


def delete_report(store: Store, report_id: int) -> None:
    before = get_report(store, report_id)
    if before is None:
        return
    pid = before["problem_id"]
    with store.transaction() as conn:
        check_reportable(store, pid)
        for att in attachments.list_attachments(store, report_id=report_id):
            audit.record(store, entity="attachment", entity_id=att["id"], problem_id=pid, action="删除整改进展",
                         field="attachment", old=att["file_name"])
        conn.execute("DELETE FROM progress_reports WHERE id = ?", (report_id,))
        audit.record(store, entity="progress_report", entity_id=report_id, problem_id=pid, action="删除整改进展",
                     old=f"{before['report_date']} {before['percent']}% {before['measures'][:40]}")
        _sync_progress(store, pid, "删除整改进展")


def default_report_unit(store: Store, problem_id: int) -> str:
    """Full name of the problem's lead unit: who usually reports."""
    return lead_unit_full_name(store, problem_id)


def get_report(store: Store, report_id: int) -> dict | None:
    return store.query_one("SELECT * FROM progress_reports WHERE id = ?", (report_id,))


def form_from_report(store: Store, report: dict) -> ReportForm:
    return ReportForm(report_date=report["report_date"],
                      unit=store.scalar("SELECT name FROM units WHERE id = ?", (report["unit_id"],)) or "",
                      measures=report["measures"], result=report["result"], percent=report["percent"],
                      requests_closing=bool(report["requests_closing"]))


_SELECT = ("SELECT r.*, coalesce(nullif(u.short_name, ''), u.name) AS unit_name, "
           "(SELECT COUNT(*) FROM attachments a WHERE a.report_id = r.id) AS attachment_count "
           "FROM progress_reports r LEFT JOIN units u ON u.id = r.unit_id ")


def list_reports(store: Store, problem_id: int) -> list[dict]:
    """A problem's reports, oldest first, with the unit's display name and attachment count."""
    return store.query(_SELECT + "WHERE r.problem_id = ? ORDER BY r.report_date, r.id", (problem_id,))


def latest_reports(store: Store, campaign_id: int, on_or_before: str | None = None) -> dict[int, dict]:
    """{problem_id: latest report} for a campaign, optionally only reports dated on or before a day."""
    rows = store.query(
        _SELECT + "JOIN problems p ON p.id = r.problem_id WHERE p.campaign_id = ? AND r.report_date <= ? "
        "ORDER BY r.report_date, r.id", (campaign_id, on_or_before or "9999-12-31"))
    return {r["problem_id"]: r for r in rows}


def reported_problem_ids(store: Store, campaign_id: int, start: str, end: str) -> set[int]:
    """Problems of a campaign with at least one report dated in [start, end] (ISO dates)."""
    return set(store.column(
        "SELECT DISTINCT r.problem_id FROM progress_reports r JOIN problems p ON p.id = r.problem_id "
        "WHERE p.campaign_id = ? AND r.report_date BETWEEN ? AND ?", (campaign_id, start, end)))
