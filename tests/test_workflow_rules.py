"""The status machine: every allowed change and every refused one, with the reason a user reads."""
from __future__ import annotations

import itertools

import pytest

from models import audit
from models.store import ValidationError
from models.vocab import STATUSES
from models.workflow import rules
from tests.workflow_data import seed

ALLOWED = {
    ("待交办", "整改中"): "交办",
    ("整改中", "申请销号"): "申请销号",
    ("申请销号", "已销号"): "销号",
    ("申请销号", "整改中"): "退回",
    ("整改中", "转下年度"): "转下年度",
    ("待交办", "转下年度"): "转下年度",
    ("已销号", "整改中"): "重新打开",
    ("整改中", "待交办"): "撤回交办",
}


def test_table_is_exactly_the_rules_of_the_issue():
    assert {k: v[0] for k, v in rules.TRANSITIONS.items()} == ALLOWED
    assert {k for k, v in rules.TRANSITIONS.items() if v[1]} == {("申请销号", "整改中"), ("已销号", "整改中"),
                                                                     ("整改中", "待交办")}


@pytest.mark.parametrize("current,target", list(itertools.product(STATUSES, STATUSES)))
def test_every_pair_allowed_or_refused_with_reason(current, target):
    if (current, target) in ALLOWED:
        assert rules.check_transition(current, target, reason="核实") == ALLOWED[(current, target)]
        return
    with pytest.raises(ValidationError) as err:
        rules.check_transition(current, target, reason="核实")
    text = str(err.value)
    if current == target:
        assert text == f"该问题已经是“{current}”状态。"
    else:
        assert text.startswith(f"状态为“{current}”的问题不能改为“{target}”。")


def test_refusal_explains_what_is_allowed():
    with pytest.raises(ValidationError, match="只有申请销号的问题经核查后才能销号"):
        rules.check_transition("整改中", "已销号")
    with pytest.raises(ValidationError, match="申请销号的问题请先销号或退回"):
        rules.check_transition("申请销号", "转下年度")
    with pytest.raises(ValidationError, match="不能再回到待交办；只有交办有误"):
        rules.check_transition("申请销号", "待交办")


@pytest.mark.parametrize("current,target,action", [("申请销号", "整改中", "退回"), ("已销号", "整改中", "重新打开"),
                                                   ("整改中", "待交办", "撤回交办")])
def test_reason_required(current, target, action):
    for blank in ("", "   "):
        with pytest.raises(ValidationError, match=f"{action}需要填写理由") as err:
            rules.check_transition(current, target, blank)
        assert err.value.field == "reason"


def test_apply_transition_writes_status_and_audit(store):
    _, (pid, *_) = seed(store, 1)
    assert rules.apply_transition(store, pid, "整改中") == "交办"
    assert store.scalar("SELECT status FROM problems WHERE id = ?", (pid,)) == "整改中"
    row = [r for r in audit.history(store, problem_id=pid) if r["field"] == "status"][-1]
    assert (row["action"], row["old_value"], row["new_value"]) == ("交办", "待交办", "整改中")


def test_apply_transition_refused_changes_nothing(store):
    _, (pid, *_) = seed(store, 1)
    before = len(audit.history(store, problem_id=pid))
    with pytest.raises(ValidationError, match="不能改为“已销号”"):
        rules.apply_transition(store, pid, "已销号")
    assert store.scalar("SELECT status FROM problems WHERE id = ?", (pid,)) == "待交办"
    assert len(audit.history(store, problem_id=pid)) == before


def test_closed_and_carried_are_read_only(store):
    from models.problems import form_from_problem, get_problem, update_problem

    _, (pid, *_) = seed(store, 1)
    store.execute("UPDATE problems SET status = '已销号' WHERE id = ?", (pid,))
    form = form_from_problem(store, get_problem(store, pid))
    form.place = "别处"
    with pytest.raises(ValidationError, match="已销号，已锁定.*重新打开"):
        update_problem(store, pid, form)


def test_withdrawal_guarded_by_the_data(store):
    """整改中 → 待交办 is in the table, but only for a problem with no handover and no report left."""
    from models.workflow import handover, progress

    cid, (pid, *_) = seed(store, 1)
    handover.create_batch(store, cid, handover.HandoverForm(doc_number="某县人常办〔2024〕1号",
                                                            handover_date="2024-03-01"), [pid])
    with pytest.raises(ValidationError, match="还在其他交办批次中"):
        rules.apply_transition(store, pid, "待交办", reason="交办有误")
    store.execute("DELETE FROM handover_items WHERE problem_id = ?", (pid,))
    progress.add_report(store, pid, progress.ReportForm(report_date="2024-04-01", unit="某县民政局", measures="排查"))
    with pytest.raises(ValidationError, match="已有整改进展"):
        rules.apply_transition(store, pid, "待交办", reason="交办有误")
    assert store.scalar("SELECT status FROM problems WHERE id = ?", (pid,)) == "整改中"
