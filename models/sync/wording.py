"""How changes read in the change list: which problem, which field, in Chinese."""
from __future__ import annotations

import json
import sqlite3

from models.audit import FIELD_LABELS
from models.sync import changelog
from models.sync.tables import SPECS

_MORE_LABELS = {"doc_number": "交办文号", "handover_date": "交办日期", "occasion": "交办会议", "organ": "交办机关",
                "report_date": "填报日期", "unit_id": "填报单位", "measures": "整改措施", "result": "成效",
                "percent": "完成百分比", "requests_closing": "申请销号", "_row": "整个问题（一方删除、一方修改）",
                "recipients": "交办对象（主送）", "counts": "测评票数", "eval_date": "测评日期"}


# A column whose word depends on its table: an evaluation's unit is the unit rated, not the one reporting.
_TABLE_LABELS = {("evaluations", "unit_id"): "被测评单位"}


def field_label(column: str | None, tbl: str | None = None) -> str:
    if (tbl, column) in _TABLE_LABELS:
        return _TABLE_LABELS[(tbl, column)]
    return FIELD_LABELS.get(column or "", _MORE_LABELS.get(column or "", column or ""))


def row_label(conn: sqlite3.Connection, change: dict) -> str:
    """"问题 2026-017", "整改进展（问题 2026-017）" — or the number the package carries when gone here."""
    tbl = change["tbl"]
    local_id = changelog.local_id_of(conn, change["uuid"])
    number = None
    if tbl == "problems":
        if local_id:
            number = conn.execute("SELECT number FROM problems WHERE id = ?", (local_id,)).fetchone()[0]
        elif isinstance(change.get("row"), dict):
            number = change["row"].get("number")
        return f"问题 {number or '（已删除）'}"
    if local_id and "problem_id" in SPECS[tbl].columns:
        row = conn.execute(f"SELECT p.number FROM {tbl} t JOIN problems p ON p.id = t.problem_id WHERE t.id = ?",
                           (local_id,)).fetchone()
        if row:
            return f"{SPECS[tbl].label}（问题 {row[0]}）"
    return SPECS[tbl].label


def shown_value(conn: sqlite3.Connection, tbl: str, column: str | None, value: str | None) -> str:
    """A value as a person reads it: 测评票数 as 单位/问题：满意…，基本满意…，不满意… rather than their JSON."""
    if not (tbl == "evaluations" and column == "counts" and value):
        return value or ""
    try:
        rows = json.loads(value)
    except ValueError:
        return value
    parts = []
    for r in rows if isinstance(rows, list) else []:
        if not (isinstance(r, list) and len(r) == 5):
            continue
        unit, problem, satisfied, basic, dissatisfied = r
        if problem:
            local = changelog.local_id_of(conn, problem)
            number = conn.execute("SELECT number FROM problems WHERE id = ?", (local,)).fetchone() if local else None
            who = f"问题 {number[0]}" if number else "问题（已删除）"
        else:
            who = unit or "总体评价"
        parts.append(f"{who}：满意{satisfied}，基本满意{basic}，不满意{dissatisfied}")
    return "；".join(parts)
