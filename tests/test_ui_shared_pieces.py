"""Pieces more than one window uses, tested once as the clerk meets them: the 未登记单位 rows (import
wizard and 交换包 对应单位) and the 法规库 article list (法规库 tab and 从法规库选择)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from models.exchange.unit_names import UnitNeed
from models.lists import demo_data, regulations
from models.sync.units import IncomingUnit
from ui.exchange.wizard_pages import UnitsPage
from ui.lists.article_list import ArticleList
from ui.sync.units_dialog import UnitMappingDialog
from ui.widgets.unit_mapping import Answer, UnitMappingTable

pytestmark = pytest.mark.gui
EXISTING = [(1, "某某县人民政府"), (2, "某某县民政局"), (3, "某某县财政局")]


def _needs():
    return [UnitNeed("某某县新安镇人民政府", 3, suggest_id=1, suggest_name="某某县人民政府", kind="乡镇/街道"),
            UnitNeed("县民政局", 2, match_id=2, match_name="某某县民政局")]


def test_close_names_offered_never_chosen_and_the_same_unit_preselected(qtbot):
    table = UnitMappingTable(create_text="（新建）", where="表")
    qtbot.addWidget(table)
    table.show_questions(_needs(), EXISTING)
    guess, same = table.actions
    assert guess.currentText() == "（新建）" and guess.itemData(1) == 1 and "名称相近" in guess.itemText(1)
    assert [guess.itemData(i) for i in range(guess.count())] == [None, 1, 2, 3]   # the guess offered once, first
    assert same.currentText() == "对应到：某某县民政局" and not table.kinds[1].isEnabled()
    assert table.kinds[0].isEnabled() and table.kinds[0].currentText() == "乡镇/街道"
    assert table.answers() == [Answer(None, "乡镇/街道"), Answer(2, "政府部门")]
    table.choose(0, 1)
    assert not table.kinds[0].isEnabled() and table.chosen_name(0) == "某某县人民政府"
    table.show_questions(_needs(), EXISTING, answers=[Answer(3, "乡镇/街道"), Answer(None, "其他")])
    assert table.answers() == [Answer(3, "乡镇/街道"), Answer(None, "其他")]   # earlier answers win


def test_wizard_and_exchange_build_the_same_rows(qtbot):
    page = UnitsPage()
    qtbot.addWidget(page)
    page.show_needs(_needs(), EXISTING)
    incoming = [IncomingUnit("s1", "某县人大常委会", n.name, n.count, n.match_id, n.match_name, n.suggest_id,
                             n.suggest_name, n.kind) for n in _needs()]
    dialog = UnitMappingDialog(incoming, EXISTING)
    qtbot.addWidget(dialog)
    for a, b in zip(page.actions, dialog.actions, strict=True):
        assert [a.itemText(i) for i in range(1, a.count())] == [b.itemText(i) for i in range(1, b.count())]
        assert a.currentData() == b.currentData()
    assert [dialog.table.horizontalHeaderItem(c).text() for c in range(5)] == \
        ["来自", "包中的写法", "出现次数", "处理方式", "新建时的类别"]
    assert [page.table.horizontalHeaderItem(c).text() for c in range(4)] == ["表中的写法", "出现次数", "处理方式", "新建时的类别"]
    dialog.choose(0, 1)
    assert dialog.describe() == {"某县人大常委会": ["单位：“某某县新安镇人民政府”对应本机的“某某县人民政府”",
                                              "单位：“县民政局”对应本机的“某某县民政局”"]}
    assert dialog.plan() == {("s1", "某某县新安镇人民政府"): 1, ("s1", "县民政局"): 2}
    plan = page.plan()
    assert plan.create == {"某某县新安镇人民政府": "乡镇/街道"} and plan.match == {"县民政局": 2}


def test_article_list_shows_chapter_and_ticks_by_keyboard(qtbot, store):
    regulations.import_regulation(store, demo_data.REGULATION_TEXT)
    articles = ArticleList("查找", checkable=True)
    qtbot.addWidget(articles)
    articles.show_hits(regulations.search_articles(store, "消防"))
    assert articles.hits.count() == 2 and articles.checked() == []
    articles.hits.setCurrentRow(1)
    first = articles.hits.item(1).data(Qt.ItemDataRole.UserRole)
    assert articles.text.toPlainText().startswith(f"{first.citation}\n{first.chapter}")
    assert [h.citation for h in articles.checked()] == [first.citation]   # none ticked: the current one
    articles.hits.itemActivated.emit(articles.hits.item(0))
    assert [h.citation for h in articles.checked()] == ["《某某市养老服务促进条例》第六条"]
