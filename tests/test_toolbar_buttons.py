"""Tool bar buttons follow their actions (state and tips), and switching pages does not pile up
connections on an action (Qt 6.11 added one per change: the soak run's slow creep)."""
from __future__ import annotations

import pytest
from test_ui_ledger import seed

pytestmark = pytest.mark.gui


def test_toolbar_button_follows_its_action_and_connections_stay_flat(window):
    cid = seed(window.store)
    window.reload_campaigns(select_id=cid)
    delete = next(a for a in window.toolbar.actions() if a.text() == "删除问题")
    button = window.toolbar.widgetForAction(delete)
    ledger = window.show_page("ledger")
    before = delete.receivers("2changed()")
    for _ in range(10):
        ledger.select_ids([1])
        assert delete.isEnabled() and button.isEnabled()
        window.show_page("units")
        assert not button.isEnabled() and "问题清单" in button.toolTip()
        assert button.toolTip() == delete.toolTip() and button.statusTip() == delete.statusTip()
        window.show_page("ledger")
    assert button.text() == "删除问题"
    assert delete.receivers("2changed()") == before
