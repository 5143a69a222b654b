"""总览: the figures staff quote in reports, for one campaign, each with the ledger filter behind it.

Definitions (one place; the bulletin and the 统计 sheet read them from here):

- 问题总数 (total): every problem of the campaign.
- 已交办 (handed_over): a problem that is in at least one handover batch, or whose status shows it
  was handed over (整改中, 申请销号, 已销号). A problem carried to next year straight from 待交办 is
  not handed over; one carried after handover is.
- 已销号 (done): status 已销号. 申请销号 is not done until the congress closes it.
- 整改率 = 已销号 / 已交办 — the bulletins' "交办政府及相关部门的问题73%以上已整改完成" counts
  done items among the handed-over ones, so the denominator is 已交办, never the total.
- 已逾期 (overdue): handed over, open (整改中/申请销号) and past its deadline — the one rule in
  models.deadlines. 待交办超期 (pending_late): 待交办 and past its planned date, counted apart.
- 转下年度 (carried): status 转下年度; counted apart from done and never in the numerator.
- 来源机关 (origin): when the campaign holds problems from other offices (a city gathering its
  counties' 交换包), the same figures per office (``by_origin``); ``origin`` narrows every figure
  to one office, as the 问题清单's 来源机关 filter does.

Every ``Figure`` carries a ``LedgerFilter`` whose ``ledger.count`` equals the figure's value:
the counts below are computed from the very SQL of those filters.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date

from models import deadlines
from models.ledger import ORIGIN_KEY, LedgerFilter
from models.store import Store
from models.vocab import (
    DEFAULT_CATEGORIES,
    SOURCES,
    STATUS_CARRIED,
    STATUS_CLOSE_REQUESTED,
    STATUS_CLOSED,
    STATUS_IN_PROGRESS,
    STATUS_PENDING,
    STATUSES,
)
from models.workflow import origins as origins_model
from models.workflow.rate import Rate

SOURCE_FROM_ABOVE = "上级交办"

# The one rule for "handed over", as a condition on alias p.
HANDED_OVER_SQL = (
    f"p.status IN ('{STATUS_IN_PROGRESS}', '{STATUS_CLOSE_REQUESTED}', '{STATUS_CLOSED}') "
    "OR EXISTS (SELECT 1 FROM handover_items hi WHERE hi.problem_id = p.id)")
CARRIED_IN_SQL = "p.carried_from_id IS NOT NULL"

# key -> (label, template filter fields). Order is the order of the cards on the overview page.
FIGURES: dict[str, tuple[str, dict]] = {
    "total": ("问题总数", {}),
    "pending": ("待交办", {"statuses": (STATUS_PENDING,)}),
    "handed_over": ("已交办", {"extra_sql": HANDED_OVER_SQL}),
    "in_progress": ("整改中", {"statuses": (STATUS_IN_PROGRESS,)}),
    "close_requested": ("申请销号", {"statuses": (STATUS_CLOSE_REQUESTED,)}),
    "done": ("已销号", {"statuses": (STATUS_CLOSED,)}),
    "overdue": ("已逾期", {"deadline_state": deadlines.OVERDUE}),
    "pending_late": ("待交办超期", {"deadline_state": deadlines.PENDING_LATE}),
    "due_soon": ("即将到期", {"deadline_state": deadlines.DUE_SOON}),
    "carried": ("转下年度", {"statuses": (STATUS_CARRIED,)}),
    "carried_in": ("上年度转入", {"extra_sql": CARRIED_IN_SQL}),
}
# The figures shown per lead unit / category / source.
GROUP_FIGURES = ("total", "handed_over", "done", "overdue", "carried")
RATE_NUMERATOR_LABEL = "已销号"
RATE_DENOMINATOR_LABEL = "已交办"


@dataclass
class Figure:
    key: str
    label: str
    value: int
    filter: LedgerFilter


@dataclass
class GroupRow:
    """One lead unit, category or source with its figures and per-status counts."""
    key: object          # unit id (None: no lead unit), category or source text
    label: str
    figures: dict[str, Figure]
    by_status: dict[str, Figure]
    rate: Rate
    mean_progress: float | None  # average 完成进度 of its handed-over problems (已销号 counts 100)

    def value(self, key: str) -> int:
        return self.figures[key].value


@dataclass
class FromAbove:
    """Problems assigned from above (source 上级交办) and their state."""
    total: Figure
    done: Figure
    open_items: list[dict] = field(default_factory=list)  # number, description, status, progress

    @property
    def sentence(self) -> str:
        """"上级交办3项，已整改2项" (or "无上级交办问题")."""
        if not self.total.value:
            return "无上级交办问题"
        return f"{SOURCE_FROM_ABOVE}{self.total.value}项，已整改{self.done.value}项"


@dataclass
class Overview:
    campaign_id: int
    today: date
    warn_days: int
    figures: dict[str, Figure]
    rate: Rate
    by_unit: list[GroupRow]
    by_category: list[GroupRow]
    by_source: list[GroupRow]
    from_above: FromAbove
    by_origin: list[GroupRow] = field(default_factory=list)   # per 来源机关; [] when all are this office's
    origin: str = ""            # the one origin every figure is narrowed to ("" = all)
    origin_label: str = ""      # its place name ("甲县")

    def value(self, key: str) -> int:
        return self.figures[key].value

    def summary_sentence(self) -> str:
        """The sentence reports quote, e.g. for 简报 and the 统计 sheet."""
        f = self.figures
        text = (f"共梳理问题{f['total'].value}个，已交办{f['handed_over'].value}个，"
                f"已整改完成（销号）{f['done'].value}个")
        if self.rate.denominator:
            text += f"，交办问题整改率{self.rate.percent_text()}"
        if f["overdue"].value:
            text += f"，逾期未完成{f['overdue'].value}个"
        if f["carried"].value:
            text += f"，转下年度{f['carried'].value}个"
        return text + "。"


def _label(key: str, warn_days: int) -> str:
    return f"{warn_days}日内到期" if key == "due_soon" else FIGURES[key][0]


def _filter(campaign_id: int, template: dict, today: date, warn_days: int, group: dict) -> LedgerFilter:
    """A ledger filter from a figure template and a group condition (both may carry extra_sql)."""
    merged = dict(template)
    for key, value in group.items():
        if key == "extra_sql" and merged.get("extra_sql"):
            merged["extra_sql"] = f"({merged['extra_sql']}) AND ({value})"
        else:
            merged[key] = value
    return LedgerFilter(campaign_id=campaign_id, today=today, warn_days=warn_days, **merged)


def _condition(template: dict, today: date, warn_days: int) -> tuple[str, list]:
    """The template's WHERE condition alone, for SUM(CASE …) aggregates."""
    where, params = LedgerFilter(today=today, warn_days=warn_days, **template).where()
    return (where.removeprefix(" WHERE ") or "1"), params


def _status_templates() -> dict[str, dict]:
    return {s: {"statuses": (s,)} for s in STATUSES}


_GROUP_COLUMNS = ("lead_unit_id", "category", "source")
_ALL_GROUPS = (*_GROUP_COLUMNS, "origin")


def _cells(store: Store, campaign_id: int, today: date, warn_days: int, origin: str = "",
           by_origin: bool = False) -> list[dict]:
    """Counts of every figure and status per (lead unit, category, source), in one scan; with
    ``by_origin`` per 来源机关 instead (a second scan: grouping by all four made so many cells that
    rolling them up cost more than the scan).

    Each count is SUM(CASE WHEN <the figure's own filter condition> …), so rolled up it equals
    ``ledger.count`` of the figure's filter.
    """
    selects, params = [], []
    templates = {k: t for k, (_, t) in FIGURES.items()}
    templates.update({f"status:{s}": t for s, t in _status_templates().items()})
    for key, template in templates.items():
        cond, p = _condition(template, today, warn_days)
        selects.append(f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END) AS \"{key}\"")
        params.extend(p)
    handed, hp = _condition(FIGURES["handed_over"][1], today, warn_days)
    selects.append(f"SUM(CASE WHEN {handed} THEN (CASE WHEN p.status = '{STATUS_CLOSED}' THEN 100 "
                   "ELSE p.progress END) ELSE 0 END) AS progress_sum")
    params.extend(hp)
    columns = [f"{ORIGIN_KEY} AS origin"] if by_origin else [f"p.{c} AS {c}" for c in _GROUP_COLUMNS]
    groups = "origin" if by_origin else ", ".join(f"p.{c}" for c in _GROUP_COLUMNS)
    where, wp = LedgerFilter(campaign_id=campaign_id, origin=origin).where()
    sql = f"SELECT {', '.join(columns)}, {', '.join(selects)} FROM problems p{where} GROUP BY {groups}"
    return store.query(sql, [*params, *wp])


def _roll_up(cells: list[dict], column: str | None) -> dict[object, dict]:
    """Sum the cells per value of ``column`` (None: one total)."""
    out: dict[object, dict] = {}
    for cell in cells:
        acc = out.setdefault(cell[column] if column else None, {})
        for name, value in cell.items():
            if name not in _ALL_GROUPS:
                acc[name] = acc.get(name, 0) + (value or 0)
    for acc in out.values():
        handed = acc.get("handed_over", 0)
        acc["mean_progress"] = acc.get("progress_sum", 0) / handed if handed else None
    return out


def _group_row(campaign_id: int, key: object, label: str, counts: dict, group: dict,
               today: date, warn_days: int) -> GroupRow:
    figures = {k: Figure(k, _label(k, warn_days), int(counts.get(k) or 0),
                         _filter(campaign_id, FIGURES[k][1], today, warn_days, group))
               for k in FIGURES}
    by_status = {s: Figure(f"status:{s}", s, int(counts.get(f"status:{s}") or 0),
                           _filter(campaign_id, t, today, warn_days, group))
                 for s, t in _status_templates().items()}
    rate = Rate(figures["done"].value, figures["handed_over"].value,
                RATE_NUMERATOR_LABEL, RATE_DENOMINATOR_LABEL)
    mean = counts.get("mean_progress")
    return GroupRow(key, label, figures, by_status, rate, None if mean is None else float(mean))


def _text_group(value: str | None, column: str) -> dict:
    # An empty value cannot be a LedgerFilter field ("" means all), so it becomes a condition.
    return {column: value} if value else {"extra_sql": f"coalesce(p.{column}, '') = ''"}


def compute(store: Store, campaign_id: int, today: date | None = None,
            warn_days: int | None = None, origin: str = "", *, per_origin: bool = True) -> Overview:
    """All figures of one campaign (or of its problems from one ``origin`` office) as plain data;
    ``per_origin=False`` skips the per-office table (a second scan) when the caller needs none."""
    today = today or date.today()
    warn_days = deadlines.warn_days(store) if warn_days is None else warn_days
    offices = origins_model.campaign_origins(store, campaign_id)
    origin = origin if any(o.key == origin for o in offices) else ""
    cells = _cells(store, campaign_id, today, warn_days, origin)
    base = {"origin": origin} if origin else {}

    def _row(key: object, label: str, counts: dict, group: dict) -> GroupRow:
        return _group_row(campaign_id, key, label, counts, {**base, **group}, today, warn_days)

    whole = _roll_up(cells, None).get(None, {})
    overall = _row(None, "合计", whole, {})
    origin_counts = _roll_up(_cells(store, campaign_id, today, warn_days, origin, by_origin=True),
                             "origin") if offices and per_origin else {}
    by_origin = [_row(o.key, o.label, origin_counts[o.key], {"origin": o.key})
                 for o in offices if o.key in origin_counts]

    names = {r["id"]: r["label"] for r in store.query(
        "SELECT id, coalesce(nullif(short_name, ''), name) AS label FROM units")}
    by_unit = []
    for uid, counts in _roll_up(cells, "lead_unit_id").items():
        group = {"lead_unit_id": uid} if uid is not None else {"extra_sql": "p.lead_unit_id IS NULL"}
        by_unit.append(_row(uid, names.get(uid, "未指定牵头单位"), counts, group))
    by_unit.sort(key=lambda r: (-r.value("total"), r.label))

    def ordered(rows: list[GroupRow], known: tuple[str, ...]) -> list[GroupRow]:
        rank = {v: i for i, v in enumerate(known)}
        return sorted(rows, key=lambda r: (rank.get(r.key, len(known)), str(r.key or "")))

    by_category = ordered([
        _row(k, k or "未分类", c, _text_group(k, "category"))
        for k, c in _roll_up(cells, "category").items()], DEFAULT_CATEGORIES)
    by_source = ordered([
        _row(k, k or "未填来源", c, _text_group(k, "source"))
        for k, c in _roll_up(cells, "source").items()], SOURCES)

    above = next((r for r in by_source if r.key == SOURCE_FROM_ABOVE), None)
    above_group = {**base, "source": SOURCE_FROM_ABOVE}
    total = above.figures["total"] if above else Figure(
        "total", "上级交办", 0, _filter(campaign_id, {}, today, warn_days, above_group))
    done = above.figures["done"] if above else Figure(
        "done", "已整改", 0, _filter(campaign_id, FIGURES["done"][1], today, warn_days, above_group))
    where, wp = LedgerFilter(campaign_id=campaign_id, source=SOURCE_FROM_ABOVE, origin=origin).where()
    open_items = store.query(
        f"SELECT p.id, p.number, p.description, p.status, p.progress FROM problems p{where} "
        "AND p.status <> ? ORDER BY p.number", (*wp, STATUS_CLOSED))
    from_above = FromAbove(dataclasses.replace(total, label="上级交办"),
                           dataclasses.replace(done, label="已整改"), open_items)

    return Overview(campaign_id=campaign_id, today=today, warn_days=warn_days, figures=overall.figures,
                    rate=overall.rate, by_unit=by_unit, by_category=by_category, by_source=by_source,
                    from_above=from_above, by_origin=by_origin, origin=origin,
                    origin_label=origins_model.label_of(offices, origin))
