"""留痕 shown to people: a problem's audit rows in time order, in Chinese, ids turned into names."""
from __future__ import annotations

from dataclasses import dataclass

from models.audit import FIELD_LABELS
from models.store import Store
from models.workflow.carryover import carry_chain
from models.workflow.common import id_list

# Labels of the fields the workflow writes (the core ones come from models.audit.FIELD_LABELS).
WORKFLOW_LABELS: dict[str, str] = {
    "reason": "理由", "handover": "交办批次", "carried_to": "转入下年度问题",
    "doc_number": "交办文号", "handover_date": "交办日期", "occasion": "交办会议", "organ": "交办机关",
    "default_deadline": "默认整改时限", "recipients": "承办单位", "problem_count": "问题数",
    "report_date": "填报日期", "unit_id": "填报单位", "measures": "整改措施", "result": "整改成效",
    "percent": "完成进度", "requests_closing": "申请销号", "attachment": "佐证材料",
    "checked_by": "核查人", "check_date": "核查日期", "opinion": "核查意见",
    "no_evidence_reason": "无佐证材料原因", "handover_deadline": "交办时限", "problem": "问题",
}


def field_label(field: str | None) -> str:
    if not field:
        return ""
    return WORKFLOW_LABELS.get(field) or FIELD_LABELS.get(field) or field


@dataclass
class HistoryRow:
    at: str
    user: str
    action: str
    field: str           # Chinese label, "" for whole-record rows
    old: str
    new: str
    problem: str = ""    # "2024年 2024-012" when the row belongs to the same matter in another year

    @property
    def change(self) -> str:
        """One readable line: "状态：整改中 → 申请销号", "理由：材料不全", "新建：2024-001 …"."""
        head = f"{self.field}：" if self.field else ""
        if self.old and self.new:
            return f"{head}{self.old} → {self.new}"
        if self.old:
            return f"{head}{self.old} → （空）" if self.field else f"{head}{self.old}"
        return f"{head}{self.new}"


class _Names:
    """Turns stored ids into names, caching lookups for one history listing."""

    def __init__(self, store: Store):
        self.store = store
        self.cache: dict[tuple[str, str], str] = {}

    def _get(self, kind: str, value: str, sql: str) -> str:
        key = (kind, value)
        if key not in self.cache:
            try:
                found = self.store.scalar(sql, (int(value),))
            except ValueError:
                found = None
            self.cache[key] = found or value
        return self.cache[key]

    def value(self, field: str | None, value: str | None) -> str:
        if value is None or value == "":
            return ""
        if field in ("lead_unit_id", "supervisor_unit_id"):
            return self._get("unit", value, "SELECT name FROM units WHERE id = ?")
        if field == "campaign_id":
            return self._get("campaign", value, "SELECT year || '年 ' || name FROM campaigns WHERE id = ?")
        if field in ("carried_from_id", "carried_to"):
            return self._get("problem", value, "SELECT c.year || '年 ' || c.name || ' 第' || p.number || '号' "
                                               "FROM problems p JOIN campaigns c ON c.id = p.campaign_id "
                                               "WHERE p.id = ?")
        if field in ("progress", "percent"):
            return f"{value}%"
        if field == "requests_closing":
            return "是" if value in ("1", "True") else "否"
        return value


def _rows(store: Store, where: str, params: tuple) -> list[dict]:
    return store.query(f"SELECT * FROM audit_log WHERE {where} ORDER BY id", params)


def problem_history(store: Store, problem_id: int, *, include_linked: bool = True) -> list[HistoryRow]:
    """Everything that happened to a problem, oldest first: its own rows, corrections of its
    handover batches, and (``include_linked``) the same matter's rows in other years."""
    names = _Names(store)
    chain = carry_chain(store, problem_id) if include_linked else [problem_id]
    marks = {}
    for pid in chain:
        if pid != problem_id:
            row = store.query_one("SELECT c.year, p.number FROM problems p JOIN campaigns c ON c.id = p.campaign_id "
                                  "WHERE p.id = ?", (pid,))
            marks[pid] = f"{row['year']}年 {row['number']}" if row else ""
    ids = id_list(chain)
    audit_rows = _rows(store, "problem_id IN (SELECT value FROM json_each(?)) OR (entity = 'handover_batch' "
                       "AND action NOT IN ('新建交办批次', '移出问题') AND entity_id IN (SELECT batch_id FROM handover_items "
                       "WHERE problem_id = ?))", (ids, problem_id))
    out: list[HistoryRow] = []
    key = None
    for r in audit_rows:
        row = HistoryRow(at=r["at"], user=r["user"], action=r["action"], field=field_label(r["field"]),
                         old=names.value(r["field"], r["old_value"]), new=names.value(r["field"], r["new_value"]),
                         problem=marks.get(r["problem_id"], ""))
        # the fields of one new report / check arrive as several rows: show them as one line
        merge = r["old_value"] is None and r["field"] not in _OWN_LINE and r["entity"] != "problem"
        this = (r["at"], r["user"], r["action"], r["entity"], r["entity_id"]) if merge else None
        shown = f"{row.field}：{row.new}" if row.field else row.new   # a whole-record row has no field
        if this is not None and this == key:
            out[-1].new += f"；{shown}"
            continue
        if this is not None:
            row.new, row.field = shown, ""
        out.append(row)
        key = this
    return out


_OWN_LINE = ("status", "progress", "reason", "attachment")


def batch_history(store: Store, batch_id: int) -> list[HistoryRow]:
    names = _Names(store)
    return [HistoryRow(at=r["at"], user=r["user"], action=r["action"], field=field_label(r["field"]),
                       old=names.value(r["field"], r["old_value"]), new=names.value(r["field"], r["new_value"]))
            for r in _rows(store, "entity = 'handover_batch' AND entity_id = ?", (batch_id,))]


def problem_fields(store: Store, problem_id: int) -> list[tuple[str, str]]:
    """(label, value) pairs of one problem for the 问题详情 page, units as names."""
    from models import deadlines
    from models.campaigns import get_campaign
    from models.problems import get_problem
    from models.workflow.common import unit_name

    p = get_problem(store, problem_id)
    if p is None:
        return []
    c = get_campaign(store, p.campaign_id)
    full = _Names(store)
    state = deadlines.deadline_state(p.deadline, p.status, days=deadlines.warn_days(store)) if p.deadline else ""
    deadline = f"{p.deadline}（{state}）" if state == deadlines.OVERDUE else (p.deadline or "无")
    return [
        ("编号", p.number), ("监督专题", c.title if c else ""), ("状态", p.status),
        ("问题来源", p.source), ("问题类别", p.category), ("地点", p.place), ("问题描述", p.description),
        ("意见建议", p.suggestion), ("法条依据", p.legal_basis),
        ("牵头单位", full.value("lead_unit_id", str(p.lead_unit_id)) if p.lead_unit_id else ""),
        ("配合单位", "、".join(unit_name(store, u) for u in p.cooperating_unit_ids)),
        ("督办部门", full.value("supervisor_unit_id", str(p.supervisor_unit_id)) if p.supervisor_unit_id else ""),
        ("整改类型", p.kind), ("整改时限", deadline), ("完成进度", f"{p.progress}%"), ("备注", p.notes),
        *_list_fields(store, problem_id, p.duty_id),
    ]


def _list_fields(store: Store, problem_id: int, duty_id: int | None) -> list[tuple[str, str]]:
    """What the campaign's lists say of a problem: the duty it concerns, where it was found, and the
    articles it cites with their text as it was when cited."""
    from models.lists import inspections, regulations

    out = []
    if duty_id:
        d = store.query_one("SELECT u.name, d.text FROM duties d JOIN units u ON u.id = d.unit_id WHERE d.id = ?",
                            (duty_id,))
        if d:
            out.append(("对应职责", f"{d['name']}：{d['text']}"))
    found = inspections.inspection_of_problem(store, problem_id)
    if found:
        out.append(("检查发现", f"{found['visit_date']}　{found['kind']}　{found['place']}（检查项：{found['item_text']}）"))
    for ref in regulations.problem_refs(store, problem_id):
        if ref["article_text"]:
            out.append(("条文", f"{ref['citation']}：{ref['article_text']}"))
    return out


def linked_problems(store: Store, problem_id: int) -> list[tuple[str, int, str]]:
    """(relation, id, "2024年 专题 第2024-012号") for the same matter in the year before and after."""
    from models.workflow.carryover import carried_to

    names = _Names(store)
    out = []
    prev = store.scalar("SELECT carried_from_id FROM problems WHERE id = ?", (problem_id,))
    if prev:
        out.append(("上年度问题", prev, names.value("carried_from_id", str(prev))))
    nxt = carried_to(store, problem_id)
    if nxt:
        out.append(("转入下年度问题", nxt, names.value("carried_to", str(nxt))))
    return out
