"""The import wizard and reply dialogs, driven as a user would (offscreen)."""
from __future__ import annotations

import threading

import pytest

from models.exchange import importer
from tests.exchange_books import FIXTURE, book, campaign, row, units

pytestmark = pytest.mark.gui


@pytest.fixture
def ready(window):
    cid = campaign(window.store, 2024)
    window.reload_campaigns(cid)
    return window


@pytest.fixture
def quiet(monkeypatch):
    """Message boxes answered without showing: records what was said."""
    from ui.dialogs import messages

    said = []
    monkeypatch.setattr(messages, "ask", lambda parent, title, text, **kw: said.append(text) or True)
    monkeypatch.setattr(messages, "inform", lambda parent, title, text: said.append(text))
    monkeypatch.setattr(messages, "warn", lambda parent, title, text: said.append(text))
    return said


def _action(window, text):
    return next(a for a in window.menu("file").actions() if a.text() == text)


def _wizard(qtbot, window):
    _action(window, "导入问题清单…").trigger()
    wizard = window.import_wizard
    return wizard


def _next(qtbot, wizard, step):
    wizard.go_next()
    qtbot.waitUntil(lambda: wizard.step == step and wizard.runner is None, timeout=20000)


def test_fixture_through_every_step(qtbot, ready, quiet):
    from ui.exchange import wizard as wz

    wizard = _wizard(qtbot, ready)
    assert wizard.set_file(FIXTURE)
    _next(qtbot, wizard, wz.COLUMNS)
    assert wizard.mapping_page.header_spin.value() == 4
    assert wizard.mapping_page.chosen()[2] == "description"
    _next(qtbot, wizard, wz.UNITS)
    assert wizard.units_page.table.rowCount() == 18
    _next(qtbot, wizard, wz.PREVIEW)
    assert "将导入 <b>13</b> 行" in wizard.preview_page.summary.text()
    _next(qtbot, wizard, wz.DONE)
    assert "已导入 <b>13</b> 个问题" in wizard.done_label.text()
    assert ready.store.scalar("SELECT COUNT(*) FROM problems") == 13
    wizard.undo()
    qtbot.waitUntil(lambda: wizard.result is None, timeout=20000)
    assert ready.store.scalar("SELECT COUNT(*) FROM problems") == 0
    assert "已撤销" in wizard.done_label.text()


def test_bad_file_message_and_preview_edit_in_place(qtbot, ready, quiet, tmp_path):
    from PySide6.QtCore import Qt

    from ui.exchange import preview_model as pm
    from ui.exchange import wizard as wz

    wizard = _wizard(qtbot, ready)
    bad = tmp_path / "坏.xlsx"
    bad.write_text("不是表格", encoding="utf-8")
    assert not wizard.set_file(bad)
    assert "不是 Excel 工作簿" in wizard.file_page.error.text()
    units(ready.store, "县民政局")
    wizard.set_file(book(tmp_path / "a.xlsx", [row(1, "敬老院消防设施不达标", deadline="下周"),
                                              row(2, "幸福院大门长期上锁")]))
    _next(qtbot, wizard, wz.COLUMNS)
    _next(qtbot, wizard, wz.PREVIEW)          # every unit known: the units step is skipped
    model = wizard.preview_page.model
    assert model.index(0, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert "无法识别整改时限“下周”" in model.index(0, pm.NOTE).data()
    assert model.setData(model.index(0, pm.DEADLINE), "6月底")
    assert model.index(0, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.index(0, pm.READ_AS).data() == "限期整改 2024-06-30"
    # a unit typed in the preview that does not exist yet: 上一步 lists it for creating
    assert model.setData(model.index(1, pm.LEAD), "县老龄办")
    assert "尚未登记" in model.index(1, pm.NOTE).data()
    wizard.go_back()
    assert wizard.step == wz.UNITS and wizard.units_page.table.item(0, 0).text() == "县老龄办"
    _next(qtbot, wizard, wz.PREVIEW)
    _next(qtbot, wizard, wz.DONE)
    assert ready.store.scalar("SELECT COUNT(*) FROM problems") == 2
    assert ready.store.scalar("SELECT COUNT(*) FROM units WHERE name = '县老龄办'") == 1


def test_big_sheet_imports_off_the_gui_thread_with_progress(qtbot, ready, quiet, tmp_path, monkeypatch):
    from ui import jobs
    from ui.exchange import wizard as wz

    monkeypatch.setattr(jobs, "SHOW_AFTER_MS", 0)
    path = book(tmp_path / "big.xlsx", [row(i, f"第{i}号问题：{i * 7919 % 100003}号敬老院{i % 97}处消防通道堵塞",
                                              unit=f"县单位{i % 9}") for i in range(1, 3001)])
    wizard = _wizard(qtbot, ready)
    wizard.set_file(path)
    _next(qtbot, wizard, wz.COLUMNS)
    _next(qtbot, wizard, wz.UNITS)
    _next(qtbot, wizard, wz.PREVIEW)
    seen = []
    wizard.go_next()
    runner = wizard.runner
    runner.progressed.connect(lambda d, t: seen.append((d, t)))
    qtbot.waitUntil(lambda: runner.dialog is not None, timeout=5000)
    assert runner.dialog.isVisible()
    qtbot.waitUntil(lambda: wizard.step == wz.DONE, timeout=60000)
    assert runner.ran_on is not threading.main_thread()
    assert seen and seen[-1][0] == seen[-1][1]
    n = ready.store.scalar("SELECT COUNT(*) FROM problems")
    assert n == wizard.result.added > 2500


def test_cancel_during_import_changes_nothing(qtbot, ready, quiet, tmp_path):
    from ui.exchange import wizard as wz

    path = book(tmp_path / "c.xlsx", [row(i, f"第{i}号敬老院{i * 31 % 977}处消防通道堵塞问题{i * 7 % 13}",
                                            unit="县民政局") for i in range(1, 1500)])
    wizard = _wizard(qtbot, ready)
    wizard.set_file(path)
    _next(qtbot, wizard, wz.COLUMNS)
    _next(qtbot, wizard, wz.UNITS)
    _next(qtbot, wizard, wz.PREVIEW)
    wizard.go_next()
    wizard.runner.cancel()
    qtbot.waitUntil(lambda: wizard.runner is None, timeout=30000)
    assert wizard.step == wz.PREVIEW
    assert ready.store.scalar("SELECT COUNT(*) FROM problems") == 0
    assert ready.store.scalar("SELECT COUNT(*) FROM units") == 0


def test_undo_import_from_menu(qtbot, ready, quiet, tmp_path):
    from tests.test_import_write import _run

    _, res = _run(ready.store, ready.campaign_id, book(tmp_path / "u.xlsx", [row(1, "幸福院大门长期上锁")]))
    _action(ready, "撤销导入…").trigger()
    ready.imports_dialog.undo_selected()
    qtbot.waitUntil(lambda: ready.undo_import_runner.outcome == "succeeded", timeout=20000)
    assert ready.store.scalar("SELECT COUNT(*) FROM problems") == 0
    assert importer.last_import(ready.store, ready.campaign_id) is None
    assert "已撤销：删除了 1 个导入的问题。" in quiet
    assert not ready.imports_dialog.undo_button.isEnabled()     # the list now says it was undone


def test_reply_dialogs_round_trip(qtbot, ready, quiet, tmp_path):
    from openpyxl import load_workbook

    from models.problems import ProblemForm, create_problem
    from models.workflow import rules

    store = ready.store
    units(store, "县民政局")
    pid = create_problem(store, ProblemForm(number="2024-001", source="专题调研", description="敬老院消防设施不达标",
                                            lead_unit="县民政局", deadline="2024-12-31"), campaign_id=ready.campaign_id)
    rules.apply_transition(store, pid, "整改中")
    _action(ready, "导出反馈表…").trigger()
    dialog = ready.findChild(__import__("ui.exchange.reply_dialogs", fromlist=["x"]).ReplyExportDialog)
    dialog.folder.setText(str(tmp_path))
    [path] = dialog.export()
    wb = load_workbook(path)
    ws = wb.active
    head = next(r for r in range(1, 6) if ws.cell(r, 1).value == "序号")
    cols = {ws.cell(head, c).value: c for c in range(1, ws.max_column + 1)}
    ws.cell(head + 1, cols["整改措施"]).value = "更换消防器材"
    ws.cell(head + 1, cols["完成百分比"]).value = 60
    ws.cell(head + 1, cols["填报日期"]).value = "2024-09-01"
    wb.save(path)
    from ui.exchange import actions

    imp = actions.open_reply_import(ready)
    with qtbot.waitSignal(imp.loaded, timeout=20000) as loaded:
        assert imp.load(path)
    assert loaded.args == [True] and imp.runner is None
    assert imp.table.item(0, 2).text() == "将导入"
    assert imp.do_import() == 1
    assert store.scalar("SELECT progress FROM problems WHERE id = ?", (pid,)) == 60


def test_undo_refused_with_reason_after_handover(qtbot, ready, quiet, tmp_path):
    from models.workflow import rules
    from tests.test_import_write import _run

    _, res = _run(ready.store, ready.campaign_id, book(tmp_path / "r.xlsx", [row(1, "幸福院大门长期上锁")]))
    pid = ready.store.scalar("SELECT id FROM problems")
    rules.apply_transition(ready.store, pid, "整改中")
    _action(ready, "撤销导入…").trigger()
    dialog = ready.imports_dialog
    assert not dialog.undo_button.isEnabled() and dialog.undo_selected() is None
    assert "不能整体撤销" in dialog.detail.text()
    assert ready.store.scalar("SELECT COUNT(*) FROM problems") == 1


def test_corrected_mapping_remembered_for_the_same_header(qtbot, ready, quiet, tmp_path):
    from ui.exchange import wizard as wz

    units(ready.store, "县民政局")
    header = ["序号", "情况", "单位", "时间", "来源"]
    path = book(tmp_path / "m.xlsx", [[1, "敬老院消防设施不达标", "县民政局", "年底前", "专题调研"]], header=header)
    wizard = _wizard(qtbot, ready)
    wizard.set_file(path)
    _next(qtbot, wizard, wz.COLUMNS)
    wizard.go_next()                                   # 情况/单位 are not recognised: refused with a reason
    assert "问题描述" in wizard.mapping_page.error.text()
    combos = wizard.mapping_page.combos
    for combo, key in zip(combos[1:4], ("description", "lead_unit", "deadline"), strict=True):
        combo.setCurrentIndex(combo.findData(key))
    _next(qtbot, wizard, wz.PREVIEW)
    _next(qtbot, wizard, wz.DONE)
    wizard.accept()

    again = _wizard(qtbot, ready)
    again.set_file(path)
    _next(qtbot, again, wz.COLUMNS)
    assert again.mapping_page.chosen() == ["seq", "description", "lead_unit", "deadline", "source"]
    assert "上次" in again.mapping_page.remembered.text()


def test_reading_and_checking_use_their_own_snapshot(qtbot, ready, quiet):
    """The wizard's read and check steps never queue behind the window's connection: while the
    window's connection is busy (its lock held here), the sheet is still read, mapped and checked."""
    from ui.exchange import wizard as wz

    wizard = _wizard(qtbot, ready)
    assert wizard.set_file(FIXTURE)
    with ready.store._lock:
        _next(qtbot, wizard, wz.COLUMNS)
        _next(qtbot, wizard, wz.UNITS)
        _next(qtbot, wizard, wz.PREVIEW)
    assert "将导入 <b>13</b> 行" in wizard.preview_page.summary.text()
    assert ready.store.scalar("SELECT COUNT(*) FROM problems") == 0
