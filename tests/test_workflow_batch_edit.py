"""Correcting a handover batch: take a problem out, change its deadline, delete the empty batch."""
from __future__ import annotations

import pytest

from models import audit
from models.store import ValidationError
from models.workflow import batch_edit, closing, handover, history, progress
from models.workflow.handover import HandoverForm
from models.workflow.progress import ReportForm
from tests.workflow_data import seed


def _batch(store, cid, ids, **kw) -> int:
    form = dict(doc_number="某县人常办〔2024〕8号", handover_date="2024-03-01", occasion="交办会",
                default_deadline="2024-06-30", recipients=["某县民政局"])
    form.update(kw)
    return handover.create_batch(store, cid, HandoverForm(**form), ids)


def _p(store, pid) -> tuple[str, str]:
    row = store.query_one("SELECT status, deadline FROM problems WHERE id = ?", (pid,))
    return row["status"], row["deadline"]


def test_wrongly_picked_problem_goes_back_to_pending_with_its_old_deadline(store):
    cid, ids = seed(store, 3)
    bid = _batch(store, cid, ids)
    assert _p(store, ids[2]) == ("整改中", "2024-06-30")
    with pytest.raises(ValidationError, match="需要填写理由"):
        batch_edit.remove_from_batch(store, bid, ids[2], "  ")
    assert batch_edit.remove_from_batch(store, bid, ids[2], "误选，该问题由县住建局负责") == "待交办"
    assert _p(store, ids[2]) == ("待交办", "2024-12-31")          # the deadline it had before
    assert [i["problem_id"] for i in handover.batch_items(store, bid)] == ids[:2]
    assert handover.problem_handovers(store, ids[2]) == []
    texts = [(r.action, r.change) for r in history.problem_history(store, ids[2])]
    assert ("移出交办批次", "交办批次：某县人常办〔2024〕8号（2024-03-01） → 已移出") in texts
    assert ("撤回交办", "状态：整改中 → 待交办") in texts
    assert ("撤回交办", "理由：误选，该问题由县住建局负责") in texts
    assert ("移出交办批次", "整改时限：2024-06-30 → 2024-12-31") in texts
    # the other problems of the batch do not see the removal in their own history
    assert not [r for r in history.problem_history(store, ids[0]) if r.action == "移出问题"]
    assert [r.action for r in history.batch_history(store, bid)][-1] == "移出问题"
    # it can be handed over again, correctly this time
    _batch(store, cid, [ids[2]], doc_number="某县人常办〔2024〕9号")
    assert _p(store, ids[2])[0] == "整改中"


def test_problem_with_reports_or_another_handover_stays_in_progress(store):
    cid, ids = seed(store, 2)
    first = _batch(store, cid, [ids[0]], doc_number="某市人常办〔2024〕3号", handover_date="2024-02-01",
                   default_deadline="2024-05-31")
    second = _batch(store, cid, ids)
    assert _p(store, ids[0]) == ("整改中", "2024-06-30")
    # taken out of the second: the first handover remains, its deadline comes back
    assert batch_edit.remove_from_batch(store, second, ids[0], "市里已交办，县里不再重复交办") == "整改中"
    assert _p(store, ids[0]) == ("整改中", "2024-05-31")
    progress.add_report(store, ids[1], ReportForm(report_date="2024-04-01", unit="某县卫生健康委员会",
                                                  measures="开展排查"))
    assert batch_edit.remove_from_batch(store, second, ids[1], "误选") == "整改中"   # has a report
    assert [h["batch_id"] for h in handover.problem_handovers(store, ids[0])] == [first]


def test_locked_problem_cannot_be_taken_out(store):
    cid, ids = seed(store, 1)
    bid = _batch(store, cid, ids)
    progress.add_report(store, ids[0], ReportForm(report_date="2024-04-01", unit="某县民政局", measures="整改",
                                                  percent=100, requests_closing=True))
    closing.close_problem(store, ids[0], closing.ClosingForm(checked_by="李明", check_date="2024-04-10",
                                                             opinion="同意", no_evidence_reason="现场核查"))
    with pytest.raises(ValidationError, match="2024-001：该问题已销号，已锁定"):
        batch_edit.remove_from_batch(store, bid, ids[0], "误选")
    with pytest.raises(ValidationError, match="已销号"):
        batch_edit.set_item_deadline(store, bid, ids[0], "2024-09-30")


def test_change_one_deadline_in_a_batch(store):
    cid, ids = seed(store, 2)
    bid = _batch(store, cid, ids)
    with pytest.raises(ValidationError, match="2024-001 的整改时限（2024-01-31）不能早于交办日期"):
        batch_edit.set_item_deadline(store, bid, ids[0], "2024-01-31")
    with pytest.raises(ValidationError, match="2024-001 的整改时限：") as err:
        batch_edit.set_item_deadline(store, bid, ids[0], "明年")
    assert err.value.field == "deadline"
    assert batch_edit.set_item_deadlines(store, bid, {ids[0]: "2024年9月30日", ids[1]: "2024-06-30"}) == 1
    assert [i["deadline"] for i in handover.batch_items(store, bid)] == ["2024-09-30", "2024-06-30"]
    assert _p(store, ids[0]) == ("整改中", "2024-09-30")
    rows = [(r["action"], r["field"], r["old_value"], r["new_value"]) for r in audit.history(store, problem_id=ids[0])]
    assert ("修改交办时限", "handover_deadline", "某县人常办〔2024〕8号（2024-03-01） 2024-06-30", "2024-09-30") in rows
    assert ("修改交办时限", "deadline", "2024-06-30", "2024-09-30") in rows
    # a deadline the person changed by hand on the problem is not overwritten by the batch's
    store.execute("UPDATE problems SET deadline = '2024-08-31' WHERE id = ?", (ids[1],))
    batch_edit.set_item_deadline(store, bid, ids[1], "2024-07-31")
    assert _p(store, ids[1])[1] == "2024-08-31"


def test_only_an_empty_batch_is_deleted(store):
    cid, ids = seed(store, 2)
    bid = _batch(store, cid, ids)
    with pytest.raises(ValidationError, match="还有 2 个问题，不能删除"):
        batch_edit.delete_batch(store, bid)
    for pid in ids:
        batch_edit.remove_from_batch(store, bid, pid, "整批误交办")
    batch_edit.delete_batch(store, bid)
    assert handover.list_batches(store, cid) == []
    assert store.scalar("SELECT COUNT(*) FROM handover_recipients") == 0
    assert [r.action for r in history.batch_history(store, bid)][-1] == "删除交办批次"
    assert [_p(store, pid)[0] for pid in ids] == ["待交办", "待交办"]


def test_batch_date_moved_later_keeps_deadlines_and_reports_consistent(store):
    cid, ids = seed(store, 2)
    bid = _batch(store, cid, ids)
    progress.add_report(store, ids[1], ReportForm(report_date="2024-03-05", unit="某县卫生健康委员会", measures="排查"))
    form = handover.form_from_batch(store, handover.get_batch(store, bid))
    form.handover_date, form.default_deadline = "2024-07-01", ""
    with pytest.raises(ValidationError, match=r"2024-001 在本批次的整改时限（2024-06-30）早于新的交办日期"):
        batch_edit.correct_batch(store, bid, form, {})
    form.handover_date = "2024-03-10"
    with pytest.raises(ValidationError, match="2024-002 已有 2024-03-05 的整改进展，交办日期不能晚于它"):
        batch_edit.correct_batch(store, bid, form, {ids[0]: "2024-09-30"})
    assert handover.get_batch(store, bid).handover_date == "2024-03-01"     # nothing of it was saved
    assert [i["deadline"] for i in handover.batch_items(store, bid)] == ["2024-06-30", "2024-06-30"]
    form.handover_date = "2024-03-04"
    batch_edit.correct_batch(store, bid, form, {ids[0]: "2024-09-30"})
    assert handover.get_batch(store, bid).handover_date == "2024-03-04"
    assert [i["deadline"] for i in handover.batch_items(store, bid)] == ["2024-09-30", "2024-06-30"]
