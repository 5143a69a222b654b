"""Import details a clerk meets: status words offices write, formula cells, 编号 in the preview,
rows imported as 已销号 with their 销号核查 record."""
from __future__ import annotations

import pytest

from models.exchange import cell_words, preview
from models.vocab import (
    STATUS_CARRIED,
    STATUS_CLOSE_REQUESTED,
    STATUS_CLOSED,
    STATUS_IN_PROGRESS,
    STATUS_PENDING,
)
from tests.exchange_books import book, campaign, load, row, units
from tests.test_import_write import _run


@pytest.mark.parametrize(("written", "status"), [
    ("持续整改", STATUS_IN_PROGRESS), ("持续推进", STATUS_IN_PROGRESS), ("基本完成", STATUS_IN_PROGRESS),
    ("未完成", STATUS_IN_PROGRESS), ("正在整改", STATUS_IN_PROGRESS), ("已完成", STATUS_CLOSE_REQUESTED),
    ("完成", STATUS_CLOSE_REQUESTED), ("已办结", STATUS_CLOSE_REQUESTED), ("申请销号", STATUS_CLOSE_REQUESTED),
    ("已销号", STATUS_CLOSED), ("转下年度", STATUS_CARRIED), ("", STATUS_PENDING), ("未交办", STATUS_PENDING)])
def test_status_words_offices_use(written, status):
    assert cell_words.read_status(written) == status


def test_closed_row_gets_a_closure_check_saying_it_was_imported(tmp_path, store):
    cid = campaign(store)
    units(store, "县民政局")
    path = book(tmp_path / "销号.xlsx", [row(1, "养老护理员持证上岗率低", status="已销号"),
                                        row(2, "幸福院大门长期上锁", status="持续整改")])
    _, res = _run(store, cid, path)
    assert res.added == 2
    closed = store.query_one("SELECT id, status, progress FROM problems WHERE description LIKE '养老护理员%'")
    assert (closed["status"], closed["progress"]) == (STATUS_CLOSED, 100)
    check = store.query_one("SELECT * FROM closure_checks WHERE problem_id = ?", (closed["id"],))
    assert "按已销号导入" in check["opinion"] and "第 3 行" in check["opinion"] and check["no_evidence_reason"]
    assert store.scalar("SELECT status FROM problems WHERE description LIKE '幸福院%'") == STATUS_IN_PROGRESS
    assert store.scalar("SELECT COUNT(*) FROM closure_checks") == 1


def test_preview_shows_the_sheets_number(qtbot, tmp_path, store):
    from ui.exchange import preview_model as pm

    cid = campaign(store)
    units(store, "县民政局")
    header = ["序号", "编号", "问题来源", "问题描述", "责任单位", "整改时限"]
    path = book(tmp_path / "编号.xlsx", [[1, "2024-017", "专题调研", "敬老院消防设施不达标", "县民政局", "年底前"],
                                        [2, None, "专题调研", "幸福院大门长期上锁", "县民政局", "年底前"]], header=header)
    _, _, _, ex = load(store, path)
    pv = preview.build_preview(store, cid, ex, preview.UnitPlan())
    model = pm.PreviewModel(pv)
    assert pm.COLUMNS[pm.NUMBER][0] == "编号"
    assert model.index(0, pm.NUMBER).data() == "2024-017"
    assert model.index(1, pm.NUMBER).data() == "（自动编号）"


@pytest.mark.parametrize(("title", "year", "from_sheet"), [
    ("某县2025年联动监督问题清单", 2025, True), ("某县问题清单（截至2026年3月）", 2026, True),
    ("某县联动监督问题清单", 2024, False)])
def test_month_without_year_takes_the_sheets_year(tmp_path, store, title, year, from_sheet):
    cid = campaign(store, 2024)
    units(store, "县民政局")
    path = book(tmp_path / "年份.xlsx", [row(1, "敬老院消防设施不达标", deadline="6月底"),
                                        row(2, "幸福院大门长期上锁", deadline="2024-12-31")], title=title)
    _, _, _, ex = load(store, path)
    pv = preview.build_preview(store, cid, ex, preview.UnitPlan())
    assert pv.rows[0].record["deadline"] == f"{year}-06-30"
    assert pv.yearless == 1 and bool(pv.year_from) == from_sheet
    again = preview.build_preview(store, cid, ex, preview.UnitPlan(), deadline_year=2027)   # the user's answer
    assert again.rows[0].record["deadline"] == "2027-06-30" and again.rows[1].record["deadline"] == "2024-12-31"


def test_wizard_asks_the_year_when_the_sheet_does_not_say(qtbot, tmp_path, window, monkeypatch):
    from ui.dialogs import messages
    from ui.exchange import wizard as wz

    asked = []
    monkeypatch.setattr(messages, "ask", lambda parent, title, text, **kw: asked.append(text) or False)
    units(window.store, "县民政局")
    window.reload_campaigns(campaign(window.store, 2024))
    wizard = wz.ImportWizard(window)
    qtbot.addWidget(wizard)
    wizard.set_file(book(tmp_path / "无年份.xlsx", [row(1, "敬老院消防设施不达标", deadline="6月底")], title="某县问题清单"))
    for step in (wz.COLUMNS, wz.PREVIEW):
        wizard.go_next()
        qtbot.waitUntil(lambda s=step: wizard.step == s and wizard.runner is None, timeout=20000)
    assert "按 <b>2024</b> 年理解" in wizard.preview_page.summary.text()
    assert wizard.preview_page.year_spin.isVisibleTo(wizard) and wizard.preview_page.year_spin.value() == 2024
    wizard.go_next()                                           # 开始导入: asked first, answered 返回修改
    assert asked and "没有写年份" in asked[0] and wizard.step == wz.PREVIEW and wizard.runner is None
    wizard.preview_page.year_spin.setValue(2025)
    wizard.preview_page.year_apply.click()
    qtbot.waitUntil(lambda: wizard.runner is None and wizard.preview.year_from == "您的选择", timeout=20000)
    assert wizard.preview.rows[0].record["deadline"] == "2025-06-30"
