"""Correcting a handover batch through the window: deadlines, taking problems out, deleting it."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from models.workflow import handover
from tests.workflow_data import seed
from ui.dialogs import messages
from ui.workflow.closing_dialog import ReasonDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def batch(window, monkeypatch):
    said: list[tuple[str, str]] = []
    answers: list[bool] = []
    monkeypatch.setattr(messages, "warn", lambda parent, title, text: said.append((title, text)))
    monkeypatch.setattr(messages, "inform", lambda parent, title, text: said.append((title, text)))
    monkeypatch.setattr(messages, "ask", lambda parent, title, text, **k: said.append((title, text)) or answers.pop(0))
    cid, ids = seed(window.store, 3)
    window.reload_campaigns(select_id=cid)
    bid = handover.create_batch(window.store, cid, handover.HandoverForm(
        doc_number="某县人常办〔2024〕8号", handover_date="2024-03-01", default_deadline="2024-06-30"), ids)
    window.notify_changed()
    return bid, ids, said, answers


def _status(window, pid):
    ledger = window.page("ledger")
    return ledger.model.row_data(ledger.model.row_of(pid))["status"]


def _reason_dialog(window):
    [dlg] = [d for d in window.findChildren(ReasonDialog) if d.isVisible()]
    return dlg


def test_correct_a_batch_then_delete_it(window, batch, qtbot):
    bid, ids, said, answers = batch
    window.show_page("ledger")
    dlg = window.workflow_actions.edit_batch(bid)
    assert dlg.windowTitle() == "修改交办批次（3 个问题）"
    assert dlg.model.headerData(5, Qt.Orientation.Horizontal) == "本批次整改时限（双击修改）"
    dlg.set_deadline(ids[0], "2024年9月30日")
    assert dlg.changed_deadlines() == {ids[0]: "2024年9月30日"}
    # taking a problem out happens at once (with its reason); the typed deadline is kept meanwhile
    dlg.table.selectRow(2)
    removal = dlg.remove_selected()
    assert removal.save_button.text() == "移出" and not removal.save()
    assert removal.errors.message("reason") == "把问题移出交办批次需要填写理由。"
    removal.reason.setPlainText("误选：该问题由县住建局负责")
    assert removal.save()
    assert dlg.windowTitle() == "修改交办批次（2 个问题）"
    assert dlg.changed_deadlines() == {ids[0]: "2024年9月30日"}
    assert _status(window, ids[2]) == "待交办"             # the ledger was told at once
    assert dlg.save()
    assert [i["deadline"] for i in handover.batch_items(window.store, bid)] == ["2024-09-30", "2024-06-30"]
    assert window.store.scalar("SELECT deadline FROM problems WHERE id = ?", (ids[0],)) == "2024-09-30"

    # the last problem out: the empty batch may be deleted there and then
    dlg = window.workflow_actions.edit_batch(bid)
    assert not dlg.side_buttons["删除本批次"].isEnabled()
    for n, answer in ((2, None), (1, False)):
        if answer is not None:
            answers.append(answer)
        dlg.table.selectRow(0)
        dlg.remove_selected().reason.setPlainText("整批误交办")
        assert _reason_dialog(window).save()
        assert dlg.model.rowCount() == n - 1
    assert said[-1] == ("删除交办批次", "本批次已没有问题。要删除这个空的交办批次吗？")
    assert dlg.isVisible() and dlg.side_buttons["删除本批次"].isEnabled()   # kept when answered 保留
    answers.append(True)
    assert dlg.delete_batch()
    assert not dlg.isVisible() and handover.list_batches(window.store, window.campaign_id) == []
    page = window.show_page("batches")
    assert page.batch_model.rowCount() == 0
    assert [_status(window, pid) for pid in ids] == ["待交办"] * 3


def test_take_out_from_the_problem_details(window, batch):
    bid, ids, said, _answers = batch
    detail = window.workflow_actions.open_details([ids[1]])
    detail.tabs.setCurrentIndex(1)
    assert detail.remove_button.isEnabled()
    detail.handover_view.selectRow(0)
    removal = detail.remove_from_batch()
    removal.reason.setPlainText("市里已单独交办")
    assert removal.save()
    assert detail.tabs.tabText(1) == "交办（0）" and not detail.remove_button.isEnabled()
    assert "理由：市里已单独交办" in detail.history_texts()
    assert "状态：整改中 → 待交办" in detail.history_texts()
    detail.reject()
    # a closed problem cannot be taken out: said at once, naming it
    window.store.execute("UPDATE problems SET status = '已销号' WHERE id = ?", (ids[0],))
    assert window.workflow_actions.remove_from_batch(bid, ids[0]) is None
    assert said[-1][0] == "不能移出交办批次" and said[-1][1].startswith("问题 2024-001：该问题已销号，已锁定")
