"""A problem deleted in one office and changed in another: a conflict shown to a person, never a silent
win for the deletion. The choice (keep it or delete it) is a ``resolve`` change on the field ``_row``
that travels like any other resolution.

A deletion carries what its office had seen of the problem (per site, the highest change number on the
problem and its progress reports, handovers, closures, attachments). An office holding changes the
deleting office had not seen keeps the problem and lists the conflict; an office that has deleted it
lists every later change that arrives for it.
"""
from __future__ import annotations

import json
import sqlite3

from models.sync.tables import PROBLEM_CHILDREN

ROW = "_row"              # the field of a delete-vs-edit conflict: the whole problem
KEEP, DELETE = "保留该问题", "删除该问题"
_WHAT = {"progress_reports": "新增整改进展", "handover_items": "新增交办", "closure_checks": "销号",
         "attachments": "新增佐证材料"}


def choice(value: str | None) -> str:
    """The two answers of a delete-vs-edit conflict (what the dialog shows is passed back as it is)."""
    return DELETE if (value or "").startswith("删除") else KEEP


def problem_uuids(conn: sqlite3.Connection, problem_id: int, uid: str) -> list[str]:
    out = [uid]
    for child in PROBLEM_CHILDREN:
        out += [r[0] for r in conn.execute(
            f"SELECT s.uuid FROM sync_rows s JOIN {child} c ON s.tbl = '{child}' AND s.local_id = c.id "
            "WHERE c.problem_id = ?", (problem_id,))]
    return out


def seen_meta(conn: sqlite3.Connection, problem_id: int, uid: str) -> dict:
    """What this office has seen of a problem it deletes now (the delete's ``meta``)."""
    rows = conn.execute("SELECT site, max(seq) FROM change_log WHERE uuid IN (SELECT value FROM json_each(?)) "
                        "GROUP BY site", (json.dumps(problem_uuids(conn, problem_id, uid)),)).fetchall()
    return {"seen": {site: seq for site, seq in rows}}


def unseen_edits(conn: sqlite3.Connection, problem_id: int, uid: str, seen: dict) -> list[dict]:
    """Changes held here on a problem (or its children) that the deleting office had not seen."""
    rows = conn.execute(
        "SELECT id, site, seq, op, tbl, field, who, at FROM change_log WHERE uuid IN (SELECT value FROM json_each(?)) "
        "AND op IN ('insert', 'field', 'resolve') AND state IN ('local', 'applied') ORDER BY id",
        (json.dumps(problem_uuids(conn, problem_id, uid)),)).fetchall()
    keys = ("id", "site", "seq", "op", "tbl", "field", "who", "at")
    out = [dict(zip(keys, r, strict=True)) for r in rows]
    return [c for c in out if isinstance(c["seq"], int) and c["seq"] > _int(seen.get(c["site"]))]


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0


def describe(changes: list[dict], field_label) -> str:
    """地点、新增整改进展 — what the unseen changes were, for the conflict's reason."""
    words: list[str] = []
    for c in changes:
        word = field_label(c["field"], c["tbl"]) if c["op"] != "insert" else _WHAT.get(c["tbl"], "")
        if word and word not in words:
            words.append(word)
    return "、".join(words[:6]) + ("等" if len(words) > 6 else "")


def last_delete(conn: sqlite3.Connection, uid: str) -> int | None:
    row = conn.execute("SELECT id FROM change_log WHERE uuid = ? AND op = 'delete' ORDER BY id DESC LIMIT 1",
                       (uid,)).fetchone()
    return row[0] if row else None


def deleted_label(conn: sqlite3.Connection, uid: str) -> str:
    """问题 2026-017（已删除）: the number a deleted problem had (from a received insert, or its deletion's 留痕)."""
    got = conn.execute("SELECT row FROM change_log WHERE uuid = ? AND op = 'insert' AND row IS NOT NULL "
                       "ORDER BY id DESC LIMIT 1", (uid,)).fetchone()
    number = (json.loads(got[0]) or {}).get("number") if got else None
    if not number:
        row = conn.execute("SELECT a.old_value FROM sync_rows s JOIN audit_log a ON a.entity = 'problem' "
                           "AND a.entity_id = s.local_id AND a.field IS NULL AND a.action = '删除' "
                           "WHERE s.uuid = ? ORDER BY a.id DESC LIMIT 1", (uid,)).fetchone()
        number = row[0].split(" ", 1)[0] if row and row[0] else ""
    return f"问题 {number}（已删除）" if number else "问题（已删除）"


def restored_since(conn: sqlite3.Connection, change: dict) -> bool:
    """A deletion its office undid afterwards (删除, then 撤销删除): the restore, applied first as every insert
    is, has brought the row back or kept it here."""
    return conn.execute("SELECT 1 FROM change_log WHERE uuid = ? AND site = ? AND seq > ? AND op = 'insert' "
                        "AND json_extract(meta, '$.restore') LIMIT 1",
                        (change["uuid"], change["site"], change["seq"])).fetchone() is not None
