"""总览 figures: every figure equals a count of the ledger through its own filter, and an
independent count of the rows; the definitions of 已交办, 整改率 and 转下年度 hold."""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import overview_data as od
import pytest

from models import demo, ledger, preferences
from models.vocab import OPEN_STATUSES
from models.workflow import overview
from models.workflow.rate import Rate

TODAY = date(2026, 11, 23)


def _all_figures(ov: overview.Overview):
    yield from ov.figures.values()
    for group in (*ov.by_unit, *ov.by_category, *ov.by_source):
        yield from group.figures.values()
        yield from group.by_status.values()
    yield ov.from_above.total
    yield ov.from_above.done


def _independent(store, cid: int, today: date, warn: int) -> dict:
    """Counts by plain Python over the rows, not through the filters."""
    rows = store.query("SELECT id, status, deadline, lead_unit_id, category, source FROM problems "
                       "WHERE campaign_id = ?", (cid,))
    batched = set(store.column("SELECT problem_id FROM handover_items"))
    t = today.isoformat()
    soon = (today + timedelta(days=warn)).isoformat()

    def kinds(r) -> set[str]:
        out = {"total"}
        handed = r["status"] in ("整改中", "申请销号", "已销号") or r["id"] in batched
        if handed:
            out.add("handed_over")
        if r["status"] == "已销号":
            out.add("done")
        if r["status"] == "转下年度":
            out.add("carried")
        if r["status"] in ("整改中", "申请销号") and r["deadline"] and r["deadline"] < t:
            out.add("overdue")      # handed over, open, past its deadline: the one meaning of 逾期
        if r["status"] == "待交办" and r["deadline"] and r["deadline"] < t:
            out.add("pending_late")
        if r["status"] in OPEN_STATUSES and r["deadline"] and t <= r["deadline"] <= soon:
            out.add("due_soon")
        return out

    counts: Counter = Counter()
    for r in rows:
        for k in kinds(r):
            counts[("all", None, k)] += 1
            counts[("unit", r["lead_unit_id"], k)] += 1
            counts[("category", r["category"], k)] += 1
            counts[("source", r["source"], k)] += 1
    return counts


@pytest.fixture
def demo_store(store):
    cid = demo.fill_demo(store, today=TODAY)
    return store, cid


def test_every_figure_equals_ledger_count_on_demo(demo_store):
    store, cid = demo_store
    ov = overview.compute(store, cid, today=TODAY)
    figures = list(_all_figures(ov))
    assert len(figures) > 100
    for f in figures:
        assert ledger.count(store, f.filter) == f.value, (f.key, f.label, f.filter)
    assert ov.value("total") == store.scalar("SELECT COUNT(*) FROM problems WHERE campaign_id = ?", (cid,)) > 0


def test_figures_match_independent_counts_on_demo(demo_store):
    store, cid = demo_store
    ov = overview.compute(store, cid, today=TODAY)
    want = _independent(store, cid, TODAY, ov.warn_days)
    for key in ("total", "handed_over", "done", "carried", "overdue", "pending_late", "due_soon"):
        assert ov.value(key) == want[("all", None, key)], key
        for kind, groups in (("unit", ov.by_unit), ("category", ov.by_category), ("source", ov.by_source)):
            for g in groups:
                assert g.value(key) == want[(kind, g.key, key)], (kind, g.label, key)
    # every problem sits in exactly one group of each kind; the status split adds up
    for groups in (ov.by_unit, ov.by_category, ov.by_source):
        assert sum(g.value("total") for g in groups) == ov.value("total")
    for g in ov.by_unit:
        assert sum(f.value for f in g.by_status.values()) == g.value("total")
    # the demo has something in each figure the reports quote
    assert all(ov.value(k) > 0 for k in ("handed_over", "done", "overdue", "carried", "pending"))


def test_rate_is_done_over_handed_over(demo_store):
    store, cid = demo_store
    ov = overview.compute(store, cid, today=TODAY)
    assert (ov.rate.numerator, ov.rate.denominator) == (ov.value("done"), ov.value("handed_over"))
    assert ov.rate.denominator < ov.value("total")  # 待交办 ones are not in the denominator
    assert ov.rate.percent_text() in ov.summary_sentence()
    assert f"已交办{ov.value('handed_over')}个" in ov.summary_sentence()


def test_rate_texts():
    assert Rate(73, 100).at_least_text() == "73%"
    assert Rate(74, 100).percent_text() == "74.0%"
    assert Rate(43, 58).percent_text() == "74.1%"
    assert Rate(43, 58).at_least_text() == "74%以上"
    assert Rate(2, 3).percent_text(0) == "67%"
    assert Rate(0, 0).percent_text() == "—" and Rate(0, 0).value is None
    assert Rate(15, 55, "已销号", "已交办").describe() == "已销号15项 / 已交办55项 = 27.3%"


def test_handed_over_carried_and_from_above_on_crafted_data(store):
    cid = od.campaign(store)
    a = [od.problem(store, cid, f"A{i}", source="上级交办") for i in range(3)]
    b = od.problem(store, cid, "B1", "县卫健委")          # handed over, then carried to next year
    c = od.problem(store, cid, "C1", "县财政局")          # carried straight from 待交办
    d = od.problem(store, cid, "D1", "县财政局", deadline="2024-08-01")  # pending and overdue
    od.hand_over(store, cid, [*a, b])
    od.close(store, a[0])
    od.close(store, a[1])
    od.carry(store, [b, c])
    ov = overview.compute(store, cid, today=date(2024, 11, 1))
    assert ov.value("total") == 6
    assert ov.value("handed_over") == 4          # A0..A2 and B1 (C1 never handed over)
    assert ov.value("done") == 2
    assert ov.value("carried") == 2
    assert (ov.rate.numerator, ov.rate.denominator) == (2, 4)
    # D1 was never handed over: past its planned date, but not 逾期 (nor in 县财政局's 逾期)
    assert ov.value("overdue") == 0 and ov.value("pending_late") == 1
    assert ov.from_above.sentence == "上级交办3项，已整改2项"
    assert [i["number"] for i in ov.from_above.open_items] == ["A2"]
    assert ledger.query_ids(store, ov.figures["handed_over"].filter) == sorted([*a, b])
    assert ledger.query_ids(store, ov.figures["carried"].filter) == sorted([b, c])
    assert ledger.query_ids(store, ov.figures["pending_late"].filter) == [d]
    assert "逾期" not in ov.summary_sentence()
    fin = {g.label: g for g in ov.by_unit}["县财政局"]
    assert (fin.value("total"), fin.value("handed_over"), fin.value("carried")) == (2, 0, 1)
    assert fin.rate.percent_text() == "—"
    # next year's campaign sees the two copies as carried in
    nxt = store.scalar("SELECT id FROM campaigns WHERE year = 2025")
    assert overview.compute(store, nxt, today=date(2025, 1, 10)).value("carried_in") == 2
    for f in _all_figures(ov):
        assert ledger.count(store, f.filter) == f.value


def test_no_from_above_and_empty_campaign(store):
    cid = od.campaign(store)
    ov = overview.compute(store, cid)
    assert ov.value("total") == 0 and ov.by_unit == []
    assert ov.from_above.sentence == "无上级交办问题"
    assert ov.rate.percent_text() == "—"


def test_warning_days_setting_changes_the_yellow_window(store):
    cid = od.campaign(store)
    today = date(2024, 11, 1)
    od.problem(store, cid, "P1", deadline="2024-11-10")   # 9 days ahead
    od.problem(store, cid, "P2", deadline="2024-11-25")   # 24 days ahead
    assert overview.compute(store, cid, today=today).value("due_soon") == 1
    preferences.save(store, preferences.Preferences(user_name="李四", warn_days="３０"))
    ov = overview.compute(store, cid, today=today)
    assert ov.warn_days == 30
    assert ov.value("due_soon") == 2 and ov.figures["due_soon"].label == "30日内到期"
    assert ledger.count(store, ov.figures["due_soon"].filter) == 2
    assert store.user == "李四"
    rows = store.query("SELECT user, field, old_value, new_value FROM audit_log WHERE entity = 'setting'")
    assert {"field": "deadline_warn_days", "old_value": "15", "new_value": "30", "user": "李四"} in rows


@pytest.mark.parametrize("days", ["0", "abc", "181"])
def test_warning_days_refused(store, days):
    from models.store import ValidationError

    with pytest.raises(ValidationError) as err:
        preferences.save(store, preferences.Preferences(warn_days=days))
    assert err.value.field == "warn_days"
    assert preferences.load(store).warn_days == 15


def test_empty_user_name_falls_back_to_os_login(store, monkeypatch):
    monkeypatch.setenv("USER", "zhangsan")
    monkeypatch.delenv("USERNAME", raising=False)
    preferences.save(store, preferences.Preferences(user_name="王五", warn_days=15))
    assert store.user == "王五"
    preferences.save(store, preferences.Preferences(user_name="  ", warn_days=15))
    assert preferences.load(store).user_name == ""
    assert store.user == "zhangsan"


def test_problems_without_lead_unit_or_category_are_their_own_groups(store):
    cid = od.campaign(store)
    od.problem(store, cid, "P1")
    # rows written by an import may lack a lead unit or a category
    with store.transaction() as conn:
        conn.execute("INSERT INTO problems(campaign_id, number, source, category, description, lead_unit_id, "
                     "created_at, updated_at) VALUES (?, 'P2', '群众反映', '', '导入的问题', NULL, 't', 't')", (cid,))
    ov = overview.compute(store, cid)
    units = {g.label: g for g in ov.by_unit}
    cats = {g.label: g for g in ov.by_category}
    assert units["未指定牵头单位"].value("total") == 1 and cats["未分类"].value("total") == 1
    for f in _all_figures(ov):
        assert ledger.count(store, f.filter) == f.value
