"""月调度 and 今日提醒 on crafted data: who must report in a month, the 未报送 marks, the last
report, the unit ranking, and the digest's sections."""
from __future__ import annotations

from datetime import date

import overview_data as od
import pytest

from models import ledger
from models.workflow import dispatch, reminders


@pytest.fixture
def crafted(store):
    cid = od.campaign(store)
    p = {n: od.problem(store, cid, n, u, deadline=d) for n, u, d in (
        ("P1", "县民政局", "2024-12-31"), ("P2", "县卫健委", "2024-08-31"), ("P3", "县财政局", "2024-12-31"),
        ("P4", "县民政局", "2024-12-31"), ("P5", "县民政局", "2024-12-31"), ("P6", "县民政局", "2024-12-31"),
        ("P7", "县卫健委", "2024-12-31"))}
    od.hand_over(store, cid, [p["P1"], p["P2"], p["P4"], p["P6"], p["P7"]], day="2024-07-01")
    od.hand_over(store, cid, [p["P3"]], day="2024-09-15")
    od.report(store, p["P1"], "2024-09-10", percent=40)
    od.report(store, p["P1"], "2024-09-30", percent=60)
    od.report(store, p["P4"], "2024-08-20", percent=100, close=True)
    od.close(store, p["P6"], "2024-08-25")
    od.close(store, p["P7"], "2024-08-26")
    return store, cid, p


def _marks(view: dispatch.MonthView) -> dict[str, str]:
    return {r.number: r.mark for r in view.rows}


def test_september_marks_and_last_report(crafted):
    store, cid, p = crafted
    view = dispatch.month_view(store, cid, 2024, 9, today=date(2024, 11, 1))
    assert view.title == "2024年9月" and view.as_of == date(2024, 9, 30)
    # P5 (待交办) and the closed P6/P7 are not listed
    assert _marks(view) == {"P1": "", "P2": "未报送", "P3": "本月新交办", "P4": "已申请销号"}
    rows = {r.number: r for r in view.rows}
    assert rows["P1"].last_report["report_date"] == "2024-09-30"
    assert rows["P1"].last_report["percent"] == 60
    assert rows["P1"].last_report["unit"] == "县民政局"
    assert rows["P2"].last_report is None and rows["P2"].deadline_state == "已逾期"
    assert [r.number for r in view.not_reported_rows] == ["P2"]
    assert ledger.query_ids(store, view.not_reported_filter()) == [p["P2"]]


def test_october_and_august(crafted):
    store, cid, p = crafted
    oct_view = dispatch.month_view(store, cid, 2024, 10, today=date(2024, 11, 1))
    # a report on 30 September does not count for October; P3 handed over in September must now report
    assert _marks(oct_view) == {"P1": "未报送", "P2": "未报送", "P3": "未报送", "P4": "已申请销号"}
    assert {r.number: r.last_report["report_date"] if r.last_report else None for r in oct_view.rows}["P1"] \
        == "2024-09-30"
    aug = dispatch.month_view(store, cid, 2024, 8, today=date(2024, 11, 1))
    rows = {r.number: r for r in aug.rows}
    assert rows["P1"].last_report is None       # its reports came after August
    assert rows["P1"].mark == "未报送"
    assert rows["P3"].mark == "本月新交办"     # not yet handed over in August: not expected


def test_ranking_by_done_and_late(crafted):
    store, cid, _ = crafted
    view = dispatch.month_view(store, cid, 2024, 9, today=date(2024, 11, 1))
    ranking = [(u.rank, u.label, u.handed_over.value, u.done.value, u.late.value, u.not_reported)
               for u in view.ranking]
    assert ranking == [(1, "县卫健委", 2, 1, 1, 1), (2, "县民政局", 3, 1, 0, 0), (3, "县财政局", 1, 0, 0, 0)]
    assert [u.label for u in view.not_reported_units] == ["县卫健委"]
    for u in view.ranking:
        for fig in (u.handed_over, u.done, u.late):
            assert ledger.count(store, fig.filter) == fig.value


def test_report_months(crafted):
    store, cid, _ = crafted
    assert dispatch.report_months(store, cid)[:3] == [(2024, 9), (2024, 8), (2024, 7)]


def test_digest_sections(crafted):
    store, cid, p = crafted
    today_id = od.problem(store, cid, "Q1", "县财政局", deadline="2024-10-15")
    week_id = od.problem(store, cid, "Q2", "县财政局", deadline="2024-10-22")
    od.problem(store, cid, "Q3", "县财政局", deadline="2024-10-23")   # 8 days ahead: not this week
    d = reminders.digest(store, cid, today=date(2024, 10, 15))
    assert [i["id"] for i in d.due_today.items] == [today_id]
    assert [i["id"] for i in d.due_this_week.items] == [week_id]
    assert [i["id"] for i in d.overdue.items] == [p["P2"]]
    assert {u["unit"]: u["missing"] for u in d.units_not_reported.items} == {"县民政局": 1, "县卫健委": 1,
                                                                           "县财政局": 1}
    assert d.has_content
    assert d.headline() == "逾期1项，今日到期1项，7日内到期1项，3个单位本月未报送整改进展"
    for section in (d.overdue, d.due_today, d.due_this_week):
        assert ledger.count(store, section.filter) == section.count
    unit = store.scalar("SELECT id FROM units WHERE name = '县卫健委'")
    assert ledger.query_ids(store, d.unit_filter(unit)) == [p["P2"]]


def test_digest_quiet_when_nothing_to_say(store):
    cid = od.campaign(store)
    od.problem(store, cid, "P1", deadline="2025-06-30")
    d = reminders.digest(store, cid, today=date(2024, 10, 15))
    assert not d.has_content
