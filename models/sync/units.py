"""Units named in incoming packages that this office does not know by full or short name: found
before the change list, mapped by the clerk (to a local unit, or created), remembered per office.

A unit is "surely the same" (preselected) only when its name is the same once spaces and look-alike
characters are folded, or equals the local 简称. A close name (甲县民政局 for 民政局, or a name one
or two characters apart) is offered first but never chosen for the clerk: across counties 某县民政局
and 某某县民政局 are different offices."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from models import audit
from models.exchange.unit_names import close_unit, suggest_kind, unit_core
from models.normalize import normalize_name
from models.store import Store, ValidationError, now_text
from models.sync.apply import ACTION
from models.sync.tables import SPECS
from models.units import list_units
from models.vocab import UNIT_KINDS


@dataclass
class IncomingUnit:
    site: str                 # the office whose changes name it (units are per office)
    office: str               # the office that sent the package, as the clerk knows it
    name: str
    count: int
    match_id: int | None = None      # surely the same local unit: preselected
    match_name: str = ""
    suggest_id: int | None = None    # a close name: offered first, never preselected
    suggest_name: str = ""
    kind: str = "政府部门"

    @property
    def key(self) -> tuple[str, str]:
        return self.site, self.name


def _names_in(change: dict) -> list[str]:
    spec = SPECS.get(change.get("tbl"))
    if spec is None:
        return []
    out: list[str] = []
    if change.get("op") == "insert" and isinstance(change.get("row"), dict):
        out += [change["row"].get(c) for c in spec.units]
        out += str(change["row"].get("cooperating_units") or "").split("、")
    elif change.get("op") == "field" and (change.get("field") in spec.units or change.get("field") == "cooperating_units"):
        out += str(change.get("new") or "").split("、")
    return [str(n) for n in out if n]


def unknown_units(store: Store, entries: list) -> list[IncomingUnit]:
    """Names in the usable packages of ``entries`` (batch.Entry) that need the clerk, most used first."""
    mapped = {(r["site"], r["remote_name"]) for r in store.query("SELECT site, remote_name FROM sync_unit_map")}
    local = list_units(store)
    known = {u.name for u in local} | {u.short_name for u in local if u.short_name}
    counts: Counter = Counter()
    office: dict[tuple[str, str], str] = {}
    for entry in entries:
        if not entry.usable:
            continue
        for change in entry.package.changes:
            for name in _names_in(change):
                key = (str(change.get("site")), name)
                if name in known or key in mapped:
                    continue
                counts[key] += 1
                office.setdefault(key, entry.office)
    out = []
    for (site, name), n in counts.most_common():
        need = IncomingUnit(site=site, office=office[(site, name)], name=name, count=n, kind=suggest_kind(name))
        folded = normalize_name(name)
        same = [u for u in local if normalize_name(u.name) == folded or (u.short_name and normalize_name(u.short_name) == folded)]
        if same:
            need.match_id, need.match_name = same[0].id, same[0].name
        else:
            close = close_unit(name, local, also=lambda u, core=unit_core(name): unit_core(u.name) == core)
            if close is not None:
                need.suggest_id, need.suggest_name = close.id, close.name
        out.append(need)
    return out


def apply_plan(store: Store, plan: dict[tuple[str, str], int | str], sender: dict[tuple[str, str], str] | None = None) -> None:
    """Remember the clerk's answers: (site, name) → a local unit id, or a kind to create the unit with.
    Written in the import's transaction, so a cancelled or undone import forgets them too."""
    if not plan:
        return
    with store.transaction() as conn:
        for (site, name), choice in plan.items():
            if isinstance(choice, str):
                if choice not in UNIT_KINDS:
                    raise ValidationError(f"单位类别应为：{'、'.join(UNIT_KINDS)}。")
                row = conn.execute("SELECT id FROM units WHERE name = ?", (name,)).fetchone()
                if row:
                    unit_id = row[0]
                else:
                    ts = now_text()
                    origin = (sender or {}).get((site, name), "")
                    unit_id = conn.execute(
                        "INSERT INTO units(name, kind, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                        (name, choice, f"由交换包新建（来自{origin}）" if origin else "由交换包新建", ts, ts)).lastrowid
                    audit.record(store, entity="unit", entity_id=unit_id, action=ACTION, new=name)
            else:
                unit_id = int(choice)
            conn.execute("INSERT INTO sync_unit_map(site, remote_name, unit_id) VALUES (?, ?, ?) "
                         "ON CONFLICT(site, remote_name) DO UPDATE SET unit_id = excluded.unit_id", (site, name, unit_id))
