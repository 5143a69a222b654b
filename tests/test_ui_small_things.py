"""Small things a clerk meets in the first month: unit order and kinds, a new unit from the problem
dialog, 月调度's progress text, the demo's 满意度测评, the import's menu name."""
from __future__ import annotations

import pytest
from test_ui_dialogs import open_new

from models import demo
from models.campaigns import create_campaign
from models.domain import Campaign, Unit
from models.normalize import join_clauses
from models.units import create_unit, find_unit, guess_kind
from models.workflow import evaluation

pytestmark = pytest.mark.gui

UNITS = [("某某县住房和城乡建设局", "县住建局", "政府部门"), ("某某县民政局", "县民政局", "政府部门"),
         ("某某县人民政府", "县政府", "人民政府"), ("某某县城关镇人民政府", "城关镇", "乡镇/街道"),
         ("某某县安乐镇人民政府", "安乐镇", "乡镇/街道"), ("某某县财政局", "县财政局", "政府部门"),
         ("阿坝路街道办事处", "", "乡镇/街道")]


def test_units_page_groups_by_kind_and_sorts_names_by_pinyin(window, qtbot):
    for name, short, kind in UNITS:
        create_unit(window.store, Unit(name=name, short_name=short, kind=kind))
    page = window.show_page("units")
    page.refresh()
    assert page.unit_names() == ["某某县人民政府",                                 # 人民政府 first
                                 "某某县财政局", "某某县民政局", "某某县住房和城乡建设局",  # cai, min, zhu
                                 "阿坝路街道办事处", "某某县安乐镇人民政府", "某某县城关镇人民政府"]
    header = page.table.horizontalHeader()
    header.setSortIndicator(0, header.sortIndicatorOrder().AscendingOrder)   # click 单位全称: A→Z by pinyin
    names = page.unit_names()
    assert names[0] == "阿坝路街道办事处" and names.index("某某县财政局") < names.index("某某县住房和城乡建设局")
    box = window.page("ledger").bar.unit_box
    window.page("ledger").bar.reload_choices(None)
    shown = [box.itemText(i) for i in range(box.count())]
    assert shown.index("县政府") < shown.index("县财政局") < shown.index("县民政局") < shown.index("安乐镇")


@pytest.mark.parametrize(("name", "kind"), [
    ("城关镇", "乡镇/街道"), ("某县城关镇人民政府", "乡镇/街道"), ("东城街道", "乡镇/街道"), ("张庄乡", "乡镇/街道"),
    ("某某县人民政府", "人民政府"), ("县民政局", "政府部门"), ("县卫生健康委员会", "政府部门"),
    ("县人大社会建设委员会", "人大机关/专门委员会"), ("县人大常委会办公室", "人大机关/专门委员会"),
    ("某某区人大常委会", "下级人大常委会"), ("县老年大学协会", "其他")])
def test_new_unit_kind_follows_the_name(name, kind):
    assert guess_kind(name) == kind


def test_new_unit_from_the_problem_dialog(window, qtbot):
    cid = create_campaign(window.store, Campaign(name="养老服务联动监督", year=2024))
    create_unit(window.store, Unit(name="某某县民政局", short_name="县民政局", kind="政府部门"))
    window.reload_campaigns(select_id=cid)
    dialog = open_new(window, qtbot)
    dialog.coop_edit.setText("县民政局、城关镇")
    unit_dialog = dialog.open_unit_dialog("coop")
    assert unit_dialog.name_edit.text() == "城关镇"
    assert unit_dialog.kind_box.currentText() == "乡镇/街道"      # not 政府部门
    unit_dialog.name_edit.setText("某某县城关镇人民政府")
    unit_dialog.short_edit.setText("城关镇")
    assert unit_dialog.kind_box.currentText() == "乡镇/街道"
    assert unit_dialog.save()
    assert find_unit(window.store, "城关镇").kind == "乡镇/街道"
    assert dialog.coop_edit.text() == "县民政局、某某县城关镇人民政府"   # not "…城关镇、某某县城关镇人民政府"
    dialog.reject()


def test_progress_text_has_no_double_marks():
    assert join_clauses("落实到位。", "整改完成") == "落实到位；整改完成"
    assert join_clauses("已制定方案；", "", None, "完成50%。") == "已制定方案；完成50%"


def test_dispatch_row_reads_clean(window, qtbot):
    from models.workflow import dispatch
    from ui.workflow_views.dispatch_model import _texts

    row = dispatch.DispatchRow(problem_id=1, number="2026-001", description="d", lead_unit_id=None,
                               lead_unit="县民政局", status="整改中", deadline=None, deadline_state="无时限",
                               progress=50, handed_over_on=None,
                               last_report={"measures": "落实到位。", "result": "整改完成", "report_date": "2026-01-01",
                                            "unit": "县民政局"},
                               reported_in_month=True, expected=True)
    assert "落实到位；整改完成" in _texts(row)


def test_demo_has_satisfaction_votes(window, qtbot):
    cid = demo.fill_demo(window.store)
    evs = evaluation.list_evaluations(window.store, cid)
    assert len(evs) == 2
    per_unit = max(evs, key=lambda e: len(e.rows))
    assert len(per_unit.rows) >= 5 and all(r.total == 31 for r in per_unit.rows)
    window.reload_campaigns(select_id=cid)
    page = window.show_page("evaluation")
    page.refresh()
    assert page.list.model().rowCount() == 2 and not page.empty.isVisible()


def test_import_result_names_the_menu_entry(window, qtbot):
    from models.exchange.importer import ImportResult
    from ui.exchange.actions import open_import_wizard

    window.reload_campaigns(select_id=create_campaign(window.store, Campaign(name="专题", year=2024)))
    assert "撤销导入…" in [a.text() for a in window.menu("file").actions()]
    wizard = open_import_wizard(window)
    qtbot.addWidget(wizard)
    wizard._imported(ImportResult(import_id=1, added=3, skipped=0, created_units=[], reports=0, backup=None))
    assert "“撤销导入…”" in wizard.done_label.text() and "撤销上次导入" not in wizard.done_label.text()
    wizard.reject()
