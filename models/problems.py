"""Problems (问题): validation, create/edit/duplicate/delete with undo, all audited."""
from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field

from models import audit, search
from models.domain import Problem, Unit, record_from
from models.lists import regulations
from models.normalize import DateError, normalize_text, parse_date, to_halfwidth
from models.store import Store, ValidationError, now_text
from models.units import find_unit
from models.vocab import FIELD_LABELS, KINDS, SOURCES, STATUS_PENDING

# Fields a person must fill; the dialog marks them with *.
REQUIRED_FIELDS = ("number", "source", "description", "lead_unit", "kind")

@dataclass
class ProblemForm:
    """What a person typed: all text, units by name. ``validate_form`` turns it into a Problem."""
    number: str = ""
    source: str = ""
    category: str = ""
    place: str = ""
    description: str = ""
    suggestion: str = ""
    legal_basis: str = ""
    lead_unit: str = ""
    cooperating_units: list[str] = field(default_factory=list)
    supervisor_unit: str = ""
    kind: str = "限期整改"
    deadline: str = ""
    progress: str | int = 0
    notes: str = ""
    duty_id: int | None = None  # 责任清单 item (same campaign), chosen from a list


def split_unit_names(text: str) -> list[str]:
    """"民政局、卫健委，财政局" → three names (、，,;； and line breaks separate)."""
    parts = re.split(r"[、，,；;/\n]+", to_halfwidth(text or ""))
    return [p.strip() for p in parts if p.strip()]


class FormLookups:
    """What ``validate_form`` looks up, read once for a batch of new problems of one campaign (an
    import): each unit name is found once, the campaign's numbers are read once. The batch adds
    each number it takes to ``numbers``; no unit may be created while the lookups are in use."""

    def __init__(self, store: Store, campaign_id: int):
        self.campaign_id = campaign_id
        self.numbers: set[str] = set(store.column("SELECT number FROM problems WHERE campaign_id = ?",
                                                  (campaign_id,)))
        self._units: dict[str, Unit | None] = {}

    def unit(self, store: Store, text: str) -> Unit | None:
        if text not in self._units:
            self._units[text] = find_unit(store, text)
        return self._units[text]


def validate_form(store: Store, form: ProblemForm, *, campaign_id: int,
                  problem_id: int | None = None, lookups: FormLookups | None = None) -> Problem:
    """Check every field; raise ValidationError with one Chinese reason per wrong field.
    ``lookups`` (a new problem of that campaign only): answers read once for a whole batch."""
    errors: dict[str, str] = {}
    number = to_halfwidth(normalize_text(form.number, multiline=False)).replace(" ", "")
    if lookups is not None and (problem_id is not None or lookups.campaign_id != campaign_id):
        raise ValueError("FormLookups serve new problems of their own campaign only")
    unit_of = lookups.unit if lookups is not None else find_unit
    if not number:
        errors["number"] = "请填写问题编号。"
    elif (number in lookups.numbers) if lookups is not None else store.scalar(
            "SELECT id FROM problems WHERE campaign_id = ? AND number = ? AND id IS NOT ?",
            (campaign_id, number, problem_id)):
        errors["number"] = f"编号“{number}”在本专题中已被使用。"
    source = normalize_text(form.source, multiline=False)
    if not source:
        errors["source"] = "请选择问题来源。"
    elif source not in SOURCES:
        errors["source"] = f"问题来源应为：{'、'.join(SOURCES)}。"
    description = normalize_text(form.description)
    if not description:
        errors["description"] = "请填写问题描述。"
    elif len(description) < 4:
        errors["description"] = "问题描述太短，请写清具体问题（至少 4 个字）。"
    kind = normalize_text(form.kind, multiline=False)
    if kind not in KINDS:
        errors["kind"] = f"整改类型应为：{'、'.join(KINDS)}。"

    def resolve(key: str, text: str, required: bool) -> int | None:
        text = normalize_text(text, multiline=False)
        if not text:
            if required:
                errors[key] = f"请填写{FIELD_LABELS[key]}。"
            return None
        unit = unit_of(store, text)
        if unit is None:
            errors[key] = f"单位“{text}”尚未登记，请从列表中选择或先新增该单位。"
            return None
        return unit.id

    lead_id = resolve("lead_unit", form.lead_unit, True)
    supervisor_id = resolve("supervisor_unit", form.supervisor_unit, False)
    coop_ids: list[int] = []
    for name in form.cooperating_units:
        unit = unit_of(store, name)
        if unit is None:
            errors["cooperating_units"] = f"配合单位“{name}”尚未登记，请从列表中选择或先新增该单位。"
        elif unit.id != lead_id and unit.id not in coop_ids:
            coop_ids.append(unit.id)

    deadline = None
    try:
        d = parse_date(form.deadline)
        deadline = d.isoformat() if d else None
    except DateError as exc:
        errors["deadline"] = str(exc)
    if deadline is None and "deadline" not in errors and kind == "限期整改":
        errors["deadline"] = "限期整改的问题需要填写整改时限。"
    try:
        progress = int(to_halfwidth(str(form.progress)).strip().rstrip("%") or 0)
        if not 0 <= progress <= 100:
            raise ValueError
    except ValueError:
        errors["progress"] = "完成进度应为 0 到 100 之间的整数。"
        progress = 0
    duty_id = form.duty_id or None
    if duty_id is not None and not store.scalar("SELECT 1 FROM duties WHERE id = ? AND campaign_id = ?",
                                                (duty_id, campaign_id)):
        errors["duty"] = "所选职责不属于本专题的责任清单，请重新选择。"
    if errors:
        first = next(iter(errors))
        raise ValidationError(f"{FIELD_LABELS.get(first, first)}：{errors[first]}", field=first, errors=errors)
    return Problem(id=problem_id, campaign_id=campaign_id, number=number, source=source,
                   category=normalize_text(form.category, multiline=False) or "其他",
                   place=normalize_text(form.place, multiline=False), description=description,
                   suggestion=normalize_text(form.suggestion), legal_basis=normalize_text(form.legal_basis),
                   lead_unit_id=lead_id, supervisor_unit_id=supervisor_id, cooperating_unit_ids=coop_ids,
                   kind=kind, deadline=deadline, progress=progress, notes=normalize_text(form.notes),
                   duty_id=duty_id)


def form_from_problem(store: Store, p: Problem) -> ProblemForm:
    def name(uid: int | None) -> str:
        return store.scalar("SELECT name FROM units WHERE id = ?", (uid,)) or "" if uid else ""
    return ProblemForm(number=p.number, source=p.source, category=p.category, place=p.place,
                       description=p.description, suggestion=p.suggestion, legal_basis=p.legal_basis,
                       lead_unit=name(p.lead_unit_id), cooperating_units=[name(u) for u in p.cooperating_unit_ids],
                       supervisor_unit=name(p.supervisor_unit_id), kind=p.kind, deadline=p.deadline or "",
                       progress=p.progress, notes=p.notes, duty_id=p.duty_id)


_EDITABLE = ("number", "source", "category", "place", "description", "suggestion", "legal_basis",
             "lead_unit_id", "supervisor_unit_id", "kind", "deadline", "progress", "notes", "duty_id")


def _write_cooperating(conn: sqlite3.Connection, problem_id: int, unit_ids: list[int]) -> None:
    conn.execute("DELETE FROM problem_units WHERE problem_id = ?", (problem_id,))
    conn.executemany("INSERT INTO problem_units(problem_id, unit_id, role, position) VALUES (?, ?, '配合', ?)",
                     [(problem_id, uid, i) for i, uid in enumerate(unit_ids)])


def insert_problem(store: Store, p: Problem, *, action: str = "新建") -> int:
    """Write a validated Problem as new (inside or outside a transaction); status starts 待交办
    unless the caller set another one (carry-over, import)."""
    with store.transaction() as conn:
        ts = now_text()
        row = p.as_row()
        row.pop("id")
        row["status"] = row.get("status") or STATUS_PENDING
        row["created_at"] = row["created_at"] or ts
        row["updated_at"] = ts
        cols = ", ".join(row)
        cur = conn.execute(f"INSERT INTO problems({cols}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))
        pid = cur.lastrowid
        _write_cooperating(conn, pid, p.cooperating_unit_ids)
        search.reindex(conn, "p.id = ?", (pid,))
        regulations.sync_problem_refs(store, pid, p.legal_basis)
        audit.record(store, entity="problem", entity_id=pid, problem_id=pid, action=action,
                     new=f"{p.number} {p.description[:40]}")
    return pid


def create_problem(store: Store, form: ProblemForm, *, campaign_id: int) -> int:
    problem = validate_form(store, form, campaign_id=campaign_id)
    problem.status = STATUS_PENDING
    return insert_problem(store, problem)


def update_problem(store: Store, problem_id: int, form: ProblemForm) -> None:
    before = get_problem(store, problem_id)
    if before is None:
        raise ValidationError("该问题已被删除。")
    from models.workflow import rules  # the workflow area decides what a closed problem allows

    rules.check_editable(store, before)
    p = validate_form(store, form, campaign_id=before.campaign_id, problem_id=problem_id)
    with store.transaction() as conn:
        after = {k: getattr(p, k) for k in _EDITABLE}
        sets = ", ".join(f"{k} = ?" for k in after)
        conn.execute(f"UPDATE problems SET {sets}, updated_at = ? WHERE id = ?",
                     (*after.values(), now_text(), problem_id))
        audit.record_changes(store, entity="problem", entity_id=problem_id, problem_id=problem_id,
                             before=before.as_row(), after=after)
        if before.cooperating_unit_ids != p.cooperating_unit_ids:
            _write_cooperating(conn, problem_id, p.cooperating_unit_ids)
            audit.record(store, entity="problem", entity_id=problem_id, problem_id=problem_id, action="修改",
                         field="cooperating_units", old=_unit_names(store, before.cooperating_unit_ids),
                         new=_unit_names(store, p.cooperating_unit_ids))
        search.reindex(conn, "p.id = ?", (problem_id,))
        regulations.sync_problem_refs(store, problem_id, p.legal_basis)


def _unit_names(store: Store, ids: list[int]) -> str:
    return "、".join(store.scalar("SELECT name FROM units WHERE id = ?", (i,)) or "" for i in ids)


def get_problem(store: Store, problem_id: int) -> Problem | None:
    row = store.query_one("SELECT * FROM problems WHERE id = ?", (problem_id,))
    if row is None:
        return None
    p = record_from(Problem, row)
    p.cooperating_unit_ids = store.column(
        "SELECT unit_id FROM problem_units WHERE problem_id = ? ORDER BY position", (problem_id,))
    return p


def next_number(store: Store, campaign_id: int) -> str:
    """The next free readable number, e.g. 2024-018 after 2024-017."""
    year = store.scalar("SELECT year FROM campaigns WHERE id = ?", (campaign_id,)) or ""
    highest = 0
    for number in store.column("SELECT number FROM problems WHERE campaign_id = ?", (campaign_id,)):
        m = re.search(r"(\d+)$", number)
        if m and (not year or number.startswith(f"{year}-")):
            highest = max(highest, int(m.group(1)))
    while True:
        highest += 1
        candidate = f"{year}-{highest:03d}" if year else f"{highest:03d}"
        if not store.scalar("SELECT 1 FROM problems WHERE campaign_id = ? AND number = ?",
                            (campaign_id, candidate)):
            return candidate


def duplicate_problem(store: Store, problem_id: int) -> int:
    """A copy with the next free number, status 待交办 and no progress; the original is untouched."""
    p = get_problem(store, problem_id)
    if p is None:
        raise ValidationError("该问题已被删除。")
    p.id = None
    p.number = next_number(store, p.campaign_id)
    p.status = STATUS_PENDING
    p.progress = 0
    p.carried_from_id = None
    p.created_at = ""
    return insert_problem(store, p, action="复制新建")


# ----- delete with undo ------------------------------------------------------------------
def _children(conn: sqlite3.Connection) -> dict[str, list[tuple[str, str]]]:
    """For each table, the (child table, fk column) pairs whose foreign key points at it."""
    out: dict[str, list[tuple[str, str]]] = {}
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        for fk in conn.execute(f"PRAGMA foreign_key_list('{name}')"):
            if fk[2] != name:
                out.setdefault(fk[2], []).append((name, fk[3]))
    return out


def _snapshot(conn: sqlite3.Connection, table: str, column: str, value: int, out: list,
              children: dict[str, list[tuple[str, str]]]) -> None:
    cur = conn.execute(f"SELECT * FROM {table} WHERE {column} = ?", (value,))
    cols = [d[0] for d in cur.description]
    rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    if not rows:
        return
    out.append((table, rows))
    if "id" in cols:
        for child, fk in children.get(table, ()):
            for r in rows:
                _snapshot(conn, child, fk, r["id"], out, children)


@dataclass
class DeletedProblems:
    """Everything removed by one delete, enough to put it back exactly (undo)."""
    ids: list[int]
    tables: list[tuple[str, list[dict]]]
    label: str
    carried: list[tuple[int, int]] = field(default_factory=list)  # (kept problem, its deleted 上年度问题)


def delete_problems(store: Store, problem_ids: list[int]) -> DeletedProblems:
    with store.transaction() as conn:
        saved: list[tuple[str, list[dict]]] = []
        labels = []
        gone: list[int] = []  # a problem deleted meanwhile (another window's undo stack) is left out
        children = _children(conn)
        carried = [(r[0], r[1]) for r in conn.execute(
            "SELECT id, carried_from_id FROM problems WHERE carried_from_id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(problem_ids)),)) if r[0] not in problem_ids]
        for pid in problem_ids:
            _snapshot(conn, "problems", "id", pid, saved, children)
            row = conn.execute("SELECT number, description FROM problems WHERE id = ?", (pid,)).fetchone()
            if row is None:
                continue
            labels.append(row[0])
            gone.append(pid)
            audit.record(store, entity="problem", entity_id=pid, problem_id=pid, action="删除",
                         old=f"{row[0]} {row[1][:40]}")
            # problems carried from this one keep existing; their link is cleared by the FK
            conn.execute("DELETE FROM problem_search WHERE rowid = ?", (pid,))
            conn.execute("DELETE FROM problems WHERE id = ?", (pid,))
    return DeletedProblems(ids=gone, tables=saved, label="、".join(labels), carried=carried)


def restore_problems(store: Store, deleted: DeletedProblems) -> None:
    """Undo a delete: every row goes back with its old id, in parent-before-child order.

    A row never replaces another one: when a number has been given to a new problem meanwhile,
    nothing is restored and a ValidationError says so."""
    with store.transaction() as conn:
        done: set[tuple[str, tuple]] = set()  # a row reached by two foreign keys is saved twice
        for table, rows in deleted.tables:
            for row in rows:
                key = (table, tuple(row.values()))
                if key in done:
                    continue
                done.add(key)
                cols = ", ".join(row)
                try:
                    conn.execute(f"INSERT INTO {table}({cols}) VALUES ({', '.join('?' * len(row))})",
                                 tuple(row.values()))
                except sqlite3.IntegrityError:
                    number = f"“{row['number']}”" if table == "problems" else ""
                    raise ValidationError(f"无法撤销删除：问题{number}的编号或记录已被之后新建的内容占用。"
                                          "如需恢复，请先修改占用该编号的问题。") from None
        # the foreign key cleared the link of problems carried from the deleted ones; put it back
        conn.executemany("UPDATE problems SET carried_from_id = ? WHERE id = ? AND carried_from_id IS NULL",
                         [(prev, pid) for pid, prev in deleted.carried])
        for pid in deleted.ids:
            search.reindex(conn, "p.id = ?", (pid,))
            audit.record(store, entity="problem", entity_id=pid, problem_id=pid, action="撤销删除")


def describe_for_confirmation(store: Store, problem_ids: list[int], shown: int = 5,
                              words: int = 16) -> list[str]:
    """Lines naming the problems a question is about: 编号, the first words, status and what hangs on it.

    At most ``shown`` lines, then one "……等共 N 个问题" line."""
    ids = list(problem_ids)
    rows = store.query(
        "SELECT p.id, p.number, p.description, p.status, "
        " (SELECT COUNT(*) FROM progress_reports r WHERE r.problem_id = p.id) AS reports "
        "FROM problems p WHERE p.id IN (SELECT value FROM json_each(?))", (json.dumps(ids[:shown]),))
    by_id = {r["id"]: r for r in rows}
    lines = []
    for pid in ids[:shown]:
        r = by_id.get(pid)
        if r is None:
            continue
        text = re.sub(r"\s+", " ", r["description"] or "").strip()
        text = text[:words] + ("…" if len(text) > words else "")
        extra = f"，{r['reports']}条整改进展" if r["reports"] else ""
        lines.append(f"{r['number']}“{text}”（{r['status']}{extra}）")
    if len(ids) > shown:
        lines.append(f"……等共 {len(ids)} 个问题")
    return lines
