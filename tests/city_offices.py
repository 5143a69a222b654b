"""A city that gathered two counties' 交换包: the merged view's test data.

甲县: 4 problems, all handed over on 2026-03-01, 2 closed, 1 overdue after 2026-04-30, 1 reported in June.
乙县: 3 problems, all handed over on 2026-03-02, 1 closed.
The city itself: 2 problems of its own, not yet handed over. As of 2026-06-15 (``TODAY``):
together 9 problems, 7 handed over, 3 closed (42.9%), 1 overdue.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from sync_offices import CAMPAIGN, UNITS, county_with_problems, office, send

from models import campaigns, units
from models.domain import Campaign, Unit
from models.problems import ProblemForm, create_problem
from models.store import Store
from models.workflow.closing import ClosingForm, close_problem
from models.workflow.handover import HandoverForm, create_batch
from models.workflow.progress import ReportForm, add_report

TODAY = date(2026, 6, 15)
CITY = "某市人大常委会"
COUNTY_A = "甲县人大常委会"
COUNTY_B = "乙县人大常委会"


def _hand_over(store: Store, ids: list[int], day: str, number: str, deadlines: dict | None = None) -> None:
    create_batch(store, 1, HandoverForm(doc_number=number, handover_date=day, organ="县人大常委会",
                                        default_deadline="2026-12-31", recipients=[UNITS[0]]), ids, deadlines)


def _close(store: Store, pid: int, day: str) -> None:
    add_report(store, pid, ReportForm(report_date=day, unit=UNITS[0], measures="已整改", percent=100,
                                      requests_closing=True))
    close_problem(store, pid, ClosingForm(checked_by="张三", check_date=day, opinion="已整改到位",
                                          no_evidence_reason="现场核查"))


def city_with_counties(tmp: Path) -> tuple[Store, int]:
    """The city's database after importing both counties' packages; returns (store, campaign id)."""
    a, a_ids = county_with_problems(tmp / "a.db", 4, name=COUNTY_A, prefix="甲")
    _hand_over(a, a_ids, "2026-03-01", "甲人常办〔2026〕1号", {a_ids[3]: "2026-04-30"})
    _close(a, a_ids[0], "2026-03-20")
    _close(a, a_ids[1], "2026-04-20")
    add_report(a, a_ids[2], ReportForm(report_date="2026-06-10", unit=UNITS[2], measures="正在改造", percent=60))
    b, b_ids = county_with_problems(tmp / "b.db", 3, name=COUNTY_B, prefix="乙")
    _hand_over(b, b_ids, "2026-03-02", "乙人常办〔2026〕1号")
    _close(b, b_ids[0], "2026-05-08")
    city = office(tmp / "city.db", CITY, "市")
    cid = campaigns.create_campaign(city, Campaign(name=CAMPAIGN, year=2026, level="市", organizer=CITY))
    units.create_unit(city, Unit(name="某市民政局", kind="政府部门"))
    for n in (1, 2):
        create_problem(city, ProblemForm(number=f"市-{n}", source="专题调研", category="政策落实",
                                         description=f"市级养老服务中心第{n}项未落实", lead_unit="某市民政局",
                                         kind="长期整改"), campaign_id=cid)
    send(a, city, tmp / "a.zip")
    send(b, city, tmp / "b.zip")
    assert city.scalar("SELECT count(*) FROM campaigns") == 1
    return city, cid


def origin_key(store: Store, office_name: str) -> str:
    return store.scalar("SELECT site FROM sync_peers WHERE office = ?", (office_name,))
