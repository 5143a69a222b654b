"""满意度测评: rates per row and in total, every 测评 kept, refused input, history rows."""
from __future__ import annotations

import overview_data as od
import pytest

from models import audit
from models.store import ValidationError
from models.workflow import evaluation
from models.workflow.evaluation import CountRow, Evaluation


@pytest.fixture
def setup(store):
    cid = od.campaign(store)
    pid = od.problem(store, cid, "P1")
    od.hand_over(store, cid, [pid])
    uid = {n: store.scalar("SELECT id FROM units WHERE name = ?", (n,)) for n in od.UNITS}
    return store, cid, pid, uid


def test_rates_and_totals(setup):
    store, cid, _, uid = setup
    eid = evaluation.create_evaluation(store, Evaluation(
        campaign_id=cid, eval_date="2024年12月20日", occasion="县人大常委会第二十次会议",
        rows=[CountRow(unit_id=uid["县民政局"], satisfied="２０", basically_satisfied=8, dissatisfied=2),
              CountRow(unit_id=uid["县卫健委"], satisfied=12, basically_satisfied=10, dissatisfied=8),
              CountRow(unit_id=uid["县财政局"], satisfied="", basically_satisfied="", dissatisfied="")]))
    ev = evaluation.get_evaluation(store, eid)
    assert ev.eval_date == "2024-12-20"
    assert [r.label for r in ev.rows] == ["县民政局", "县卫健委"]   # the blank line is not a vote
    mz, wj = ev.rows
    assert (mz.total, mz.rate.percent_text(), mz.pure_rate.percent_text()) == (30, "93.3%", "66.7%")
    assert (wj.rate.numerator, wj.rate.denominator) == (22, 30)
    t = ev.totals
    assert (t.satisfied, t.basically_satisfied, t.dissatisfied, t.total) == (32, 18, 10, 60)
    assert t.rate.percent_text() == "83.3%" and t.pure_rate.percent_text() == "53.3%"


def test_every_evaluation_kept_and_unit_history(setup):
    store, cid, pid, uid = setup
    first = evaluation.create_evaluation(store, Evaluation(
        campaign_id=cid, eval_date="2024-06-30", occasion="中期测评",
        rows=[CountRow(unit_id=uid["县民政局"], satisfied=5, basically_satisfied=5, dissatisfied=10)]))
    second = evaluation.create_evaluation(store, Evaluation(
        campaign_id=cid, unit_id=uid["县民政局"], eval_date="2024-12-20", occasion="年终测评",
        rows=[CountRow(problem_id=pid, satisfied=15, basically_satisfied=4, dissatisfied=1)]))
    third = evaluation.create_evaluation(store, Evaluation(
        campaign_id=cid, eval_date="2024-12-21", rows=[CountRow(satisfied=30, dissatisfied=3)]))
    listed = evaluation.list_evaluations(store, cid)
    assert [e.id for e in listed] == [third, second, first]       # newest first, none replaced
    assert listed[1].unit_label == "县民政局" and listed[1].rows[0].label.startswith("P1 ")
    assert listed[0].rows[0].label == "总体评价"
    hist = evaluation.unit_history(store, cid, uid["县民政局"])
    assert [(e.occasion, r.rate.percent_text()) for e, r in hist] == [("中期测评", "50.0%")]


def test_update_and_delete_keep_history(setup):
    store, cid, pid, uid = setup
    eid = evaluation.create_evaluation(store, Evaluation(
        campaign_id=cid, eval_date="2024-12-20", occasion="年终测评",
        rows=[CountRow(problem_id=pid, satisfied=10, basically_satisfied=5, dissatisfied=5)]))
    ev = evaluation.get_evaluation(store, eid)
    ev.occasion = "年终满意度测评"
    ev.rows[0].dissatisfied = 1
    evaluation.update_evaluation(store, ev)
    assert evaluation.get_evaluation(store, eid).rows[0].total == 16
    evaluation.delete_evaluation(store, eid)
    assert evaluation.get_evaluation(store, eid) is None
    rows = audit.history(store, entity="evaluation", entity_id=eid)
    actions = [(r["action"], r["field"]) for r in rows]
    assert actions[:2] == [("新建", None), ("新建", "counts")]
    assert ("修改", "occasion") in actions and ("删除", None) in actions
    changed = next(r for r in rows if r["field"] == "occasion")
    assert (changed["old_value"], changed["new_value"]) == ("年终测评", "年终满意度测评")
    old_counts = [r["old_value"] for r in rows if r["action"] == "修改" and r["field"] == "counts" and r["old_value"]]
    assert old_counts and "不满意5" in old_counts[0]
    # the votes on a problem are part of that problem's history too
    assert any(r["entity"] == "evaluation" for r in audit.history(store, problem_id=pid))


@pytest.mark.parametrize("rows, message", [
    ([], "请至少填写一行票数"),
    ([CountRow(satisfied="", dissatisfied=0)], "请至少填写一行票数"),
    ([CountRow(satisfied=-1)], "不能为负数"),
    ([CountRow(satisfied="十")], "应为整数"),
    ([CountRow(satisfied=1), CountRow(satisfied=2)], "重复"),
])
def test_refused_counts(setup, rows, message):
    store, cid, _, _ = setup
    with pytest.raises(ValidationError) as err:
        evaluation.create_evaluation(store, Evaluation(campaign_id=cid, eval_date="2024-12-20", rows=rows))
    assert message in str(err.value)
    assert store.scalar("SELECT COUNT(*) FROM evaluations") == 0


def test_refused_date_and_foreign_problem(setup):
    store, cid, pid, _ = setup
    with pytest.raises(ValidationError) as err:
        evaluation.create_evaluation(store, Evaluation(campaign_id=cid, eval_date="",
                                                       rows=[CountRow(satisfied=1)]))
    assert err.value.field == "eval_date"
    with pytest.raises(ValidationError, match="测评日期 2099-01-01 晚于今天") as err:
        evaluation.create_evaluation(store, Evaluation(campaign_id=cid, eval_date="2099-01-01",
                                                       rows=[CountRow(satisfied=1)]))
    assert err.value.field == "eval_date"
    other = od.campaign(store, year=2025)
    with pytest.raises(ValidationError, match="不属于本监督专题"):
        evaluation.create_evaluation(store, Evaluation(campaign_id=other, eval_date="2025-01-01",
                                                       rows=[CountRow(problem_id=pid, satisfied=1)]))


def test_candidates(setup):
    store, cid, pid, uid = setup
    od.problem(store, cid, "P2", "县财政局")   # not handed over: not offered
    assert [u["label"] for u in evaluation.candidate_units(store, cid)] == ["县民政局"]
    assert [p["id"] for p in evaluation.candidate_problems(store, cid)] == [pid]
    assert evaluation.candidate_problems(store, cid, uid["县卫健委"]) == []


def test_previous_round_of_the_same_object(setup):
    store, cid, pid, uid = setup
    mz = uid["县民政局"]
    evaluation.create_evaluation(store, Evaluation(campaign_id=cid, eval_date="2024-06-30", rows=[
        CountRow(unit_id=mz, satisfied=5, basically_satisfied=5, dissatisfied=10)]))
    evaluation.create_evaluation(store, Evaluation(campaign_id=cid, eval_date="2024-09-30", rows=[
        CountRow(unit_id=uid["县卫健委"], satisfied=5)]))
    last = evaluation.create_evaluation(store, Evaluation(campaign_id=cid, eval_date="2024-12-20", rows=[
        CountRow(unit_id=mz, satisfied=15, basically_satisfied=4, dissatisfied=1),
        CountRow(unit_id=uid["县财政局"], satisfied=1)]))
    prev = evaluation.previous_rows(store, evaluation.get_evaluation(store, last))
    assert set(prev) == {(mz, None)}
    ev, row = prev[(mz, None)]
    assert ev.eval_date == "2024-06-30" and row.rate.percent_text() == "50.0%"
