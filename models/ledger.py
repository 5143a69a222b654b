"""The problem ledger: its columns (one list for screen and exports), filters, search and rows.

The view holds only ids: ``query_ids`` returns the ordered ids matching a filter, and
``fetch_rows`` builds the display rows for a handful of ids when the view asks for them.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from models import deadlines, search
from models.store import Store, StoreError


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    select: str        # SQL expression giving the display value
    sort: str          # SQL expression used for ORDER BY
    width: int = 100   # default width in pixels on screen
    visible: bool = True
    chars: int = 10    # rough width in Chinese characters, for Excel and Word tables


# ORDER BY inside an aggregate's own query does not order group_concat (SQLite < 3.44): order a subquery.
_COOP = ("(SELECT group_concat(n, '、') FROM (SELECT coalesce(nullif(u.short_name, ''), u.name) AS n "
         "FROM problem_units pu JOIN units u ON u.id = pu.unit_id WHERE pu.problem_id = p.id "
         "ORDER BY pu.position))")

# 来源机关: the office a problem came from in a 交换包 (models/sync), or this office's own
_ORIGIN = ("coalesce((SELECT pe.office FROM sync_rows sr JOIN sync_peers pe ON pe.site = sr.origin_site "
           "WHERE sr.tbl = 'problems' AND sr.local_id = p.id ORDER BY sr.rowid LIMIT 1), '本机关')")
_FOREIGN = ("EXISTS (SELECT 1 FROM sync_rows sr WHERE sr.tbl = 'problems' AND sr.local_id = p.id "
            "AND sr.origin_site = ?)")
LOCAL_ORIGIN = "本机关"
# The same office as a filter key: the sending office's site id, or LOCAL_ORIGIN (for grouping).
ORIGIN_KEY = ("coalesce((SELECT sr.origin_site FROM sync_rows sr JOIN sync_peers pe ON pe.site = sr.origin_site "
              f"WHERE sr.tbl = 'problems' AND sr.local_id = p.id ORDER BY sr.rowid LIMIT 1), '{LOCAL_ORIGIN}')")

# Default widths leave 编号 … 进度 all on screen at 1366 px wide with ≥ 240 px for 问题描述.
COLUMNS: tuple[Column, ...] = (
    Column("number", "编号", "p.number", "p.number", 86, chars=8),
    Column("status", "状态", "p.status", "p.status", 64, chars=5),
    Column("source", "问题来源", "p.source", "p.source", 72, chars=6),
    Column("category", "问题类别", "p.category", "p.category", 72, chars=6),
    Column("place", "地点", "p.place", "p.place", 100, chars=8),
    Column("description", "问题描述", "p.description", "substr(p.description, 1, 16)", 360, chars=30),
    Column("suggestion", "意见建议", "p.suggestion", "substr(p.suggestion, 1, 16)", 220, visible=False, chars=20),
    Column("legal_basis", "法条依据", "p.legal_basis", "substr(p.legal_basis, 1, 16)", 200, visible=False, chars=16),
    Column("lead_unit", "牵头单位", "coalesce(nullif(lu.short_name, ''), lu.name)",
           "coalesce(nullif(lu.short_name, ''), lu.name)", 110, chars=10),
    # sorted by problems.coop_label: the same text, kept by triggers (schema step 4) and indexed
    Column("cooperating_units", "配合单位", _COOP, "p.coop_label", 120, chars=12),
    Column("supervisor_unit", "督办部门", "coalesce(nullif(su.short_name, ''), su.name)",
           "coalesce(nullif(su.short_name, ''), su.name)", 120,
           visible=False, chars=10),
    Column("kind", "整改类型", "p.kind", "p.kind", 72, chars=6),
    Column("deadline", "整改时限", "p.deadline", "coalesce(p.deadline, '9999')", 92, chars=8),
    Column("progress", "进度", "p.progress", "p.progress", 52, chars=4),
    Column("updated_at", "更新时间", "p.updated_at", "p.updated_at", 140, visible=False, chars=12),
    Column("origin", "来源机关", _ORIGIN, _ORIGIN, 130, visible=False, chars=10),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)
_BY_KEY = {c.key: c for c in COLUMNS}

_FROM = ("FROM problems p LEFT JOIN units lu ON lu.id = p.lead_unit_id "
         "LEFT JOIN units su ON su.id = p.supervisor_unit_id")


def column(key: str) -> Column:
    return _BY_KEY[key]


@dataclass
class LedgerFilter:
    """What the ledger shows. Empty fields mean "all"."""
    campaign_id: int | None = None
    search: str = ""
    statuses: tuple[str, ...] = ()
    lead_unit_id: int | None = None
    source: str = ""
    category: str = ""
    kind: str = ""
    deadline_state: str = ""          # one of models.deadlines OVERDUE / DUE_SOON / LATER / NONE
    origin: str = ""                  # a sending office's site id, or LOCAL_ORIGIN for this office's own
    ids: tuple[int, ...] | None = None  # an explicit set (e.g. clicked from the overview)
    extra_sql: str = ""                 # an additional condition on alias p, from a model function
    extra_params: tuple = field(default_factory=tuple)
    today: date | None = None
    warn_days: int = 15

    def where(self) -> tuple[str, list]:
        parts: list[str] = []
        params: list = []
        if self.campaign_id is not None:
            parts.append("p.campaign_id = ?")
            params.append(self.campaign_id)
        if self.statuses:
            parts.append(f"p.status IN ({', '.join('?' * len(self.statuses))})")
            params.extend(self.statuses)
        if self.lead_unit_id is not None:
            parts.append("p.lead_unit_id = ?")
            params.append(self.lead_unit_id)
        for col, value in (("source", self.source), ("category", self.category), ("kind", self.kind)):
            if value:
                parts.append(f"p.{col} = ?")
                params.append(value)
        if self.origin == LOCAL_ORIGIN:
            parts.append("NOT EXISTS (SELECT 1 FROM sync_rows sr JOIN sync_peers pe ON pe.site = sr.origin_site "
                         "WHERE sr.tbl = 'problems' AND sr.local_id = p.id)")
        elif self.origin:
            parts.append(_FOREIGN)
            params.append(self.origin)
        if self.deadline_state:
            sql, p = deadlines.state_sql(self.deadline_state, self.today, self.warn_days)
            parts.append(sql)
            params.extend(p)
        if self.ids is not None:
            parts.append("p.id IN (SELECT value FROM json_each(?))")
            params.append("[" + ",".join(str(int(i)) for i in self.ids) + "]")
        if self.extra_sql:
            parts.append(f"({self.extra_sql})")
            params.extend(self.extra_params)
        if self.search.strip():
            try:
                words = search.word_conditions(self.search)
            except ValueError as exc:
                raise StoreError(str(exc), "search") from exc
            for sql, p in words:
                parts.append(sql)
                params.extend(p)
        return (" WHERE " + " AND ".join(parts)) if parts else "", params


# Sorting by a unit: rows are grouped by the unit id column, groups ordered by the unit's display name.
_UNIT_SORT = {"lead_unit": "p.lead_unit_id", "supervisor_unit": "p.supervisor_unit_id"}


def _narrowed(flt: LedgerFilter) -> bool:
    """True when the filter selects part of a campaign (then filter first, sort the few).

    A search alone does not count: a word such as a unit name can match most of a campaign, and
    then reading every matching wide row to sort it costs twice the index walk (122 ms against
    70 ms for 84,000 of 100,000 rows), while a rare word loses only ~15 ms by the walk.
    """
    return bool(flt.statuses or flt.lead_unit_id is not None or flt.source
                or flt.category or flt.kind or flt.deadline_state or flt.ids is not None or flt.extra_sql
                or flt.origin)


# A search finding at least this many problems is answered from the ordered ids without the search
# (kept while nothing changes) and the set of problems it finds; fewer are looked up and sorted.
BROAD_SEARCH = 2000


def query_ids(store: Store, flt: LedgerFilter, sort_key: str = "number", descending: bool = False) -> list[int]:
    """Ids of the matching problems in display order.

    Speed on 100,000 rows (tests/bench_ledger.py): with no narrowing filter the sort walks an index
    on (campaign_id, column) and never reads the wide rows; with one, the sort expression gets a
    unary + so SQLite uses the filter's index first and sorts only what matched. A search is planned
    by how many problems its words find (counted first, whatever statistics SQLite has): a word
    found in a few is looked up and sorted; a word found in most (a unit's name on 84% of them) keeps
    the ordered ids of the filter without the search and drops the ones it does not find.
    """
    if flt.search.strip():
        try:
            words = search.word_params(flt.search)
        except ValueError as exc:
            raise StoreError(str(exc), "search") from exc
        if words:
            return _searched_ids(store, flt, words, sort_key, descending)
    return list(_cached_ids(store, flt, sort_key, descending))


def _searched_ids(store: Store, flt: LedgerFilter, words: list[tuple], sort_key: str, descending: bool) -> list[int]:
    """The search's hits are read once (every word's, intersected); the rest of the filter and the
    order come from SQL over those few, or from the cached ordered ids when they are many."""
    found: frozenset[int] | set[int] | None = None
    for w in words:
        hits = search.word_hits(store, w)
        found = hits if found is None else found & hits
    rest = replace(flt, search="")
    if len(found) < BROAD_SEARCH:
        return _ordered_ids(store, rest, sort_key, descending, sorted(found))
    return list(filter(found.__contains__, _cached_ids(store, rest, sort_key, descending)))


def _cached_ids(store: Store, flt: LedgerFilter, sort_key: str, descending: bool) -> list[int]:
    """``_ordered_ids`` kept on the store until anything is written (here or by another connection);
    callers copy it before handing it out."""
    where, params = flt.where()
    return store.kept("ledger_ids", (where, tuple(params), sort_key, descending),
                      lambda: _ordered_ids(store, flt, sort_key, descending, None))


def _ordered_ids(store: Store, flt: LedgerFilter, sort_key: str, descending: bool,
                 driver: list[int] | None) -> list[int]:
    """``driver``: the few problems a search found; SQLite is made to start from them (CROSS JOIN
    keeps the order of the join) instead of walking the whole campaign."""
    where, params = flt.where()
    table = "problems p"
    if driver is not None:
        table = "json_each(?) AS h CROSS JOIN problems p ON p.id = h.value"
        params = ["[" + ",".join(map(str, driver)) + "]", *params]
    few = driver is not None
    col = _BY_KEY.get(sort_key, _BY_KEY["number"])
    direction = "DESC" if descending else "ASC"
    plus = "+" if few or _narrowed(flt) else ""
    if col.key in _UNIT_SORT:
        return _ids_by_unit(store, table + where, params, _UNIT_SORT[col.key], descending)
    if col.key == "deadline":  # no deadline sorts after every date (and first when descending)
        joiner = " AND " if where else " WHERE "
        dated = store.ids(f"SELECT p.id AS id FROM {table}{where}{joiner}p.deadline IS NOT NULL "
                          f"ORDER BY {plus}p.deadline {direction}, p.id {direction}", params)
        undated = store.ids(f"SELECT p.id AS id FROM {table}{where}{joiner}p.deadline IS NULL "
                            f"ORDER BY p.id {direction}", params)
        return undated + dated if descending else dated + undated
    expr = col.sort if col.key != "cooperating_units" or _has_coop_label(store) else _COOP
    if plus and (expr.startswith("p.") or expr.startswith("substr(p.")):
        expr = plus + expr
    sql = f"SELECT p.id AS id FROM {table}{where} ORDER BY {expr} {direction}, p.id {direction}"
    return store.ids(sql, params)


def _has_coop_label(store: Store) -> bool:
    """Whether schema step 4 ran on this file. A development file made when step 5 existed but
    step 4 did not yet has skipped it (steps run by number); it sorts by the slower text instead."""
    has = getattr(store, "_coop_label_column", None)
    if has is None:
        has = any(r[1] == "coop_label" for r in store.query_rows("PRAGMA table_info(problems)"))
        store._coop_label_column = has
    return has


def _unit_labels(store: Store) -> dict[int, str]:
    return {r["id"]: r["n"] for r in store.query(
        "SELECT id, coalesce(nullif(short_name, ''), name) AS n FROM units")}


def _ids_by_unit(store: Store, source: str, params: list, unit_col: str, descending: bool) -> list[int]:
    names = _unit_labels(store)
    groups: dict[int | None, list[int]] = {}
    for pid, uid in store.query_rows(f"SELECT p.id, {unit_col} FROM {source}", params):
        groups.setdefault(uid, []).append(pid)
    order = sorted(groups, key=lambda u: (u is not None, names.get(u, ""), u or 0), reverse=descending)
    out: list[int] = []
    for uid in order:
        ids = groups[uid]
        ids.sort(reverse=descending)
        out.extend(ids)
    return out


def count(store: Store, flt: LedgerFilter, at_most: int | None = None) -> int:
    """How many problems match; with ``at_most``, counting stops there (is a campaign bigger than …?)."""
    where, params = flt.where()
    if at_most is not None:
        return store.scalar(f"SELECT COUNT(*) FROM (SELECT 1 FROM problems p{where} LIMIT ?)", [*params, at_most])
    return store.scalar(f"SELECT COUNT(*) FROM problems p{where}", params)


def fetch_rows(store: Store, ids: list[int], keys: tuple[str, ...] = COLUMN_KEYS) -> dict[int, dict]:
    """Display rows for the given ids: {id: {key: value, "_status": …, "_deadline": …}}."""
    if not ids:
        return {}
    selects = ", ".join(f"{_BY_KEY[k].select} AS {k}" for k in keys)
    rows = store.query(
        f"SELECT p.id AS _id, p.status AS _status, p.deadline AS _deadline, {selects} {_FROM} "
        "WHERE p.id IN (SELECT value FROM json_each(?))",
        ("[" + ",".join(str(int(i)) for i in ids) + "]",))
    return {r["_id"]: r for r in rows}


def distinct_categories(store: Store, campaign_id: int | None = None) -> list[str]:
    """Pre-filled categories first, then any others used in the data."""
    from models.vocab import DEFAULT_CATEGORIES

    used = store.column("SELECT DISTINCT category FROM problems" +
                        (" WHERE campaign_id = ?" if campaign_id else ""),
                        (campaign_id,) if campaign_id else ())
    extra = sorted(c for c in used if c and c not in DEFAULT_CATEGORIES)
    return list(DEFAULT_CATEGORIES[:-1]) + extra + [DEFAULT_CATEGORIES[-1]]
