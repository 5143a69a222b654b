"""Conflicts as rows: recording one (both sides kept, a person decides) and closing the ones a received
resolution names (``settles``: the changes it decided between, as site:seq)."""
from __future__ import annotations

import sqlite3

from models.store import now_text


def record_conflict(conn: sqlite3.Connection, change_id: int, tbl: str, uid: str, column: str, current: str | None,
                    why: str, package_id: int | None, local_change: int | None = None) -> None:
    """One open conflict; ``local_change`` defaults to this office's last change of the same field."""
    if local_change is None:
        last = conn.execute("SELECT id FROM change_log WHERE uuid = ? AND field = ? AND id <> ? "
                            "AND state IN ('local', 'applied') ORDER BY id DESC LIMIT 1",
                            (uid, column, change_id)).fetchone()
        local_change = last[0] if last else None
    conn.execute("INSERT INTO sync_conflicts(change_id, tbl, uuid, field, local_value, local_change, package_id, found_at, "
                 "why) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (change_id, tbl, uid, column, current, local_change, package_id, now_text(), why))


def settled_ids(change: dict) -> list[str]:
    return [s for s in (change.get("meta") or {}).get("settles", []) if isinstance(s, str)]


def settled_values(conn: sqlite3.Connection, change: dict) -> list[str | None]:
    values: list[str | None] = []
    for ref in settled_ids(change):
        site, _, seq = ref.rpartition(":")
        row = conn.execute("SELECT old, new FROM change_log WHERE site = ? AND seq = ?",
                           (site, int(seq) if seq.isdigit() else -1)).fetchone()
        if row:
            values.extend(row)
    return values


def settle(conn: sqlite3.Connection, change: dict, change_id: int) -> None:
    """Close this office's open conflicts that the resolution names."""
    refs = set(settled_ids(change))
    for cid, a_site, a_seq, b_site, b_seq in conn.execute(
            "SELECT k.id, a.site, a.seq, b.site, b.seq FROM sync_conflicts k JOIN change_log a ON a.id = k.change_id "
            "LEFT JOIN change_log b ON b.id = k.local_change WHERE k.resolved_at IS NULL AND k.uuid = ? AND k.field = ?",
            (change["uuid"], change["field"])).fetchall():
        if f"{a_site}:{a_seq}" in refs or (b_site and f"{b_site}:{b_seq}" in refs):
            conn.execute("UPDATE sync_conflicts SET resolved_at = ?, resolved_by = ?, resolution = ? WHERE id = ?",
                         (now_text(), change.get("who", ""), change_id, cid))
