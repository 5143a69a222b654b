"""月调度 (一月一调度): for one month, every open problem with its last report, the ones not reported
that month marked, and the lead units ranked by problems done and late.

Rules:
- Listed: problems now 整改中 or 申请销号 (handed over and not closed or carried over).
- Expected to report in month M: status 整改中 and handed over before M began (a problem handed
  over during M is marked 本月新交办; a 申请销号 one waits for the congress's check, not a report).
  A problem 整改中 with no handover batch recorded (e.g. imported) is expected.
- Reported in M: at least one progress report dated within M, by any unit.
- The current month (or a later one) uses today's statuses, and the ranking the overview's figures
  (models.workflow.overview) as of today.
- A past month shows the state on its last day, rebuilt by models.workflow.dispatch_past: open then
  (handed over by the month's end, not yet closed or carried over), last report and percent up to
  the month's end, and the ranking's 已交办/已销号/已逾期 as of that day (each figure's filter
  lists its problems' ids).
- 来源机关: a city holding its counties' problems (交换包) sees each row's office, can narrow the month
  to one office (the ranking then counts that office's units), and gets per-office subtotals.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from models import deadlines
from models.ledger import LOCAL_ORIGIN, LedgerFilter
from models.store import Store
from models.vocab import STATUS_CARRIED, STATUS_CLOSE_REQUESTED, STATUS_CLOSED, STATUS_IN_PROGRESS
from models.workflow import dispatch_past, origins, overview, rules
from models.workflow.common import id_list
from models.workflow.rate import Rate

MARK_NOT_REPORTED = "未报送"
MARK_NEW = "本月新交办"
MARK_CLOSE_REQUESTED = "已申请销号"


@dataclass
class DispatchRow:
    problem_id: int
    number: str
    description: str
    lead_unit_id: int | None
    lead_unit: str
    status: str
    deadline: str | None
    deadline_state: str
    progress: int
    handed_over_on: str | None
    last_report: dict | None       # report_date, unit, measures, result, percent (up to the month's end)
    reported_in_month: bool
    expected: bool
    origin: str = ""          # 来源机关 key (models.workflow.origins); "" when all are this office's
    origin_label: str = ""    # "甲县"

    @property
    def not_reported(self) -> bool:
        return self.expected and not self.reported_in_month

    @property
    def mark(self) -> str:
        if self.not_reported:
            return MARK_NOT_REPORTED
        if self.status == STATUS_CLOSE_REQUESTED:
            return MARK_CLOSE_REQUESTED
        if not self.expected and not self.reported_in_month:
            return MARK_NEW
        return ""


@dataclass
class UnitRank:
    rank: int
    unit_id: int | None
    label: str
    handed_over: overview.Figure
    done: overview.Figure
    late: overview.Figure
    rate: Rate
    not_reported: int   # its problems marked 未报送 this month
    expected: int       # its problems expected to report this month


@dataclass
class OriginSubtotal:
    """One 来源机关's rows of the month: 在办, 应报送, 未报送, 已申请销号, 已逾期."""
    key: str
    label: str
    listed: int
    expected: int
    not_reported: int
    close_requested: int
    overdue: int

    @property
    def reported(self) -> int:
        return self.expected - self.not_reported


@dataclass
class MonthView:
    campaign_id: int
    year: int
    month: int
    first: date
    last: date
    as_of: date
    rows: list[DispatchRow] = field(default_factory=list)
    ranking: list[UnitRank] = field(default_factory=list)
    rebuilt: bool = False   # a past month: statuses, reports and ranking as they were on its last day
    origins: list[origins.Origin] = field(default_factory=list)   # [] when all problems are this office's
    origin: str = ""        # the one office the month is narrowed to ("" = all)
    origin_label: str = ""

    @property
    def title(self) -> str:
        return f"{self.year}年{self.month}月"

    @property
    def not_reported_rows(self) -> list[DispatchRow]:
        return [r for r in self.rows if r.not_reported]

    @property
    def not_reported_units(self) -> list[UnitRank]:
        return [u for u in self.ranking if u.not_reported]

    def unreported_by_unit(self) -> list[dict]:
        """Lead units with problems marked 未报送: unit_id, unit, missing, expected (most missing first)."""
        units: dict[int | None, dict] = {}
        for r in self.rows:
            u = units.setdefault(r.lead_unit_id, {"unit_id": r.lead_unit_id, "unit": r.lead_unit or "未指定牵头单位",
                                                  "missing": 0, "expected": 0})
            u["missing"] += r.not_reported
            u["expected"] += r.expected
        return sorted((u for u in units.values() if u["missing"]), key=lambda u: (-u["missing"], u["unit"]))

    def by_origin(self) -> list[OriginSubtotal]:
        """Subtotals per 来源机关 (every office of the campaign, also one with nothing open; only the
        chosen one when the month is narrowed); [] when all problems are this office's own."""
        per_origin: dict[str, list[DispatchRow]] = {}
        for r in self.rows:   # one pass (a list per office was 1.6 s for 150 offices × 18,000 rows)
            per_origin.setdefault(r.origin, []).append(r)
        out = []
        for o in self.origins:
            if self.origin and o.key != self.origin:
                continue
            rows = per_origin.get(o.key, [])
            out.append(OriginSubtotal(
                o.key, o.label, len(rows), sum(r.expected for r in rows), sum(r.not_reported for r in rows),
                sum(r.status == STATUS_CLOSE_REQUESTED for r in rows),
                sum(r.deadline_state == deadlines.OVERDUE for r in rows)))
        return out

    def not_reported_filter(self) -> LedgerFilter:
        """The ledger rows marked 未报送 (for a click from the page or the digest)."""
        return LedgerFilter(campaign_id=self.campaign_id, ids=tuple(r.problem_id for r in self.not_reported_rows))


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _reports(store: Store, report_ids: list[int]) -> dict[int, dict]:
    """The given reports with their unit's name, by id (one query)."""
    if not report_ids:
        return {}
    return {rep["id"]: rep for rep in store.query(
        "SELECT r.id, r.report_date, r.measures, r.result, r.percent, r.requests_closing, "
        " coalesce(nullif(u.short_name, ''), u.name, '') AS unit "
        "FROM progress_reports r LEFT JOIN units u ON u.id = r.unit_id "
        "WHERE r.id IN (SELECT value FROM json_each(?))", (id_list(report_ids),))}


def _rows(store: Store, campaign_id: int, first: date, last: date, as_of: date, warn: int) -> list[DispatchRow]:
    lo, hi = first.isoformat(), last.isoformat()
    marks = ", ".join("?" * len(rules.UNDER_RECTIFICATION))
    raw = store.query(
        "SELECT p.id, p.number, p.description, p.lead_unit_id, p.status, p.deadline, p.progress, "
        " coalesce(nullif(lu.short_name, ''), lu.name, '') AS lead_unit, "
        " (SELECT MIN(hb.handover_date) FROM handover_items hi JOIN handover_batches hb ON hb.id = hi.batch_id "
        "   WHERE hi.problem_id = p.id) AS handed_over_on, "
        " EXISTS (SELECT 1 FROM progress_reports r WHERE r.problem_id = p.id "
        "   AND r.report_date BETWEEN ? AND ?) AS reported, "
        " (SELECT r.id FROM progress_reports r WHERE r.problem_id = p.id AND r.report_date <= ? "
        "   ORDER BY r.report_date DESC, r.id DESC LIMIT 1) AS last_report_id "
        "FROM problems p LEFT JOIN units lu ON lu.id = p.lead_unit_id "
        f"WHERE p.campaign_id = ? AND p.status IN ({marks}) ORDER BY lead_unit, p.number",
        (lo, hi, hi, campaign_id, *rules.UNDER_RECTIFICATION))
    reports = _reports(store, [r["last_report_id"] for r in raw if r["last_report_id"]])
    out = []
    for r in raw:
        handed = r["handed_over_on"]
        expected = r["status"] == STATUS_IN_PROGRESS and (handed is None or handed < lo)
        out.append(DispatchRow(
            problem_id=r["id"], number=r["number"], description=r["description"],
            lead_unit_id=r["lead_unit_id"], lead_unit=r["lead_unit"], status=r["status"], deadline=r["deadline"],
            deadline_state=deadlines.deadline_state(r["deadline"], r["status"], as_of, warn),
            progress=r["progress"], handed_over_on=handed, last_report=reports.get(r["last_report_id"]),
            reported_in_month=bool(r["reported"]), expected=expected))
    return out


def _past_view(store: Store, campaign_id: int, year: int, month: int, warn: int, *, rank: bool,
               keep=None) -> MonthView:
    """A past month rebuilt from dated records (see models.workflow.dispatch_past); ``keep``
    (problem id → bool) narrows it to some problems (one 来源机关)."""
    first, last = month_bounds(year, month)
    lo, hi = first.isoformat(), last.isoformat()
    states = dispatch_past.states(store, campaign_id, lo, hi)
    if keep is not None:
        states = [s for s in states if keep(s.problem_id)]
    listed = [s for s in states if s.status in rules.UNDER_RECTIFICATION]
    reports = _reports(store, [s.last_report_id for s in listed if s.last_report_id])
    rows = [DispatchRow(
        problem_id=s.problem_id, number=s.number, description=s.description, lead_unit_id=s.lead_unit_id,
        lead_unit=s.lead_unit, status=s.status or "", deadline=s.deadline,
        deadline_state=deadlines.deadline_state(s.deadline, s.status, last, warn),
        progress=reports[s.last_report_id]["percent"] if s.last_report_id in reports else s.progress,
        handed_over_on=s.handed_over_on, last_report=reports.get(s.last_report_id),
        reported_in_month=s.reported_in_month,
        expected=s.status == STATUS_IN_PROGRESS and (s.handed_over_on is None or s.handed_over_on < lo))
        for s in listed]
    view = MonthView(campaign_id, year, month, first, last, last, rows, rebuilt=True)
    if rank:
        view.ranking = _past_ranking(campaign_id, states, rows, last, warn)
    return view


def _past_ranking(campaign_id: int, states: list[dispatch_past.PastState], rows: list[DispatchRow],
                  last: date, warn: int) -> list[UnitRank]:
    """Lead units by done and late as of the month's end; each figure lists its problems' ids."""
    by_id = {r.problem_id: r for r in rows}
    groups: dict[int | None, tuple[str, list[int], list[int], list[int]]] = {}
    for s in states:
        if s.status == STATUS_CARRIED and s.handed_over_on is None:
            continue   # carried straight from 待交办: never handed over (as the overview counts)
        label, handed, done, late = groups.setdefault(
            s.lead_unit_id, (s.lead_unit or "未指定牵头单位", [], [], []))
        handed.append(s.problem_id)
        if s.status == STATUS_CLOSED:
            done.append(s.problem_id)
        elif s.problem_id in by_id and by_id[s.problem_id].deadline_state == deadlines.OVERDUE:
            late.append(s.problem_id)

    def fig(key: str, label: str, ids: list[int]) -> overview.Figure:
        return overview.Figure(key, label, len(ids), LedgerFilter(campaign_id=campaign_id, ids=tuple(ids)))

    per_unit = _reporting_by_unit(rows)
    ranking = []
    for uid, (label, handed, done, late) in groups.items():
        missing, expected = per_unit.get(uid, (0, 0))
        ranking.append(UnitRank(0, uid, label, fig("handed_over", overview.FIGURES["handed_over"][0], handed),
                                fig("done", overview.FIGURES["done"][0], done),
                                fig("overdue", overview.FIGURES["overdue"][0], late),
                                Rate(len(done), len(handed), overview.RATE_NUMERATOR_LABEL,
                                     overview.RATE_DENOMINATOR_LABEL), missing, expected))
    return _ordered(ranking)


def _reporting_by_unit(rows: list[DispatchRow]) -> dict[int | None, tuple[int, int]]:
    """Lead unit -> (problems marked 未报送, problems expected to report)."""
    per_unit: dict[int | None, tuple[int, int]] = {}
    for r in rows:
        missing, expected = per_unit.get(r.lead_unit_id, (0, 0))
        per_unit[r.lead_unit_id] = (missing + r.not_reported, expected + r.expected)
    return per_unit


def _ordered(ranking: list[UnitRank]) -> list[UnitRank]:
    ranking.sort(key=_rank_key)
    for i, u in enumerate(ranking, start=1):
        u.rank = i
    return ranking


def _rank_key(u: UnitRank) -> tuple:
    value = u.rate.value
    return (value is None, -(value or 0.0), -u.done.value, u.late.value, u.label)


def month_view(store: Store, campaign_id: int, year: int, month: int, today: date | None = None,
               *, rank: bool = True, origin: str = "") -> MonthView:
    """The 月调度 table of one month (``rank=False`` skips the unit ranking), of every problem or of
    those from one ``origin`` office (a city's county)."""
    offices = origins.campaign_origins(store, campaign_id)
    origin = origin if any(o.key == origin for o in offices) else ""
    origin_of = origins.problem_origins(store, campaign_id) if offices else {}
    keep = (lambda pid: origin_of.get(pid, LOCAL_ORIGIN) == origin) if origin else None
    view = _month_view(store, campaign_id, year, month, today or date.today(), rank, origin, keep)
    if offices:
        labels = {o.key: o.label for o in offices}
        rank_of = {o.key: i for i, o in enumerate(offices)}
        for r in view.rows:
            r.origin = origin_of.get(r.problem_id, LOCAL_ORIGIN)
            r.origin_label = labels.get(r.origin, "")
        view.rows.sort(key=lambda r: rank_of.get(r.origin, len(offices)))   # stable: keeps unit order inside
        view.origins, view.origin, view.origin_label = offices, origin, labels.get(origin, "")
    return view


def _month_view(store: Store, campaign_id: int, year: int, month: int, today: date, rank: bool,
                origin: str, keep) -> MonthView:
    first, last = month_bounds(year, month)
    warn = deadlines.warn_days(store)
    if today > last:   # a past month: the state as it was on its last day
        return _past_view(store, campaign_id, year, month, warn, rank=rank, keep=keep)
    as_of = today
    rows = _rows(store, campaign_id, first, last, as_of, warn)
    if keep is not None:
        rows = [r for r in rows if keep(r.problem_id)]
    if not rank:
        return MonthView(campaign_id, year, month, first, last, as_of, rows)
    figures = overview.compute(store, campaign_id, today=as_of, warn_days=warn, origin=origin, per_origin=False)
    per_unit = _reporting_by_unit(rows)
    ranking = []
    for g in figures.by_unit:
        if not g.value("handed_over"):
            continue
        missing, expected = per_unit.get(g.key, (0, 0))
        ranking.append(UnitRank(0, g.key, g.label, g.figures["handed_over"], g.figures["done"],
                                g.figures["overdue"], g.rate, missing, expected))
    return MonthView(campaign_id, year, month, first, last, as_of, rows, _ordered(ranking))


def report_months(store: Store, campaign_id: int) -> list[tuple[int, int]]:
    """Months that have reports or handovers in the campaign, newest first (for the month picker)."""
    rows = store.column(
        "SELECT DISTINCT substr(r.report_date, 1, 7) FROM progress_reports r JOIN problems p ON p.id = r.problem_id "
        "WHERE p.campaign_id = ? UNION SELECT DISTINCT substr(handover_date, 1, 7) FROM handover_batches "
        "WHERE campaign_id = ? ORDER BY 1 DESC", (campaign_id, campaign_id))
    return [(int(m[:4]), int(m[5:7])) for m in rows if m and len(m) >= 7]
