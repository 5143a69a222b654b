"""未登记单位: a close-name guess is offered, never preselected, unless the names are the same unit."""
from __future__ import annotations

from models.exchange import unit_names
from models.exchange.rows import SheetRow
from tests.exchange_books import units


def _rows(*names: str) -> list[SheetRow]:
    return [SheetRow(line=i, values={"lead_unit": n, "description": "敬老院消防设施不达标"}) for i, n in enumerate(names, 3)]


def test_township_is_not_preselected_as_the_county_government(store):
    [gov] = units(store, "某某县人民政府", kind="人民政府")
    [need] = unit_names.unknown_units(store, _rows("某某县新安镇人民政府"))
    assert need.match_id is None                       # the user decides
    assert (need.suggest_id, need.suggest_name) == (gov, "某某县人民政府")


def test_same_unit_without_the_county_prefix_is_preselected(store):
    [mz] = units(store, "某某县民政局")
    needs = {n.name: n for n in unit_names.unknown_units(store, _rows("民政局", "县民政局"))}
    assert needs["民政局"].match_id == mz and needs["县民政局"].match_id == mz
    assert unit_names.unknown_units(store, _rows("市民政局"))[0].match_id is None   # another level


def test_units_step_shows_the_guess_unselected_and_names_whole(qtbot, store):
    from ui.exchange.wizard_pages import CREATE, UnitsPage

    [gov] = units(store, "某某县人民政府", kind="人民政府")
    page = UnitsPage()
    qtbot.addWidget(page)
    needs = unit_names.unknown_units(store, _rows("某某县新安镇人民政府"))
    page.show_needs(needs, [(gov, "某某县人民政府")])
    combo = page.actions[0]
    assert combo.currentText() == CREATE
    assert combo.itemText(1).startswith("对应到：某某县人民政府（名称相近") and combo.itemData(1) == gov
    assert combo.count() == 2                          # offered once, not twice
    assert page.table.item(0, 0).text() == "某某县新安镇人民政府"
    fm = page.table.fontMetrics()
    assert page.table.columnWidth(0) >= fm.horizontalAdvance("某某县新安镇人民政府")
    assert page.plan().create == {"某某县新安镇人民政府": "乡镇/街道"}
