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
from models.sync import deletions, origin, virtual
from models.sync.identity import LEVEL, OFFICE, SITE_ID, new_uuids
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
    meta = None
    if tbl == "handover_items":  # which batch and problem it joins: found by them once 移出 has removed it
        row = store.conn.execute("SELECT batch_id, problem_id FROM handover_items WHERE id = ?", (local_id,)).fetchone()
        meta = {"batch_id": uuid_of(store.conn, "handover_batches", row[0]),
                "problem_id": uuid_of(store.conn, "problems", row[1])} if row else None
    log(store, "insert", tbl, uid, meta=meta)
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
    cols = [c for c in spec.columns if c != "cooperating_units" and not virtual.is_virtual(tbl, c)]
    row = conn.execute(f"SELECT {', '.join(cols)} FROM {tbl} WHERE id = ?", (local_id,)).fetchone()
    if row is None:
        return None
    out = {c: portable(conn, spec, c, v) for c, v in zip(cols, row, strict=True)}
    out.update({c: virtual.read(conn, tbl, c, local_id) for c in virtual.VIRTUAL.get(tbl, ())})
    if tbl == "problems":
        out["cooperating_units"] = cooperating_names(conn, local_id)
        o = origin.info(conn, local_id)
        if o is not None:  # what travels is the origin's number (and, handed down, its 来源 and 督办部门)
            out.update({c: origin.shared_value(o, c) for c in (origin.NUMBER, origin.SOURCE, origin.SUPERVISOR)
                        if origin.holds(conn, local_id, c)})
        out["origin"] = origin.describe(conn, local_id, _own_origin(conn))
    return out


# In an insert's row: per site, the highest change of that row its content already holds (the row is read when
# the package is written, so it holds every change made or applied before that); see apply.in_snapshot.
INCLUDES = "_includes"


def included(conn: sqlite3.Connection, uid: str) -> dict[str, int]:
    """Below a change held here as a conflict (not in the row), none of that office's later ones counts."""
    out = {}
    for site, held, first_not in conn.execute(
            "SELECT site, max(CASE WHEN state IN ('local', 'applied', 'already') THEN seq END), "
            "min(CASE WHEN state NOT IN ('local', 'applied', 'already') THEN seq END) FROM change_log "
            "WHERE uuid = ? AND op IN ('field', 'resolve') GROUP BY site", (uid,)):
        upto = held if first_not is None or held is None else min(held, first_not - 1)
        if upto:
            out[site] = upto
    return out


def in_snapshot(conn: sqlite3.Connection, change: dict) -> bool:
    """The row here was made from a received insert whose content already holds this change."""
    row = conn.execute("SELECT row, state FROM change_log WHERE uuid = ? AND op = 'insert' AND state IN ('applied', "
                       "'local') ORDER BY id DESC LIMIT 1", (change["uuid"],)).fetchone()
    if row is None or row[1] != "applied" or not row[0]:
        return False
    upto = json.loads(row[0]).get(INCLUDES)
    seq = upto.get(change["site"]) if isinstance(upto, dict) else None
    return isinstance(seq, int) and not isinstance(seq, bool) and change["seq"] <= seq


def _own_origin(conn: sqlite3.Connection) -> dict:
    values = dict(conn.execute("SELECT key, value FROM settings WHERE key IN (?, ?, ?)", (SITE_ID, OFFICE, LEVEL)))
    return {"site": values.get(SITE_ID) or "", "office": values.get(OFFICE) or "", "level": values.get(LEVEL) or ""}


def current_value(conn: sqlite3.Connection, tbl: str, local_id: int, column: str) -> str | None:
    """A row's value as it is exchanged (an origin's own values where this office shows its own view)."""
    if column == "cooperating_units":
        return cooperating_names(conn, local_id)
    if tbl == "problems" and origin.holds(conn, local_id, column):
        return origin.shared_value(origin.info(conn, local_id), column)
    if virtual.is_virtual(tbl, column):
        return virtual.read(conn, tbl, column, local_id)
    value = conn.execute(f"SELECT {column} FROM {tbl} WHERE id = ?", (local_id,)).fetchone()[0]
    return portable(conn, SPECS[tbl], column, value)


# The highest own sequence number read by a package writer: an insert up to it may have left in a package
# with its row as it was then, so a later change of that row is logged like any other.
SENT_UPTO = "sync.sent_upto"


def mark_sent(store: Store) -> None:
    """Before a package is written (in its transaction): every own change so far may leave in it."""
    store.conn.execute("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                       "value = excluded.value", (SENT_UPTO, str(next_seq(store.conn, site_of(store)) - 1)))


def _last_local_is_insert_of(store: Store, uid: str) -> bool:
    """The row was inserted by this office's last change and no package has read it since: its insert
    carries its content as it is when a package is written, so a first value given now needs no change
    of its own (a row sent already would never get it: its receivers hold it and skip a second insert)."""
    row = store.conn.execute("SELECT op, uuid, seq FROM change_log WHERE site = ? ORDER BY seq DESC LIMIT 1",
                             (site_of(store),)).fetchone()
    if row is None or row[0] != "insert" or row[1] != uid:
        return False
    sent = store.conn.execute("SELECT value FROM settings WHERE key = ?", (SENT_UPTO,)).fetchone()
    return not (sent and sent[0] and row[2] <= int(sent[0]))


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
        if uid:  # a problem's tombstone says what was seen of it: changes made elsewhere since are a conflict
            meta = deletions.seen_meta(conn, entity_id, uid) if spec.name == "problems" and exists else None
            log(store, "delete", spec.name, uid, meta=meta)
        return
    if not exists:
        return
    if uid is None:
        adopt(store, spec.name, entity_id)
        return
    if action == "撤销删除":
        log_restore(store, spec.name, entity_id, uid)
    elif field == "reason" and spec.name == "problems":
        _attach_reason(store, uid, new)
    elif spec.name == "problems" and field and origin.holds(conn, entity_id, field):
        return  # this office's own view of another office's problem (number shown, 上级交办): not sent
    elif spec.name == "evaluations" and field == virtual.COUNTS:
        _note_counts(store, uid, entity_id, new)
    elif spec.name == "handover_batches" and action == "移出问题":
        _tombstone_removed_items(store, uid)
    elif virtual.is_virtual(spec.name, field or ""):
        if not (old in (None, "") and _last_local_is_insert_of(store, uid)):
            log(store, "field", spec.name, uid, field=field, old=virtual.full_names(conn, text(old)),
                new=virtual.read(conn, spec.name, field, entity_id))
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
        if tbl in _OWN_ADOPT:   # their insert carries more than the row (see ``adopt``)
            keys = {}
            break
        known = conn.execute("SELECT 1 FROM sync_rows WHERE tbl = ? AND local_id IN (SELECT value FROM json_each(?))"
                             " LIMIT 1", (tbl, json.dumps(sorted(ids)))).fetchone()
        if known:
            keys = {}
            break
    if not keys and notes:   # not all new: the one-by-one hook knows every case
        for entity, entity_id, action, field, old, new in notes:
            note(store, entity=entity, entity_id=entity_id, action=action, field=field, old=old, new=new)
        return
    site, who, at = site_of(store), store.user, now_text()
    seq = next_seq(conn, site)
    fresh = new_uuids()
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
            uid = uuids[(spec.name, entity_id)] = next(fresh)
            adopted.append((uid, spec.name, entity_id, site))
            logged.append((site, seq, "insert", spec.name, uid, None, None, None, None, who, at))
            last = ("insert", uid)
        elif not _plain_field(conn, spec, entity_id, action, field):
            raise ValueError(f"note_new_rows: “{action}” ({field}) is not a plain change of a new row")
        elif field in spec.fields and not (old in (None, "") and last == ("insert", uid)):
            logged.append((site, seq, "field", spec.name, uid, field, portable(conn, spec, field, old),
                           portable(conn, spec, field, new), None, who, at))
            last = ("field", uid)
        else:
            continue
        seq += 1
    conn.executemany("INSERT INTO sync_rows(uuid, tbl, local_id, origin_site) VALUES (?, ?, ?, ?)", adopted)
    # op is one of the two words written just above: the table's CHECK (op IN …), which SQLite
    # evaluates at ~6 µs a row (0.5 s for an import of 50,000), has nothing to catch here
    conn.execute("PRAGMA ignore_check_constraints = ON")
    try:
        conn.executemany("INSERT INTO change_log(site, seq, op, tbl, uuid, field, old, new, meta, who, at) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", logged)
    finally:
        conn.execute("PRAGMA ignore_check_constraints = OFF")


_OWN_ADOPT = frozenset({"handover_items", "evaluations", "handover_batches"})


def _plain_field(conn: sqlite3.Connection, spec: TableSpec, entity_id: int, action: str, field: str | None) -> bool:
    """A later history row of a new row that ``note`` turns into a plain field change (or nothing)."""
    if field is None or "删除" in action or field == "reason" or virtual.is_virtual(spec.name, field):
        return False
    return not (spec.name == "problems" and origin.holds(conn, entity_id, field))


def _note_counts(store: Store, uid: str, evaluation_id: int, new: object) -> None:
    """A 测评's counts are rewritten row by row (old rows' 留痕 first, then each new row's): one change
    from the counts before to the counts after, however many rows the rewrite touched."""
    conn = store.conn
    now = virtual.read(conn, "evaluations", virtual.COUNTS, evaluation_id)
    if new is None:  # the old rows, recorded before they are removed: the counts as they were
        virtual.counts_before(conn, uid, now)
        return
    before = virtual.counts_before(conn, uid)
    if before is None or before == now:  # a new 测评 (its insert carries its counts)
        return
    last = conn.execute("SELECT id, op, uuid, field, old FROM change_log WHERE site = ? ORDER BY seq DESC LIMIT 1",
                        (site_of(store),)).fetchone()
    if last and last[1:] == ("field", uid, virtual.COUNTS, before):
        conn.execute("UPDATE change_log SET new = ? WHERE id = ?", (now, last[0]))
    else:
        log(store, "field", "evaluations", uid, field=virtual.COUNTS, old=before, new=now)


def _tombstone_removed_items(store: Store, batch_uuid: str) -> None:
    """移出问题: the handover items of this batch that are gone here get their tombstones."""
    conn = store.conn
    gone = [r[0] for r in conn.execute(
        "SELECT DISTINCT s.uuid FROM sync_rows s JOIN change_log c ON c.uuid = s.uuid AND c.op = 'insert' "
        "WHERE s.tbl = 'handover_items' AND NOT EXISTS (SELECT 1 FROM handover_items h WHERE h.id = s.local_id) "
        "AND NOT EXISTS (SELECT 1 FROM change_log d WHERE d.uuid = s.uuid AND d.op = 'delete') "
        "AND json_extract(coalesce(c.row, c.meta), '$.batch_id') = ?", (batch_uuid,))]
    for uid in gone:
        log(store, "delete", "handover_items", uid)


def log_restore(store: Store, tbl: str, local_id: int, uid: str) -> None:
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
    # its 测评 votes went with it where it was deleted: each 测评 that counts it sends its counts again,
    # from "without this problem" (what an office that deleted it holds) to the counts as they are here
    for (eid,) in store.conn.execute("SELECT DISTINCT evaluation_id FROM evaluation_counts WHERE problem_id = ?",
                                     (local_id,)).fetchall():
        eval_uid = uuid_of(store.conn, "evaluations", eid)
        if eval_uid:
            counts = virtual.read(store.conn, "evaluations", virtual.COUNTS, eid)
            log(store, "field", "evaluations", eval_uid, field=virtual.COUNTS,
                old=virtual.without_problems(counts, {uid}), new=counts, meta={"restore": True})


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
