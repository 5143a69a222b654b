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
    assert "P3" not in rows                    # handed over on 15 September: not yet open in August


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


# --- a past month shows the state as it was on its last day -------------------------------------------

@pytest.fixture
def past(store):
    cid = od.campaign(store)
    p = {n: od.problem(store, cid, n, u, deadline=d) for n, u, d in (
        ("A1", "县民政局", "2024-12-31"), ("A2", "县民政局", "2024-09-15"), ("A3", "县卫健委", "2024-12-31"),
        ("A4", "县卫健委", "2024-12-31"))}
    od.hand_over(store, cid, [p["A1"], p["A2"], p["A3"]], day="2024-07-01")
    od.hand_over(store, cid, [p["A4"]], day="2024-11-05")
    od.report(store, p["A1"], "2024-09-20", percent=30)
    od.close(store, p["A1"], "2024-10-10")          # report of 100 % and closure in October
    od.report(store, p["A3"], "2024-08-10", percent=20, unit="县卫健委")
    od.report(store, p["A3"], "2024-10-12", percent=70, unit="县卫健委")
    return store, cid, p


def test_past_month_open_then_closed_later(past):
    store, cid, p = past
    today = date(2024, 12, 2)
    sep = {r.number: r for r in dispatch.month_view(store, cid, 2024, 9, today=today).rows}
    assert set(sep) == {"A1", "A2", "A3"}
    assert sep["A1"].status == "整改中" and sep["A1"].mark == ""
    assert sep["A1"].progress == 30 and sep["A1"].last_report["report_date"] == "2024-09-20"
    assert sep["A3"].progress == 20 and sep["A3"].last_report["report_date"] == "2024-08-10"
    assert sep["A3"].mark == "未报送" and sep["A2"].deadline_state == "已逾期"
    oct_ = {r.number: r for r in dispatch.month_view(store, cid, 2024, 10, today=today).rows}
    assert set(oct_) == {"A2", "A3"}                # A1 closed on 10 October; A4 not yet handed over
    assert oct_["A3"].progress == 70 and oct_["A3"].mark == ""
    nov = {r.number: r for r in dispatch.month_view(store, cid, 2024, 11, today=today).rows}
    assert set(nov) == {"A2", "A3", "A4"} and nov["A4"].mark == "本月新交办"


def test_past_month_ranking_as_of_month_end(past):
    store, cid, p = past
    today = date(2024, 12, 2)

    def ranks(month: int) -> list[tuple]:
        view = dispatch.month_view(store, cid, 2024, month, today=today)
        for u in view.ranking:
            for fig in (u.handed_over, u.done, u.late):
                assert ledger.count(store, fig.filter) == fig.value
        return [(u.label, u.handed_over.value, u.done.value, u.late.value) for u in view.ranking]

    assert ranks(9) == [("县卫健委", 1, 0, 0), ("县民政局", 2, 0, 1)]   # none done: fewer late first
    assert ranks(10) == [("县民政局", 2, 1, 1), ("县卫健委", 1, 0, 0)]
    assert ranks(11) == [("县民政局", 2, 1, 1), ("县卫健委", 2, 0, 0)]


def test_past_month_uses_history_for_undated_changes(past):
    """Send-back and carry-over have no date of their own: the history row's day decides."""
    store, cid, p = past
    with store.transaction() as conn:   # a carry-over recorded on 3 October (history row dated then)
        conn.execute("UPDATE problems SET status = '转下年度' WHERE id = ?", (p["A2"],))
        conn.execute("INSERT INTO audit_log(at, user, entity, entity_id, problem_id, action, field, old_value, "
                     "new_value) VALUES ('2024-10-03 09:00:00', '', 'problem', ?, ?, '转下年度', 'status', "
                     "'整改中', '转下年度')", (p["A2"], p["A2"]))
    months = {m: {r.number for r in dispatch.month_view(store, cid, 2024, m, today=date(2024, 12, 2)).rows}
              for m in (9, 10)}
    assert "A2" in months[9] and "A2" not in months[10]


def test_past_month_without_history_falls_back_to_current_status(store):
    """Imported rows: statuses written with no batch, closure check or history row."""
    cid = od.campaign(store)
    ids = {n: od.problem(store, cid, n) for n in ("I1", "I2", "I3")}
    with store.transaction() as conn:
        for n, status in (("I1", "已销号"), ("I2", "整改中"), ("I3", "申请销号")):
            conn.execute("UPDATE problems SET status = ?, progress = 40 WHERE id = ?", (status, ids[n]))
    view = dispatch.month_view(store, cid, 2024, 3, today=date(2024, 12, 2))
    assert {r.number: (r.status, r.progress, r.mark) for r in view.rows} == {
        "I2": ("整改中", 40, "未报送"), "I3": ("申请销号", 40, "已申请销号")}
    assert [(u.handed_over.value, u.done.value) for u in view.ranking] == [(3, 1)]


def test_send_back_dated_by_history(past):
    store, cid, p = past
    od.report(store, p["A3"], "2024-10-20", percent=100, unit="县卫健委", close=True)
    with store.transaction() as conn:   # sent back, the history row dated 5 November
        conn.execute("UPDATE problems SET status = '整改中' WHERE id = ?", (p["A3"],))
        conn.execute("INSERT INTO audit_log(at, user, entity, entity_id, problem_id, action, field, old_value, "
                     "new_value) VALUES ('2024-11-05 09:00:00', '', 'problem', ?, ?, '退回', 'status', "
                     "'申请销号', '整改中')", (p["A3"], p["A3"]))
    status = {m: {r.number: r.status for r in dispatch.month_view(store, cid, 2024, m, today=date(2024, 12, 2)).rows}
              for m in (10, 11)}
    assert status[10]["A3"] == "申请销号" and status[11]["A3"] == "整改中"


def test_last_day_of_month_agrees_with_the_day_after(crafted):
    """Nothing changed after October: judged on 31 October (today's statuses) or rebuilt on 1 November,
    October's view is the same."""
    store, cid, _ = crafted
    now = dispatch.month_view(store, cid, 2024, 10, today=date(2024, 10, 31))
    later = dispatch.month_view(store, cid, 2024, 10, today=date(2024, 11, 1))

    def rows(v):
        return [(r.number, r.status, r.mark, r.progress, r.last_report, r.deadline_state) for r in v.rows]

    def ranks(v):
        return [(u.label, u.handed_over.value, u.done.value, u.late.value, u.not_reported) for u in v.ranking]

    assert rows(now) == rows(later) and ranks(now) == ranks(later)


def test_imported_closed_row_with_a_history_row_is_closed_from_that_day(store):
    cid = od.campaign(store)
    pid = od.problem(store, cid, "H1")
    with store.transaction() as conn:
        conn.execute("UPDATE problems SET status = '已销号' WHERE id = ?", (pid,))
        conn.execute("INSERT INTO audit_log(at, user, entity, entity_id, problem_id, action, field, old_value, "
                     "new_value) VALUES ('2024-05-10 09:00:00', '', 'problem', ?, ?, '销号', 'status', "
                     "'申请销号', '已销号')", (pid, pid))
    views = {m: dispatch.month_view(store, cid, 2024, m, today=date(2024, 12, 2)) for m in (4, 5)}
    assert [r.number for r in views[4].rows] == ["H1"] and views[5].rows == []
    assert [u.done.value for u in views[4].ranking] == [0] and [u.done.value for u in views[5].ranking] == [1]
