"""Data safety as a user meets it: 文件 menu, restore dialog, startup checks, disk full in a dialog."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoCommand
from safety_data import add_problem, problem_count, seed

from models.safety import backup, lock, opening
from models.store import Store, StoreError
from ui.dialogs import messages
from ui.safety import menus as safety_feature
from ui.safety.restore_dialog import RestoreDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def said(monkeypatch):
    """Record every message box instead of showing it; questions answered by ``said.answer``."""
    class Said(list):
        answer = True

    log = Said()

    def ask(parent, title, text, yes="确定", no="取消"):
        log.append(("ask", title, text))
        return log.answer

    monkeypatch.setattr(messages, "ask", ask)
    monkeypatch.setattr(messages, "inform", lambda parent, title, text: log.append(("inform", title, text)))
    monkeypatch.setattr(messages, "warn", lambda parent, title, text: log.append(("warn", title, text)))
    return log


def _menu_texts(window) -> list[str]:
    return [a.text() for a in window.menu("file").actions()]


def test_file_menu_backup_now(window, store, db_path, said):
    assert "立即备份(&B)" in _menu_texts(window) and "从备份恢复(&R)…" in _menu_texts(window)
    seed(store)
    window.backup_action.trigger()
    [info] = backup.list_backups(db_path, with_counts=True)
    assert (info.reason, info.campaigns) == ("手动备份", 1)
    assert said[-1][:2] == ("inform", "备份完成") and str(info.path) in said[-1][2]


def test_restore_dialog_lists_backups_and_restores_into_window(window, store, db_path, qtbot, said):
    cid = seed(store)
    add_problem(store, cid, 1)
    old = backup.make_backup(store, "手动备份")
    seed(store, "第二个专题")
    add_problem(store, cid, 2)
    window.reload_campaigns()
    window.undo_stack.push(QUndoCommand("旧操作"))
    assert window.campaign_box.count() == 2
    window.set_campaign(cid)
    ledger = window.show_page("ledger")
    assert ledger.model.rowCount() == 2

    dialog = safety_feature.open_restore_dialog(window)
    table = dialog.table
    assert table.rowCount() == 1
    row = [table.item(0, c).text() for c in range(table.columnCount())]
    assert row[1:4] == ["手动备份（文件 → 立即备份）", "1", "1"]
    assert row[0] == backup.list_backups(db_path)[0].when_text

    with qtbot.waitSignal(dialog.restored, timeout=10000) as blocker:
        assert dialog.restore_selected()
    kind, title, text = said[0]
    assert (kind, title) == ("ask", "确认恢复") and "1 个监督专题、1 个问题" in text
    qtbot.waitUntil(lambda: dialog.worker is None)
    # the window shows the restored data and old undo steps are gone
    assert problem_count(store) == 1
    assert window.campaign_box.count() == 1
    assert window.undo_stack.count() == 0
    assert window.campaign_id == cid and ledger.model.rowCount() == 1
    kept = blocker.args[0].kept
    assert kept != old and backup.parse_name(kept)[1] == "恢复前"
    assert said[-1][:2] == ("inform", "恢复完成")
    assert not dialog.isVisible()


def test_restore_declined_changes_nothing(window, store, db_path, qtbot, said):
    seed(store)
    backup.make_backup(store, "手动备份")
    seed(store, "第二个专题")
    said.answer = False
    dialog = RestoreDialog(store, window.operations, window)
    assert not dialog.restore_selected()
    assert store.scalar("SELECT count(*) FROM campaigns") == 2
    assert len(backup.list_backups(db_path)) == 1


def test_restore_dialog_without_backups_says_so(window, store, qtbot):
    dialog = RestoreDialog(store, window.operations, window)
    dialog.show()
    assert dialog.empty_label.isVisible() and not dialog.restore_button.isEnabled()


def test_read_only_window_disables_restore(qtbot, db_path, qsettings):
    from ui.main_window import MainWindow

    Store(db_path).close()
    ro = Store(db_path, read_only=True)
    ro.opened_read_only_reason = "另一处正在使用此文件"
    w = MainWindow(ro, settings=qsettings)
    qtbot.addWidget(w)
    assert not w.restore_action.isEnabled()
    assert "只读" in w.windowTitle()
    assert "另一处正在使用此文件" in w.gate.status.text() and w.gate.status.isVisibleTo(w)  # permanent, not a passing note
    ro.close()


def test_disk_full_keeps_problem_dialog_open_with_text(window, store, qtbot, said):
    from models.problems import ProblemForm
    from ui.dialogs.problem_dialog import ProblemDialog

    cid = seed(store)
    add_problem(store, cid, 1)
    pages = store.scalar("PRAGMA page_count")
    store.conn.execute(f"PRAGMA max_page_count = {pages}")
    dialog = ProblemDialog(store, cid, parent=window)
    dialog.open()
    long_text = "敬老院消防通道被杂物堵塞，" * 400     # big enough to need new pages
    dialog.set_form(ProblemForm(number="Q9000", source="暗访调查", description=long_text,
                                lead_unit="县民政局", kind="立行立改"))
    assert dialog.save() is False
    assert dialog.isVisible() and dialog.description_edit.toPlainText() == long_text
    kind, title, text = said[-1]
    assert kind == "warn" and "磁盘空间已满" in text
    assert problem_count(store) == 1
    store.conn.execute(f"PRAGMA max_page_count = {pages * 1000}")   # space freed: the same dialog saves
    assert dialog.save() is True
    assert problem_count(store) == 2


def test_startup_offers_restore_of_damaged_file(qtbot, tmp_path, said):
    from ui import startup

    path = tmp_path / "台账.db"
    s = Store(path)
    cid = seed(s)
    add_problem(s, cid, 1)
    backup.make_backup(s, "手动备份")
    s.close()
    data = bytearray(path.read_bytes())
    data[4096:4096 * 5] = b"\x13" * (4096 * 4)
    path.write_bytes(bytes(data))
    store = startup.open_store(path)
    try:
        assert said[0][0] == "ask" and "已损坏" in said[0][2]
        assert problem_count(store) == 1
        assert lock.read_lock(path).pid > 0
    finally:
        opening.close_database(store)
    assert not lock.lock_path(path).exists()


def test_startup_second_copy_opens_read_only_with_warning(qtbot, tmp_path, said, qsettings):
    from ui import startup
    from ui.main_window import MainWindow

    path = tmp_path / "台账.db"
    first = startup.open_store(path)
    second = startup.open_store(path)
    try:
        assert not first.read_only and second.read_only
        assert said[0][:2] == ("warn", "以只读方式打开")
        w = MainWindow(second, settings=qsettings)
        qtbot.addWidget(w)
        assert w.windowTitle().endswith("（只读）")
        # the background check after opening: a read-only copy makes no daily backup …
        qtbot.waitUntil(lambda: bool(getattr(w, "full_check_job", None) and w.full_check_job.outcome), timeout=10000)
        assert backup.list_backups(path) == []
        # … the copy that writes makes it once its full check passed
        assert opening.after_open(first).check
        assert [b.reason for b in backup.list_backups(path)] == ["每日自动"]
    finally:
        opening.close_database(second)
        opening.close_database(first)


def test_window_turns_read_only_when_another_copy_took_the_lock(qtbot, tmp_path, said, qsettings):
    import json
    import time

    from ui.main_window import MainWindow
    from ui.safety.menus import check_lock

    path = tmp_path / "台账.db"
    store = opening.open_database(path, said_prompts(said))
    w = MainWindow(store, settings=qsettings)
    qtbot.addWidget(w)
    assert not check_lock(w)
    lock.lock_path(path).write_text(json.dumps({"host": "另一台电脑", "pid": 7, "user": "李四", "started": "",
                                                "heartbeat": time.time(), "token": "别人"}), encoding="utf-8")
    store.safety_lock.beat()
    assert check_lock(w)
    assert store.read_only and w.windowTitle().endswith("（只读）") and not w.restore_action.isEnabled()
    assert said[-1][:2] == ("warn", "已转为只读")
    with pytest.raises(StoreError):
        seed(store)
    opening.close_database(store)
    assert lock.lock_path(path).exists(), "the other copy's lock stays"


def said_prompts(said):
    class Prompts:
        def ask(self, title, text, yes):
            said.append(("ask", title, text))
            return said.answer

        def warn(self, title, text):
            said.append(("warn", title, text))

        def error(self, title, text):
            said.append(("error", title, text))

    return Prompts()


def test_a_clean_close_after_the_full_check_lets_the_next_start_skip_the_quick_check(qtbot, tmp_path, said,
                                                                                      qsettings, monkeypatch):
    from models.safety import integrity, seal
    from ui import startup
    from ui.main_window import MainWindow

    path = tmp_path / "台账.db"
    s = Store(path)
    add_problem(s, seed(s), 1)
    s.close()
    seal.record_path(path).write_text("{}", encoding="utf-8")   # no record of a clean close
    ran = []
    real = integrity._run_quick_check
    monkeypatch.setattr(integrity, "_run_quick_check", lambda conn: ran.append(1) or real(conn))

    for _start in range(2):
        store = startup.open_store(path)
        w = MainWindow(store, settings=qsettings)
        qtbot.addWidget(w)
        assert ran == [1], "checked at the first start only"
        job = safety_feature.start_full_check(w)      # (what the window starts after showing)
        qtbot.waitUntil(lambda job=job: bool(job.outcome))
        assert store.check_passed
        w.close()
        opening.close_database(store)
        assert seal.unchanged(path)
    assert said == []
