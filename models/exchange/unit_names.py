"""Which units a sheet names, and which of them the database does not know yet.

A cell of units ("财政局、民政局（牵头）") becomes clean names, the lead unit first. A name the
database does not know is matched to the unit it surely is (the same name without the county
in front, or its 简称), or a similar unit is offered, or a unit kind suggested for creating it.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from models.exchange import cell_checks
from models.exchange.rows import SheetRow
from models.normalize import normalize_name
from models.problems import split_unit_names
from models.store import Store
from models.units import list_units

UNIT_FIELDS = ("lead_unit", "cooperating_units", "supervisor_unit")
_ROLE_MARK = re.compile(r"[（(](牵头|主办|责任|配合|协办)(单位)?[)）]")


@lru_cache(maxsize=4096)
def unit_list(text: str) -> tuple[str, ...]:
    """Cell text → clean unit names; cached because sheets repeat the same few units.
    Role marks are dropped, and a unit marked （牵头） goes first: 财政局、民政局（牵头） → 民政局, 财政局."""
    names, first = [], None
    for part in split_unit_names(text):
        m = _ROLE_MARK.search(part)
        name = normalize_name(_ROLE_MARK.sub("", part))
        if not name:
            continue
        if m and m.group(1) in ("牵头", "主办", "责任") and first is None:
            first = name
        elif name not in names:
            names.append(name)
    return tuple(([first] if first else []) + [n for n in names if n != first])


@dataclass
class UnitNeed:
    """A unit name the database does not know, how often it occurs, and what we suggest."""
    name: str
    count: int
    match_id: int | None = None     # the existing unit it surely is (preselected)
    match_name: str = ""
    suggest_id: int | None = None   # a similar existing unit: offered, never preselected
    suggest_name: str = ""
    kind: str = "政府部门"            # suggested kind when created


def suggest_kind(name: str) -> str:
    """A likely unit kind from the name (the user can change it)."""
    if re.search(r"(乡|镇|街道)", name) and re.search(r"(人民政府|办事处|政府)$", name):
        return "乡镇/街道"
    if name.endswith("人民政府"):
        return "人民政府"
    if "人大" in name or re.search(r"(委员会|工委)$", name) and not re.match(r"^[县市区省]", name):
        return "人大机关/专门委员会"
    if re.search(r"(局|委员会|委|办公室|办|中心|署)$", name):
        return "政府部门"
    return "其他"


def unit_names(rows: list[SheetRow]) -> Counter[str]:
    """Unit names the rows use; a cell that cannot be units (dozens of names, a name of 1 MB) is
    left to the preview, which says why, instead of filling the units step with junk."""
    names: Counter[str] = Counter()
    for row in rows:
        for key in UNIT_FIELDS:
            found = unit_list(row.values.get(key, ""))
            if cell_checks.unit_problems("", list(found)):
                continue
            for n in found:
                names[n] += 1
    return names


def known_units(store: Store) -> dict[str, int]:
    """Every unit's full name and 简称 → its id."""
    out: dict[str, int] = {}
    for u in list_units(store):
        if u.short_name:
            out.setdefault(u.short_name, u.id)
        out[u.name] = u.id
    return out


_COUNTY_PREFIX = re.compile(r"^.{0,6}?[县区旗](?=.{2})")


def unit_core(name: str) -> str:
    """某某县民政局 / 县民政局 / 民政局 → 民政局: the name without the county in front."""
    return _COUNTY_PREFIX.sub("", name, count=1)


def same_unit(name: str, unit) -> bool:
    """True only when ``name`` surely means ``unit``: the same name once the county is left out, or
    its 简称. 某某县新安镇人民政府 is NOT 某某县人民政府, however alike they look."""
    core = unit_core(name)
    return core == unit_core(unit.name) or bool(unit.short_name) and core == unit_core(unit.short_name)


def close_unit(name: str, units: list, also=None):
    """A unit only to offer for ``name``, never to preselect: one whose name ends with the other (or
    that ``also(unit)`` accepts), else the closest spelling; None when nothing is near."""
    close = [u for u in units if len(name) >= 3 and (u.name.endswith(name) or name.endswith(u.name)
                                                     or also is not None and also(u))]
    if not close:
        import difflib  # imported when first used: keeps start-up fast

        hits = difflib.get_close_matches(name, [u.name for u in units], n=1, cutoff=0.8)
        close = [u for u in units if hits and u.name == hits[0]]
    return close[0] if close else None


def unknown_units(store: Store, rows: list[SheetRow]) -> list[UnitNeed]:
    """Names not found as a full or short name, most used first. A unit that is surely the same is
    preselected (``match_id``); a merely similar one is only offered (``suggest_id``)."""
    known = known_units(store)
    units = list_units(store)
    needs = []
    for name, count in unit_names(rows).most_common():
        if not name or name in known:
            continue
        need = UnitNeed(name=name, count=count, kind=suggest_kind(name))
        same = [u for u in units if same_unit(name, u)]
        if same:
            need.match_id, need.match_name = same[0].id, same[0].name
            needs.append(need)
            continue
        close = close_unit(name, units)
        if close is not None:
            need.suggest_id, need.suggest_name = close.id, close.name
        needs.append(need)
    return needs
