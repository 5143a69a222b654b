"""文件 → 撤销导入…: every import listed with whether it can still be undone and why not."""
from __future__ import annotations

import pytest

from models.exchange import importer
from models.workflow import handover
from tests.exchange_books import book, campaign, row

pytestmark = pytest.mark.gui


@pytest.fixture
def two_imports(window, monkeypatch, tmp_path):
    """Two imports into one campaign; a problem of the newer one has been handed over since."""
    from tests.test_import_write import _run
    from ui.dialogs import messages

    said = []
    monkeypatch.setattr(messages, "ask", lambda parent, title, text, **kw: said.append(text) or True)
    monkeypatch.setattr(messages, "inform", lambda parent, title, text: said.append(text))
    monkeypatch.setattr(messages, "warn", lambda parent, title, text: said.append(text))
    cid = campaign(window.store, 2024)
    window.reload_campaigns(cid)
    _run(window.store, cid, book(tmp_path / "一月清单.xlsx", [row(1, "幸福院大门长期上锁"), row(2, "助餐点留样缺失")]))
    _, newer = _run(window.store, cid, book(tmp_path / "二月清单.xlsx", [row(1, "敬老院消防通道堵塞")]))
    pid = window.store.scalar("SELECT id FROM problems WHERE import_id = ?", (newer.import_id,))
    handover.create_batch(window.store, cid, handover.HandoverForm(doc_number="某县人常办〔2024〕3号",
                                                                   handover_date="2024-03-01"), [pid])
    return said


def _cells(dialog):
    t = dialog.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def test_pick_an_older_import_to_undo(window, two_imports, qtbot):
    said = two_imports
    next(a for a in window.menu("file").actions() if a.text() == "撤销导入…").trigger()
    dialog = window.imports_dialog
    rows = _cells(dialog)
    assert [r[1:] for r in rows] == [["二月清单.xlsx（问题清单）", window.store.user, "1", "1", "不能撤销"],
                                     ["一月清单.xlsx（问题清单）", window.store.user, "2", "2", "可以撤销"]]
    # the undoable one is chosen; the other says why not
    assert dialog.selected()["file_name"] == "一月清单.xlsx" and dialog.undo_button.isEnabled()
    dialog.table.selectRow(0)
    assert not dialog.undo_button.isEnabled()
    assert dialog.detail.text().startswith("不能撤销：本次导入的问题中有 1 个在导入后已有交办、整改进展或修改记录")
    dialog.table.selectRow(1)
    dialog.undo_selected()
    qtbot.waitUntil(lambda: _cells(dialog)[1][5].startswith("已于 "), timeout=20000)
    assert "已撤销：删除了 2 个导入的问题。" in said
    assert _cells(dialog)[1][4] == "0" and not dialog.undo_button.isEnabled()
    assert window.store.scalar("SELECT COUNT(*) FROM problems") == 1
    assert [b.reason for b in __import__("models.safety.backup", fromlist=["x"]).list_backups(
        window.store.path)][0] == "撤销导入前"
    assert importer.import_history(window.store, window.campaign_id)[1]["refusal"].startswith("这次导入已于")


def test_no_imports_yet_reads_under_the_intro(window, qtbot):
    from ui.exchange.imports_dialog import open_imports

    window.reload_campaigns(campaign(window.store, 2024))
    dialog = open_imports(window)
    dialog.resize(900, 600)
    qtbot.waitExposed(dialog)
    assert not dialog.table.isVisible() and dialog.empty_label.isVisible()
    assert dialog.empty_label.y() < dialog.height() // 4   # not spread down the empty dialog
    dialog.close()
