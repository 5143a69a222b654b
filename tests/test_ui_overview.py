"""总览, 月调度, 满意度测评, 今日提醒 and 设置 through the window, on the demo data."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel

from models import demo, ledger
from models.workflow import overview
from ui.workflow.overview_menus import open_settings, show_reminders
from ui.workflow.reminders_dialog import DISMISSED_KEY, RemindersDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def demo_window(window):
    cid = demo.fill_demo(window.store)
    window.reload_campaigns(select_id=cid)
    return window


@pytest.fixture
def unvoted_window(demo_window):
    """The demo without its own 满意度测评, for tests that count the 测评 they record."""
    from models.workflow import evaluation

    for ev in evaluation.list_evaluations(demo_window.store, demo_window.campaign_id):
        evaluation.delete_evaluation(demo_window.store, ev.id)
    return demo_window


def ledger_count(window) -> int:
    page = window.page("ledger")
    return page.model.rowCount()


def test_overview_cards_show_the_figures_and_open_the_ledger(demo_window, qtbot):
    w = demo_window
    page = w.show_page("overview")
    data = overview.compute(w.store, w.campaign_id)
    assert page.cards["total"].value_label.text() == str(data.value("total"))
    assert page.cards["rate"].value_label.text() == data.rate.percent_text()
    assert f"已销号 {data.value('done')} / 已交办 {data.value('handed_over')}" in page.cards["rate"].note_label.text()
    assert page.summary.text() == data.summary_sentence()
    assert "上级交办5项" in page.from_above.text()
    for key in ("overdue", "handed_over", "carried", "pending"):
        w.show_page("overview")
        qtbot.mouseClick(page.cards[key], Qt.MouseButton.LeftButton)
        assert w.current_page_key() == "ledger"
        assert ledger_count(w) == data.value(key) > 0, key
        assert f"共 {data.value(key)} 条" in w.page("ledger").bar.count_label.text()


def test_group_table_and_chart_clicks_open_the_same_count(demo_window, qtbot):
    w = demo_window
    page = w.show_page("overview")
    table = page.tables["unit"]
    first = page.data.by_unit[0]
    assert table.item(0, 0).text() == first.label
    assert table.item(table.rowCount() - 1, 0).text() == "合计"
    rect = table.visualItemRect(table.item(0, 2))     # 已交办 of the biggest unit
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.current_page_key() == "ledger"
    assert ledger_count(w) == first.value("handed_over")
    assert w.page("ledger").extra_label.text().startswith("另有条件：总览：")

    w.show_page("overview")
    chart = page.chart
    assert chart.rows and chart.height() >= chart.minimumHeight()
    status, rect = chart.segment_rects(0)[0]
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert w.current_page_key() == "ledger"
    assert ledger_count(w) == chart.rows[0].by_status[status].value
    assert chart.segment_at(QPoint(1, 1)) is None


def test_dispatch_page_marks_not_reported(demo_window, qtbot):
    w = demo_window
    page = w.show_page("dispatch")
    today = date.today()
    assert page.month() == (today.year, today.month)
    view = page.view
    shown = page.problems.model()
    assert view is not None and shown.rowCount() == len(view.rows)
    missing = len(view.not_reported_rows)
    assert f"未报送 {missing} 项" in page.summary.text()
    page.only_missing.setChecked(True)
    assert shown.rowCount() == missing
    assert {shown.index(r, 0).data() for r in range(shown.rowCount())} == {"未报送"}
    assert page.ranking.rowCount() == len(view.ranking) and page.ranking.item(0, 0).text() == "1"
    assert "逾期按" in page.summary.text() and not view.rebuilt
    page.step_month(-1)
    assert page.view.month != today.month or page.view.year != today.year
    past = page.view   # last month: rebuilt as it stood on its last day
    assert past.rebuilt and "月末当日情况还原" in page.summary.text()
    if past.ranking:
        page.ranking.cellClicked.emit(0, 2)   # 已交办 of the first unit, as of last month's end
        assert w.current_page_key() == "ledger" and ledger_count(w) == past.ranking[0].handed_over.value
        w.show_page("dispatch")
    page.set_month(today.year, today.month)
    page.open_not_reported()
    assert w.current_page_key() == "ledger" and ledger_count(w) == missing


def test_record_an_evaluation_and_see_its_rates(unvoted_window, qtbot):
    w = unvoted_window
    page = w.show_page("evaluation")
    assert page.list.rowCount() == 0 and page.empty.isVisible()
    dialog = page.new_evaluation()
    dialog.occasion_edit.setText("县人大常委会第二十次会议")
    labels = dialog.row_labels()
    assert labels and "县民政局" in labels
    dialog.set_votes(labels.index("县民政局"), 20, 8, 2)
    dialog.set_votes(0 if labels[0] != "县民政局" else 1, "１２", 10, 8)
    assert dialog.save()
    assert page.list.rowCount() == 1
    assert page.list.item(0, 3).text() == "60" and page.list.item(0, 4).text() == "83.3%"
    assert page.list.item(0, 5).text() == "53.3%"
    assert page.detail.rowCount() == 3 and page.detail.item(2, 0).text() == "合计"
    # a wrong count is refused and nothing is saved
    bad = page.new_evaluation()
    bad.set_votes(0, "很多", 0, 0)
    assert not bad.save()
    assert "应为整数" in bad.findChild(QLabel, "error_rows").text()
    bad.reject()
    assert page.list.rowCount() == 1


def test_settings_change_warning_days_and_user(demo_window, qtbot):
    w = demo_window
    page = w.show_page("overview")
    before = page.data.value("due_soon")
    dialog = open_settings(w)
    assert dialog.warn_spin.value() == 15
    dialog.user_edit.setText("张三")
    dialog.warn_spin.setValue(60)
    dialog.reminders_box.setChecked(False)
    assert dialog.save()
    assert w.store.get_setting("deadline_warn_days") == "60" and w.store.user == "张三"
    assert page.cards["due_soon"].title_label.text() == "60日内到期"
    after = page.data.value("due_soon")
    assert after >= before and after == ledger.count(w.store, page.data.figures["due_soon"].filter)
    assert w.settings.value("reminders/on_open") == "false"
    qtbot.mouseClick(page.cards["due_soon"], Qt.MouseButton.LeftButton)
    assert ledger_count(w) == after


def test_reminders_dialog_from_menu_opens_ledger(demo_window, qtbot):
    w = demo_window
    texts = {m: [a.text() for a in w.menu(m).actions()] for m in ("workflow", "help", "tools")}
    assert "今日提醒…" in texts["workflow"] and "今日提醒…" in texts["help"] and "设置…" in texts["tools"]
    dialog = show_reminders(w)
    assert dialog.isVisible()
    overdue = dialog.section("overdue")
    assert overdue.count > 0 and dialog.tree.topLevelItem(0).text(0) == f"已逾期（{overdue.count}）"
    dialog.open_in_ledger("overdue")
    assert w.current_page_key() == "ledger" and ledger_count(w) == overdue.count
    dialog.dismiss_box.setChecked(True)
    dialog.close()
    assert w.settings.value(DISMISSED_KEY) == date.today().isoformat()


def test_reminders_shown_once_on_opening(store, qsettings, qtbot, monkeypatch):
    from ui.main_window import MainWindow
    from ui.workflow import overview_menus as overview_feature

    demo.fill_demo(store)
    w = MainWindow(store, settings=qsettings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in w.findChildren(RemindersDialog)))
    shown = w.findChildren(RemindersDialog)
    assert len(shown) == 1 and shown[0].digest.has_content
    shown[0].close()
    # dismissed for today: a second window stays quiet
    qsettings.setValue(DISMISSED_KEY, date.today().isoformat())
    checked, first_show = [], overview_feature._FirstShow.start
    monkeypatch.setattr(overview_feature._FirstShow, "start",
                        lambda self: (first_show(self), checked.append(self.job)))
    w2 = MainWindow(store, settings=qsettings)
    qtbot.addWidget(w2)
    w2.show()
    qtbot.waitUntil(lambda: bool(checked))   # the first-show check ran and started no digest job
    assert checked == [None] and w2.findChildren(RemindersDialog) == []


def test_evaluation_edit_and_delete_from_the_page(unvoted_window, monkeypatch):
    from models.workflow import evaluation
    from models.workflow.evaluation import CountRow, Evaluation
    from ui.dialogs import messages

    w = unvoted_window
    unit = evaluation.candidate_units(w.store, w.campaign_id)[0]
    evaluation.create_evaluation(w.store, Evaluation(campaign_id=w.campaign_id, eval_date="2026-06-30",
                                                     occasion="中期测评", rows=[CountRow(unit["id"], None, 3, 1, 0)]))
    page = w.show_page("evaluation")
    assert page.list.rowCount() == 1 and page.list.item(0, 4).text() == "100.0%"
    dialog = page.edit_selected()
    assert dialog.mode_buttons["unit"].isChecked()
    row = dialog.row_labels().index(unit["label"])
    dialog.set_votes(row, 1, 1, 2)
    assert dialog.save()
    assert page.list.item(0, 4).text() == "50.0%" and page.list.item(0, 5).text() == "25.0%"
    monkeypatch.setattr(messages, "ask", lambda *a, **k: True)
    assert page.delete_selected()
    assert page.list.rowCount() == 0 and evaluation.list_evaluations(w.store, w.campaign_id) == []


def test_evaluation_detail_shows_totals_and_the_previous_round(unvoted_window):
    from models.workflow import evaluation
    from models.workflow.evaluation import CountRow, Evaluation

    w = unvoted_window
    a, b = (u["id"] for u in evaluation.candidate_units(w.store, w.campaign_id)[:2])
    # dates in the past whenever the test runs (a 测评 cannot be dated after today)
    evaluation.create_evaluation(w.store, Evaluation(campaign_id=w.campaign_id, eval_date="2025-06-30",
                                                     rows=[CountRow(a, None, 1, 0, 1)]))
    evaluation.create_evaluation(w.store, Evaluation(campaign_id=w.campaign_id, eval_date="2025-12-20",
                                                     rows=[CountRow(a, None, 3, 1, 0), CountRow(b, None, 1, 1, 2)]))
    page = w.show_page("evaluation")
    assert page.detail.rowCount() == 3
    assert [page.detail.item(r, 7).text() for r in range(3)] == ["50.0%", "—", "—"]
    total = page.detail.item(2, 0)
    assert total.text() == "合计" and total.font().bold()
    assert page.detail.item(2, 5).text() == "75.0%"


def test_reminders_wait_for_the_first_start_question(store, qsettings, qtbot, monkeypatch):
    """The first start asks the 操作人's name: 今日提醒 appears once it is answered, not under it."""
    from ui.dialogs.operator import OPERATOR_KEY, ask_operator_if_needed
    from ui.main_window import MainWindow
    from ui.workflow import overview_menus as overview_feature

    computed, real = [], overview_feature._FirstShow._computed
    monkeypatch.setattr(overview_feature._FirstShow, "_computed",
                        lambda self, cid, digest: (computed.append(digest), real(self, cid, digest)))
    demo.fill_demo(store)
    qsettings.remove(OPERATOR_KEY)
    w = MainWindow(store, settings=qsettings)
    qtbot.addWidget(w)
    w.show()
    asking = ask_operator_if_needed(w)
    assert asking is not None and asking.isVisible()
    qtbot.waitUntil(lambda: bool(computed), timeout=300_000)             # the digest is ready …
    assert computed[0].has_content
    assert not any(d.isVisible() for d in w.findChildren(RemindersDialog))   # … and waits for the answer
    asking.name_edit.setText("王五")
    assert asking.save()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in w.findChildren(RemindersDialog)), timeout=300_000)
    assert len(w.findChildren(RemindersDialog)) == 1
