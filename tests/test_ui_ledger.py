"""The 问题清单 page as a user meets it: table, search, filters, sort, delete/undo, column memory."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt

from models.campaigns import create_campaign
from models.domain import Campaign, Unit
from models.problems import ProblemForm, create_problem
from models.units import create_unit
from ui import style
from ui.dialogs import messages
from ui.ledger.table_model import STATE_COLOURS, LedgerTableModel

pytestmark = pytest.mark.gui


def seed(store, count: int = 6) -> int:
    cid = create_campaign(store, Campaign(name="养老服务联动监督", year=2024))
    create_unit(store, Unit(name="某某县民政局", short_name="县民政局", kind="政府部门"))
    create_unit(store, Unit(name="某某县卫生健康委员会", short_name="县卫健委", kind="政府部门"))
    texts = ["敬老院消防设施老化", "农村幸福院闲置，未开展助餐服务", "护理员持证上岗率低",
             "居家养老补贴拨付滞后", "医养结合机构床位不足", "适老化改造进度慢"]
    past = (date.today() - timedelta(days=10)).isoformat()
    later = (date.today() + timedelta(days=90)).isoformat()
    for i in range(count):
        create_problem(store, ProblemForm(
            number=f"2024-{i + 1:03d}", source="专题调研" if i % 2 else "政府自查", category="设施建设",
            place=f"第{i + 1}村", description=texts[i % len(texts)],
            lead_unit="县民政局" if i % 3 else "县卫健委", kind="限期整改",
            deadline=past if i == 0 else later), campaign_id=cid)
    return cid


@pytest.fixture
def ledger(window):
    cid = seed(window.store)
    window.reload_campaigns(select_id=cid)
    page = window.show_page("ledger")
    return page


def shown_numbers(page) -> list[str]:
    col = page.visible_column_keys().index("number")
    header = page.table.horizontalHeader()
    logical = header.logicalIndex(col)
    return [page.model.index(r, logical).data() for r in range(page.model.rowCount())]


def test_table_shows_problems_of_current_campaign(ledger):
    assert ledger.bar.count_label.text() == "共 6 条"
    assert shown_numbers(ledger)[:2] == ["2024-001", "2024-002"]
    assert ledger.visible_column_keys()[:2] == ["number", "status"]
    # units show by their short names, progress as a percentage
    row = ledger.model.row_data(0)
    assert row["lead_unit"] == "县卫健委"


def test_model_passes_qt_model_tester(qtmodeltester, store):
    seed(store, 4)
    model = LedgerTableModel(store)
    from models.ledger import LedgerFilter
    model.load(LedgerFilter(campaign_id=1))
    qtmodeltester.check(model)


def test_rows_are_built_lazily_in_blocks(store):
    from models.ledger import LedgerFilter
    seed(store, 6)
    model = LedgerTableModel(store)
    model.load(LedgerFilter(campaign_id=1))
    assert model._blocks == {}
    assert model.index(5, 0).data() == "2024-006"
    assert len(model._blocks) == 1


def test_search_two_chinese_characters(ledger, qtbot):
    ledger.focus_search()
    assert ledger.bar.search_edit.hasFocus()
    ledger.bar.search_edit.setText("助餐")
    qtbot.waitUntil(lambda: ledger.bar.count_label.text().startswith("共 1 条"))
    assert shown_numbers(ledger) == ["2024-002"]
    ledger.bar.search_edit.setText("民政")   # unit names are searchable too
    qtbot.waitUntil(lambda: ledger.bar.count_label.text().startswith("共 4 条"))


def test_single_character_search_gives_gentle_hint(ledger, qtbot):
    ledger.bar.search_edit.setText("养")
    qtbot.waitUntil(lambda: ledger.bar.hint.text() == "请输入至少两个字")
    assert ledger.model.rowCount() == 6
    ledger.bar.search_edit.setText("养老")
    qtbot.waitUntil(lambda: ledger.bar.hint.text() == "")


def test_filters_and_count(ledger):
    bar = ledger.bar
    bar.source_box.setCurrentIndex(bar.source_box.findText("专题调研"))
    assert bar.count_label.text() == "共 3 条（本专题 6 条）"
    bar.deadline_box.setCurrentIndex(bar.deadline_box.findText("已逾期"))
    assert ledger.model.rowCount() == 0
    assert "没有符合条件的问题" in ledger.empty_label.text() and ledger.empty_label.isVisible()
    bar.reset()
    # 2024-001 is past its date but was never handed over: not 逾期, a reminder of its own
    bar.deadline_box.setCurrentIndex(bar.deadline_box.findText("已逾期"))
    assert shown_numbers(ledger) == []
    bar.deadline_box.setCurrentIndex(bar.deadline_box.findText("待交办已超过计划时限"))
    assert shown_numbers(ledger) == ["2024-001"]
    bar.reset()
    bar.unit_box.setCurrentIndex(bar.unit_box.findText("县卫健委"))
    assert shown_numbers(ledger) == ["2024-001", "2024-004"]
    assert ledger.current_filter().lead_unit_id is not None


def test_set_filter_from_another_page(ledger):
    ledger.set_filter(statuses=("待交办",), source="政府自查")
    assert ledger.model.rowCount() == 3
    assert ledger.bar.status_box.currentText() == "待交办"
    ledger.set_filter(ids=(2, 3), label="总览：选中的问题")
    assert ledger.model.rowCount() == 2
    assert ledger.extra_label.isVisible() and "总览" in ledger.extra_label.text()
    ledger.clear_extra_filter()
    assert ledger.model.rowCount() == 6
    ledger.set_filter(ids=[], label="空批次")   # an empty set shows nothing, not everything
    assert ledger.model.rowCount() == 0


def test_overdue_rows_are_coloured(ledger, window):
    bg = ledger.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole)
    assert bg.color().name() == style.hex_of(STATE_COLOURS["待交办已超过计划时限"][0])
    assert bg.color().name() != style.hex_of(STATE_COLOURS["已逾期"][0])
    assert ledger.model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    window.store.execute("UPDATE problems SET status = '整改中' WHERE number = '2024-001'")  # as if handed over
    window.notify_changed()
    bg = ledger.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole)
    assert bg.color().name() == style.hex_of(STATE_COLOURS["已逾期"][0])


def test_sort_by_header_click(ledger, qtbot):
    header = ledger.table.horizontalHeader()
    header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    assert shown_numbers(ledger)[0] == "2024-006"
    header.setSortIndicator(4, Qt.SortOrder.AscendingOrder)  # 地点
    assert shown_numbers(ledger)[0] == "2024-001"


def test_delete_asks_and_ctrl_z_undoes(ledger, window, qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(messages, "ask", lambda *a, **k: asked.append(a[2]) or True)
    ledger.select_ids([2])
    ledger.table.setFocus()
    qtbot.keyClick(ledger.table, Qt.Key.Key_Delete)
    assert asked and "删除" in asked[0]
    assert ledger.model.rowCount() == 5 and "2024-002" not in shown_numbers(ledger)
    assert ledger.selected_problem_ids() == [3]   # the next one, ready for another Del
    window.activateWindow()
    qtbot.keyClick(ledger.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: ledger.model.rowCount() == 6)
    assert ledger.selected_problem_ids() == [2]
    assert ledger.bar.count_label.text() == "共 6 条"


def test_delete_cancelled_keeps_problem(ledger, monkeypatch):
    monkeypatch.setattr(messages, "ask", lambda *a, **k: False)
    ledger.select_ids([1])
    assert ledger.actions.delete_selected() is False
    assert ledger.model.rowCount() == 6


def test_reload_keeps_selection(ledger, window):
    ledger.select_ids([4])
    window.notify_changed()
    assert ledger.selected_problem_ids() == [4]


def test_context_actions_get_selected_ids(ledger):
    got = []
    action = ledger.add_context_action("交办…", got.append)
    ledger.select_ids([3, 5])
    action.trigger()
    assert got == [[3, 5]]


def test_column_layout_remembered_in_new_window(ledger, window, qsettings, qtbot):
    from ui.main_window import MainWindow

    header = ledger.table.horizontalHeader()
    keys = [c for c in ledger.visible_column_keys()]
    description = keys.index("description")
    header.moveSection(description, 0)
    place_logical = [i for i in range(header.count())
                     if ledger.model.headerData(i, Qt.Orientation.Horizontal) == "地点"][0]
    ledger.set_column_visible(place_logical, False)
    desc_logical = header.logicalIndex(0)
    header.resizeSection(desc_logical, 444)
    expected = ledger.visible_column_keys()
    assert expected[0] == "description" and "place" not in expected
    window.save_layout()

    other = MainWindow(window.store, settings=qsettings)
    qtbot.addWidget(other)
    page = other.page("ledger")
    assert page.visible_column_keys() == expected
    assert page.table.horizontalHeader().sectionSize(desc_logical) == 444


def test_column_menu_toggles_columns(ledger):
    menu = ledger.column_menu()
    suggestion = [a for a in menu.actions() if a.text() == "意见建议"][0]
    assert not suggestion.isChecked()
    suggestion.setChecked(True)
    assert "suggestion" in ledger.visible_column_keys()


def test_clicking_a_header_sorts(ledger, qtbot):
    header = ledger.table.horizontalHeader()
    x = header.sectionViewportPosition(0) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert shown_numbers(ledger)[0] == "2024-006"


def test_unreadable_rows_leave_blank_cells_not_a_crash(ledger, monkeypatch, qtbot):
    from models import ledger as ledger_model
    from models.store import StoreError

    shown = []
    monkeypatch.setattr(ledger.window_, "show_error", lambda message, title="": shown.append(message))

    def broken(*a, **k):
        raise StoreError("数据库文件已损坏")
    monkeypatch.setattr(ledger_model, "fetch_rows", broken)
    ledger.model._blocks.clear()
    assert ledger.model.index(0, 0).data() is None
    assert ledger.model.index(1, 0).data() is None
    qtbot.waitUntil(lambda: shown == ["数据库文件已损坏"])


def test_the_category_list_is_read_when_it_is_used(ledger, window, qtbot):
    """The categories (a scan of the campaign) are read when the box is opened, focused or scrolled."""
    from models import ledger as ledger_model
    from models.vocab import DEFAULT_CATEGORIES

    seeded = window.campaign_id
    other = create_campaign(window.store, Campaign(name="另一个专题", year=2025))
    create_problem(window.store, ProblemForm(number="2025-001", source="专题调研", category="文化体育",
                                             description="新专题的问题", lead_unit="县民政局", kind="限期整改",
                                             deadline="2025-12-31"), campaign_id=other)
    box = ledger.bar.category_box
    window.show()
    for cid in (other, seeded):
        window.reload_campaigns(select_id=cid)
        ledger.bar.search_edit.setFocus()
        qtbot.waitUntil(ledger.bar.search_edit.hasFocus)
        box.setFocus()          # as the clerk tabs into it (its list opening does the same)
        qtbot.waitUntil(box.hasFocus)
        listed = [box.itemText(i) for i in range(box.count())]
        assert listed == ["全部类别", *ledger_model.distinct_categories(window.store, cid)]
        assert ("文化体育" in listed) == (cid == other) and set(DEFAULT_CATEGORIES) <= set(listed)
    # a category chosen by keyboard on the closed box, after switching campaign
    window.reload_campaigns(select_id=other)
    ledger.bar.search_edit.setFocus()
    qtbot.waitUntil(ledger.bar.search_edit.hasFocus)
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    while box.currentText() != "文化体育" and box.currentIndex() < box.count() - 1:
        qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.currentText() == "文化体育"
    assert [ledger.model.row_data(r)["number"] for r in range(ledger.model.rowCount())] == ["2025-001"]
    # a chosen category is kept across a switch only where the campaign has it
    window.reload_campaigns(select_id=seeded)
    assert box.currentData() is None and ledger.model.rowCount() == 6
