"""Plain data for the Excel ledgers and the printed ledger, gathered from the store.

The problem list uses the ledger's own filter, column list (models.ledger.COLUMNS) and sort, so
"export what is on screen" gives exactly the rows and columns of the ledger view. The other
tables read the workflow models (progress, closing, dispatch, overview) so every figure agrees
with the pages that show it. Writers (xlsx_ledgers, table_html) take these records and a path.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from models import ledger
from models.ledger import LedgerFilter
from models.store import Store
from models.vocab import STATUS_CLOSED


@dataclass
class LedgerView:
    """What the ledger shows: filter, visible column keys in on-screen order, sort; or chosen ids."""
    flt: LedgerFilter
    columns: tuple[str, ...] = field(default_factory=lambda: tuple(c.key for c in ledger.COLUMNS if c.visible))
    sort_key: str = "number"
    descending: bool = False
    ids: list[int] | None = None   # an explicit selection, already in screen order
    note: str = ""                 # how the screen names an extra condition ("另有条件：总览：已逾期")

    def row_ids(self, store: Store) -> list[int]:
        if self.ids is not None:
            return list(self.ids)
        return ledger.query_ids(store, self.flt, self.sort_key, self.descending)


@dataclass
class ProblemList:
    title: str
    subtitle: str
    keys: tuple[str, ...]          # ledger column keys, screen order
    rows: list[dict]               # ledger rows (models.ledger.fetch_rows), screen order


@dataclass
class RectificationItem:
    problem: dict                  # number, description, lead_unit, deadline, status, progress
    reports: list[dict]            # report_date, unit, measures, result, percent, requests_closing


@dataclass
class Rectification:
    title: str
    subtitle: str
    items: list[RectificationItem]

    @property
    def report_count(self) -> int:
        return sum(len(i.reports) for i in self.items)


@dataclass
class ClosedList:
    title: str
    subtitle: str
    rows: list[dict]


@dataclass
class Dispatch:
    title: str
    rank_title: str
    subtitle: str
    rank_subtitle: str
    view: object                   # models.workflow.dispatch.MonthView


@dataclass
class Statistics:
    title: str
    overview: object               # models.workflow.overview.Overview
    date_text: str


def date_text(d: date | None = None) -> str:
    d = d or date.today()
    return f"{d.year}年{d.month}月{d.day}日"


def campaign_info(store: Store, campaign_id: int | None) -> dict:
    row = store.query_one("SELECT name, year, organizer FROM campaigns WHERE id = ?", (campaign_id,)) \
        if campaign_id is not None else None
    return row or {"name": "", "year": "", "organizer": ""}


def sheet_title(store: Store, campaign_id: int | None, what: str) -> str:
    """"2025年“积极应对人口老龄化　加快发展养老服务”问题清单"."""
    c = campaign_info(store, campaign_id)
    if not c["name"]:
        return what
    return f"{c['year']}年“{c['name']}”{what}"


def describe_filter(store: Store, view: LedgerView) -> str:
    """The filter in words, for the line under the title ("筛选：状态 整改中；搜索“敬老院”")."""
    f = view.flt
    if view.ids is not None:
        return f"范围：选定的 {len(view.ids)} 个问题"
    parts = []
    if f.statuses:
        parts.append("状态 " + "、".join(f.statuses))
    if f.lead_unit_id is not None:
        name = store.scalar("SELECT coalesce(nullif(short_name, ''), name) FROM units WHERE id = ?",
                            (f.lead_unit_id,))
        parts.append(f"牵头单位 {name or ''}")
    for label, value in (("来源", f.source), ("类别", f.category), ("整改类型", f.kind), ("时限", f.deadline_state)):
        if value:
            parts.append(f"{label} {value}")
    if f.ids is not None or f.extra_sql:
        parts.append(view.note or "指定范围")
    if f.search.strip():
        parts.append(f"搜索“{f.search.strip()}”")
    return "筛选：" + ("；".join(parts) if parts else "全部")


def problem_list(store: Store, view: LedgerView, *, what: str = "问题清单",
                 today: date | None = None) -> ProblemList:
    """问题清单 as on screen: the ledger's rows in its order, its visible columns in its order."""
    ids = view.row_ids(store)
    keys = tuple(k for k in view.columns if k in ledger.COLUMN_KEYS)
    by_id = ledger.fetch_rows(store, ids, keys or ("number",))
    rows = [by_id[i] for i in ids if i in by_id]
    subtitle = f"{describe_filter(store, view)}　　共 {len(rows)} 条　　导出日期：{date_text(today)}"
    return ProblemList(sheet_title(store, view.flt.campaign_id, what), subtitle, keys, rows)


def rectification(store: Store, campaign_id: int, ids: Sequence[int] | None = None,
                  today: date | None = None) -> Rectification:
    """整改台账: every problem (ledger order by number unless ids are given) with all its reports."""
    if ids is None:
        ids = ledger.query_ids(store, LedgerFilter(campaign_id=campaign_id), "number")
    problems = ledger.fetch_rows(store, list(ids), ("number", "description", "lead_unit", "deadline",
                                                    "status", "progress"))
    reports: dict[int, list[dict]] = {}
    for r in store.query(
            "SELECT r.problem_id, r.report_date, r.measures, r.result, r.percent, r.requests_closing, "
            " coalesce(nullif(u.short_name, ''), u.name, '') AS unit "
            "FROM progress_reports r LEFT JOIN units u ON u.id = r.unit_id "
            "WHERE r.problem_id IN (SELECT value FROM json_each(?)) ORDER BY r.report_date, r.id",
            ("[" + ",".join(str(int(i)) for i in ids) + "]",)):
        reports.setdefault(r["problem_id"], []).append(r)
    items = [RectificationItem(problems[i], reports.get(i, [])) for i in ids if i in problems]
    n = sum(len(i.reports) for i in items)
    subtitle = (f"问题 {len(items)} 个，整改进展 {n} 条（粗体行为问题，其下为各次进展）"
                f"　　导出日期：{date_text(today)}")
    return Rectification(sheet_title(store, campaign_id, "整改台账"), subtitle, items)


def closed_list(store: Store, campaign_id: int, today: date | None = None) -> ClosedList:
    """销号清单: closed problems with their latest check and the last report's measures and result."""
    rows = store.query(
        "SELECT p.number, p.description, coalesce(nullif(lu.short_name, ''), lu.name, '') AS lead_unit, "
        " c.checked_by, c.check_date, c.opinion, c.closed_at, r.measures, r.result "
        "FROM problems p LEFT JOIN units lu ON lu.id = p.lead_unit_id "
        "LEFT JOIN closure_checks c ON c.id = (SELECT max(id) FROM closure_checks WHERE problem_id = p.id) "
        "LEFT JOIN progress_reports r ON r.id = (SELECT r2.id FROM progress_reports r2 "
        "  WHERE r2.problem_id = p.id ORDER BY r2.report_date DESC, r2.id DESC LIMIT 1) "
        "WHERE p.campaign_id = ? AND p.status = ? ORDER BY p.number", (campaign_id, STATUS_CLOSED))
    return ClosedList(sheet_title(store, campaign_id, "销号清单"),
                      f"已销号 {len(rows)} 个　　导出日期：{date_text(today)}", rows)


def dispatch(store: Store, campaign_id: int, year: int, month: int, today: date | None = None,
             origin: str = "") -> Dispatch:
    """月调度 of one month, as the workflow page computes it (models.workflow.dispatch), of every
    problem or of one 来源机关's (a city's county)."""
    from models.workflow import dispatch as wf_dispatch

    view = wf_dispatch.month_view(store, campaign_id, year, month, today=today, origin=origin)
    who = f"（{view.origin_label}）" if view.origin_label else ""
    subtitle = (f"在办问题 {len(view.rows)} 个，本月未报送 {len(view.not_reported_rows)} 个"
                f"　　统计截至：{date_text(view.as_of)}")
    return Dispatch(sheet_title(store, campaign_id, f"{view.title}整改调度表{who}"),
                    sheet_title(store, campaign_id, f"{view.title}牵头单位整改排名{who}"), subtitle,
                    f"按整改率排序　　统计截至：{date_text(view.as_of)}", view)


def statistics(store: Store, campaign_id: int, today: date | None = None) -> Statistics:
    """The overview figures (models.workflow.overview), the same numbers as the 总览 page."""
    from models.workflow import overview

    ov = overview.compute(store, campaign_id, today=today)
    return Statistics(sheet_title(store, campaign_id, "整改情况统计"), ov, date_text(ov.today))
