"""满意度测评: votes 满意/基本满意/不满意 on the rectification, per unit or per problem; every one kept.

满意率 = (满意 + 基本满意) / 总票数; 满意票占比 = 满意 / 总票数. Each count row is about one unit,
one problem, or (neither set) the campaign's rectification as a whole.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from models import audit
from models.normalize import normalize_text, to_halfwidth
from models.store import Store, ValidationError, now_text
from models.workflow.common import check_not_future, required_date, unit_name
from models.workflow.overview import HANDED_OVER_SQL
from models.workflow.rate import Rate

ENTITY = "evaluation"
VOTE_LABELS = ("满意", "基本满意", "不满意")
RATE_LABEL = "满意率（满意＋基本满意）"
PURE_RATE_LABEL = "满意票占比"


@dataclass
class CountRow:
    """The votes about one unit, one problem, or (neither) the whole rectification."""
    unit_id: int | None = None
    problem_id: int | None = None
    satisfied: int = 0
    basically_satisfied: int = 0
    dissatisfied: int = 0
    label: str = ""  # filled when read: unit name, or problem number and text

    @property
    def total(self) -> int:
        return self.satisfied + self.basically_satisfied + self.dissatisfied

    @property
    def rate(self) -> Rate:
        """满意率 = (满意 + 基本满意) / 总票数."""
        return Rate(self.satisfied + self.basically_satisfied, self.total, "满意和基本满意", "总票数")

    @property
    def pure_rate(self) -> Rate:
        """满意 alone over the total."""
        return Rate(self.satisfied, self.total, "满意", "总票数")

    def summary(self) -> str:
        return (f"{self.label or '总体'}：满意{self.satisfied}，基本满意{self.basically_satisfied}，"
                f"不满意{self.dissatisfied}")


@dataclass
class Evaluation:
    id: int | None = None
    campaign_id: int | None = None
    unit_id: int | None = None      # set when the 测评 is about one unit only
    eval_date: str = ""
    occasion: str = ""
    notes: str = ""
    rows: list[CountRow] = field(default_factory=list)
    unit_label: str = ""

    @property
    def totals(self) -> CountRow:
        return CountRow(satisfied=sum(r.satisfied for r in self.rows),
                        basically_satisfied=sum(r.basically_satisfied for r in self.rows),
                        dissatisfied=sum(r.dissatisfied for r in self.rows), label="合计")

    @property
    def title(self) -> str:
        who = f"（{self.unit_label}）" if self.unit_label else ""
        return f"{self.eval_date} {self.occasion or '满意度测评'}{who}"


def parse_count(value: object, label: str, field_name: str) -> int:
    """A vote count a person typed: a whole number ≥ 0 (full-width digits allowed, blank = 0)."""
    text = to_halfwidth(str(value if value is not None else "")).strip()
    if not text:
        return 0
    try:
        n = int(text)
    except ValueError:
        raise ValidationError(f"{label}票数应为整数。", field=field_name) from None
    if n < 0:
        raise ValidationError(f"{label}票数不能为负数。", field=field_name)
    return n


def _clean(store: Store, ev: Evaluation) -> Evaluation:
    if not ev.campaign_id or not store.scalar("SELECT 1 FROM campaigns WHERE id = ?", (ev.campaign_id,)):
        raise ValidationError("请先选择监督专题。", field="campaign")
    eval_date = required_date(ev.eval_date, "eval_date", "测评日期")
    check_not_future(eval_date, "eval_date", "测评日期")
    if ev.unit_id is not None and not store.scalar("SELECT 1 FROM units WHERE id = ?", (ev.unit_id,)):
        raise ValidationError("被测评单位已不存在。", field="unit")
    rows: list[CountRow] = []
    seen: set[tuple] = set()
    for i, r in enumerate(ev.rows, start=1):
        if r.unit_id is not None and r.problem_id is not None:
            raise ValidationError(f"第{i}行只能针对一个单位或一个问题。", field="rows")
        counts = [parse_count(v, lbl, "rows") for v, lbl in
                  zip((r.satisfied, r.basically_satisfied, r.dissatisfied), VOTE_LABELS, strict=True)]
        key = (r.unit_id, r.problem_id)
        if key in seen:
            raise ValidationError(f"第{i}行与前面的行重复（同一单位或问题只能填一行）。", field="rows")
        seen.add(key)
        if r.problem_id is not None and store.scalar(
                "SELECT campaign_id FROM problems WHERE id = ?", (r.problem_id,)) != ev.campaign_id:
            raise ValidationError(f"第{i}行的问题不属于本监督专题。", field="rows")
        if r.unit_id is not None and not store.scalar("SELECT 1 FROM units WHERE id = ?", (r.unit_id,)):
            raise ValidationError(f"第{i}行的单位已不存在。", field="rows")
        if sum(counts):  # a line left blank is not a vote
            rows.append(CountRow(r.unit_id, r.problem_id, *counts))
    if not rows:
        raise ValidationError("请至少填写一行票数。", field="rows")
    return Evaluation(id=ev.id, campaign_id=ev.campaign_id, unit_id=ev.unit_id, eval_date=eval_date,
                      occasion=normalize_text(ev.occasion, multiline=False), notes=normalize_text(ev.notes),
                      rows=rows)


def _label_rows(store: Store, rows: list[CountRow]) -> None:
    for r in rows:
        if r.problem_id is not None:
            p = store.query_one("SELECT number, description FROM problems WHERE id = ?", (r.problem_id,))
            r.label = f"{p['number']} {p['description'][:20]}" if p else "（已删除的问题）"
        elif r.unit_id is not None:
            r.label = unit_name(store, r.unit_id)
        else:
            r.label = "总体评价"


def _write_rows(store: Store, evaluation_id: int, rows: list[CountRow], action: str) -> None:
    _label_rows(store, rows)
    for pos, r in enumerate(rows):
        store.conn.execute(
            "INSERT INTO evaluation_counts(evaluation_id, unit_id, problem_id, satisfied, basically_satisfied, "
            "dissatisfied, position) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (evaluation_id, r.unit_id, r.problem_id, r.satisfied, r.basically_satisfied, r.dissatisfied, pos))
        audit.record(store, entity=ENTITY, entity_id=evaluation_id, problem_id=r.problem_id, action=action,
                     field="counts", new=r.summary())


def create_evaluation(store: Store, ev: Evaluation) -> int:
    """Record one 测评 with its counts; returns its id."""
    e = _clean(store, ev)
    with store.transaction() as conn:
        ts = now_text()
        cur = conn.execute(
            "INSERT INTO evaluations(campaign_id, unit_id, eval_date, occasion, notes, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", (e.campaign_id, e.unit_id, e.eval_date, e.occasion, e.notes, ts, ts))
        eid = cur.lastrowid
        audit.record(store, entity=ENTITY, entity_id=eid, action="新建",
                     new=f"{e.eval_date} {e.occasion}".strip())
        _write_rows(store, eid, e.rows, "新建")
    return eid


def update_evaluation(store: Store, ev: Evaluation) -> None:
    """Correct a 测评 (header and counts); the old values stay in the history."""
    before = get_evaluation(store, ev.id) if ev.id else None
    if before is None:
        raise ValidationError("该测评记录已不存在。")
    e = _clean(store, ev)
    with store.transaction() as conn:
        after = {"unit_id": e.unit_id, "eval_date": e.eval_date, "occasion": e.occasion, "notes": e.notes}
        conn.execute("UPDATE evaluations SET unit_id=?, eval_date=?, occasion=?, notes=?, updated_at=? WHERE id=?",
                     (*after.values(), now_text(), e.id))
        audit.record_changes(store, entity=ENTITY, entity_id=e.id, before=vars(before), after=after)
        _label_rows(store, e.rows)
        old = [(r.unit_id, r.problem_id, r.satisfied, r.basically_satisfied, r.dissatisfied) for r in before.rows]
        new = [(r.unit_id, r.problem_id, r.satisfied, r.basically_satisfied, r.dissatisfied) for r in e.rows]
        if old != new:
            for r in before.rows:
                audit.record(store, entity=ENTITY, entity_id=e.id, problem_id=r.problem_id, action="修改",
                             field="counts", old=r.summary())
            conn.execute("DELETE FROM evaluation_counts WHERE evaluation_id = ?", (e.id,))
            _write_rows(store, e.id, e.rows, "修改")


def delete_evaluation(store: Store, evaluation_id: int) -> None:
    """Remove a wrongly entered 测评; what it said stays in the history."""
    before = get_evaluation(store, evaluation_id)
    if before is None:
        return
    with store.transaction() as conn:
        for r in before.rows:
            audit.record(store, entity=ENTITY, entity_id=evaluation_id, problem_id=r.problem_id, action="删除",
                         field="counts", old=r.summary())
        audit.record(store, entity=ENTITY, entity_id=evaluation_id, action="删除", old=before.title)
        conn.execute("DELETE FROM evaluations WHERE id = ?", (evaluation_id,))


def get_evaluation(store: Store, evaluation_id: int) -> Evaluation | None:
    row = store.query_one("SELECT * FROM evaluations WHERE id = ?", (evaluation_id,))
    if row is None:
        return None
    rows = [CountRow(r["unit_id"], r["problem_id"], r["satisfied"], r["basically_satisfied"], r["dissatisfied"])
            for r in store.query("SELECT * FROM evaluation_counts WHERE evaluation_id = ? ORDER BY position, id",
                                 (evaluation_id,))]
    _label_rows(store, rows)
    return Evaluation(id=row["id"], campaign_id=row["campaign_id"], unit_id=row["unit_id"],
                      eval_date=row["eval_date"], occasion=row["occasion"], notes=row["notes"], rows=rows,
                      unit_label=unit_name(store, row["unit_id"]))


def list_evaluations(store: Store, campaign_id: int) -> list[Evaluation]:
    """Every 测评 of the campaign, newest first, with their rows and totals."""
    ids = store.column("SELECT id FROM evaluations WHERE campaign_id = ? ORDER BY eval_date DESC, id DESC",
                       (campaign_id,))
    return [e for e in (get_evaluation(store, i) for i in ids) if e is not None]


def unit_history(store: Store, campaign_id: int, unit_id: int) -> list[tuple[Evaluation, CountRow]]:
    """Every vote on one unit across the campaign's 测评, oldest first (to compare rounds)."""
    out = []
    for ev in reversed(list_evaluations(store, campaign_id)):
        for r in ev.rows:
            if r.unit_id == unit_id:
                out.append((ev, r))
    return out


def candidate_units(store: Store, campaign_id: int) -> list[dict]:
    """Lead units of the campaign's handed-over problems (the usual objects of a 测评): id, label."""
    return store.query(
        "SELECT DISTINCT u.id, coalesce(nullif(u.short_name, ''), u.name) AS label FROM problems p "
        f"JOIN units u ON u.id = p.lead_unit_id WHERE p.campaign_id = ? AND ({HANDED_OVER_SQL}) ORDER BY u.name",
        (campaign_id,))


def candidate_problems(store: Store, campaign_id: int, unit_id: int | None = None) -> list[dict]:
    """Handed-over problems of the campaign (of one lead unit if given): id, label."""
    sql = ("SELECT p.id, p.number || ' ' || substr(p.description, 1, 24) AS label FROM problems p "
           f"WHERE p.campaign_id = ? AND ({HANDED_OVER_SQL})")
    params: list = [campaign_id]
    if unit_id is not None:
        sql += " AND p.lead_unit_id = ?"
        params.append(unit_id)
    return store.query(sql + " ORDER BY p.number", params)


def previous_rows(store: Store, ev: Evaluation) -> dict[tuple[int | None, int | None], tuple[Evaluation, CountRow]]:
    """For each object of ``ev``, its row in the latest earlier 测评 of the campaign (to compare rounds)."""
    out: dict[tuple[int | None, int | None], tuple[Evaluation, CountRow]] = {}
    wanted = {(r.unit_id, r.problem_id) for r in ev.rows}
    for other in list_evaluations(store, ev.campaign_id):   # newest first
        if (other.eval_date, other.id) >= (ev.eval_date, ev.id):
            continue
        for r in other.rows:
            key = (r.unit_id, r.problem_id)
            if key in wanted and key not in out:
                out[key] = (other, r)
    return out
