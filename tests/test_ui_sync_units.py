"""Units a county's package names that the city does not know: the clerk maps them (to a local unit, or
creates them) before the change list; a close name is offered first but never chosen for the clerk;
the answers show in the change list, apply, and are remembered for the county's next package."""
from __future__ import annotations

import pytest
from sync_offices import UNITS, counts, county_with_problems

from models import units
from models.domain import Unit
from models.problems import ProblemForm, create_problem
from models.sync import export, identity
from ui.dialogs import messages
from ui.sync import actions
from ui.sync.batch_dialog import ChangeListDialog
from ui.sync.units_dialog import CREATE, UnitMappingDialog

pytestmark = pytest.mark.gui
CITY = "某市人大常委会"


def _shown(window, kind):
    return [d for d in window.findChildren(kind) if d.isVisible()]


def _open(window, qtbot, path, kind):
    actions.open_import(window, str(path))
    qtbot.waitUntil(lambda: len(_shown(window, kind)) == 1, timeout=30000)
    return _shown(window, kind)[0]


def _lead(store, number):
    return store.scalar("SELECT u.name FROM problems p JOIN units u ON u.id = p.lead_unit_id WHERE p.number LIKE ?", ("%·" + number,))


def test_unknown_units_are_mapped_shown_applied_and_remembered(window, qtbot, tmp_path, monkeypatch):
    city = window.store
    identity.set_office(city, CITY, "市")
    said = []
    monkeypatch.setattr(messages, "inform", lambda parent, title, text: said.append(text))
    civil = units.create_unit(city, Unit(name="某县民政事务局", kind="政府部门"))            # close to 某县民政局
    health = units.create_unit(city, Unit(name="甲县卫生健康委员会", kind="政府部门"))      # another county's
    finance = units.create_unit(city, Unit(name="县财政局（市里登记）", kind="政府部门"))
    county, _ = county_with_problems(tmp_path / "county.db", 3)   # lead units: UNITS in turn
    export.export_package(county, to_office=CITY, out=tmp_path / "1.zip")
    before = counts(city)
    # cancelling the mapping writes nothing
    dialog = _open(window, qtbot, tmp_path / "1.zip", UnitMappingDialog)
    dialog.reject()
    assert counts(city) == before
    dialog = _open(window, qtbot, tmp_path / "1.zip", UnitMappingDialog)
    rows = {dialog.table.item(r, 1).text(): r for r in range(dialog.table.rowCount())}
    assert set(rows) == set(UNITS) and dialog.table.item(0, 0).text() == "某县人大常委会"
    civil_row, health_row, finance_row = rows["某县民政局"], rows["某县卫生健康委员会"], rows["某县财政局"]
    # close names are offered first, never preselected
    assert dialog.actions[civil_row].itemData(1) == civil and "名称相近" in dialog.actions[civil_row].itemText(1)
    assert dialog.actions[health_row].itemData(1) == health
    assert all(a.currentText() == CREATE for a in dialog.actions)
    dialog.choose(civil_row, civil)
    dialog.choose(finance_row, finance)
    dialog.kinds[health_row].setCurrentText("政府部门")
    assert not dialog.kinds[civil_row].isEnabled() and dialog.kinds[health_row].isEnabled()
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: len(_shown(window, ChangeListDialog)) == 1, timeout=30000)
    changes = _shown(window, ChangeListDialog)[0]
    lines = [changes.lines.item(i).text() for i in range(changes.lines.count())]
    assert "单位：“某县民政局”对应本机的“某县民政事务局”" in lines
    assert "单位：“某县卫生健康委员会”新建为本机单位（政府部门）" in lines
    assert counts(city) == before                                     # still nothing written
    with qtbot.waitSignal(window.data_changed, timeout=30000):
        changes.apply_button.click()
    qtbot.waitUntil(lambda: any("已导入" in t for t in said), timeout=30000)
    assert _lead(city, "2026-001") == "某县民政事务局" and _lead(city, "2026-003") == "县财政局（市里登记）"
    assert _lead(city, "2026-002") == "某县卫生健康委员会"
    assert city.scalar("SELECT notes FROM units WHERE name = '某县卫生健康委员会'") == "由交换包新建（来自某县人大常委会）"
    assert city.scalar("SELECT count(*) FROM units") == 4
    # the county's next package: no question, the same answers apply
    create_problem(county, ProblemForm(number="2026-004", source="专题调研", description="第四个敬老院消防通道堵塞",
                                       lead_unit=UNITS[0], kind="限期整改", deadline="2026-12-31"),
                   campaign_id=county.scalar("SELECT id FROM campaigns"))
    export.export_package(county, to_office=CITY, out=tmp_path / "2.zip")
    said.clear()
    changes = _open(window, qtbot, tmp_path / "2.zip", ChangeListDialog)
    assert not _shown(window, UnitMappingDialog)
    with qtbot.waitSignal(window.data_changed, timeout=30000):
        changes.apply_button.click()
    qtbot.waitUntil(lambda: any("已导入" in t for t in said), timeout=30000)
    assert _lead(city, "2026-004") == "某县民政事务局" and city.scalar("SELECT count(*) FROM units") == 4
