"""The importer's write path: every row of an import checked as the ledger checks it, then written
with a few executemany calls instead of ~40 statements a row.

It writes exactly what ``insert_problem`` + ``_closed_on_import`` + ``add_report`` write row by row
(kept in importer.py as ``write_rows_one_by_one``, the reference the tests compare against): the
problems with their cooperating units, search rows and article links, the 销号核查 of rows imported
closed, the first 整改进展 of handed-over rows, and the same history and exchange change log, in the
same order. Ids are taken in advance after the tables' highest (AUTOINCREMENT never reuses one).
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import fields
from operator import attrgetter

from models import audit, search
from models.domain import Problem, Unit
from models.lists import regulations
from models.normalize import normalize_text, to_halfwidth
from models.problems import FormLookups, ProblemForm, validate_form
from models.schema import COOP_LABEL
from models.store import Store, ValidationError
from models.vocab import STATUS_PENDING
from models.workflow.common import future_text, required_date

_COLUMNS = tuple(f.name for f in fields(Problem) if f.name != "cooperating_unit_ids") + ("import_id",)
_VALUES = attrgetter(*_COLUMNS[:-1], "id")   # the last one is a placeholder for import_id
_AT = {c: i for i, c in enumerate(_COLUMNS)}
_CAMPAIGN_FIRST = re.compile(r"ON problems\s*\(\s*campaign_id\s*,", re.I)
_REBUILD_FROM = 5000     # problems in one import from which the indexes are rebuilt (if not fewer than there were)
_CACHE_KIB = 128 * 1024    # page cache while a batch is written (negative cache_size = KiB)


@contextmanager
def _indexes_rebuilt(conn, adding: int):
    """Around the insert of ``adding`` problems: when they are at least as many as those already
    there (the first import of a year's list), the ~15 ledger indexes of problems are dropped and
    made again after it (sorting 50,000 rows once is faster than keeping them in order row by row).
    Inside the caller's transaction: a rollback brings the indexes back as they were."""
    if adding < _REBUILD_FROM or adding < (conn.execute("SELECT count(*) FROM problems").fetchone()[0] or 0):
        yield
        return
    # the ledger's indexes (campaign first); those on a foreign key column stay: SQLite looks
    # child rows up through them on every insert while a deferred key is open
    made = [(name, sql) for name, sql in conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'problems' AND sql IS NOT NULL")
        if _CAMPAIGN_FIRST.search(sql)]
    for name, _sql in made:
        conn.execute(f'DROP INDEX "{name}"')
    yield
    for _name, sql in made:
        conn.execute(sql)


def _next_id(store: Store, table: str) -> int:
    """The id SQLite would give the next row of an AUTOINCREMENT table."""
    seq = store.scalar("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)) or 0
    top = store.scalar(f"SELECT max(id) FROM {table}") or 0
    return max(seq, top) + 1


def first_report_note(unit: Unit, day: str, percent: int) -> str:
    """The one history row of a report an import makes from a row's 整改措施/整改进展 (its text is
    in the report itself; 50,000 rows would otherwise write 300,000 rows of history)."""
    return f"随问题清单导入：{unit.short_name or unit.name}填报（{day}），完成进度 {percent}%"


class ImportBatch:
    """Collects the rows of one import (in sheet order), then ``write`` puts them in the database
    inside the caller's transaction. Units must all exist before the first ``add_problem``."""

    def __init__(self, store: Store, campaign_id: int, import_id: int, ts: str):
        self.store, self.campaign_id, self.import_id, self.ts = store, campaign_id, import_id, ts
        self.lookups = FormLookups(store, campaign_id)
        self._ids = {t: _next_id(store, t) for t in ("problems", "closure_checks", "progress_reports")}
        self._articles: dict = {}
        self._days: dict[str, str] = {}
        self.problems: list[tuple] = []
        self.cooperating: list[tuple] = []
        self.search_rows: list[tuple] = []
        self.refs: list[tuple] = []
        self.closures: list[tuple] = []
        self.reports: list[tuple] = []
        self.progress: list[tuple] = []
        self.entries: list[audit.Entry] = []

    def _take(self, table: str) -> int:
        self._ids[table] += 1
        return self._ids[table] - 1

    def validate(self, form: ProblemForm) -> Problem:
        problem = validate_form(self.store, form, campaign_id=self.campaign_id, lookups=self.lookups)
        self.lookups.numbers.add(problem.number)
        return problem

    def add_problem(self, p: Problem, action: str = "导入") -> int:
        """As ``insert_problem``: the row, its cooperating units, search row, article links, history."""
        pid = self._take("problems")
        row = list(_VALUES(p))   # the columns of Problem.as_row, then import_id
        row[_AT["id"]], row[_AT["updated_at"]], row[-1] = pid, self.ts, self.import_id
        row[_AT["status"]] = p.status or STATUS_PENDING
        row[_AT["created_at"]] = p.created_at or self.ts
        self.problems.append(row)
        self.cooperating.extend((pid, uid, "配合", i) for i, uid in enumerate(p.cooperating_unit_ids))
        self.search_rows.append((pid, search.index_text(
            (p.number, p.description, p.place, p.suggestion),
            [p.lead_unit_id, p.supervisor_unit_id, *p.cooperating_unit_ids])))
        if p.legal_basis:
            self.refs.extend(regulations.new_problem_refs(self.store, pid, p.legal_basis, self._articles))
        self.entries.append(audit.Entry("problem", pid, action, problem_id=pid,
                                        new=f"{p.number} {p.description[:40]}"))
        return pid

    def add_closure_check(self, pid: int, values: dict, note: str) -> None:
        """A 销号核查 row (``values`` in the table's column names) and its history row."""
        cid = self._take("closure_checks")
        self.closures.append((cid, pid, values["checked_by"], values["check_date"], values["opinion"],
                              values["no_evidence_reason"], values["closed_at"], values["closed_by"]))
        self.entries.append(audit.Entry("closure_check", cid, "销号核查", problem_id=pid, new=note))

    def add_first_report(self, pid: int, problem: Problem, *, report_date: str, unit: str, measures: str,
                         result: str, percent: object) -> None:
        """As ``progress.add_report`` with ``first_report_note`` for a new problem 整改中/申请销号 with
        no handover and no attachments: the report, its history row, and 完成进度 following it."""
        try:
            percent = int(to_halfwidth(str(percent)).strip().rstrip("%") or 0)
            if not 0 <= percent <= 100:
                raise ValueError
        except ValueError:
            raise ValidationError("完成进度应为 0 到 100 之间的整数。", field="percent") from None
        day = self._days.get(report_date)
        if day is None:   # every row of an import has the same 填报日期: checked once
            day = required_date(report_date, "report_date", "填报日期")
            late = future_text(day, "填报日期")
            if late:
                raise ValidationError(late, field="report_date")
            self._days[report_date] = day
        unit_obj = self.lookups.unit(self.store, normalize_text(unit, multiline=False)) if unit.strip() else None
        if unit_obj is None:
            raise ValidationError(f"填报单位“{unit}”尚未登记，请从列表中选择或先在“单位”中新增。", field="unit")
        row = {"report_date": day, "unit_id": unit_obj.id, "measures": normalize_text(measures),
               "result": normalize_text(result), "percent": percent, "requests_closing": 0}
        if not row["measures"]:
            raise ValidationError("请填写已采取的整改措施。", field="measures")
        rid = self._take("progress_reports")
        self.reports.append((rid, pid, *row.values(), self.ts, self.ts))
        self.entries.append(audit.Entry("progress_report", rid, "填报整改进展", problem_id=pid,
                                        new=first_report_note(unit_obj, day, percent)))
        if problem.progress != percent:   # the problem's 完成进度 is its latest report's
            self.progress.append((percent, self.ts, pid))
            self.entries.append(audit.Entry("problem", pid, "填报整改进展", problem_id=pid, field="progress",
                                            old=problem.progress, new=percent))

    def write(self) -> None:
        conn = self.store.conn
        # the new rows touch ~20 indexes of problems and the history's: with SQLite's default 2 MB page
        # cache they spill and are read back again and again (50,000 rows: 4.4 s instead of 0.9 s)
        cache = conn.execute("PRAGMA cache_size").fetchone()[0]
        conn.execute(f"PRAGMA cache_size = {min(cache, -_CACHE_KIB)}")
        try:
            self._write(conn)
        finally:
            conn.execute(f"PRAGMA cache_size = {int(cache)}")

    def _write(self, conn) -> None:
        # 配合单位 first, their problems after: the trigger that keeps problems.coop_label then finds no
        # problem to rewrite (50,000 rewrites saved), and each problem arrives with its label, made by
        # the trigger's own expression. The foreign key is checked at commit (reset by SQLite there).
        conn.execute("PRAGMA defer_foreign_keys = ON")
        conn.executemany("INSERT INTO problem_units(problem_id, unit_id, role, position) VALUES (?, ?, ?, ?)",
                         self.cooperating)
        labels = dict(conn.execute(
            f"SELECT p.problem_id, {COOP_LABEL.format(pid='p.problem_id')} FROM "
            "(SELECT DISTINCT problem_id FROM problem_units WHERE problem_id >= ?) AS p",
            (self.problems[0][_AT["id"]] if self.problems else 0,)))
        at_id = _AT["id"]
        for row in self.problems:
            row.append(labels.get(row[at_id]))
        cols = ", ".join((*_COLUMNS, "coop_label"))
        with _indexes_rebuilt(conn, len(self.problems)):
            conn.executemany(f"INSERT INTO problems({cols}) VALUES ({', '.join('?' * (len(_COLUMNS) + 1))})",
                             self.problems)
        conn.executemany("INSERT INTO problem_search(rowid, grams) VALUES (?, ?)", self.search_rows)
        conn.executemany(regulations.INSERT_REFS, self.refs)
        conn.executemany("INSERT INTO closure_checks(id, problem_id, checked_by, check_date, opinion, "
                         "no_evidence_reason, closed_at, closed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", self.closures)
        conn.executemany("INSERT INTO progress_reports(id, problem_id, report_date, unit_id, measures, result, "
                         "percent, requests_closing, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         self.reports)
        conn.executemany("UPDATE problems SET progress = ?, updated_at = ? WHERE id = ?", self.progress)
        audit.record_new_rows(self.store, self.entries)
