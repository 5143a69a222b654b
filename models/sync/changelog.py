"""The change log: every exchanged change is one row, written in the transaction of its 留痕 row.

``note`` is called by models.audit.record for every history row; it turns the ones that concern an
exchanged table into inserts, field changes and tombstones numbered per site. Rows made without a
history row of their own (imports, handover items) are taken in by ``adopt_all`` before an export.
"""
from __future__ import annotations

import json
import sqlite3
import uuid as uuid_mod

from models.store import Store, now_text
from models.sync.identity import SITE_ID
from models.sync.tables import BY_ENTITY, ORDER, PROBLEM_CHILDREN, SPECS, TableSpec, text

# History rows written by the exchange itself (applying a package, undoing one, settling a conflict):
# they are already in the change log under their own site, so the hook leaves them alone.
EXCHANGE_ACTIONS = frozenset({"导入交换包", "撤销交换包", "解决冲突"})


def site_of(store: Store) -> str:
    return store.get_setting(SITE_ID) or ""


def uuid_of(conn: sqlite3.Connection, tbl: str, local_id: int | None) -> str | None:
    if local_id is None:
        return None
    row = conn.execute("SELECT uuid FROM sync_rows WHERE tbl = ? AND local_id = ? ORDER BY rowid LIMIT 1",
                       (tbl, local_id)).fetchone()
    return row[0] if row else None


def local_id_of(conn: sqlite3.Connection, uuid: str | None) -> int | None:
    """The local row a uuid names, if it (still) exists."""
    if not uuid:
        return None
    row = conn.execute("SELECT tbl, local_id FROM sync_rows WHERE uuid = ?", (uuid,)).fetchone()
    if row is None:
        return None
    exists = conn.execute(f"SELECT 1 FROM {row[0]} WHERE id = ?", (row[1],)).fetchone()
    return row[1] if exists else None


def next_seq(conn: sqlite3.Connection, site: str) -> int:
    return (conn.execute("SELECT max(seq) FROM change_log WHERE site = ?", (site,)).fetchone()[0] or 0) + 1


def log(store: Store, op: str, tbl: str, uuid: str, *, field: str | None = None, old: object = None,
        new: object = None, meta: dict | None = None) -> int:
    """Append one local change; returns its change_log id."""
    site = site_of(store)
    cur = store.conn.execute(
        "INSERT INTO change_log(site, seq, op, tbl, uuid, field, old, new, meta, who, at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (site, next_seq(store.conn, site), op, tbl, uuid, field, text(old), text(new),
         json.dumps(meta, ensure_ascii=False) if meta else None, store.user, now_text()))
    return cur.lastrowid


def adopt(store: Store, tbl: str, local_id: int, *, origin: str | None = None) -> str:
    """Give a local row its uuid and log its insert (its content is read when a package is written)."""
    uid = uuid_mod.uuid4().hex
    store.conn.execute("INSERT INTO sync_rows(uuid, tbl, local_id, origin_site) VALUES (?, ?, ?, ?)",
                       (uid, tbl, local_id, origin or site_of(store)))
    log(store, "insert", tbl, uid)
    return uid


def adopt_all(store: Store) -> int:
    """Take in every exchanged row that has no uuid yet (parents first). Joins the caller's transaction."""
    count = 0
    with store.transaction() as conn:
        for tbl in ORDER:
            ids = [r[0] for r in conn.execute(
                f"SELECT id FROM {tbl} t WHERE NOT EXISTS "
                f"(SELECT 1 FROM sync_rows s WHERE s.tbl = '{tbl}' AND s.local_id = t.id) ORDER BY id")]
            for local_id in ids:
                adopt(store, tbl, local_id)
            count += len(ids)
    return count


def portable(conn: sqlite3.Connection, spec: TableSpec, column: str, value: object) -> str | None:
    """A local value in the form it travels in: units by full name, references by uuid."""
    if value is None or value == "":
        return text(value)
    if column in spec.units and isinstance(value, int):
        row = conn.execute("SELECT name FROM units WHERE id = ?", (value,)).fetchone()
        return row[0] if row else None
    if column in spec.refs:
        return uuid_of(conn, spec.refs[column], int(value))
    return text(value)


def cooperating_names(conn: sqlite3.Connection, problem_id: int) -> str:
    rows = conn.execute("SELECT u.name FROM problem_units pu JOIN units u ON u.id = pu.unit_id "
                        "WHERE pu.problem_id = ? ORDER BY pu.position, u.name", (problem_id,)).fetchall()
    return "、".join(r[0] for r in rows)


def snapshot(conn: sqlite3.Connection, tbl: str, local_id: int) -> dict | None:
    """The row as it travels in an insert, or None when it is gone."""
    spec = SPECS[tbl]
    cols = [c for c in spec.columns if c != "cooperating_units"]
    row = conn.execute(f"SELECT {', '.join(cols)} FROM {tbl} WHERE id = ?", (local_id,)).fetchone()
    if row is None:
        return None
    out = {c: portable(conn, spec, c, v) for c, v in zip(cols, row, strict=True)}
    if tbl == "problems":
        out["cooperating_units"] = cooperating_names(conn, local_id)
    return out


def current_value(conn: sqlite3.Connection, tbl: str, local_id: int, column: str) -> str | None:
    if column == "cooperating_units":
        return cooperating_names(conn, local_id)
    value = conn.execute(f"SELECT {column} FROM {tbl} WHERE id = ?", (local_id,)).fetchone()[0]
    return portable(conn, SPECS[tbl], column, value)


def _last_local_is_insert_of(store: Store, uid: str) -> bool:
    row = store.conn.execute("SELECT op, uuid FROM change_log WHERE site = ? ORDER BY seq DESC LIMIT 1",
                             (site_of(store),)).fetchone()
    return row is not None and row[0] == "insert" and row[1] == uid


def note(store: Store, *, entity: str, entity_id: int | None, action: str, field: str | None,
         old: object, new: object) -> None:
    """The audit hook: log what this history row means for the exchange (inside its transaction)."""
    spec = BY_ENTITY.get(entity)
    if spec is None or entity_id is None or action in EXCHANGE_ACTIONS:
        return
    conn = store.conn
    uid = uuid_of(conn, spec.name, entity_id)
    exists = conn.execute(f"SELECT 1 FROM {spec.name} WHERE id = ?", (entity_id,)).fetchone() is not None
    if field is None and "删除" in action and action != "撤销删除":
        if uid:
            log(store, "delete", spec.name, uid)
        return
    if not exists:
        return
    if uid is None:
        adopt(store, spec.name, entity_id)
        return
    if action == "撤销删除":
        _log_restore(store, spec.name, entity_id, uid)
    elif field == "reason" and spec.name == "problems":
        _attach_reason(store, uid, new)
    elif field in spec.fields and not (old in (None, "") and _last_local_is_insert_of(store, uid)):
        log(store, "field", spec.name, uid, field=field, old=portable(conn, spec, field, old),
            new=portable(conn, spec, field, new))


def note_new_rows(store: Store, notes: list[tuple]) -> None:
    """The bulk twin of ``note`` for the history rows of rows a batch has just inserted (an import):
    ``notes`` are (entity, entity_id, action, field, old, new) in history order. Each new exchanged
    row is adopted at its first history row and later field rows are logged as ``note`` would, with
    two executemany calls. Rows the change log already knows go through ``note`` one by one."""
    conn = store.conn
    keys: dict[str, set[int]] = {}
    for entity, entity_id, action, *_ in notes:
        spec = BY_ENTITY.get(entity)
        if spec is not None and entity_id is not None and action not in EXCHANGE_ACTIONS:
            keys.setdefault(spec.name, set()).add(entity_id)
    for tbl, ids in keys.items():
        known = conn.execute("SELECT 1 FROM sync_rows WHERE tbl = ? AND local_id IN (SELECT value FROM json_each(?))"
                             " LIMIT 1", (tbl, json.dumps(sorted(ids)))).fetchone()
        if known:   # not all new: the one-by-one hook knows every case
            for entity, entity_id, action, field, old, new in notes:
                note(store, entity=entity, entity_id=entity_id, action=action, field=field, old=old, new=new)
            return
    site, who, at = site_of(store), store.user, now_text()
    seq = next_seq(conn, site)
    uuids: dict[tuple[str, int], str] = {}
    adopted, logged = [], []
    last: tuple[str, str] | None = None
    for entity, entity_id, action, field, old, new in notes:
        spec = BY_ENTITY.get(entity)
        if spec is None or entity_id is None or action in EXCHANGE_ACTIONS:
            continue
        uid = uuids.get((spec.name, entity_id))
        if uid is None:
            if field is None and "删除" in action and action != "撤销删除":
                continue
            uid = uuids[(spec.name, entity_id)] = uuid_mod.uuid4().hex
            adopted.append((uid, spec.name, entity_id, site))
            logged.append((site, seq, "insert", spec.name, uid, None, None, None, None, who, at))
            last = ("insert", uid)
        elif action in ("撤销删除",) or field == "reason" and spec.name == "problems" or \
                field is None and "删除" in action:
            raise ValueError(f"note_new_rows: “{action}” is not a change of a new row")
        elif field in spec.fields and not (old in (None, "") and last == ("insert", uid)):
            logged.append((site, seq, "field", spec.name, uid, field, portable(conn, spec, field, old),
                           portable(conn, spec, field, new), None, who, at))
            last = ("field", uid)
        else:
            continue
        seq += 1
    conn.executemany("INSERT INTO sync_rows(uuid, tbl, local_id, origin_site) VALUES (?, ?, ?, ?)", adopted)
    conn.executemany("INSERT INTO change_log(site, seq, op, tbl, uuid, field, old, new, meta, who, at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", logged)


def _log_restore(store: Store, tbl: str, local_id: int, uid: str) -> None:
    """Undo of a delete: the row and its children travel again, marked as a restore."""
    log(store, "insert", tbl, uid, meta={"restore": True})
    if tbl != "problems":
        return
    for child in PROBLEM_CHILDREN:
        for (cid,) in store.conn.execute(f"SELECT id FROM {child} WHERE problem_id = ? ORDER BY id", (local_id,)):
            child_uid = uuid_of(store.conn, child, cid)
            if child_uid:
                log(store, "insert", child, child_uid, meta={"restore": True})
            else:
                adopt(store, child, cid)


def _attach_reason(store: Store, uid: str, reason: object) -> None:
    """A 退回/重新打开 reason is the evidence of the status change logged just before it."""
    row = store.conn.execute("SELECT id, meta FROM change_log WHERE site = ? AND uuid = ? AND field = 'status' "
                             "ORDER BY seq DESC LIMIT 1", (site_of(store), uid)).fetchone()
    if row:
        meta = json.loads(row[1]) if row[1] else {}
        meta["reason"] = text(reason)
        store.conn.execute("UPDATE change_log SET meta = ? WHERE id = ?", (json.dumps(meta, ensure_ascii=False), row[0]))


def seen_of(store: Store, site: str) -> int:
    """The highest sequence number of one site seen here with nothing missing below it."""
    if not store.scalar("SELECT 1 FROM change_log WHERE site = ? AND seq = 1", (site,)):
        return 0
    return store.scalar("SELECT min(c.seq) FROM change_log c WHERE c.site = ? AND NOT EXISTS "
                        "(SELECT 1 FROM change_log d WHERE d.site = c.site AND d.seq = c.seq + 1)", (site,))


def seen_vector(store: Store) -> dict[str, int]:
    """Per site, the highest sequence number seen with nothing missing below it."""
    out: dict[str, int] = {}
    rows = store.query_rows(
        "SELECT c.site, min(c.seq) FROM change_log c WHERE NOT EXISTS "
        "(SELECT 1 FROM change_log d WHERE d.site = c.site AND d.seq = c.seq + 1) "
        "AND EXISTS (SELECT 1 FROM change_log e WHERE e.site = c.site AND e.seq = 1) GROUP BY c.site")
    for site, top in rows:
        out[site] = top
    return out
