"""操作人: asked once per computer at the first start, then used as 核查人 and in every 留痕 line."""
from __future__ import annotations

import pytest

from ui.features.operator import OPERATOR_KEY, ask_operator_if_needed

pytestmark = pytest.mark.gui


def test_first_start_asks_the_name_and_uses_it(window, qtbot, qsettings, monkeypatch):
    import overview_data as od

    from ui.main_window import MainWindow

    monkeypatch.delenv("USER", raising=False)
    monkeypatch.delenv("USERNAME", raising=False)
    monkeypatch.delenv("LOGNAME", raising=False)
    dialog = ask_operator_if_needed(window)
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and dialog.windowTitle() == "请填写操作人"
    assert not dialog.save()                                   # a name is needed
    dialog.name_edit.setText("  李四 ")
    assert dialog.save()
    assert window.store.user == "李四" and qsettings.value(OPERATOR_KEY) == "李四"

    cid = od.campaign(window.store)
    pid = od.problem(window.store, cid, "A1")
    od.hand_over(window.store, cid, [pid])
    od.report(window.store, pid, "2024-08-01", percent=100, close=True)
    window.reload_campaigns(select_id=cid)
    ledger = window.show_page("ledger")
    ledger.select_ids([pid])
    closing = window.workflow_actions.open_closing()
    qtbot.addWidget(closing)
    assert closing.checked_by.text() == "李四"                  # not "未知用户"
    closing.reject()
    users = set(window.store.column("SELECT DISTINCT user FROM audit_log WHERE problem_id = ?", (pid,)))
    assert users == {"李四"}

    # the next start on this computer does not ask again, and uses the name
    again = MainWindow(window.store, settings=qsettings)
    qtbot.addWidget(again)
    assert ask_operator_if_needed(again) is None and again.store.user == "李四"


def test_settings_change_the_operator(window, qtbot, qsettings):
    from ui.features.overview import open_settings

    qsettings.setValue(OPERATOR_KEY, "李四")
    dialog = open_settings(window)
    assert dialog.user_edit.text() == "李四"
    dialog.user_edit.setText("王五")
    assert dialog.save()
    assert qsettings.value(OPERATOR_KEY) == "王五" and window.store.user == "王五"
