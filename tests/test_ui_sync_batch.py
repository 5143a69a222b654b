"""The city imports packages from several counties at once through the window: one change list with a
row per package (missing packages named, refusals with their Chinese reason), apply all or some after
one backup; 已导入的交换包 undoes a package together with what came after it, saying so first."""
from __future__ import annotations

import json
import threading

import pytest
from sync_offices import county_with_problems, send, wait_change_list

from models.problems import form_from_problem, get_problem, update_problem
from models.safety.backup import REASON_IMPORT, list_backups
from models.sync import batch, export, identity
from ui.dialogs import messages
from ui.sync import actions, importing
from ui.sync.batch_dialog import CHECK, CONFLICTS, NOTE, OFFICE, PROBLEMS, ChangeListDialog

pytestmark = pytest.mark.gui
CITY = "某市人大常委会"


def _edit(store, pid, **values):
    form = form_from_problem(store, get_problem(store, pid))
    for k, v in values.items():
        setattr(form, k, v)
    update_problem(store, pid, form)


@pytest.fixture
def city(window, monkeypatch):
    identity.set_office(window.store, CITY, "市")
    said: list[str] = []
    monkeypatch.setattr(messages, "inform", lambda parent, title, text: said.append(text))
    monkeypatch.setattr(messages, "warn", lambda parent, title, text: said.append(text))
    window.said = said
    return window


def _change_list(window, qtbot, paths, monkeypatch) -> ChangeListDialog:
    monkeypatch.setattr(importing, "choose_packages", lambda w: [str(p) for p in paths])
    next(a for a in window.findChild(type(window.menu("file")), "sync_menu").actions()
         if a.text() == "导入交换包…").trigger()
    return wait_change_list(window, qtbot)


def _row(dialog, office_name):
    return next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, OFFICE).text() == office_name)


def _apply(window, qtbot, dialog):
    with qtbot.waitSignal(window.data_changed, timeout=30000):
        dialog.apply_button.click()
    qtbot.waitUntil(lambda: any("已导入" in t for t in window.said), timeout=30000)


def test_several_counties_at_once_one_list_apply_some(city, qtbot, tmp_path, monkeypatch):
    window = city
    # 甲县: its 1st package reached the city earlier; its 2nd and 3rd were lost, the 4th arrives now
    a, a_ids = county_with_problems(tmp_path / "a.db", 2, name="甲县人大常委会", prefix="甲")
    send(a, window.store, tmp_path / "a1.zip")
    send(window.store, a, tmp_path / "ack.zip")
    for n in (2, 3):
        _edit(a, a_ids[0], place=f"第{n}次修改")
        export.export_package(a, to_office=CITY, out=tmp_path / f"a{n}.zip")
    site = identity.identity(a).site_id
    a.execute("UPDATE sync_peers SET acked = ?", (json.dumps({site: a.scalar("SELECT max(seq) FROM change_log")}),))
    _edit(a, a_ids[0], place="第4次修改")
    export.export_package(a, to_office=CITY, out=tmp_path / "a4.zip")
    # 乙县 and 丙县 send their first; 丙县's arrives damaged; one package was written for the province
    b, _ = county_with_problems(tmp_path / "b.db", 3, name="乙县人大常委会", prefix="乙")
    export.export_package(b, to_office=CITY, out=tmp_path / "b1.zip")
    c, _ = county_with_problems(tmp_path / "c.db", 1, name="丙县人大常委会", prefix="丙")
    export.export_package(c, to_office=CITY, out=tmp_path / "c1.zip")
    data = bytearray((tmp_path / "c1.zip").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (tmp_path / "c1.zip").write_bytes(bytes(data))
    export.export_package(b, to_office="某省人大常委会", out=tmp_path / "b-province.zip")
    (tmp_path / "b1-copy.zip").write_bytes((tmp_path / "b1.zip").read_bytes())

    reads = []
    real = batch.read_many

    def watched(store, paths, progress=None):
        reads.append(threading.current_thread())
        return real(store, paths, lambda done, total: (reads.append((done, total)), progress(done, total))[1])
    monkeypatch.setattr(batch, "read_many", watched)
    backups = len([b for b in list_backups(window.store.path) if b.reason == REASON_IMPORT])
    dialog = _change_list(window, qtbot, [tmp_path / f for f in ("a4.zip", "c1.zip", "b1.zip", "b-province.zip",
                                                                  "b1-copy.zip")], monkeypatch)
    assert reads[0] is not threading.main_thread() and (5, 5) in reads   # read in the background, with progress
    assert dialog.table.rowCount() == 5
    text = lambda r, c: dialog.table.item(r, c).text()  # noqa: E731
    ra, rb = _row(dialog, "甲县人大常委会"), _row(dialog, "乙县人大常委会")
    assert "缺少该县第2–3号交换包" in text(ra, NOTE)
    assert text(rb, PROBLEMS) == "3" and text(rb, CONFLICTS) == "0" and text(rb, NOTE) == "可以导入"
    refused = [text(r, NOTE) for r in range(5) if text(r, CHECK) == "—"]
    assert len(refused) == 3 and all(n.startswith("拒绝：") for n in refused)
    assert any("某省人大常委会" in n for n in refused)                     # written for another office
    assert any("同一个交换包" in n and "b1.zip" in n for n in refused)      # the same package twice
    assert any("交换包已损坏" in n for n in refused)                       # bits flipped on the way
    assert dialog.apply_button.text() == "应用所选（2 个）"
    dialog.table.selectRow(ra)
    lines = [dialog.lines.item(i).text() for i in range(dialog.lines.count())]
    assert "缺少该县第2–3号交换包（其中的变更本包没有，请向对方索取）。" in lines
    # only 乙县 this time
    dialog.set_checked(ra, False)
    assert dialog.apply_button.text() == "应用所选（1 个）"
    _apply(window, qtbot, dialog)
    assert window.store.scalar("SELECT count(*) FROM problems WHERE number LIKE '%乙-%'") == 3
    assert window.store.scalar("SELECT place FROM problems WHERE number LIKE '%·甲-001'") == "某某乡1号"
    assert len([b for b in list_backups(window.store.path) if b.reason == REASON_IMPORT]) == backups + 1
    assert any("已导入乙县人大常委会第1号交换包" in t for t in window.said)


def test_apply_all_makes_one_backup_and_undo_says_what_goes_with_it(city, qtbot, tmp_path, monkeypatch):
    window = city
    counties = [county_with_problems(tmp_path / f"{n}.db", 2, name=f"{n}县人大常委会", prefix=n)[0] for n in "甲乙丙"]
    for n, county in zip("甲乙丙", counties, strict=True):
        export.export_package(county, to_office=CITY, out=tmp_path / f"{n}.zip")
    backups = len([b for b in list_backups(window.store.path) if b.reason == REASON_IMPORT])
    dialog = _change_list(window, qtbot, [tmp_path / "甲.zip", tmp_path / "乙.zip"], monkeypatch)
    assert dialog.apply_button.text() == "应用所选（2 个）"
    _apply(window, qtbot, dialog)
    assert len([b for b in list_backups(window.store.path) if b.reason == REASON_IMPORT]) == backups + 1
    window.said.clear()
    _apply(window, qtbot, _change_list(window, qtbot, [tmp_path / "丙.zip"], monkeypatch))
    assert window.store.scalar("SELECT count(*) FROM problems") == 6
    # undo 甲县's package: 乙县's came in the same batch, 丙县's after it: all three go, and the clerk is told first
    dialog = actions.open_packages(window)
    rows = {dialog.table.item(r, 1).text(): r for r in range(dialog.table.rowCount())}
    dialog.table.selectRow(rows["甲县人大常委会"])
    assert dialog.undo_button.isEnabled()
    assert "将一并撤销" in dialog.reason.text() and "丙县人大常委会第1号" in dialog.reason.text()
    asked = []
    monkeypatch.setattr(messages, "ask", lambda parent, title, text, **kw: asked.append(text) or True)
    with qtbot.waitSignal(window.data_changed, timeout=30000):
        dialog.undo_button.click()
    assert "乙县人大常委会第1号" in asked[0] and "丙县人大常委会第1号" in asked[0] and "一并撤销" in asked[0]
    assert window.store.scalar("SELECT count(*) FROM problems") == 0
    assert any(t.startswith("已撤销甲县人大常委会第1号") for t in window.said)
    # the last one alone can be undone while nothing else was written; an edit after it forbids it
    window.said.clear()
    _apply(window, qtbot, _change_list(window, qtbot, [tmp_path / "丙.zip"], monkeypatch))
    dialog = actions.open_packages(window)
    dialog.table.selectRow(0)
    assert dialog.undo_button.isEnabled() and dialog.reason.text() == "可以撤销。"
    dialog.reject()
    _edit(window.store, window.store.scalar("SELECT id FROM problems LIMIT 1"), place="市里改的地点")
    dialog = actions.open_packages(window)
    dialog.table.selectRow(0)
    assert not dialog.undo_button.isEnabled() and "又有其他修改" in dialog.reason.text()
    dialog.reject()
