"""Index damage that quick_check misses: the full check after opening finds it and offers a restore,
and such a copy is never a "good" backup nor the daily backup."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from safety_data import add_problem, filled_file, problem_count, seed

from models.safety import backup, integrity, opening
from models.store import Store


def _bend_index(path: Path) -> None:
    """An index whose entries no longer match its table: quick_check passes, integrity_check fails."""
    conn = sqlite3.connect(str(path))
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX problems_by_place ON problems(campaign_id, number)'"
                 " WHERE name = 'problems_by_place'")
    conn.commit()
    conn.close()


def test_quick_check_misses_what_the_full_check_finds(db_path):
    filled_file(db_path, 6)
    _bend_index(db_path)
    assert integrity.check_file(db_path), "quick_check passes (why the full check is needed)"
    conn = sqlite3.connect(str(db_path))
    try:
        found = integrity.full_check_conn(conn)
    finally:
        conn.close()
    assert not found and "problems_by_place" in found.detail


def test_a_backup_with_index_damage_is_not_good(db_path):
    filled_file(db_path, 3)
    s = Store(db_path)
    good = backup.make_backup(s, backup.REASON_MANUAL)
    add_problem(s, seed(s, "第二个专题"), 50)
    bent = backup.make_backup(s, backup.REASON_MANUAL)
    s.close()
    _bend_index(bent)
    assert not integrity.check_backup(bent)
    assert integrity.newest_good_backup(db_path).path == good


def test_after_open_skips_the_daily_backup_of_a_damaged_file(db_path):
    filled_file(db_path, 4)
    _bend_index(db_path)
    store = opening.open_database(db_path, _Quiet(), check_later=True)
    try:
        assert backup.list_backups(db_path) == [], "no backup before the full check"
        outcome = opening.after_open(store)
        assert not outcome.check and backup.list_backups(db_path) == []
    finally:
        opening.close_database(store)
    healthy = db_path.with_name("好的.db")
    filled_file(healthy, 2)
    store = opening.open_database(healthy, _Quiet(), check_later=True)
    try:
        assert opening.after_open(store).check
        assert [b.reason for b in backup.list_backups(healthy)] == [backup.REASON_DAILY]
    finally:
        opening.close_database(store)


def test_backups_of_a_database_known_damaged_rotate_nothing_out(db_path):
    filled_file(db_path, 2)
    s = Store(db_path)
    good = [backup.make_backup(s, backup.REASON_MANUAL) for _ in range(backup.KEEP_LATEST)]
    s.known_damaged = True      # what the window sets when the full check after opening failed
    for _ in range(3):
        backup.make_backup(s, backup.REASON_IMPORT)
    s.close()
    left = {b.path for b in backup.list_backups(db_path)}
    assert set(good) <= left and len(left) == backup.KEEP_LATEST + 3


class _Quiet:
    def ask(self, title, text, yes):
        return True

    def warn(self, title, text):
        pass

    def error(self, title, text):
        raise AssertionError(text)


@pytest.mark.gui
def test_window_reports_index_damage_found_after_opening_and_restores(qtbot, tmp_path, qsettings, monkeypatch):
    from ui.dialogs import messages
    from ui.main_window import MainWindow
    from ui.safety import opening as window_opening

    path = tmp_path / "台账.db"
    filled_file(path, 9)
    s = Store(path)
    backup.make_backup(s, backup.REASON_MANUAL)
    add_problem(s, 1, 77)
    s.close()
    _bend_index(path)
    asked: list[tuple[str, str]] = []

    def ask(parent, title, text, yes="确定", no="取消"):
        asked.append((title, text))
        return True

    monkeypatch.setattr(messages, "ask", ask)
    monkeypatch.setattr(messages, "inform", lambda parent, title, text: asked.append((title, text)))
    monkeypatch.setattr(messages, "warn", lambda parent, title, text: asked.append((title, text)))
    store = window_opening.open_checked(path)
    try:
        assert problem_count(store) == 10, "quick_check at opening let it through"
        window = MainWindow(store, settings=qsettings)
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: any(title == "恢复完成" for title, _ in asked), timeout=20000)
        title, text = asked[0]
        assert title == "数据库文件有损坏" and "完整检查" in text and "9 个问题" in text
        assert problem_count(store) == 9 and not store.known_damaged
        assert store.scalar("PRAGMA integrity_check") == "ok"
        assert not [b for b in backup.list_backups(path) if b.reason == backup.REASON_DAILY]
    finally:
        opening.close_database(store)
