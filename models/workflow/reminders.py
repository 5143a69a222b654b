"""今日提醒: what needs attention today in one campaign — due today, due within the week, overdue,
待交办 past its planned date,
and lead units that have not reported this month (models.workflow.dispatch decides that)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from models import deadlines, ledger
from models.ledger import LedgerFilter
from models.store import Store
from models.vocab import OPEN_STATUSES
from models.workflow import dispatch

WEEK_DAYS = 7  # "本周内": from tomorrow to 7 days after today
MAX_ITEMS = 200  # problems listed per section; the count is always complete


@dataclass
class DigestSection:
    key: str
    title: str
    items: list[dict] = field(default_factory=list)  # problems: id, number, description, lead_unit, deadline
    filter: LedgerFilter | None = None
    total: int | None = None  # when more than the items listed

    @property
    def count(self) -> int:
        return len(self.items) if self.total is None else self.total


@dataclass
class Digest:
    campaign_id: int
    today: date
    due_today: DigestSection
    due_this_week: DigestSection
    overdue: DigestSection
    pending_late: DigestSection         # 待交办 past the planned date: the office's own reminder
    units_not_reported: DigestSection   # items: unit_id, unit, missing, expected
    not_reported_rows: list[dispatch.DispatchRow] = field(default_factory=list)

    def unit_filter(self, unit_id: int | None) -> LedgerFilter:
        """The problems of one unit not reported this month."""
        return LedgerFilter(campaign_id=self.campaign_id, ids=tuple(
            r.problem_id for r in self.not_reported_rows if r.lead_unit_id == unit_id))

    @property
    def sections(self) -> list[DigestSection]:
        return [self.overdue, self.pending_late, self.due_today, self.due_this_week, self.units_not_reported]

    @property
    def has_content(self) -> bool:
        return any(s.count for s in self.sections)

    def headline(self) -> str:
        """"逾期3项，今日到期1项，7日内到期2项，2个单位本月未报送进展"."""
        parts = [f"逾期{self.overdue.count}项", f"今日到期{self.due_today.count}项",
                 f"{WEEK_DAYS}日内到期{self.due_this_week.count}项"]
        if self.pending_late.count:
            parts.append(f"待交办已超过计划时限{self.pending_late.count}项")
        if self.units_not_reported.count:
            parts.append(f"{self.units_not_reported.count}个单位本月未报送整改进展")
        return "，".join(parts)


def _problems(store: Store, flt: LedgerFilter) -> list[dict]:
    where, params = flt.where()
    return store.query(
        "SELECT p.id, p.number, p.description, p.deadline, p.status, "
        " coalesce(nullif(lu.short_name, ''), lu.name, '') AS lead_unit "
        f"FROM problems p LEFT JOIN units lu ON lu.id = p.lead_unit_id{where} ORDER BY p.deadline, p.number "
        f"LIMIT {MAX_ITEMS}", params)


def _section(store: Store, key: str, title: str, flt: LedgerFilter) -> DigestSection:
    items = _problems(store, flt)
    total = ledger.count(store, flt) if len(items) >= MAX_ITEMS else None
    return DigestSection(key, title, items, flt, total)


def digest(store: Store, campaign_id: int, today: date | None = None) -> Digest:
    today = today or date.today()
    warn = deadlines.warn_days(store)
    base = {"campaign_id": campaign_id, "statuses": OPEN_STATUSES, "today": today, "warn_days": warn}
    t = today.isoformat()
    week_end = (today + timedelta(days=WEEK_DAYS)).isoformat()
    overdue = _section(store, "overdue", "已逾期", LedgerFilter(
        **{**base, "statuses": ()}, deadline_state=deadlines.OVERDUE))
    pending_late = _section(store, "pending_late", deadlines.PENDING_LATE, LedgerFilter(
        **{**base, "statuses": ()}, deadline_state=deadlines.PENDING_LATE))
    due_today = _section(store, "due_today", "今日到期", LedgerFilter(
        **base, extra_sql="p.deadline = ?", extra_params=(t,)))
    due_week = _section(store, "due_this_week", f"{WEEK_DAYS}日内到期", LedgerFilter(
        **base, extra_sql="p.deadline > ? AND p.deadline <= ?", extra_params=(t, week_end)))
    view = dispatch.month_view(store, campaign_id, today.year, today.month, today=today, rank=False)
    units = view.unreported_by_unit()
    units_section = DigestSection("units_not_reported", f"本月（{today.month}月）未报送进展的单位", units,
                                  view.not_reported_filter() if units else None)
    return Digest(campaign_id, today, due_today, due_week, overdue, pending_late, units_section, view.not_reported_rows)
