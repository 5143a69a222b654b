"""Exchanged values kept in side tables, merged as one field: a batch's 交办对象 (主送, handover_recipients)
and a 满意度测评's vote counts (evaluation_counts). Each travels as text — recipients as full unit names
joined by 、, counts as a JSON list of [unit full name, problem uuid, 满意, 基本满意, 不满意] in order —
so a change is one old → new pair: applied, already there, or a conflict, like any other field."""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

RECIPIENTS, COUNTS = "recipients", "counts"
VIRTUAL = {"handover_batches": (RECIPIENTS,), "evaluations": (COUNTS,)}


def is_virtual(tbl: str, column: str) -> bool:
    return column in VIRTUAL.get(tbl, ())


def read(conn: sqlite3.Connection, tbl: str, column: str, local_id: int) -> str:
    if column == RECIPIENTS:
        return "、".join(r[0] for r in conn.execute(
            "SELECT u.name FROM handover_recipients r JOIN units u ON u.id = r.unit_id WHERE r.batch_id = ? "
            "ORDER BY r.position, u.name", (local_id,)))
    rows = conn.execute(
        "SELECT u.name, (SELECT s.uuid FROM sync_rows s WHERE s.tbl = 'problems' AND s.local_id = c.problem_id "
        "ORDER BY s.rowid LIMIT 1), c.satisfied, c.basically_satisfied, c.dissatisfied FROM evaluation_counts c "
        "LEFT JOIN units u ON u.id = c.unit_id WHERE c.evaluation_id = ? ORDER BY c.position, c.id", (local_id,))
    return _dump([list(r) for r in rows])


def _dump(rows: list) -> str:
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def _rows(value: str | None) -> list[list]:
    try:
        rows = json.loads(value or "[]")
    except ValueError:
        return []
    return [r for r in rows if isinstance(r, list) and len(r) == 5] if isinstance(rows, list) else []


def full_names(conn: sqlite3.Connection, value: str | None) -> str | None:
    """交办对象 as the 留痕 writes them (short names) in the form they travel in (full names)."""
    if not value:
        return value
    out = []
    for name in value.split("、"):
        row = conn.execute("SELECT name FROM units WHERE name = ? OR short_name = ? ORDER BY name = ? DESC LIMIT 1",
                           (name, name, name)).fetchone()
        out.append(row[0] if row else name)
    return "、".join(out)


def localize(column: str, value: str | None, local_name: Callable[[str], str]) -> str | None:
    """An incoming value with its unit names in this office's naming (for comparing)."""
    if not value:
        return value
    if column == RECIPIENTS:
        return "、".join(local_name(n) for n in value.split("、"))
    return _dump([[local_name(r[0]) if r[0] else r[0], *r[1:]] for r in _rows(value)])


def write(conn: sqlite3.Connection, tbl: str, column: str, local_id: int, value: str | None,
          unit_id: Callable[[str], int | None], problem_id: Callable[[str], int | None]) -> None:
    if column == RECIPIENTS:
        ids: list[int] = []
        for name in (value or "").split("、"):
            uid = unit_id(name) if name else None
            if uid is not None and uid not in ids:
                ids.append(uid)
        conn.execute("DELETE FROM handover_recipients WHERE batch_id = ?", (local_id,))
        conn.executemany("INSERT INTO handover_recipients(batch_id, unit_id, position) VALUES (?, ?, ?)",
                         [(local_id, u, n) for n, u in enumerate(ids)])
        return
    conn.execute("DELETE FROM evaluation_counts WHERE evaluation_id = ?", (local_id,))
    for pos, (unit, problem, satisfied, basic, dissatisfied) in enumerate(_rows(value)):
        pid = problem_id(problem) if problem else None
        if problem and pid is None:
            continue  # its problem was deleted here: its votes went with it
        conn.execute("INSERT INTO evaluation_counts(evaluation_id, unit_id, problem_id, satisfied, basically_satisfied, "
                     "dissatisfied, position) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (local_id, unit_id(unit) if unit and not problem else None, pid, _n(satisfied), _n(basic),
                      _n(dissatisfied), pos))


def without_problems(value: str | None, problem_uuids: set[str] | frozenset[str]) -> str:
    """Counts as an office holds them after deleting these problems (their votes went with them)."""
    return _dump([r for r in _rows(value) if r[1] not in problem_uuids])


def _n(value: object) -> int:
    return value if isinstance(value, int) and value >= 0 else 0


def counts_before(conn: sqlite3.Connection, uid: str, value: str | None = None) -> str | None:
    """The counts of a 测评 as they were when this transaction began rewriting them (kept in a TEMP table,
    so it goes with a rollback): remembered on the first call with ``value``, read back without."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS sync_counts_before(uuid TEXT PRIMARY KEY, value TEXT)")
    if value is not None:
        conn.execute("INSERT OR REPLACE INTO temp.sync_counts_before(uuid, value) VALUES (?, ?)", (uid, value))
        return value
    row = conn.execute("SELECT value FROM temp.sync_counts_before WHERE uuid = ?", (uid,)).fetchone()
    return row[0] if row else None
