"""Applying one received change to the local tables: union of rows by uuid, field changes by their
old value (apply / already there / conflict), tombstones, status changes only as the rules allow."""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from models import audit, search
from models.store import Store, now_text
from models.sync import changelog, deletions, identity, origin, virtual
from models.sync.settle import record_conflict, settle, settled_values
from models.sync.tables import SPECS, text
from models.sync.wording import field_label

APPLIED, ALREADY, CONFLICT, SKIPPED, PENDING = "applied", "already", "conflict", "skipped", "pending"
ACTION = "导入交换包"


class Pending(Exception):
    """A row this change needs (its problem, its batch) has not arrived yet."""


class Gone(Exception):
    """A row this change needs was deleted: the change has nothing left to apply to."""


@dataclass
class Context:
    store: Store
    sender_office: str
    package_id: int | None
    blob_paths: dict[str, str] = field(default_factory=dict)  # sha256 -> stored_path of a written file
    why: str = ""  # set by the step that decided a conflict or a skip
    parents: dict[str, int] = field(default_factory=dict)   # uuid -> local id of rows seen in this import
    unit_ids: dict[tuple[str, str], int] = field(default_factory=dict)  # (site, name) -> local unit
    to_index: set[int] = field(default_factory=set)        # problems whose search rows are rebuilt at the end
    ts: str = field(default_factory=now_text)
    _me: identity.Identity | None = None

    def reindex(self) -> None:
        if self.to_index:
            search.reindex(self.conn, "p.id IN (SELECT value FROM json_each(?))",
                           ("[" + ",".join(str(i) for i in sorted(self.to_index)) + "]",))
            self.to_index.clear()

    @property
    def conn(self) -> sqlite3.Connection:
        return self.store.conn

    @property
    def me(self) -> identity.Identity:
        if self._me is None:
            self._me = identity.identity(self.store)
        return self._me


def tombstoned(conn: sqlite3.Connection, uid: str) -> bool:
    return conn.execute("SELECT 1 FROM change_log WHERE uuid = ? AND op = 'delete' LIMIT 1", (uid,)).fetchone() is not None


# ----- units: per office, mapped by name (remembered) ---------------------------------------------
def map_unit(ctx: Context, site: str, name: str | None, *, create: bool) -> int | None:
    if not name:
        return None
    if (site, name) in ctx.unit_ids:
        return ctx.unit_ids[(site, name)]
    conn = ctx.conn
    row = conn.execute("SELECT unit_id FROM sync_unit_map WHERE site = ? AND remote_name = ?", (site, name)).fetchone()
    if row:
        return row[0]
    row = conn.execute("SELECT id FROM units WHERE name = ? OR short_name = ? ORDER BY name = ? DESC LIMIT 1",
                       (name, name, name)).fetchone()
    if row is None:
        if not create:
            return None
        ts = now_text()
        unit_id = conn.execute("INSERT INTO units(name, kind, notes, created_at, updated_at) VALUES (?, '其他', ?, ?, ?)",
                               (name, f"由交换包新建（来自{ctx.sender_office}）", ts, ts)).lastrowid
        audit.record(ctx.store, entity="unit", entity_id=unit_id, action=ACTION, new=name)
    else:
        unit_id = row[0]
    conn.execute("INSERT OR IGNORE INTO sync_unit_map(site, remote_name, unit_id) VALUES (?, ?, ?)", (site, name, unit_id))
    ctx.unit_ids[(site, name)] = unit_id
    return unit_id


def _unit_name(conn: sqlite3.Connection, unit_id: int | None) -> str | None:
    row = conn.execute("SELECT name FROM units WHERE id = ?", (unit_id,)).fetchone() if unit_id else None
    return row[0] if row else None


def localize(ctx: Context, site: str, tbl: str, column: str, value: str | None) -> str | None:
    """An incoming value in this office's own naming (units mapped), for comparing with local values."""
    if value in (None, ""):
        return value
    if column == "cooperating_units":
        return "、".join(_unit_name(ctx.conn, map_unit(ctx, site, n, create=False)) or n for n in value.split("、"))
    if virtual.is_virtual(tbl, column):
        return virtual.localize(column, value, lambda n: _unit_name(ctx.conn, map_unit(ctx, site, n, create=False)) or n)
    if column in SPECS[tbl].units:
        return _unit_name(ctx.conn, map_unit(ctx, site, value, create=False)) or value
    return value


def _same(a: str | None, b: str | None) -> bool:
    return (a or "") == (b or "")


# ----- writing one field -------------------------------------------------------------------------
def write_field(ctx: Context, site: str, tbl: str, local_id: int, column: str, value: str | None,
                old: str | None, action: str = ACTION) -> None:
    conn = ctx.conn
    if tbl == "problems" and origin.holds(conn, local_id, column):
        origin.write(conn, local_id, column, value)
    elif virtual.is_virtual(tbl, column):
        virtual.write(conn, tbl, column, local_id, value, lambda n: map_unit(ctx, site, n, create=True),
                      lambda u: _parent(ctx, u))
    elif column == "cooperating_units":
        ids = [map_unit(ctx, site, n, create=True) for n in (value or "").split("、") if n]
        lead = conn.execute("SELECT lead_unit_id FROM problems WHERE id = ?", (local_id,)).fetchone()[0]
        conn.execute("DELETE FROM problem_units WHERE problem_id = ?", (local_id,))
        conn.executemany("INSERT OR IGNORE INTO problem_units(problem_id, unit_id, role, position) VALUES (?, ?, '配合', ?)",
                         [(local_id, u, i) for i, u in enumerate(ids) if u != lead])
    else:
        stored: object = value
        if column in SPECS[tbl].units:
            stored = map_unit(ctx, site, value, create=True)
        has_updated = tbl in ("problems", "progress_reports", "handover_batches", "evaluations")
        conn.execute(f"UPDATE {tbl} SET {column} = ?{', updated_at = ?' if has_updated else ''} WHERE id = ?",
                     (stored, ctx.ts, local_id) if has_updated else (stored, local_id))
    problem_id = local_id if tbl == "problems" else _problem_of(conn, tbl, local_id)
    if tbl == "problems":
        ctx.to_index.add(local_id)
    audit.record(ctx.store, entity=SPECS[tbl].entity, entity_id=local_id, problem_id=problem_id, action=action,
                 field=column, old=old, new=value)


def _problem_of(conn: sqlite3.Connection, tbl: str, local_id: int) -> int | None:
    if "problem_id" not in SPECS[tbl].columns:
        return None
    row = conn.execute(f"SELECT problem_id FROM {tbl} WHERE id = ?", (local_id,)).fetchone()
    return row[0] if row else None


# ----- inserts -------------------------------------------------------------------------------
def _local_row(ctx: Context, site: str, tbl: str, data: dict) -> dict:
    spec = SPECS[tbl]
    out: dict = {}
    for column in _PLAIN[tbl]:
        value = data.get(column)
        if column in spec.refs:
            local = _parent(ctx, value) if value else None
            if value and local is None and column != "carried_from_id":
                if tombstoned(ctx.conn, value):
                    raise Gone
                raise Pending
            value = local
        elif column in spec.units:
            value = map_unit(ctx, site, value, create=True)
        out[column] = value
    return out


# the columns an insert writes straight into its table (the others live in side tables)
_PLAIN = {t: tuple(c for c in s.columns if c != "cooperating_units" and not virtual.is_virtual(t, c))
          for t, s in SPECS.items()}


def apply_insert(ctx: Context, change: dict) -> str:
    conn, tbl, uid = ctx.conn, change["tbl"], change["uuid"]
    if changelog.local_id_of(conn, uid) is not None:
        return ALREADY
    restore = bool((change.get("meta") or {}).get("restore"))
    if tombstoned(conn, uid) and not restore:
        ctx.why = "已被删除"
        return SKIPPED
    data = change.get("row")
    if not isinstance(data, dict):  # deleted at the sender before it wrote the package
        ctx.why = "已被删除"
        return SKIPPED
    came_from = _origin_of(ctx, change, data) if tbl == "problems" else None
    handed_down = bool(came_from) and origin.is_higher(came_from["level"], ctx.me.level)
    if handed_down:  # its 督办部门 here is the upper office, not a unit of the upper office's own
        data = {**data, "supervisor_unit_id": None}
    try:
        row = _local_row(ctx, change["site"], tbl, data)
    except Gone:
        ctx.why = "所属记录已被删除"
        return SKIPPED
    ts = ctx.ts
    if tbl == "campaigns":
        same = conn.execute("SELECT id FROM campaigns WHERE name = ? AND year = ?", (row["name"], row["year"])).fetchone()
        if same:  # the same 监督专题 run by both offices: one local campaign holds both uuids
            _link(conn, uid, tbl, same[0], change["site"])
            ctx.parents[uid] = same[0]
            return ALREADY
        # a campaign first made here from another office's package is this office's own: its level and organ
        row.update(level=ctx.me.level, organizer=ctx.me.office or row.get("organizer") or "", created_at=ts, updated_at=ts)
    elif tbl == "problems":
        if came_from:
            row["number"] = origin.display_number(conn, row["campaign_id"], came_from["office"], row["number"])
        else:  # one of this office's own problems coming back (a deletion undone elsewhere)
            row["number"] = _free_number(conn, row["campaign_id"], row["number"], ctx.me.office)
        if handed_down:
            row["source"] = origin.HANDED_DOWN_SOURCE
            row["supervisor_unit_id"] = origin.upper_unit(conn, came_from["office"], ts)
        row["updated_at"] = ts
        row["created_at"] = row.get("created_at") or ts
    elif tbl in ("handover_batches", "progress_reports", "evaluations"):
        row["updated_at"] = ts
        row["created_at"] = row.get("created_at") or ts
    elif tbl == "attachments":
        row["stored_path"] = ctx.blob_paths.get(row["sha256"], "")
    cols = ", ".join(row)
    try:
        local_id = conn.execute(f"INSERT INTO {tbl}({cols}) VALUES ({', '.join('?' * len(row))})",
                                tuple(row.values())).lastrowid
    except sqlite3.IntegrityError:
        ctx.why = "与本机已有记录冲突"
        return SKIPPED
    _link(conn, uid, tbl, local_id, change["site"])
    ctx.parents[uid] = local_id
    if came_from:
        origin.record(conn, local_id, came_from, str(data.get("number") or ""), handed_down=handed_down,
                      source=text(data.get("source")), supervisor=text(change["row"].get("supervisor_unit_id")))
    for column in virtual.VIRTUAL.get(tbl, ()):
        if data.get(column):
            write_field(ctx, change["site"], tbl, local_id, column, data[column], None)
    if tbl == "problems":
        if data.get("cooperating_units"):
            write_field(ctx, change["site"], tbl, local_id, "cooperating_units", data["cooperating_units"], None)
        ctx.to_index.add(local_id)
    problem_id = local_id if tbl == "problems" else row.get("problem_id")
    audit.record(ctx.store, entity=SPECS[tbl].entity, entity_id=local_id, problem_id=problem_id, action=ACTION,
                 new=f"{SPECS[tbl].label}（来自{ctx.sender_office}）")
    return APPLIED


def _origin_of(ctx: Context, change: dict, data: dict) -> dict | None:
    """The office a problem comes from (None: it is this office's own)."""
    given = data.get("origin") if isinstance(data.get("origin"), dict) else {}
    site = str(given.get("site") or change["site"])
    if site == ctx.me.site_id:
        return None
    office, level = str(given.get("office") or ""), str(given.get("level") or "")
    if not office:  # a package of the first format: the office that made the insert
        peer = ctx.conn.execute("SELECT office, level FROM sync_peers WHERE site = ?", (site,)).fetchone()
        office, level = peer if peer else (ctx.sender_office, "")
    return {"site": site, "office": office, "level": level}


def _parent(ctx: Context, uid: str) -> int | None:
    """A parent row's local id; the rows of this import are remembered (a package names its campaign
    and problems thousands of times)."""
    if uid not in ctx.parents:
        local = changelog.local_id_of(ctx.conn, uid)
        if local is None:
            return None
        ctx.parents[uid] = local
    return ctx.parents[uid]


def _link(conn: sqlite3.Connection, uid: str, tbl: str, local_id: int, site: str) -> None:
    conn.execute("INSERT INTO sync_rows(uuid, tbl, local_id, origin_site) VALUES (?, ?, ?, ?) "
                 "ON CONFLICT(uuid) DO UPDATE SET local_id = excluded.local_id", (uid, tbl, local_id, site))


def _free_number(conn: sqlite3.Connection, campaign_id: int, number: str, office: str) -> str:
    """A problem number already used here is shown with its office: 某县·2026-017."""
    taken = "SELECT 1 FROM problems WHERE campaign_id = ? AND number = ?"
    if not conn.execute(taken, (campaign_id, number)).fetchone():
        return number
    candidate = f"{office}·{number}"
    n = 2
    while conn.execute(taken, (campaign_id, candidate)).fetchone():
        candidate = f"{office}·{number}（{n}）"
        n += 1
    return candidate


# ----- field changes, resolutions, tombstones ---------------------------------------------------
def conflict(ctx: Context, change_id: int, tbl: str, uid: str, column: str, current: str | None, why: str,
             local_change: int | None = None) -> str:
    record_conflict(ctx.conn, change_id, tbl, uid, column, current, why, ctx.package_id, local_change)
    ctx.why = why
    return CONFLICT


def apply_field(ctx: Context, change: dict, change_id: int) -> str:
    conn, tbl, uid, column = ctx.conn, change["tbl"], change["uuid"], change["field"]
    if column == deletions.ROW:
        return _row_resolution(ctx, change, change_id)
    local_id = changelog.local_id_of(conn, uid)
    if local_id is None:
        if tombstoned(conn, uid):
            if tbl == "problems" and change["op"] == "field":  # changed there, deleted here: a person decides
                return conflict(ctx, change_id, tbl, uid, deletions.ROW, deletions.DELETE,
                                f"本机已删除该问题，对方未见删除时修改了{field_label(column)}",
                                deletions.last_delete(conn, uid))
            ctx.why = "已被删除"
            return SKIPPED
        raise Pending
    if changelog.in_snapshot(conn, change):
        if change["op"] == "resolve":
            settle(conn, change, change_id)
        return ALREADY
    site = change["site"]
    current = changelog.current_value(conn, tbl, local_id, column)
    if tbl == "problems" and origin.holds(conn, local_id, column):  # the origin's own text, compared as it is
        new, old = text(change.get("new")), text(change.get("old"))
    else:
        new = localize(ctx, site, tbl, column, text(change.get("new")))
        old = localize(ctx, site, tbl, column, text(change.get("old")))
    if _same(current, new):
        if change["op"] == "resolve":
            settle(conn, change, change_id)
        return ALREADY
    if change["op"] == "resolve":
        allowed = {old or ""} | {text(v) or "" for v in settled_values(conn, change)}
        if (current or "") not in allowed:
            return conflict(ctx, change_id, tbl, uid, column, current, "解决冲突时本机的值已另行修改")
        write_field(ctx, site, tbl, local_id, column, change.get("new"), current)
        settle(conn, change, change_id)
        return APPLIED
    if not _same(current, old):
        return conflict(ctx, change_id, tbl, uid, column, current, "双方都修改了这一项")
    if column == "status":
        from models.sync.evidence import status_refusal

        refusal = status_refusal(conn, local_id, old or "", new or "", change.get("meta") or {})
        if refusal:
            return conflict(ctx, change_id, tbl, uid, column, current, refusal)
    write_field(ctx, site, tbl, local_id, column, change.get("new"), current)
    return APPLIED


def _row_resolution(ctx: Context, change: dict, change_id: int) -> str:
    """Another office decided a delete-vs-edit conflict: delete the problem here, or keep it (and send it
    again, so that offices which deleted it get it back)."""
    conn, uid = ctx.conn, change["uuid"]
    local_id = changelog.local_id_of(conn, uid)
    settle(conn, change, change_id)
    if deletions.choice(change.get("new")) == deletions.DELETE:
        return _delete_row(ctx, "problems", local_id) if local_id is not None else ALREADY
    if local_id is not None and not (change.get("meta") or {}).get("has_row"):
        changelog.log_restore(ctx.store, "problems", local_id, uid)
    return ALREADY


def apply_delete(ctx: Context, change: dict, change_id: int | None = None) -> str:
    conn, tbl, uid = ctx.conn, change["tbl"], change["uuid"]
    local_id = changelog.local_id_of(conn, uid)
    if local_id is None:
        return ALREADY
    if deletions.restored_since(conn, change):  # 删除 then 撤销删除 there: the row stays (its restore came first here)
        return ALREADY
    if tbl == "campaigns" and conn.execute("SELECT 1 FROM problems WHERE campaign_id = ?", (local_id,)).fetchone():
        ctx.why = "本机该专题下还有问题"
        return SKIPPED
    seen = (change.get("meta") or {}).get("seen")
    if tbl == "problems" and isinstance(seen, dict) and change_id is not None:
        unseen = deletions.unseen_edits(conn, local_id, uid, seen)
        if unseen:  # changed here after what the deleting office saw: kept until a person decides
            return conflict(ctx, change_id, tbl, uid, deletions.ROW, deletions.KEEP,
                            f"对方删除了该问题，本机有对方删除时未见的修改（{deletions.describe(unseen, field_label)}）",
                            unseen[-1]["id"])
    return _delete_row(ctx, tbl, local_id)


def _delete_row(ctx: Context, tbl: str, local_id: int) -> str:
    conn = ctx.conn
    problem_id = local_id if tbl == "problems" else _problem_of(conn, tbl, local_id)
    audit.record(ctx.store, entity=SPECS[tbl].entity, entity_id=local_id, problem_id=problem_id, action=ACTION,
                 old=f"删除{SPECS[tbl].label}（来自{ctx.sender_office}）")
    if tbl == "problems":
        conn.execute("DELETE FROM problem_search WHERE rowid = ?", (local_id,))
        ctx.to_index.discard(local_id)
    conn.execute(f"DELETE FROM {tbl} WHERE id = ?", (local_id,))
    ctx.parents.clear()  # its children went with it (cascade)
    return APPLIED


def change_from_log(row: dict) -> dict:
    """A stored change back in the form it travels in (for retrying a pending one)."""
    out = {k: row[k] for k in ("site", "seq", "op", "tbl", "uuid", "field", "old", "new", "who", "at")}
    out["row"] = json.loads(row["row"]) if row["row"] else None
    out["meta"] = json.loads(row["meta"]) if row["meta"] else None
    return out
