"""三级联动 through the window, as users walk it: the province hands four problems to a county; the
county (this window) imports them, hands them to its units, files progress and closes two; county and
city change the same field; the conflict is shown, resolved here, and the resolution reaches the
city; the city's 总览 counts the county's problems."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox, QLabel, QTableView
from sync_offices import CAMPAIGN, UNITS, office, problem_by_number, wait_change_list

from models import campaigns, units
from models.domain import Campaign, Unit
from models.problems import ProblemForm, create_problem, form_from_problem, get_problem, update_problem
from models.sync import conflicts, export, identity, merge
from models.workflow import overview
from models.workflow.closing import ClosingForm, close_problem
from models.workflow.handover import HandoverForm, create_batch
from models.workflow.progress import ReportForm, add_report
from ui.sync import actions, importing
from ui.sync.batch_dialog import ChangeListDialog

pytestmark = pytest.mark.gui


def _province(path):
    store = office(path, "某省人大常委会", "省")
    cid = campaigns.create_campaign(store, Campaign(name=CAMPAIGN, year=2026, level="省"))
    units.create_unit(store, Unit(name="某县人大常委会", kind="下级人大常委会"))
    ids = [create_problem(store, ProblemForm(number=f"省-{i}", source="执法检查", description=f"第{i}家养老机构消防不达标",
                                             lead_unit="某县人大常委会", kind="限期整改", deadline="2026-12-31"),
                          campaign_id=cid) for i in range(1, 5)]
    create_batch(store, cid, HandoverForm(doc_number="某人常〔2026〕4号", handover_date="2026-02-01",
                                          organ="某省人大常委会", recipients=["某县人大常委会"]), ids)
    return store


def _edit(store, number, **values):
    pid = problem_by_number(store, number)["id"]
    form = form_from_problem(store, get_problem(store, pid))
    for k, v in values.items():
        setattr(form, k, v)
    update_problem(store, pid, form)


def _import_in_window(window, qtbot, path, monkeypatch):
    monkeypatch.setattr(importing, "choose_packages", lambda w: [str(path)])
    next(a for a in window.findChild(type(window.menu("file")), "sync_menu").actions()
         if a.text() == "导入交换包…").trigger()
    dialog = wait_change_list(window, qtbot)
    lines = [dialog.lines.item(i).text() for i in range(dialog.lines.count())]
    with qtbot.waitSignal(window.data_changed, timeout=20000):
        dialog.apply_button.click()
    qtbot.waitUntil(lambda: window.findChild(ChangeListDialog, "sync_change_list_dialog") is None)
    return lines


def test_the_whole_story_through_the_window(window, qtbot, tmp_path, monkeypatch):
    said = []
    from ui.dialogs import messages
    from ui.documents import files

    monkeypatch.setattr(messages, "inform", lambda parent, title, text: said.append(text))
    monkeypatch.setattr(messages, "warn", lambda parent, title, text: said.append(text))
    county = window.store
    # the county names itself in 本机关信息
    dialog = actions.open_identity(window)
    dialog.office.setText("某县人大常委会")
    dialog.level.setCurrentText("县")
    dialog.ok_button.click()
    assert identity.identity(county).office == "某县人大常委会"
    # 1. the province hands four problems down
    province = _province(tmp_path / "province.db")
    export.export_package(province, to_office="某县人大常委会", out=tmp_path / "省1.zip")
    lines = _import_in_window(window, qtbot, tmp_path / "省1.zip", monkeypatch)
    assert "新增问题：4 条" in lines and "新增交办批次：1 条" in lines
    assert any("首次收到“某省人大常委会”的交换包" in line for line in lines)
    window.reload_campaigns()
    assert county.scalar("SELECT count(*) FROM problems WHERE status = '整改中'") == 4
    # the ledger can now be filtered by 来源机关 (the merged view)
    window.show_page("ledger")
    origin = window.findChild(QComboBox, "filter_origin")
    qtbot.waitUntil(lambda: origin.isVisible() and origin.findText("某省人大常委会") >= 0)
    origin.setCurrentIndex(origin.findText("本机关"))
    qtbot.waitUntil(lambda: window.findChild(QLabel, "ledger_count").text() == "共 0 条（本专题 4 条）")
    origin.setCurrentIndex(origin.findText("某省人大常委会"))
    qtbot.waitUntil(lambda: window.findChild(QLabel, "ledger_count").text() == "共 4 条")
    # handed down: listed with their origin's number, as 上级交办 followed by the province
    table = window.findChild(QTableView, "ledger_table")
    shown = {table.model().index(r, c).data() for r in range(table.model().rowCount())
             for c in range(table.model().columnCount())}
    assert {"某省·省-1", "某省·省-4", "上级交办"} <= shown
    assert county.scalar("SELECT count(*) FROM problems p JOIN units u ON u.id = p.supervisor_unit_id "
                         "WHERE u.name = '某省人大常委会' AND p.source = '上级交办'") == 4
    # 2. the county hands them to its own units, files progress, closes two
    cid = county.scalar("SELECT id FROM campaigns")
    for u in UNITS:
        units.create_unit(county, Unit(name=u, kind="政府部门"))
    ids = county.column("SELECT id FROM problems ORDER BY number")
    create_batch(county, cid, HandoverForm(doc_number="某县人常办〔2026〕7号", handover_date="2026-02-10",
                                           organ="某县人大常委会", recipients=[UNITS[0]]), ids)
    for pid in ids[:2]:
        add_report(county, pid, ReportForm(report_date="2026-03-01", unit=UNITS[0], measures="已更换消防设施",
                                           percent=100, requests_closing=True))
        close_problem(county, pid, ClosingForm(checked_by="李四", check_date="2026-03-02", opinion="已整改到位",
                                               no_evidence_reason="现场核查"))
    # 3. up to the city, through the 写交换包 dialog
    city = office(tmp_path / "city.db", "某市人大常委会", "市")
    monkeypatch.setattr(files, "get_save_file_name", lambda *a: str(tmp_path / "县1.zip"))
    dialog = actions.open_export(window)
    dialog.recipient.setEditText("某市人大常委会")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: any("已写出交换包" in t for t in said), timeout=20000)
    up = merge.import_package(city, tmp_path / "县1.zip")
    assert up.new_rows["problems"] == 4 and up.new_rows["closure_checks"] == 2
    # 4. both change the same field
    _edit(city, "某省·省-3", place="市里核实的地点")
    _edit(county, "某省·省-3", place="县里核实的地点")
    export.export_package(city, to_office="某县人大常委会", out=tmp_path / "市1.zip")
    lines = _import_in_window(window, qtbot, tmp_path / "市1.zip", monkeypatch)
    assert any(line.startswith("冲突：问题 某省·省-3 地点：本机“县里核实的地点”，对方“市里核实的地点”") for line in lines)
    assert problem_by_number(county, "某省·省-3")["place"] == "县里核实的地点"
    # 5. shown and resolved here, in the 交换冲突 dialog
    dialog = actions.open_conflicts(window)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 3).text() == "市里核实的地点"
    dialog.table.selectRow(0)
    dialog.take_button.click()
    assert dialog.table.isHidden() and not conflicts.open_conflicts(county)
    assert problem_by_number(county, "某省·省-3")["place"] == "市里核实的地点"
    # 6. the resolution reaches the city: its own conflict is settled by it
    export.export_package(county, to_office="某市人大常委会", out=tmp_path / "县2.zip")
    merge.import_package(city, tmp_path / "县2.zip")
    assert not conflicts.open_conflicts(city)
    assert problem_by_number(city, "某省·省-3")["place"] == "市里核实的地点"
    # 7. the city's 总览 counts the county's problems and closures
    figures = overview.compute(city, city.scalar("SELECT id FROM campaigns"))
    assert (figures.value("total"), figures.value("done")) == (4, 2)
    # and the packages can be listed; the last import cannot be undone after the resolution was written
    dialog = actions.open_packages(window)
    assert dialog.table.rowCount() == 2 and not dialog.undo_button.isEnabled()
    assert "之后本机又有其他修改（如“解决冲突”）" in dialog.reason.text()
