"""The workflow through the window: one problem from 待交办 to 已销号, refusals, the 交办批次 page,
carry-over, and the 问题详情 dialog with its history."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from tests.workflow_data import seed
from ui.dialogs import messages
from ui.workflow import detail_dialog
from ui.workflow.closing_dialog import ClosingDialog, ReasonDialog
from ui.workflow.detail_dialog import ProblemDetailDialog
from ui.workflow.handover_dialog import HandoverDialog
from ui.workflow.progress_dialog import ProgressDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def ledger(window):
    cid, ids = seed(window.store, 3)
    window.reload_campaigns(select_id=cid)
    page = window.show_page("ledger")
    page.ids = ids
    return page


@pytest.fixture
def notices(monkeypatch):
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(messages, "warn", lambda parent, title, text: seen.append((title, text)))
    monkeypatch.setattr(messages, "inform", lambda parent, title, text: seen.append((title, text)))
    return seen


def _context(page, text):
    return next(a for a in page._context_actions if a.text() == text)


def _menu(window, text):
    return next(a for a in window.menu("workflow").actions() if a.text() == text)


def _dialog(window, cls):
    found = [d for d in window.findChildren(cls) if d.isVisible()]
    assert len(found) == 1, found
    return found[0]


def _status_in_ledger(page, pid):
    return page.model.row_data(page.model.row_of(pid))["status"]


def test_one_problem_from_pending_to_closed(window, ledger, notices, tmp_path, monkeypatch, qtbot):
    pid = ledger.ids[0]
    assert _status_in_ledger(ledger, pid) == "待交办"
    ledger.select_ids([pid])
    _context(ledger, "交办…").trigger()
    dlg = _dialog(window, HandoverDialog)
    assert dlg.checked_ids() == [pid] and dlg.recipients.names() == ["某县民政局"]
    dlg.doc_number.setText("某县人常办〔2024〕12号")
    dlg.occasion.setText("养老服务联动监督问题清单交办会")
    dlg.date_edit.setText("2024年3月1日")
    dlg.set_deadline(pid, "2024/6/30")
    assert dlg.save()
    assert _status_in_ledger(ledger, pid) == "整改中"
    assert ledger.selected_problem_ids() == [pid]  # the selection survives the refresh

    evidence = tmp_path / "消防验收意见书.pdf"
    evidence.write_bytes(b"%PDF-1.4 demo")
    _menu(window, "填报整改进展…").trigger()
    dlg = _dialog(window, ProgressDialog)
    dlg.date_edit.setText("2024-05-31")
    dlg.measures.setPlainText("更换灭火器120具，疏通消防通道。")
    dlg.requests_closing.setChecked(True)
    assert dlg.percent.value() == 100  # ticking 申请销号 fills in 100%
    dlg.picker.add_paths([str(evidence)])
    assert dlg.save()
    assert _status_in_ledger(ledger, pid) == "申请销号"

    _menu(window, "销号…").trigger()
    dlg = _dialog(window, ClosingDialog)
    assert dlg.picker.total_count() == 1  # the report's attachment counts as evidence
    dlg.checked_by.setText("王五")
    dlg.opinion.setPlainText("")
    assert not dlg.save()
    assert dlg.errors.message("opinion") == "请填写核查意见。"
    dlg.opinion.setPlainText("经对账核查，已整改到位，同意销号。")
    assert dlg.save()
    assert _status_in_ledger(ledger, pid) == "已销号"
    assert ledger.model.row_data(ledger.model.row_of(pid))["progress"] in (100, "100%")

    opened = []
    monkeypatch.setattr(detail_dialog, "open_file", lambda path: opened.append(path))
    _context(ledger, "问题详情与留痕…").trigger()
    detail = _dialog(window, ProblemDetailDialog)
    texts = detail.history_texts()
    for expected in ("状态：待交办 → 整改中", "交办批次：某县人常办〔2024〕12号（2024-03-01）",
                     "整改时限：2024-12-31 → 2024-06-30", "完成进度：0% → 100%", "状态：整改中 → 申请销号",
                     "佐证材料：消防验收意见书.pdf", "状态：申请销号 → 已销号"):
        assert expected in texts
    assert any(t.startswith("核查人：王五；核查日期：") and "核查意见：经对账核查" in t for t in texts)
    assert texts.index("状态：待交办 → 整改中") < texts.index("状态：申请销号 → 已销号")
    assert detail.tabs.tabText(5) == f"留痕（{len(texts)}）"
    assert detail.buttons["reopen"].isVisibleTo(detail) and not detail.buttons["close"].isVisibleTo(detail)
    detail.tabs.setCurrentIndex(3)
    detail.attachment_view.selectRow(0)
    detail.open_attachment()
    assert opened and opened[0].read_bytes() == evidence.read_bytes()
    assert detail.attachment_model.item(0, 4).text() == "完好"

    # reopening needs a reason, then the detail view updates itself
    detail.buttons["reopen"].click()
    reason = _dialog(window, ReasonDialog)
    assert not reason.save()
    assert reason.errors.message("reason") == "重新打开需要填写理由。"
    reason.reason.setPlainText("群众反映消防通道又被占用")
    assert reason.save()
    assert "理由：群众反映消防通道又被占用" in detail.history_texts()
    assert detail.buttons["report"].isVisibleTo(detail)
    detail.reject()
    assert _status_in_ledger(ledger, pid) == "整改中"


def test_refused_actions_explain_why(window, ledger, notices):
    pid = ledger.ids[1]
    ledger.select_ids([pid])
    _menu(window, "销号…").trigger()
    _menu(window, "退回…").trigger()
    _menu(window, "填报整改进展…").trigger()
    assert [t for t, _ in notices] == ["不能销号", "不能退回", "不能填报整改进展"]
    assert notices[0][1] == ("问题 2024-002：状态为“待交办”的问题不能改为“已销号”。"
                             "只有申请销号的问题经核查后才能销号。")
    assert notices[2][1] == "问题 2024-002：该问题尚未交办，不能填报整改进展。请先交办。"
    assert not window.findChildren(ClosingDialog)
    ledger.select_ids(ledger.ids[:2])
    _menu(window, "填报整改进展…").trigger()
    assert notices[-1] == ("不能填报整改进展", "填报整改进展一次只处理一个问题，请只选中一个问题（现在选中了 2 个）。")
    ledger.table.clearSelection()
    _menu(window, "销号…").trigger()
    assert notices[-1][0] == "请先选择问题"


def test_menus_grey_out_what_does_not_fit_the_selection(window, ledger, notices):
    from PySide6.QtWidgets import QMenu

    ledger.select_ids([ledger.ids[1]])
    menu = window.menu("workflow")
    menu.aboutToShow.emit()                      # what opening the 工作流程 menu does
    close = _menu(window, "销号…")
    assert not close.isEnabled()
    assert close.toolTip() == ("问题 2024-002：状态为“待交办”的问题不能改为“已销号”。"
                               "只有申请销号的问题经核查后才能销号。")
    assert _menu(window, "交办…").isEnabled() and _menu(window, "转下年度…").isEnabled()
    assert not _menu(window, "填报整改进展…").isEnabled() and not _menu(window, "重新打开…").isEnabled()
    menu.aboutToHide.emit()                      # closed: shortcuts work again (and explain)
    assert close.isEnabled() and close.toolTip() == "销号"      # its plain name again
    # the right-click menu of the ledger does the same
    window.store.execute("UPDATE problems SET status = '已销号' WHERE id = ?", (ledger.ids[1],))
    popup = QMenu(ledger)
    ledger.context_menu_shown.emit(popup)
    popup.aboutToShow.emit()
    assert _context(ledger, "重新打开…").isEnabled() and not _context(ledger, "交办…").isEnabled()
    assert _context(ledger, "交办…").toolTip() == "所选问题都不能交办：2024-002：状态为“已销号”，不能交办。"
    popup.aboutToHide.emit()
    assert _context(ledger, "交办…").isEnabled()


def test_send_back_needs_reason(window, ledger, notices):
    from models.workflow import handover, progress

    pid = ledger.ids[0]
    handover.create_batch(window.store, window.campaign_id,
                          handover.HandoverForm(doc_number="某县人常办〔2024〕1号", handover_date="2024-03-01"), [pid])
    progress.add_report(window.store, pid, progress.ReportForm(report_date="2024-04-01", unit="某县民政局",
                                                               measures="完成", percent=100, requests_closing=True))
    window.notify_changed()
    ledger.select_ids([pid])
    _menu(window, "退回…").trigger()
    dlg = _dialog(window, ReasonDialog)
    assert not dlg.save() and dlg.errors.message("reason") == "退回需要填写理由。"
    dlg.reason.setPlainText("佐证材料不全")
    assert dlg.save()
    assert _status_in_ledger(ledger, pid) == "整改中"


def test_batches_page_and_double_handover(window, ledger, notices):
    ids = ledger.ids
    ledger.select_ids(ids[:2])
    _context(ledger, "交办…").trigger()
    dlg = _dialog(window, HandoverDialog)
    dlg.doc_number.setText("某市人常办[2024]3号")
    dlg.date_edit.setText("2024-02-01")
    dlg.default_deadline.setText("2024-08-31")
    assert dlg.save()
    ledger.select_ids([ids[0], ids[2]])
    _context(ledger, "交办…").trigger()
    dlg = _dialog(window, HandoverDialog)
    assert dlg.model.item(0, 3).text() == "整改中（再次交办）"
    dlg.doc_number.setText("某县人常办〔2024〕9号")
    dlg.date_edit.setText("2024-03-01")
    assert dlg.save()
    page = window.show_page("batches")
    assert page.batch_model.rowCount() == 2
    assert page.batch_model.item(0, 1).text() == "某县人常办〔2024〕9号"  # newest first
    assert page.summary.text() == "共 2 批，交办问题 4 个次"
    page.select_batch(page.batch_model.item(1, 0).data(Qt.ItemDataRole.UserRole))
    assert [page.item_model.item(r, 0).text() for r in range(page.item_model.rowCount())] == ["2024-001", "2024-002"]
    page.show_in_ledger()
    assert window.current_page_key() == "ledger"
    assert sorted(ledger.model.ids) == sorted(ids[:2])


def test_carry_over_from_the_ledger(window, ledger, notices, monkeypatch, qtbot):
    asked = []
    monkeypatch.setattr(messages, "ask", lambda parent, title, text, **k: asked.append(text) or True)
    store = window.store
    store.execute("UPDATE problems SET status = '已销号' WHERE id = ?", (ledger.ids[0],))
    window.notify_changed()
    ledger.select_ids(ledger.ids)
    _menu(window, "转下年度…").trigger()
    assert "将所选 2 个问题转入 2025年“养老服务联动监督”（将自动新建）" in asked[0]
    assert "以下问题不转：\n2024-001：状态为“已销号”，不能转下年度" in asked[0]
    qtbot.waitUntil(lambda: bool(notices) and notices[-1][0] == "已转下年度")   # backup + copy ran off the GUI thread
    assert _status_in_ledger(ledger, ledger.ids[1]) == "转下年度"
    assert window.campaign_box.count() == 2
    ledger.select_ids([ledger.ids[1]])
    detail = window.workflow_actions.open_details()
    linked = [b for b in detail.info.findChildren(type(detail.buttons["close"])) if b.objectName().startswith("linked_")]
    assert [b.text() for b in linked] == ["2025年 养老服务联动监督 第2025-001号（查看）"]
    linked[0].click()
    copies = [d for d in window.findChildren(ProblemDetailDialog) if d.problem_id != ledger.ids[1]]
    assert copies and "上年度问题：2024年 养老服务联动监督 第2024-002号" in copies[0].history_texts()
    for d in window.findChildren(ProblemDetailDialog):
        d.reject()


def test_new_batch_from_the_batches_page(window, ledger, notices):
    page = window.show_page("batches")
    assert page.items_label.text() == "尚无交办批次"
    new_button = next(b for b in page.findChildren(QPushButton) if b.text() == "新建交办批次…")
    new_button.click()
    dlg = _dialog(window, HandoverDialog)
    assert dlg.model.rowCount() == 3 and dlg.checked_ids() == []
    dlg.check_all(True)
    assert len(dlg.checked_ids()) == 3
    dlg.check_all(False)
    dlg.set_checked(ledger.ids[2])
    assert dlg.recipients.names() == ["某县财政局"]  # follows the ticked problems until typed over
    assert dlg.windowTitle() == "交办问题（已选 1 个）"
    dlg.occasion.setText("专题交办会")
    assert dlg.save()
    assert page.batch_model.rowCount() == 1
    assert [page.item_model.item(r, 0).text() for r in range(page.item_model.rowCount())] == ["2024-003"]


def test_edit_and_delete_a_report_from_the_details(window, ledger, notices, monkeypatch, tmp_path):
    from models.workflow import handover, progress

    pid = ledger.ids[0]
    handover.create_batch(window.store, window.campaign_id,
                          handover.HandoverForm(doc_number="某县人常办〔2024〕1号", handover_date="2024-03-01"), [pid])
    for day, pct in (("2024-04-30", 30), ("2024-05-31", 60)):
        progress.add_report(window.store, pid, progress.ReportForm(report_date=day, unit="某县民政局",
                                                                   measures="推进", percent=pct))
    detail = window.workflow_actions.open_details([pid])
    detail.report_view.selectRow(1)
    detail.edit_report()
    dlg = _dialog(window, ProgressDialog)
    assert (dlg.date_edit.text(), dlg.percent.value()) == ("2024-05-31", 60)
    dlg.percent.setValue(65)
    assert dlg.save()
    assert detail.report_model.item(1, 2).text() == "65%" and "完成进度：60% → 65%" in detail.history_texts()
    monkeypatch.setattr(messages, "ask", lambda *a, **k: True)
    detail.report_view.selectRow(1)
    detail.delete_report()
    assert detail.report_model.rowCount() == 1
    assert _status_in_ledger(ledger, pid) == "整改中"
    assert ledger.model.row_data(ledger.model.row_of(pid))["progress"] in (30, "30%")
    detail.reject()
