"""One way to replace the database: 从备份恢复 in the menu and the restore the full check offers
both go through the runner's ``Operations.replace_database`` to ``restore.restore_into`` and end
in ``Store.replace_content``, on a worker thread, with the 恢复前 copy made first."""
from __future__ import annotations

import sqlite3
import threading

import pytest
from safety_data import add_problem, problem_count, seed

from models.safety import backup
from models.store import Store
from ui.dialogs import messages
from ui.operations import Operations
from ui.safety import menus as safety_menus

pytestmark = pytest.mark.gui


@pytest.fixture
def path_taken(monkeypatch):
    """Records each step of a restore: (step, thread name)."""
    seen: list[tuple[str, str]] = []
    runner, replace = Operations.replace_database, Store.replace_content

    def via_runner(self, title, func, **kw):
        seen.append(("runner", threading.current_thread().name))
        return runner(self, title, func, **kw)

    def via_store(self, source, progress=None):
        seen.append(("replace_content", threading.current_thread().name))
        return replace(self, source, progress)

    monkeypatch.setattr(Operations, "replace_database", via_runner)
    monkeypatch.setattr(Store, "replace_content", via_store)
    return seen


@pytest.fixture
def said(monkeypatch):
    log: list[tuple[str, str]] = []
    monkeypatch.setattr(messages, "ask", lambda parent, title, text, yes="确定", no="取消": log.append(("ask", title)) or True)
    monkeypatch.setattr(messages, "inform", lambda parent, title, text: log.append(("inform", title)))
    monkeypatch.setattr(messages, "warn", lambda parent, title, text: log.append(("warn", title)))
    return log


def test_menu_restore_goes_through_the_runner_to_replace_content(window, store, db_path, qtbot, said, path_taken):
    cid = seed(store)
    add_problem(store, cid, 1)
    backup.make_backup(store, backup.REASON_MANUAL)
    add_problem(store, cid, 2)
    dialog = safety_menus.open_restore_dialog(window)
    with qtbot.waitSignal(window.data_changed) as heard:
        assert dialog.restore_selected()
    qtbot.waitUntil(lambda: ("inform", "恢复完成") in said)
    assert [step for step, _ in path_taken] == ["runner", "replace_content"]
    assert path_taken[1][1] != threading.main_thread().name      # off the GUI thread
    assert heard.args[0].touches("problems", "campaigns")       # every page reloads
    assert problem_count(store) == 1
    assert [b.reason for b in backup.list_backups(db_path)].count(backup.REASON_RESTORE) == 1


def test_full_check_restore_takes_the_same_path(qtbot, tmp_path, qsettings, said, path_taken):
    from ui.main_window import MainWindow
    from ui.safety import opening as window_opening

    path = tmp_path / "台账.db"
    s = Store(path)
    cid = seed(s)
    for n in range(3):
        add_problem(s, cid, n)
    backup.make_backup(s, backup.REASON_MANUAL)
    add_problem(s, cid, 9)
    s.close()
    conn = sqlite3.connect(str(path))      # an index that no longer matches its table
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX problems_by_place ON problems(campaign_id, number)'"
                 " WHERE name = 'problems_by_place'")
    conn.commit()
    conn.close()
    store = window_opening.open_checked(path)
    try:
        window = MainWindow(store, settings=qsettings)
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: ("inform", "恢复完成") in said)
        assert [step for step, _ in path_taken] == ["runner", "replace_content"]
        assert path_taken[1][1] != threading.main_thread().name
        assert problem_count(store) == 3 and not store.known_damaged
    finally:
        from models.safety import opening

        opening.close_database(store)


def test_a_bad_backup_is_refused_before_anything_is_replaced(window, store, db_path, qtbot, said, path_taken):
    cid = seed(store)
    add_problem(store, cid, 1)
    bad = backup.make_backup(store, backup.REASON_MANUAL)
    bad.write_bytes(b"not a database" * 100)
    add_problem(store, cid, 2)
    dialog = safety_menus.open_restore_dialog(window)
    assert dialog.restore_selected()
    qtbot.waitUntil(lambda: ("warn", "恢复失败") in said)
    assert [step for step, _ in path_taken] == ["runner"]         # refused before replace_content
    assert problem_count(store) == 2
    assert backup.REASON_RESTORE not in [b.reason for b in backup.list_backups(db_path)]


def test_replace_content_refuses_inside_an_open_transaction(store, tmp_path):
    seed(store)
    other = sqlite3.connect(str(backup.make_backup(store, backup.REASON_MANUAL)))
    try:
        with pytest.raises(RuntimeError), store.transaction():
            store.replace_content(other)
    finally:
        other.close()
    assert problem_count(store) == 0 and store.scalar("SELECT count(*) FROM campaigns") == 1
