"""Start page, campaigns and units pages, as a user meets them on a fresh database."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from models.campaigns import campaign_counts, create_campaign, list_campaigns
from models.domain import Campaign, Unit
from models.problems import ProblemForm, create_problem
from models.units import create_unit
from ui.dialogs import messages

pytestmark = pytest.mark.gui


def test_start_page_then_create_campaign_through_the_ui(window, qtbot):
    assert window.current_page_key() == "start"
    start = window.page("start")
    qtbot.mouseClick(start.new_button, Qt.MouseButton.LeftButton)
    dialog = start.dialog
    qtbot.waitExposed(dialog)
    dialog.name_edit.setText("积极应对人口老龄化　加快发展养老服务")
    dialog.year_edit.setText("２０２４")
    dialog.organizer_edit.setText("某某县人大常委会")
    assert dialog.save() is True
    assert window.campaign_id is not None
    assert window.current_page_key() == "overview"
    assert window.campaign_box.currentText().startswith("2024年 积极应对人口老龄化")
    assert window._pages["start"][0].isHidden()
    window.show_page("ledger")
    assert window.page("ledger").bar.count_label.text() == "共 0 条"


def test_campaign_dialog_marks_bad_year(window, qtbot):
    dialog = window.page("start").new_campaign()
    dialog.name_edit.setText("养老服务")
    dialog.year_edit.setText("24年")
    assert dialog.save() is False
    assert "四位数字" in dialog.errors.message("year")
    assert list_campaigns(window.store) == []


def test_toolbar_new_campaign_next_to_switcher(window):
    texts = [a.text() for a in window.toolbar.actions()]
    assert "新建专题…" in texts
    box_index = next(i for i, a in enumerate(window.toolbar.actions())
                     if window.toolbar.widgetForAction(a) is window.campaign_box)
    assert texts[box_index + 1] == "新建专题…"


def test_campaigns_page_lists_and_refuses_deleting_used_campaign(window, monkeypatch):
    cid = create_campaign(window.store, Campaign(name="养老服务", year=2024))
    create_unit(window.store, Unit(name="某某县民政局", short_name="县民政局", kind="政府部门"))
    create_problem(window.store, ProblemForm(number="2024-001", source="专题调研", description="敬老院消防设施老化",
                                             lead_unit="县民政局", kind="立行立改"), campaign_id=cid)
    window.reload_campaigns(select_id=cid)
    page = window.show_page("campaigns")
    assert page.table.rowCount() == 1
    assert page.table.item(0, 1).text() == "养老服务（当前）"
    assert page.table.item(0, 4).text() == "1"
    page.table.selectRow(0)
    warned = []
    monkeypatch.setattr(messages, "ask", lambda *a, **k: True)
    monkeypatch.setattr(messages, "warn", lambda parent, title, text, *a: warned.append(text))
    assert page.delete_selected() is False
    assert warned and "还有 1 个问题" in warned[0]


def test_deleting_last_campaign_returns_to_start_page(window, monkeypatch):
    cid = create_campaign(window.store, Campaign(name="养老服务", year=2024))
    window.reload_campaigns(select_id=cid)
    page = window.show_page("campaigns")
    page.table.selectRow(0)
    monkeypatch.setattr(messages, "ask", lambda *a, **k: True)
    assert page.delete_selected() is True
    assert window.campaign_id is None
    assert window.current_page_key() == "start"


def test_units_page_add_and_refuse_delete_of_used_unit(window, qtbot, monkeypatch):
    page = window.show_page("units")
    dialog = page.add_unit()
    dialog.name_edit.setText("某某县 民政局")
    dialog.short_edit.setText("县民政局")
    assert dialog.save() is True
    assert page.unit_names() == ["某某县民政局"]
    # a second unit with the same name is refused on the name field
    again = page.add_unit()
    again.name_edit.setText("某某县民政局")
    assert again.save() is False
    assert "不能重复" in again.errors.message("name")
    again.reject()

    cid = create_campaign(window.store, Campaign(name="养老服务", year=2024))
    create_problem(window.store, ProblemForm(number="2024-001", source="专题调研", description="敬老院消防设施老化",
                                             lead_unit="县民政局", kind="立行立改"), campaign_id=cid)
    window.notify_changed()
    assert page.table.item(0, 3).data(Qt.ItemDataRole.DisplayRole) == 1
    page.table.selectRow(0)
    warned = []
    monkeypatch.setattr(messages, "ask", lambda *a, **k: True)
    monkeypatch.setattr(messages, "warn", lambda parent, title, text, *a: warned.append(text))
    assert page.delete_selected() is False
    assert warned and "不能删除" in warned[0]
    assert page.unit_names() == ["某某县民政局"]


def test_open_demo_from_start_page_uses_a_new_file(window, qtbot, tmp_path, monkeypatch):
    from models import paths
    from ui.pages import start_page

    target = tmp_path / "演示.db"
    monkeypatch.setattr(paths, "demo_db_path", lambda: target)
    other = window.page("start").open_demo()
    qtbot.addWidget(other)
    try:
        assert other.store.path == target and target.exists()
        assert other.campaign_id is not None
        other.show_page("ledger")
        counts = campaign_counts(other.store)
        assert other.campaign_id == max(counts, key=counts.get) and counts[other.campaign_id] >= 60
        other.show_page("ledger")
        assert other.page("ledger").model.rowCount() == counts[other.campaign_id]
        assert list_campaigns(window.store) == []   # the user's file stays empty
    finally:
        start_page.OPEN_WINDOWS.remove(other)
        other.close()
        other.store.close()
