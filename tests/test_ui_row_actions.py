"""Toolbar and menu actions act on the page the clerk sees; read-only mode switches every editing
action off up front and says why in the status bar."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from test_ui_ledger import seed, shown_numbers

from models.store import Store
from ui.dialogs import messages

pytestmark = pytest.mark.gui


def _toolbar_action(window, text):
    return next(a for a in window.toolbar.actions() if a.text() == text)


def test_toolbar_delete_is_off_on_other_pages_and_names_what_it_deletes(window, qtbot, monkeypatch):
    cid = seed(window.store)
    window.reload_campaigns(select_id=cid)
    ledger = window.show_page("ledger")
    delete = _toolbar_action(window, "删除问题")
    assert not delete.isEnabled()                   # nothing selected yet
    ledger.select_ids([1])
    assert delete.isEnabled()
    asked = []
    monkeypatch.setattr(messages, "ask", lambda *a, **k: asked.append(a[1:3]) or True)
    monkeypatch.setattr(messages, "inform", lambda *a, **k: asked.append(a[1:3]))
    window.show_page("units")                      # 2024-001 stays selected on the hidden page
    assert not delete.isEnabled() and "问题清单" in delete.toolTip()
    delete.trigger()
    assert window.problem_actions.delete_selected() is False
    assert asked == [("删除问题", "请先在问题清单中选中要删除的问题。")]
    assert window.store.scalar("SELECT COUNT(*) FROM problems") == 6
    # the workflow menu does not act on the hidden selection either
    assert window.workflow_actions.selected_ids() == []
    asked.clear()
    window.show_page("ledger")
    assert delete.isEnabled()
    delete.trigger()
    title, text = asked[0]
    assert title == "删除问题" and "2024-001“敬老院消防设施老化”（待交办）" in text
    assert "2024-001" not in shown_numbers(ledger)
    asked.clear()
    ledger.select_ids([2, 3, 4, 5, 6])
    qtbot.keyClick(ledger.table, Qt.Key.Key_Delete)
    title, text = asked[0]
    assert title == "删除 5 个问题" and "2024-002“农村幸福院闲置，未开展助餐服务”" in text
    assert all(n in text for n in ("2024-003", "2024-006"))


def test_read_only_disables_editing_and_says_why(qtbot, db_path, qsettings, monkeypatch):
    from ui.main_window import MainWindow

    s = Store(db_path)
    seed(s)
    s.close()
    ro = Store(db_path, read_only=True)
    ro.opened_read_only_reason = "另一处正在使用此文件"
    w = MainWindow(ro, settings=qsettings)
    qtbot.addWidget(w)
    w.show()
    reason = w.gate.status.text()
    assert reason.startswith("只读模式（另一处正在使用此文件）：不能修改数据") and w.gate.status.isVisible()
    menus = {key: {a.text(): a for a in w.menu(key).actions()} for key in ("file", "problem", "workflow", "tools")}
    for key, text in (("problem", "新建问题…"), ("problem", "复制为新问题…"), ("problem", "删除问题"),
                      ("workflow", "交办…"), ("workflow", "销号…"), ("workflow", "转下年度…"),
                      ("file", "导入问题清单…"), ("file", "导入反馈表…"), ("file", "新建专题…"),
                      ("tools", "设置…")):
        assert not menus[key][text].isEnabled(), text
        assert menus[key][text].statusTip() == reason
    assert menus["workflow"]["问题详情与留痕…"].isEnabled()
    assert menus["file"]["导出反馈表…"].isEnabled()
    # a menu opening and closing does not switch them back on
    w.menu("workflow").aboutToShow.emit()
    w.menu("workflow").aboutToHide.emit()
    assert not menus["workflow"]["交办…"].isEnabled()
    units = w.show_page("units")
    buttons = {b.text(): b for b in units.findChildren(QPushButton)}
    assert not buttons["新增单位…"].isEnabled() and not buttons["删除"].isEnabled()
    assert buttons["新增单位…"].toolTip() == reason
    # pages built at their first visit too
    buttons = {b.text(): b for b in w.show_page("batches").findChildren(QPushButton)}
    for text in ("新建交办批次…", "修改批次…"):
        assert not buttons[text].isEnabled() and buttons[text].toolTip() == reason, text
    assert not w.show_page("evaluation").new_button.isEnabled()
    # double-click on a problem shows it (问题详情) instead of a form that cannot be saved
    ledger = w.show_page("ledger")
    ledger.select_ids([1])
    dialog = w.problem_actions.edit_problem()
    assert dialog.windowTitle().startswith("问题详情")
    dialog.close()
    w.close()
    ro.close()


def test_filled_dialog_asks_before_it_is_thrown_away(window, qtbot, discard_answers):
    from test_ui_dialogs import fill, open_new

    cid = seed(window.store)
    window.reload_campaigns(select_id=cid)
    dialog = open_new(window, qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)               # nothing typed yet: closes at once
    assert not dialog.isVisible() and discard_answers == []
    dialog = open_new(window, qtbot)
    fill(dialog, lead="县民政局")
    discard_answers.keep = True                              # the clerk answers 继续编辑
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and discard_answers == ["新建问题"]
    dialog.close()                                           # the window's close button
    assert dialog.isVisible() and len(discard_answers) == 2
    dialog.cancel_button.click()                             # 取消
    assert dialog.isVisible() and len(discard_answers) == 3
    assert dialog.description_edit.toPlainText() == "城关镇敬老院消防设施老化"   # the typing is still there
    discard_answers.keep = False                             # now 放弃
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert window.store.scalar("SELECT COUNT(*) FROM problems") == 6
