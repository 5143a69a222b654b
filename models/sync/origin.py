"""Problems from another office: shown here as 某县·2026-017, their origin's own number, 来源 and 督办部门
kept apart (sync_origin), so changes from the origin compare against the origin's values.

A problem handed down from a higher level (省 → 市 → 县) arrives as 上级交办 with the upper office as its
督办部门: those two fields are this office's own view of it. They are neither sent nor taken; what travels
is the origin's value, held here in sync_origin. The number shown here is local too (the origin's number
with its office's short name); a package always carries the origin's number.
"""
from __future__ import annotations

import re
import sqlite3

from models.vocab import LEVELS

HANDED_DOWN_SOURCE = "上级交办"
UPPER_UNIT_KIND = "人大机关/专门委员会"
# problem columns an origin holds: number for every foreign problem, source and 督办部门 for handed-down ones
NUMBER, SOURCE, SUPERVISOR = "number", "source", "supervisor_unit_id"
_RANK = {level: n for n, level in enumerate(reversed(LEVELS))}  # 县 0 < 市 1 < 省 2
_SUFFIX = re.compile(r"(人民代表大会常务委员会|人大常务委员会|人大常委会|人大)$")


def short_office(office: str) -> str:
    """某某县人大常委会 → 某某县 (the name a problem number is shown with)."""
    office = (office or "").strip()
    return _SUFFIX.sub("", office) or office


def is_higher(level: str | None, than: str | None) -> bool:
    return _RANK.get(level or "", -1) > _RANK.get(than or "", -1)


def info(conn: sqlite3.Connection, problem_id: int) -> dict | None:
    row = conn.execute("SELECT site, office, level, number, handed_down, source, supervisor FROM sync_origin "
                       "WHERE problem_id = ?", (problem_id,)).fetchone()
    if row is None:
        return None
    return dict(zip(("site", "office", "level", "number", "handed_down", "source", "supervisor"), row, strict=True))


def holds(conn: sqlite3.Connection, problem_id: int, column: str) -> bool:
    """Whether the exchanged value of this column lives in sync_origin (not in the row shown here)."""
    if column not in (NUMBER, SOURCE, SUPERVISOR):
        return False
    o = info(conn, problem_id)
    return o is not None and (column == NUMBER or bool(o["handed_down"]))


def shared_value(o: dict, column: str) -> str | None:
    return {NUMBER: o["number"], SOURCE: o["source"], SUPERVISOR: o["supervisor"]}[column]


def display_number(conn: sqlite3.Connection, campaign_id: int, office: str, number: str,
                   problem_id: int | None = None) -> str:
    """某县·2026-017, unique in the campaign (a second one gets （2）)."""
    taken = "SELECT 1 FROM problems WHERE campaign_id = ? AND number = ? AND id IS NOT ?"
    candidate = f"{short_office(office)}·{number}"
    base, n = candidate, 2
    while conn.execute(taken, (campaign_id, candidate, problem_id)).fetchone():
        candidate = f"{base}（{n}）"
        n += 1
    return candidate


def upper_unit(conn: sqlite3.Connection, office: str, ts: str) -> int:
    """The unit standing for an upper office (its 督办部门 here), made once."""
    row = conn.execute("SELECT id FROM units WHERE name = ? OR short_name = ? ORDER BY name = ? DESC LIMIT 1",
                       (office, office, office)).fetchone()
    if row:
        return row[0]
    return conn.execute("INSERT INTO units(name, kind, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                        (office, UPPER_UNIT_KIND, "上级机关（交办问题的督办部门，由交换包新建）", ts, ts)).lastrowid


def record(conn: sqlite3.Connection, problem_id: int, origin: dict, number: str, *, handed_down: bool,
           source: str | None, supervisor: str | None) -> None:
    conn.execute("INSERT OR REPLACE INTO sync_origin(problem_id, site, office, level, number, handed_down, source, "
                 "supervisor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 (problem_id, origin["site"], origin["office"], origin.get("level") or "", number, int(handed_down),
                  source if handed_down else None, supervisor if handed_down else None))


def write(conn: sqlite3.Connection, problem_id: int, column: str, value: str | None) -> None:
    """A change from elsewhere to a value the origin holds: kept in sync_origin; the number shown follows."""
    o = info(conn, problem_id)
    if o is None:
        return
    if column == NUMBER:
        conn.execute("UPDATE sync_origin SET number = ? WHERE problem_id = ?", (value or "", problem_id))
        campaign_id = conn.execute("SELECT campaign_id FROM problems WHERE id = ?", (problem_id,)).fetchone()[0]
        conn.execute("UPDATE problems SET number = ? WHERE id = ?",
                     (display_number(conn, campaign_id, o["office"], value or "", problem_id), problem_id))
    else:
        conn.execute(f"UPDATE sync_origin SET {'source' if column == SOURCE else 'supervisor'} = ? "
                     "WHERE problem_id = ?", (value, problem_id))


def describe(conn: sqlite3.Connection, problem_id: int, own: dict) -> dict:
    """Who a problem comes from, as it travels in an insert (``own``: this office, for its own problems)."""
    o = info(conn, problem_id)
    if o is None:
        return own
    return {"site": o["site"], "office": o["office"], "level": o["level"]}


def adopt_existing(conn: sqlite3.Connection, my_site: str) -> None:
    """Schema step 7 for a database that already holds other offices' problems: their numbers get their
    office's short name (a collision prefix of the old kind, 某县人大常委会·, is taken off first)."""
    rows = conn.execute(
        "SELECT p.id, p.campaign_id, p.number, s.origin_site, coalesce(pe.office, ''), coalesce(pe.level, '') "
        "FROM problems p JOIN sync_rows s ON s.tbl = 'problems' AND s.local_id = p.id "
        "LEFT JOIN sync_peers pe ON pe.site = s.origin_site WHERE s.origin_site <> ? ORDER BY p.id",
        (my_site,)).fetchall()
    for pid, campaign_id, number, site, office, level in rows:
        bare = number.split("·", 1)[1] if office and number.startswith(f"{office}·") else number
        record(conn, pid, {"site": site, "office": office, "level": level}, bare, handed_down=False, source=None,
               supervisor=None)
        if office:
            conn.execute("UPDATE problems SET number = ? WHERE id = ?",
                         (display_number(conn, campaign_id, office, bare, pid), pid))
    if rows:
        from models import search

        search.reindex(conn, "p.id IN (SELECT problem_id FROM sync_origin)")
