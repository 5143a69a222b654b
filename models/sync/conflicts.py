"""Open conflicts (the same field changed in two offices) and settling them: the choice is itself a
change naming the changes it settles, so it travels on to the other offices."""
from __future__ import annotations

from dataclasses import dataclass

from models.store import Store, ValidationError, now_text
from models.sync import apply as ap
from models.sync import changelog, deletions
from models.sync.wording import field_label, row_label, shown_value


@dataclass
class Conflict:
    id: int
    tbl: str
    uuid: str
    field: str
    label: str          # 问题 2026-017
    field_label: str    # 问题描述
    local_value: str    # what this office has now
    local_who: str
    local_at: str
    incoming_value: str
    incoming_office: str
    incoming_who: str
    incoming_at: str
    why: str


def open_conflicts(store: Store) -> list[Conflict]:
    rows = store.query(
        "SELECT k.*, c.new AS incoming, c.who AS in_who, c.at AS in_at, c.site AS in_site, c.seq AS in_seq, "
        "c.op AS in_op, c.row AS in_row, l.who AS local_who, l.at AS local_at, "
        "coalesce(p.office, '本机关') AS office FROM sync_conflicts k JOIN change_log c ON c.id = k.change_id "
        "LEFT JOIN change_log l ON l.id = k.local_change LEFT JOIN sync_peers p ON p.site = c.site "
        "WHERE k.resolved_at IS NULL ORDER BY k.id")
    out = []
    for r in rows:
        change = {"tbl": r["tbl"], "uuid": r["uuid"], "row": None}
        if r["field"] == deletions.ROW:  # one side deleted the problem, the other changed it
            here = changelog.local_id_of(store.conn, r["uuid"]) is not None
            label = row_label(store.conn, change) if here else deletions.deleted_label(store.conn, r["uuid"])
            local = deletions.KEEP if here else deletions.DELETE
            incoming = deletions.DELETE if r["in_op"] == "delete" else deletions.KEEP
            what = field_label(deletions.ROW)
        else:
            current = _current(store, r["tbl"], r["uuid"], r["field"])
            label, what, incoming = row_label(store.conn, change), field_label(r["field"], r["tbl"]), r["incoming"] or ""
            local = shown_value(store.conn, r["tbl"], r["field"], current if current is not None else r["local_value"])
            incoming = shown_value(store.conn, r["tbl"], r["field"], incoming)
        out.append(Conflict(id=r["id"], tbl=r["tbl"], uuid=r["uuid"], field=r["field"],
                            label=label, field_label=what, local_value=local,
                            local_who=r["local_who"] or "", local_at=r["local_at"] or "",
                            incoming_value=incoming, incoming_office=r["office"],
                            incoming_who=r["in_who"] or "", incoming_at=r["in_at"] or "", why=r["why"] or ""))
    return out


def _current(store: Store, tbl: str, uid: str, column: str) -> str | None:
    local_id = changelog.local_id_of(store.conn, uid)
    return changelog.current_value(store.conn, tbl, local_id, column) if local_id else None


def resolve(store: Store, conflict_id: int, value: str | None) -> None:
    """Settle one conflict (and the other open ones on the same field) with ``value``; one transaction."""
    row = store.query_one("SELECT * FROM sync_conflicts WHERE id = ? AND resolved_at IS NULL", (conflict_id,))
    if row is None:
        raise ValidationError("该冲突已经处理过了。")
    if row["field"] == deletions.ROW:
        _resolve_row(store, row, deletions.choice(value))
        return
    with store.transaction() as conn:
        local_id = changelog.local_id_of(conn, row["uuid"])
        if local_id is None:
            raise ValidationError("该记录已被删除，冲突无法处理。")
        same, settles = _same_and_settles(store, row)
        value = _stored_form(store, row, value)
        current = changelog.current_value(conn, row["tbl"], local_id, row["field"])
        site = changelog.site_of(store)
        ctx = ap.Context(store=store, sender_office="本机关", package_id=None)
        if (current or "") != (value or ""):
            ap.write_field(ctx, site, row["tbl"], local_id, row["field"], value, current, action="解决冲突")
            ctx.reindex()
        else:
            from models import audit

            audit.record(store, entity="sync_conflict", entity_id=conflict_id, action="解决冲突",
                         field=row["field"], old=current, new=value)
        change_id = changelog.log(store, "resolve", row["tbl"], row["uuid"], field=row["field"], old=current,
                                  new=value, meta={"settles": sorted(settles)})
        conn.executemany("UPDATE sync_conflicts SET resolved_at = ?, resolved_by = ?, resolution = ? WHERE id = ?",
                         [(now_text(), store.user, change_id, k["id"]) for k in same])


def _same_and_settles(store: Store, row: dict) -> tuple[list[dict], list[str]]:
    """The open conflicts on the same field of the same row, and the changes (site:seq) they are between."""
    same = store.query("SELECT k.id, k.change_id, k.local_change FROM sync_conflicts k WHERE k.resolved_at IS NULL "
                       "AND k.uuid = ? AND k.field = ?", (row["uuid"], row["field"]))
    change_ids = {i for k in same for i in (k["change_id"], k["local_change"]) if i}
    settles = [f"{s}:{q}" for s, q in store.conn.execute(
        f"SELECT site, seq FROM change_log WHERE id IN ({','.join('?' * len(change_ids))})", tuple(change_ids))]
    return same, settles


def _resolve_row(store: Store, row: dict, want: str) -> None:
    """Delete vs edit, decided here: delete the problem (its tombstone travels) or keep it (it travels
    again as a restore, so offices that deleted it get it back); the decision travels as a resolution."""
    from models import audit
    from models.problems import delete_problems

    with store.transaction() as conn:
        same, settles = _same_and_settles(store, row)
        local_id = changelog.local_id_of(conn, row["uuid"])
        label = deletions.deleted_label(conn, row["uuid"]) if local_id is None else \
            row_label(conn, {"tbl": "problems", "uuid": row["uuid"], "row": None})
        if local_id is not None and want == deletions.DELETE:
            delete_problems(store, [local_id])
        elif local_id is not None:
            changelog.log_restore(store, "problems", local_id, row["uuid"])
        audit.record(store, entity="sync_conflict", entity_id=row["id"], action="解决冲突", old=label, new=want)
        change_id = changelog.log(store, "resolve", "problems", row["uuid"], field=deletions.ROW,
                                  old=deletions.KEEP if local_id is not None else deletions.DELETE, new=want,
                                  meta={"settles": sorted(settles), "has_row": local_id is not None})
        conn.executemany("UPDATE sync_conflicts SET resolved_at = ?, resolved_by = ?, resolution = ? WHERE id = ?",
                         [(now_text(), store.user, change_id, k["id"]) for k in same])


def _stored_form(store: Store, row: dict, value: str | None) -> str | None:
    """The value chosen in the dialog (as shown there) back in the form it is stored and sent in."""
    incoming = store.scalar("SELECT new FROM change_log WHERE id = ?", (row["change_id"],))
    current = _current(store, row["tbl"], row["uuid"], row["field"])
    for candidate in (current, incoming, row["local_value"]):
        if candidate is not None and shown_value(store.conn, row["tbl"], row["field"], candidate) == (value or ""):
            return candidate
    return value
