"""专题清单 as a clerk uses it: the timetable, the 法规库, and a site inspection walked by keyboard
until an item marked 不符合 becomes a problem."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from models import problems
from models.lists import demo_data, inspections, regulations, timetable
from models.lists.checklist import CheckItem, add_item
from tests.workflow_data import UNITS, seed

pytestmark = pytest.mark.gui


@pytest.fixture
def page(window):
    cid, _ = seed(window.store, 1)
    window.reload_campaigns(select_id=cid)
    return window.show_page("lists")


def test_timetable_typed_and_saved_and_a_bad_date_refused(page, qtbot, monkeypatch):
    from ui.dialogs import messages

    tab = page.show_tab(page.timetable)
    tab.add_phase()
    for col, text in enumerate(("动员部署", "2024年3月1日", "2024-03-31", "县人大常委会办公室", "召开动员会")):
        tab.table.item(0, col).setText(text)
    assert tab.save_button.isEnabled() and "未保存" in tab.hint.text()
    assert tab.save() is True
    assert [(p.name, p.start_date) for p in timetable.list_phases(page.store, page.window_.campaign_id)] == \
        [("动员部署", "2024-03-01")]
    said = []
    monkeypatch.setattr(messages, "warn", lambda _p, _t, text: said.append(text))
    tab.table.item(0, 2).setText("2024-02-30")
    assert tab.save() is False
    assert said and "第1个阶段" in said[0] and "结束日期" in said[0]
    assert timetable.list_phases(page.store, page.window_.campaign_id)[0].end_date == "2024-03-31"


def test_a_regulation_pasted_counted_imported_and_searched(page, qtbot):
    tab = page.show_tab(page.regulations)
    dialog = tab.import_regulation()
    qtbot.waitExposed(dialog)
    dialog.text_edit.setPlainText(demo_data.REGULATION_TEXT)
    assert dialog.found.text() == "识别出《某某市养老服务促进条例》共11条，分4章。"
    assert dialog.save() is True
    tab.refresh()
    assert tab.table.rowCount() == 1 and tab.table.item(0, 3).text() == "11"
    tab.search.setText("消防")
    assert [tab.hits.item(i).text()[:16] for i in range(tab.hits.count())] == \
        ["《某某市养老服务促进条例》第六条", "《某某市养老服务促进条例》第七条"]
    tab.hits.setCurrentRow(0)
    assert "养老机构不得占用、堵塞疏散通道" in tab.text.toPlainText()
    tab.table.selectRow(0)
    tab.toggle_study()
    assert [r["title"] for r in regulations.study_list(page.store, page.window_.campaign_id)] == ["某某市养老服务促进条例"]


def test_the_problem_dialog_picks_articles_from_the_library(page, qtbot):
    from ui.lists.article_picker import ArticlePicker

    regulations.import_regulation(page.store, demo_data.REGULATION_TEXT)
    from ui.dialogs.problem_dialog import ProblemDialog

    dialog = ProblemDialog(page.store, page.window_.campaign_id, parent=page.window_)
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.legal_edit.setPlainText("县政府文件")
    dialog.findChild(type(dialog.save_button), "pick_articles").click()
    picker = dialog.findChild(ArticlePicker)
    picker.search.setText("第六条")
    assert picker.hits.count() == 1
    picker.hits.item(0).setCheckState(Qt.CheckState.Checked)
    picker.accept()
    assert dialog.legal_edit.toPlainText() == "县政府文件；《某某市养老服务促进条例》第六条"


def test_an_inspection_walked_by_keyboard_makes_a_problem(page, qtbot):
    store, cid = page.store, page.window_.campaign_id
    add_item(store, cid, CheckItem("疏散通道是否畅通", aspect="消防安全", legal_basis="《某某市养老服务促进条例》第六条"))
    add_item(store, cid, CheckItem("是否设置老年助餐点", aspect="老年助餐", kind="调研内容"))
    tab = page.show_tab(page.inspections)
    dialog = tab.new_inspection()
    qtbot.waitExposed(dialog)
    dialog.date_edit.setText("2024年5月8日")
    dialog.kind_box.setCurrentText("暗访调查")
    dialog.place_edit.setText("某某乡敬老院")
    dialog.unit_edit.setText(UNITS[0])
    dialog.met_spin.setValue(12)
    assert dialog.save() is True
    walker = tab.walker
    qtbot.waitExposed(walker)
    assert walker.position.text().startswith("第 1 项，共 2 项")
    assert walker.focusWidget() is walker.remark   # the remark is typed straight away
    qtbot.keyClick(walker.remark, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)   # 不符合
    walker.remark.insertPlainText("二楼通道堆放杂物")   # typed (an input method: keyClicks is ASCII only)
    qtbot.waitUntil(lambda: walker.saved.text() == "已保存" and
                    inspections.results(store, walker.inspection_id)[0]["remark"] == "二楼通道堆放杂物")
    assert walker.problem_button.isEnabled()
    qtbot.keyClick(walker.remark, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    made = walker.problem_dialog
    qtbot.waitExposed(made)
    assert made.description_edit.toPlainText() == "某某乡敬老院二楼通道堆放杂物"
    assert made.lead_edit.text() == UNITS[0]
    made.deadline_edit.setText("2024-06-30")
    assert made.save() is True
    qtbot.waitUntil(lambda: walker.problem_button.text().startswith("已生成问题"))
    pid = inspections.results(store, walker.inspection_id)[0]["problem_id"]
    p = problems.get_problem(store, pid)
    assert (p.source, p.place, p.legal_basis) == ("暗访调查", "某某乡敬老院", "《某某市养老服务促进条例》第六条")
    qtbot.keyClick(walker.remark, Qt.Key.Key_PageDown)
    assert walker.position.text().startswith("第 2 项")
    qtbot.keyClick(walker.remark, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)   # 符合, saved at once
    assert inspections.results(store, walker.inspection_id)[1]["verdict"] == "符合"
    walker.remark.insertPlainText("有助餐点")
    walker.close()    # closing in a hurry: what was typed is kept
    assert inspections.results(store, walker.inspection_id)[1]["remark"] == "有助餐点"
    tab.refresh()
    assert tab.table.item(0, 6).text() == "2／2" and tab.table.item(0, 8).text() == "1"


def test_lists_export_to_a_print_ready_workbook(page, qtbot, tmp_path):
    timetable.save_phases(page.store, page.window_.campaign_id, [timetable.Phase("动员部署", "2024-03-01", "2024-03-31")])
    job = page.export_list("timetable", tmp_path / "时间节点台账.xlsx")
    with qtbot.waitSignal(job.done, timeout=20000):
        pass
    assert (tmp_path / "时间节点台账.xlsx").exists()


def test_opening_the_walker_on_answered_items_changes_nothing(page, qtbot):
    """The screen is filled from the record before anything is saved: an answer given on site is
    never overwritten by the empty form of a walker just opened."""
    from ui.lists.walker import InspectionWalker

    store, cid = page.store, page.window_.campaign_id
    add_item(store, cid, CheckItem("疏散通道是否畅通"))
    iid = inspections.create_inspection(store, cid, inspections.Inspection(visit_date="2024-05-08", place="敬老院"))
    rid = inspections.results(store, iid)[0]["id"]
    inspections.save_result(store, rid, "不符合", "通道堆放杂物")
    walker = InspectionWalker(store, cid, iid, page)
    walker.open()
    qtbot.waitExposed(walker)
    walker.go(0)
    walker.save_current()
    assert walker.verdict() == "不符合" and walker.remark.toPlainText() == "通道堆放杂物"
    assert inspections.results(store, iid)[0]["verdict"] == "不符合"
    assert inspections.results(store, iid)[0]["remark"] == "通道堆放杂物"
    walker.close()
