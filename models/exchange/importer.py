"""Writing an import preview into the database, as one transaction, and taking it back out.

``run_import`` backs the database up, then in ONE transaction creates the units the user asked
for, writes every importable row through the ledger's own ``validate_form``/``insert_problem``
(so the ledger's rules hold), turns 整改措施/整改进展 of handed-over rows into a first progress
report, tags every problem with the import's id and remembers the column mapping. Any error or a
cancel rolls everything back.

``undo_import`` ("撤销本次导入") deletes exactly the problems and units that import added. It is
refused when any of those problems has history written after the import (handed over, reported,
edited, closed): undoing would silently throw away that later work. Such problems can still be
deleted one by one in the ledger, where the user sees what goes.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from models import audit
from models.bulk import paused_collector
from models.callbacks import ProgressCallback
from models.documents.atomic import Cancelled
from models.domain import Problem, Unit
from models.exchange import mapping as mapping_mod
from models.exchange.bulk_write import ImportBatch, first_report_note
from models.exchange.preview import Preview
from models.problems import ProblemForm, insert_problem, next_number, validate_form
from models.safety.backup import REASON_IMPORT, REASON_UNDO_IMPORT, backup_before
from models.store import Store, ValidationError, now_text
from models.units import create_unit, find_unit
from models.vocab import STATUS_CLOSED
from models.workflow import rules


@dataclass
class ImportResult:
    import_id: int
    added: int
    skipped: int
    created_units: list[str]
    reports: int
    backup: Path | None


def _numbers(store: Store, campaign_id: int, taken: set[str]):
    """Endless free numbers after the campaign's highest (2024-018, 2024-019, …)."""
    first = next_number(store, campaign_id)
    prefix, _, digits = first.rpartition("-")
    n = int(digits) if digits.isdigit() else 1
    width = len(digits) if digits.isdigit() else 3
    while True:
        candidate = f"{prefix}-{n:0{width}d}" if prefix else f"{n:0{width}d}"
        n += 1
        if candidate not in taken:
            yield candidate


@paused_collector
def run_import(store: Store, pv: Preview, *, file_name: str, sheet: str, header_texts: list[str],
               mapping: list[str], progress: ProgressCallback | None = None,
               cancelled: Callable[[], bool] | None = None, backup: bool = True, bulk: bool = True) -> ImportResult:
    """Write the importable rows of ``pv``; all or nothing. ``bulk=False`` writes row by row through
    ``insert_problem``/``add_report`` (the reference the bulk path is tested against)."""
    rows = pv.importable()
    if not rows:
        raise ValidationError("没有可导入的行：请先修正有问题的行，或勾选要导入的行。")
    # an import without a backup does not start (make_backup raises when it cannot write one)
    backup_path = backup_before(store, REASON_IMPORT) if backup else None
    total = len(rows)
    with store.transaction() as conn:
        names: dict[str, str] = {n: store.scalar("SELECT name FROM units WHERE id = ?", (i,))
                                 for n, i in pv.plan.match.items()}
        ts = now_text()
        cur = conn.execute("INSERT INTO imports(campaign_id, file_name, sheet, at, user, row_count) "
                           "VALUES (?, ?, ?, ?, ?, 0)", (pv.campaign_id, file_name, sheet, ts, store.user))
        import_id = cur.lastrowid
        created = []
        used = _used_unit_names(rows)
        for name, kind in pv.plan.create.items():
            if name not in used:
                continue
            uid = create_unit(store, Unit(name=name, kind=kind))
            conn.execute("INSERT INTO import_units(import_id, unit_id) VALUES (?, ?)", (import_id, uid))
            created.append(name)
        auto = _numbers(store, pv.campaign_id, pv.numbers | {r.record["number"] for r in rows})
        # the first report is dated the sheet's 填报日期 (a date in the future is read as today)
        filled = min(pv.filled_on.isoformat(), ts[:10]) if pv.filled_on else ts[:10]
        write = write_rows_in_bulk if bulk else write_rows_one_by_one
        n_reports = write(store, pv, rows, import_id, names, auto, filled, file_name,
                          _Ticker(total, progress, cancelled))
        mapping_mod.remember_mapping(store, header_texts, mapping)
        audit.record(store, entity="import", entity_id=import_id, action="导入问题清单",
                     new=f"{file_name}（{sheet}）{total} 条")
        last = store.scalar("SELECT max(id) FROM audit_log")
        conn.execute("UPDATE imports SET row_count = ?, last_audit_id = ? WHERE id = ?", (total, last, import_id))
        if progress:  # inside: a cancel raised by this last report still rolls everything back
            progress(total, total)
    return ImportResult(import_id=import_id, added=total, skipped=len(pv.rows) - total,
                        created_units=created, reports=n_reports, backup=backup_path)


class _Ticker:
    """Progress every 200 rows, and the cancel asked at the same moments (a cancel rolls back)."""

    def __init__(self, total: int, progress: ProgressCallback | None, cancelled: Callable[[], bool] | None):
        self.total, self.progress, self.cancelled = total, progress, cancelled

    def __call__(self, i: int) -> None:
        if i % 200 == 0:
            if self.cancelled and self.cancelled():
                raise Cancelled()
            if self.progress:
                self.progress(i, self.total)


def _form(rec: dict, names: dict[str, str], auto) -> ProblemForm:
    return ProblemForm(
        number=rec["number"] or next(auto), source=rec["source"], category=rec["category"],
        place=rec["place"], description=rec["description"], suggestion=rec["suggestion"],
        legal_basis=rec["legal_basis"], lead_unit=names.get(rec["lead_unit"], rec["lead_unit"]),
        cooperating_units=[names.get(n, n) for n in rec["cooperating_units"]],
        supervisor_unit=names.get(rec["supervisor_unit"], rec["supervisor_unit"]),
        kind=rec["kind"], deadline=rec["deadline"], progress=rec["progress"], notes=rec["notes"])


def _checked(row, check: Callable[[], Problem]) -> Problem:
    """The row's problem as the ledger checks it; a wrong row stops the whole import, naming its line."""
    try:
        problem = check()
    except ValidationError as exc:
        raise ValidationError(f"第 {row.line} 行：{exc}（本次导入已全部取消，数据库未改动）") from None
    rec = row.record
    problem.status = rec["status"]
    if not _report_ok(rec, problem) and (rec["measures"] or rec["progress_text"]):
        problem.notes = _with_texts(problem.notes, rec["measures"], rec["progress_text"])
    return problem


def _report_ok(rec: dict, problem: Problem) -> bool:
    """整改措施 of a handed-over row become its first progress report (else they go to the notes)."""
    return bool(rec["measures"]) and problem.status in rules.UNDER_RECTIFICATION


def write_rows_in_bulk(store: Store, pv: Preview, rows: list, import_id: int, names: dict[str, str], auto,
                       filled: str, file_name: str, tick: Callable[[int], None]) -> int:
    """The rows checked one by one, written together (models/exchange/bulk_write.py); returns the
    number of progress reports."""
    batch = ImportBatch(store, pv.campaign_id, import_id, now_text())
    n_reports = 0
    for i, row in enumerate(rows):
        rec = row.record
        form = _form(rec, names, auto)
        problem = _checked(row, lambda form=form: batch.validate(form))
        pid = batch.add_problem(problem, action="导入")
        if problem.status == STATUS_CLOSED:
            batch.add_closure_check(pid, _closure_values(store, filled, file_name, row.line), "导入时已销号")
        if _report_ok(rec, problem):
            batch.add_first_report(pid, problem, report_date=filled, unit=form.lead_unit, measures=rec["measures"],
                                   result=rec["progress_text"], percent=rec["progress"])
            n_reports += 1
        tick(i)
    batch.write()
    return n_reports


def write_rows_one_by_one(store: Store, pv: Preview, rows: list, import_id: int, names: dict[str, str], auto,
                          filled: str, file_name: str, tick: Callable[[int], None]) -> int:
    """Each row through the ledger's own ``insert_problem`` and ``add_report``."""
    from models.workflow import progress as reports

    n_reports = 0
    for i, row in enumerate(rows):
        rec = row.record
        form = _form(rec, names, auto)
        problem = _checked(row, lambda form=form: validate_form(store, form, campaign_id=pv.campaign_id))
        pid = insert_problem(store, problem, action="导入")
        store.conn.execute("UPDATE problems SET import_id = ? WHERE id = ?", (import_id, pid))
        if problem.status == STATUS_CLOSED:
            _closed_on_import(store, pid, filled, file_name, row.line)
        if _report_ok(rec, problem):
            reports.add_report(store, pid, reports.ReportForm(
                report_date=filled, unit=form.lead_unit, measures=rec["measures"],
                result=rec["progress_text"], percent=rec["progress"]),
                history_note=first_report_note(find_unit(store, form.lead_unit), filled, rec["progress"]))
            n_reports += 1
        tick(i)
    return n_reports


def _closure_values(store: Store, day: str, file_name: str, line: int) -> dict:
    """A row the sheet calls 已销号 arrives closed: its 销号核查 says so, for whoever looks later."""
    return {"checked_by": "（导入）", "check_date": day,
            "opinion": (f"导入时表中状态为“已销号”，按已销号导入（来自“{file_name}”第 {line} 行）。"
                        "原表未记录核查人、核查日期和核查意见，如需补记请以纸质档案为准。"),
            "no_evidence_reason": "导入的已销号问题：佐证材料在原表或纸质档案中。",
            "closed_at": now_text(), "closed_by": store.user}


def _closed_on_import(store: Store, problem_id: int, day: str, file_name: str, line: int) -> None:
    v = _closure_values(store, day, file_name, line)
    cur = store.conn.execute(
        "INSERT INTO closure_checks(problem_id, checked_by, check_date, opinion, no_evidence_reason, closed_at, "
        "closed_by) VALUES (?, ?, ?, ?, ?, ?, ?)", (problem_id, v["checked_by"], v["check_date"], v["opinion"],
                                                      v["no_evidence_reason"], v["closed_at"], v["closed_by"]))
    audit.record(store, entity="closure_check", entity_id=cur.lastrowid, problem_id=problem_id, action="销号核查",
                 new="导入时已销号")


def _used_unit_names(rows) -> set[str]:
    out: set[str] = set()
    for r in rows:
        out.add(r.record["lead_unit"])
        out.update(r.record["cooperating_units"])
        out.add(r.record["supervisor_unit"])
    return out


def _with_texts(notes: str, measures: str, progress_text: str) -> str:
    parts = [notes] if notes else []
    if measures:
        parts.append(f"整改措施：{measures}")
    if progress_text:
        parts.append(f"整改进展：{progress_text}")
    return "\n".join(parts)


def list_imports(store: Store, campaign_id: int) -> list[dict]:
    """The campaign's imports, newest first, with how many of their problems still exist."""
    return store.query(
        "SELECT i.*, (SELECT COUNT(*) FROM problems p WHERE p.import_id = i.id) AS remaining "
        "FROM imports i WHERE i.campaign_id = ? ORDER BY i.id DESC", (campaign_id,))


def last_import(store: Store, campaign_id: int) -> dict | None:
    for row in list_imports(store, campaign_id):
        if not row["undone_at"]:
            return row
    return None


def changed_since_import(store: Store, import_id: int) -> list[str]:
    """Numbers of the import's problems that have history written after the import."""
    imp = store.query_one("SELECT last_audit_id FROM imports WHERE id = ?", (import_id,))
    if imp is None:
        return []
    return store.column(
        "SELECT p.number FROM problems p WHERE p.import_id = ? AND EXISTS "
        "(SELECT 1 FROM audit_log a WHERE a.problem_id = p.id AND a.id > ?) ORDER BY p.id",
        (import_id, imp["last_audit_id"]))


def undo_refusal(store: Store, imp: dict) -> str:
    """Why an import (a row of ``list_imports``) cannot be undone now, in Chinese; "" when it can."""
    if imp["undone_at"]:
        return f"这次导入已于 {imp['undone_at']} 撤销过了。"
    if not imp["remaining"]:
        return "这次导入的问题都已在问题清单中删除，没有可撤销的内容。"
    changed = changed_since_import(store, imp["id"])
    if changed:
        shown = "、".join(changed[:8]) + ("等" if len(changed) > 8 else "")
        return (f"本次导入的问题中有 {len(changed)} 个在导入后已有交办、整改进展或修改记录（{shown}），"
                "撤销会丢失这些后续工作，因此不能整体撤销。如确需删除，请在问题清单中逐个删除。")
    return ""


def import_history(store: Store, campaign_id: int) -> list[dict]:
    """The campaign's imports, newest first, each with ``refusal``: why it cannot be undone ("" if it can)."""
    rows = list_imports(store, campaign_id)
    for row in rows:
        row["refusal"] = undo_refusal(store, row)
    return rows


def _import_row(store: Store, import_id: int) -> dict | None:
    return store.query_one("SELECT i.*, (SELECT COUNT(*) FROM problems p WHERE p.import_id = i.id) AS remaining "
                           "FROM imports i WHERE i.id = ?", (import_id,))


def undo_import(store: Store, import_id: int, progress: ProgressCallback | None = None, *, backup: bool = True) -> int:
    """Delete what the import added, in one transaction, after a backup; returns how many problems
    were removed. ``progress`` may raise (e.g. Cancelled) to stop: nothing is removed then."""
    imp = _import_row(store, import_id)
    if imp is None:
        raise ValidationError("找不到这次导入的记录。")
    refusal = undo_refusal(store, imp)
    if refusal:
        raise ValidationError(refusal)
    if backup:
        backup_before(store, REASON_UNDO_IMPORT)
    with store.transaction() as conn:
        rows = store.query("SELECT id, number, description FROM problems WHERE import_id = ?", (import_id,))
        for i, r in enumerate(rows):
            audit.record(store, entity="problem", entity_id=r["id"], problem_id=r["id"], action="撤销导入",
                         old=f"{r['number']} {r['description'][:40]}")
            if progress and i % 500 == 0:
                progress(i, len(rows))
        ids = [(r["id"],) for r in rows]
        conn.executemany("DELETE FROM problem_search WHERE rowid = ?", ids)
        conn.execute("DELETE FROM problems WHERE import_id = ?", (import_id,))
        for uid in store.column("SELECT unit_id FROM import_units WHERE import_id = ?", (import_id,)):
            conn.execute("SAVEPOINT drop_unit")
            try:
                name = store.scalar("SELECT name FROM units WHERE id = ?", (uid,))
                conn.execute("DELETE FROM units WHERE id = ?", (uid,))
                audit.record(store, entity="unit", entity_id=uid, action="撤销导入", old=name)
                conn.execute("RELEASE drop_unit")
            except sqlite3.IntegrityError:  # used elsewhere since: keep it
                conn.execute("ROLLBACK TO drop_unit")
                conn.execute("RELEASE drop_unit")
        conn.execute("UPDATE imports SET undone_at = ? WHERE id = ?", (now_text(), import_id))
        audit.record(store, entity="import", entity_id=import_id, action="撤销导入",
                     old=f"{imp['file_name']} {len(rows)} 条")
    return len(rows)
