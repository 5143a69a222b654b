"""History (留痕): every change is written to audit_log inside the caller's transaction."""
from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from models.store import Store, now_text
from models.sync import changelog
from models.vocab import FIELD_LABELS  # noqa: F401 (history and exchange wording read it from here)


# Chinese labels of stored fields, used in the history view and in audit rows' display.
def _text(value: object) -> str | None:
    if value is None:
        return None
    return str(value)


def record(store: Store, *, entity: str, entity_id: int | None, action: str,
           problem_id: int | None = None, field: str | None = None,
           old: object = None, new: object = None) -> None:
    """Append one history row. Must be called inside ``store.transaction()``."""
    store.conn.execute(
        "INSERT INTO audit_log(at, user, entity, entity_id, problem_id, action, field, old_value, new_value) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (now_text(), store.user, entity, entity_id, problem_id, action, field, _text(old), _text(new)),
    )
    # the same change, for the exchange between offices (same transaction as the history row)
    changelog.note(store, entity=entity, entity_id=entity_id, action=action, field=field, old=old, new=new)


class Entry(NamedTuple):
    """One history row, as ``record`` takes it (for ``record_new_rows``; a tuple: imports make 100,000s)."""
    entity: str
    entity_id: int | None
    action: str
    problem_id: int | None = None
    field: str | None = None
    old: object = None
    new: object = None


def record_new_rows(store: Store, entries: list[Entry]) -> None:
    """The bulk twin of ``record`` for rows a batch has just inserted in this transaction (an
    import): the same history rows in the same order, and the same change log, in a few
    executemany calls instead of ~8 statements a row."""
    at, user = now_text(), store.user
    store.conn.executemany(
        "INSERT INTO audit_log(at, user, entity, entity_id, problem_id, action, field, old_value, new_value) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(at, user, e.entity, e.entity_id, e.problem_id, e.action, e.field, _text(e.old), _text(e.new))
         for e in entries])
    changelog.note_new_rows(store, [(e.entity, e.entity_id, e.action, e.field, e.old, e.new) for e in entries])


def record_changes(store: Store, *, entity: str, entity_id: int, before: Mapping, after: Mapping,
                   action: str = "修改", problem_id: int | None = None) -> int:
    """One row per changed field; returns how many fields changed."""
    changed = 0
    for key, new in after.items():
        old = before.get(key)
        if _text(old) != _text(new):
            record(store, entity=entity, entity_id=entity_id, action=action, problem_id=problem_id,
                   field=key, old=old, new=new)
            changed += 1
    return changed


def history(store: Store, *, problem_id: int | None = None, entity: str | None = None,
            entity_id: int | None = None) -> list[dict]:
    """Rows in time order, for a problem (everything touching it) or one entity."""
    if problem_id is not None:
        return store.query("SELECT * FROM audit_log WHERE problem_id = ? ORDER BY id", (problem_id,))
    return store.query("SELECT * FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id",
                       (entity, entity_id))
