"""The problem dialog as a user fills it: required marks, dates, wrong fields shown on the field."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from models.campaigns import create_campaign
from models.domain import Campaign, Unit
from models.problems import get_problem
from models.units import create_unit, find_unit

pytestmark = pytest.mark.gui


@pytest.fixture
def ready(window):
    cid = create_campaign(window.store, Campaign(name="养老服务联动监督", year=2024))
    create_unit(window.store, Unit(name="某某县民政局", short_name="县民政局", kind="政府部门"))
    create_unit(window.store, Unit(name="某某县财政局", short_name="县财政局", kind="政府部门"))
    window.reload_campaigns(select_id=cid)
    return window


def open_new(window, qtbot):
    window.new_problem_action.trigger()
    dialog = window.problem_actions.dialog
    qtbot.waitExposed(dialog)
    return dialog


def fill(dialog, **over):
    values = dict(source="专题调研", description="城关镇敬老院消防设施老化", lead="县民政局",
                  deadline="２０２４年６月３０日", place="城关镇　敬老院")
    values.update(over)
    dialog.source_box.setCurrentText(values["source"])
    dialog.description_edit.setPlainText(values["description"])
    dialog.lead_edit.setText(values["lead"])
    dialog.deadline_edit.setText(values["deadline"])
    dialog.place_edit.setText(values["place"])


def test_add_problem_through_dialog(ready, qtbot):
    dialog = open_new(ready, qtbot)
    assert dialog.number_edit.text() == "2024-001"
    captions = [label.text() for label in dialog.findChildren(QLabel) if label.buddy() is not None]
    required = {c.split("<")[0] for c in captions if "*" in c}
    assert required == {"编号", "问题来源", "整改类型", "牵头单位", "问题描述"}
    fill(dialog)
    dialog.coop_edit.setText("县财政局")
    assert dialog.save() is True
    assert not dialog.isVisible()
    page = ready.page("ledger")
    assert ready.current_page_key() == "ledger"
    assert page.model.rowCount() == 1
    assert page.selected_problem_ids() == [1]
    p = get_problem(ready.store, 1)
    assert p.deadline == "2024-06-30" and p.place == "城关镇 敬老院"
    assert p.cooperating_unit_ids == [find_unit(ready.store, "县财政局").id]
    assert page.model.row_data(0)["cooperating_units"] == "县财政局"


def test_bad_date_is_shown_on_the_field_and_nothing_saved(ready, qtbot):
    dialog = open_new(ready, qtbot)
    fill(dialog, deadline="2024-02-30")
    assert dialog.save() is False
    assert dialog.isVisible()
    message = dialog.errors.message("deadline")
    assert "不是有效日期" in message
    assert dialog.findChild(type(dialog.banner), "error_deadline").isVisible()
    assert dialog.deadline_edit.property("invalid") is True     # the style sheet's red frame
    assert dialog.deadline_edit.toolTip() == message
    assert dialog.focusWidget() is dialog.deadline_edit
    assert ready.store.scalar("SELECT COUNT(*) FROM problems") == 0
    # corrected, the same dialog saves
    dialog.deadline_edit.setText("2024/6/30")
    assert dialog.save() is True
    assert ready.store.scalar("SELECT COUNT(*) FROM problems") == 1


def test_unreadable_date_and_missing_fields_all_marked(ready, qtbot):
    dialog = open_new(ready, qtbot)
    dialog.number_edit.setText("")
    dialog.deadline_edit.setText("六月底")
    assert dialog.save() is False
    for key in ("number", "source", "description", "lead_unit", "deadline"):
        assert dialog.errors.is_marked(key), key
    assert "无法识别日期" in dialog.errors.message("deadline")
    assert dialog.focusWidget() is dialog.number_edit


def test_unknown_unit_then_add_it_from_the_dialog(ready, qtbot):
    dialog = open_new(ready, qtbot)
    fill(dialog, lead="县养老服务中心")
    assert dialog.save() is False
    assert "尚未登记" in dialog.errors.message("lead_unit")
    qtbot.mouseClick(dialog.findChild(type(dialog.save_button), "new_unit_lead"), Qt.MouseButton.LeftButton)
    unit_dialog = dialog.unit_dialog
    assert unit_dialog.name_edit.text() == "县养老服务中心"
    unit_dialog.name_edit.setText("某某县养老服务中心")
    unit_dialog.short_edit.setText("县养老服务中心")
    assert unit_dialog.save() is True
    assert dialog.lead_edit.text() == "某某县养老服务中心"
    assert "某某县养老服务中心" in dialog.unit_model.stringList()
    assert dialog.save() is True


def test_unit_completer_offers_short_names(ready, qtbot):
    dialog = open_new(ready, qtbot)
    completer = dialog.lead_edit.completer()
    completer.setCompletionPrefix("民政")
    assert completer.completionCount() >= 1
    assert "县民政局" in dialog.unit_model.stringList()


def test_edit_and_duplicate(ready, qtbot):
    dialog = open_new(ready, qtbot)
    fill(dialog)
    assert dialog.save()
    page = ready.page("ledger")
    page.select_ids([1])
    edit = ready.problem_actions.edit_problem()
    assert edit.number_edit.text() == "2024-001"
    edit.place_edit.setText("东关社区")
    assert edit.save()
    assert page.model.row_data(0)["place"] == "东关社区"
    page.select_ids([1])
    copy = ready.problem_actions.duplicate_problem()
    assert copy.number_edit.text() == "2024-002"
    assert copy.description_edit.toPlainText() == "城关镇敬老院消防设施老化"
    assert copy.save()
    assert page.model.rowCount() == 2


def test_closed_problem_opens_read_only(ready, qtbot):
    dialog = open_new(ready, qtbot)
    fill(dialog)
    assert dialog.save()
    with ready.store.transaction() as conn:
        conn.execute("UPDATE problems SET status = '已销号' WHERE id = 1")
    edit = ready.problem_actions.edit_problem(1)
    assert edit.read_only
    assert "已锁定" in edit.banner.text()
    assert edit.number_edit.isReadOnly() and not edit.save_button.isVisible()
    assert edit.save() is False


def test_new_problem_without_campaign_explains(window, monkeypatch):
    from ui.dialogs import messages

    said = []
    monkeypatch.setattr(messages, "inform", lambda parent, title, text: said.append(text))
    assert window.problem_actions.new_problem() is None
    assert said and "监督专题" in said[0]


def test_keyboard_ctrl_n_new_and_enter_edits(ready, qtbot):
    ready.activateWindow()
    page = ready.show_page("ledger")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = ready.problem_actions.dialog
    assert dialog is not None and dialog.isVisible() and dialog.problem_id is None
    fill(dialog)
    assert dialog.save()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    edit = ready.problem_actions.dialog
    assert edit is not dialog and edit.problem_id == 1 and edit.isVisible()
    edit.reject()
    qtbot.keyClick(page.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert ready.problem_actions.dialog.number_edit.text() == "2024-002"


def test_cooperating_units_complete_the_name_being_typed(ready, qtbot):
    dialog = open_new(ready, qtbot)
    edit = dialog.coop_edit
    completer = edit.completer()
    edit.setText("县民政局、财政")
    assert completer.splitPath(edit.text()) == ["财政"]
    model = dialog.unit_model
    row = model.stringList().index("某某县财政局")
    assert completer.pathFromIndex(model.index(row, 0)) == "县民政局、某某县财政局"
    edit.setText(completer.pathFromIndex(model.index(row, 0)))
    assert edit.names() == ["县民政局", "某某县财政局"]
