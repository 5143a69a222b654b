"""The city's merged view in the window: 总览 per county and together (pick one county or all),
the 问题清单's 来源机关 column shown by default and its filter working with the others and sorting."""
from __future__ import annotations

import pytest
from city_offices import COUNTY_A, COUNTY_B, city_with_counties, origin_key
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from models import ledger
from models.ledger import COLUMN_KEYS
from models.workflow import overview

pytestmark = pytest.mark.gui


@pytest.fixture
def store(request, tmp_path):
    if request.node.name.startswith("test_county"):   # a county with only its own problems
        from sync_offices import county_with_problems

        own, _ = county_with_problems(tmp_path / "county.db", 2)
        yield own
        own.close()
        return
    city, _cid = city_with_counties(tmp_path)
    yield city
    city.close()


def _row_texts(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_overview_shows_each_county_and_one_at_a_time(window, qtbot):
    page = window.show_page("overview")
    whole = overview.compute(window.store, window.campaign_id)
    assert page.origin_box.isVisible()
    assert [page.origin_box.itemText(i) for i in range(page.origin_box.count())] == ["全部（合并）", "本机关", "甲县", "乙县"]
    assert page.tabs.currentWidget() is page.tables["origin"]
    assert page.tabs.tabText(page.tabs.currentIndex()) == "按来源机关"
    overdue_a = next(r for r in whole.by_origin if r.label == "甲县").value("overdue")
    rows = _row_texts(page.tables["origin"])
    assert rows[0][:5] == ["本机关", "2", "0", "0", "—"]
    assert rows[1][:6] == ["甲县", "4", "4", "2", "50.0%", str(overdue_a)]   # 拼音: jiǎ before yǐ
    assert rows[2][:5] == ["乙县", "3", "3", "1", "33.3%"]
    assert rows[3][:5] == ["合计", "9", "7", "3", "42.9%"]
    assert page.cards["total"].value_label.text() == "9"
    # a county's figure opens the 问题清单 on exactly its problems
    page.tables["origin"].cellClicked.emit(1, 3)   # 甲县 已销号
    assert window.current_page_key() == "ledger"
    ledger_page = window.page("ledger")
    assert ledger_page.bar.origin_box.currentText() == COUNTY_A
    numbers = sorted(ledger_page.model.index(r, 0).data() for r in range(ledger_page.model.rowCount()))
    assert numbers == ["甲县·甲-001", "甲县·甲-002"]
    # pick one county: every card is that county's
    page = window.show_page("overview")
    page.origin_box.setCurrentIndex(page.origin_box.findText("乙县"))
    page.origin_box.activated.emit(page.origin_box.currentIndex())
    assert page.heading.text().endswith("总览（乙县）")
    assert [page.cards[k].value_label.text() for k in ("total", "handed_over", "done", "rate")] == ["3", "3", "1", "33.3%"]
    assert page.summary.text() == "共梳理问题3个，已交办3个，已整改完成（销号）1个，交办问题整改率33.3%。"
    units = _row_texts(page.tables["unit"])
    assert units[-1][:4] == ["合计", "3", "3", "1"]
    page.open_card("total")
    assert ledger_page.bar.origin_box.currentText() == COUNTY_B
    assert ledger_page.model.rowCount() == 3


def test_ledger_shows_the_origin_column_and_filters_with_the_others(window, qtbot):
    page = window.show_page("ledger")
    assert "origin" in page.visible_column_keys()
    col = COLUMN_KEYS.index("origin")
    assert page.model.headerData(col, Qt.Orientation.Horizontal) == "来源机关"
    count = window.findChild(QLabel, "ledger_count")
    # 来源机关 + 状态 + search together
    page.set_filter(origin=origin_key(window.store, COUNTY_A), statuses=("整改中",))
    assert count.text() == "共 2 条（本专题 9 条）"
    assert {page.model.index(r, col).data() for r in range(page.model.rowCount())} == {COUNTY_A}
    page.set_filter(origin=origin_key(window.store, COUNTY_B), search="敬老院")
    assert count.text() == "共 3 条（本专题 9 条）"
    page.set_filter(origin=ledger.LOCAL_ORIGIN, lead_unit_id=window.store.scalar(
        "SELECT id FROM units WHERE name = '某市民政局'"))
    assert count.text() == "共 2 条（本专题 9 条）"
    # sorting by 来源机关 keeps each office's problems together
    page.set_filter()
    page.table.horizontalHeader().setSortIndicator(col, Qt.SortOrder.AscendingOrder)
    shown = [page.model.index(r, col).data() for r in range(page.model.rowCount())]
    assert shown == sorted(shown) and len(shown) == 9
    page.table.horizontalHeader().setSortIndicator(col, Qt.SortOrder.DescendingOrder)
    assert [page.model.index(r, col).data() for r in range(page.model.rowCount())] == sorted(shown, reverse=True)


def test_hiding_the_origin_column_is_remembered(window, qtbot, qsettings):
    page = window.show_page("ledger")
    col = COLUMN_KEYS.index("origin")
    page.set_column_visible(col, False)
    page.save_layout(qsettings)
    page.columns.show_origin_default(True)
    page.restore_layout(qsettings)
    page.columns.show_origin_default(True)
    assert "origin" not in page.visible_column_keys()
    page.columns.reset()
    assert "origin" in page.visible_column_keys()


def test_county_with_only_its_own_problems_sees_no_origin(window, qtbot):
    page = window.show_page("ledger")
    assert "origin" not in page.visible_column_keys()
    assert not page.bar.origin_box.isVisible()
    overview_page = window.show_page("overview")
    assert not overview_page.origin_box.isVisible()
    assert not overview_page.tabs.isTabVisible(overview_page.tabs.indexOf(overview_page.tables["origin"]))
    assert overview_page.tabs.currentWidget() is overview_page.tables["unit"]


def test_month_dispatch_by_county_and_its_export(window, qtbot, tmp_path):
    from openpyxl import load_workbook

    from ui.workflow.dispatch_model import ORIGIN_COLUMN

    page = window.show_page("dispatch")
    page.set_month(2026, 6)   # a past month: rebuilt as it stood on 6月30日, whatever today is
    assert page.origin_box.isVisible() and not page.problems.isColumnHidden(ORIGIN_COLUMN)
    assert [page.origin_box.itemText(i) for i in range(page.origin_box.count())] == ["全部（合并）", "本机关", "甲县", "乙县"]
    shown = page.problems.model()
    assert shown.headerData(ORIGIN_COLUMN, Qt.Orientation.Horizontal) == "来源机关"
    assert [shown.index(r, ORIGIN_COLUMN).data() for r in range(shown.rowCount())] == ["甲县", "甲县", "乙县", "乙县"]
    assert _row_texts(page.origin_table) == [["本机关", "0", "0", "0", "0", "0", "0"],
                                             ["甲县", "2", "2", "1", "1", "0", "1"],
                                             ["乙县", "2", "2", "0", "2", "0", "0"],
                                             ["合计", "4", "4", "1", "3", "0", "1"]]
    # a click on a county's subtotal narrows the month to it
    page.origin_table.cellClicked.emit(1, 0)
    assert page.origin_box.currentText() == "甲县"
    assert "2026年6月（甲县）：在办问题 2 项" in page.summary.text()
    assert {shown.index(r, 2).data() for r in range(shown.rowCount())} == {"甲县·甲-003", "甲县·甲-004"}
    assert _row_texts(page.origin_table) == [["甲县", "2", "2", "1", "1", "0", "1"]]
    assert sum(int(page.ranking.item(r, 2).text()) for r in range(page.ranking.rowCount())) == 4
    # the exported sheet is the county's, as on screen
    path = tmp_path / "月调度.xlsx"
    runner = window.export_actions.export_dispatch(path=path, year=2026, month=6)
    if not runner.outcome:
        with qtbot.waitSignal(runner.done, timeout=20000):
            pass
    assert runner.outcome == "succeeded"
    book = load_workbook(path)
    assert book.sheetnames == ["月调度表", "按来源机关", "单位排名"]
    assert "（甲县）" in book["月调度表"]["A1"].value
    page.set_origin("")
    assert shown.rowCount() == 4


def test_county_month_has_no_origin_column(window, qtbot):
    from ui.workflow.dispatch_model import ORIGIN_COLUMN

    page = window.show_page("dispatch")
    page.set_month(2026, 6)
    assert not page.origin_box.isVisible() and page.problems.isColumnHidden(ORIGIN_COLUMN)
    assert not page.origin_box_widget.isVisible()


def test_city_bulletin_through_the_editor(window, qtbot, tmp_path, monkeypatch):
    from docx import Document

    from ui.documents import files
    from ui.documents import word as documents

    target = tmp_path / "简报.docx"
    monkeypatch.setattr(files, "get_save_file_name", lambda *a: str(target))
    monkeypatch.setattr(files, "show_info", lambda *a: None)
    seen = []

    def accept(editor):
        seen.append(editor.body.toPlainText())
        return True
    monkeypatch.setattr(documents, "run_dialog", accept)
    assert documents.make_bulletin(window) == target
    assert "市、县两级共梳理具体问题9个" in seen[0]
    texts = [p.text for p in Document(str(target)).paragraphs]
    assert "乙县：梳理问题3个，已交办3个，已整改完成（销号）1个，整改率33.3%。" in texts
    assert any(t.startswith("甲县：梳理问题4个，已交办4个，已整改完成（销号）2个，整改率50%") for t in texts)
