"""Damaged files, disk full, read-only files and a database opened by another copy."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from safety_data import add_problem, filled_file, problem_count, seed

from models.safety import backup, integrity, lock, opening, restore
from models.store import Store, StoreError, translate_error

ROOT = Path(__file__).resolve().parents[1]


class Answers:
    """Scripted answers to the questions opening a database may ask."""

    def __init__(self, yes: bool = True):
        self.yes = yes
        self.asked: list[tuple[str, str]] = []
        self.warned: list[tuple[str, str]] = []
        self.errors: list[tuple[str, str]] = []

    def ask(self, title, text, yes):
        self.asked.append((title, text))
        return self.yes

    def warn(self, title, text):
        self.warned.append((title, text))

    def error(self, title, text):
        self.errors.append((title, text))


def _damage(path: Path, start: int = 4096, length: int = 4096 * 4) -> None:
    data = bytearray(path.read_bytes())
    data[start:start + length] = os.urandom(min(length, len(data) - start))
    path.write_bytes(bytes(data))


# ----- damaged file ------------------------------------------------------------------------

def test_damaged_file_is_detected_and_restored_from_newest_good_backup(db_path):
    filled_file(db_path, 30)
    s = Store(db_path)
    good = backup.make_backup(s, "手动备份")
    add_problem(s, seed(s, "另一个专题"), 99)
    newer_bad = backup.make_backup(s, "手动备份")
    s.close()
    _damage(newer_bad)
    _damage(db_path)
    assert not integrity.check_file(db_path)
    found = integrity.newest_good_backup(db_path)
    assert found.path == good and (found.campaigns, found.problems) == (1, 30)

    answers = Answers(yes=True)
    store = opening.open_database(db_path, answers)
    try:
        title, text = answers.asked[0]
        assert title == "数据库文件已损坏"
        assert "已损坏" in text and found.when_text in text and "30 个问题" in text
        assert problem_count(store) == 30
        assert store.scalar("PRAGMA integrity_check") == "ok"
        kept = list(backup.backup_dir(db_path).glob("损坏的文件_*"))
        assert kept, "the damaged file is kept, not deleted"
        assert any("已恢复" in t for _, t in answers.warned)
    finally:
        opening.close_database(store)


def test_declining_restore_opens_nothing_and_keeps_file(db_path):
    filled_file(db_path, 5)
    s = Store(db_path)
    backup.make_backup(s, "手动备份")
    s.close()
    _damage(db_path)
    before = db_path.read_bytes()
    assert opening.open_database(db_path, Answers(yes=False)) is None
    assert db_path.read_bytes() == before
    assert not lock.lock_path(db_path).exists()


def test_garbage_file_without_backup_gets_clear_message(db_path):
    db_path.write_bytes(b"\x00\x01 this is not a database " * 400)
    answers = Answers()
    assert opening.open_database(db_path, answers) is None
    title, text = answers.errors[0]
    assert title == "不是数据库文件" and "改了扩展名" in text


def test_damaged_file_without_backup_gets_clear_message(db_path):
    filled_file(db_path, 5)
    _damage(db_path)
    answers = Answers()
    assert opening.open_database(db_path, answers) is None
    title, text = answers.errors[0]
    assert "已损坏" in text and "没有找到可用的备份" in text


def test_restore_file_onto_damaged_file(db_path):
    filled_file(db_path, 3)
    s = Store(db_path)
    good = backup.make_backup(s, "手动备份")
    s.close()
    _damage(db_path)
    kept = restore.restore_file(db_path, good)
    assert kept.exists() and kept.parent == backup.backup_dir(db_path)
    s = Store(db_path)
    assert problem_count(s) == 3
    s.close()


# ----- disk full and read-only --------------------------------------------------------------

def test_disk_full_gives_chinese_message_and_keeps_committed_data(store):
    cid = seed(store)
    for i in range(5):
        add_problem(store, cid, i)
    pages = store.scalar("PRAGMA page_count")
    store.conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreError) as err:
        for i in range(5, 2000):
            add_problem(store, cid, i)
    assert err.value.kind == "disk_full"
    assert "磁盘空间已满" in str(err.value) and "没有保存" in str(err.value)
    written = problem_count(store)
    # the failed action left nothing half-done; everything committed is there
    assert store.scalar("SELECT count(*) FROM audit_log WHERE entity='problem'") == written
    assert store.scalar("PRAGMA integrity_check") == "ok"
    store.conn.execute(f"PRAGMA max_page_count = {pages * 100}")   # space freed: work goes on
    add_problem(store, cid, 5000)
    assert problem_count(store) == written + 1


def test_read_only_store_refuses_writes_with_message(db_path):
    filled_file(db_path, 2)
    ro = Store(db_path, read_only=True)
    try:
        with pytest.raises(StoreError) as err:
            add_problem(ro, 1, 50)
        assert err.value.kind == "readonly" and "只读" in str(err.value)
        with pytest.raises(sqlite3.OperationalError) as raw:   # below the Store's guard SQLite refuses too
            ro.conn.execute("DELETE FROM settings")
        translated = translate_error(raw.value, db_path)
        assert translated.kind == "readonly" and "写入权限" in str(translated)
        assert problem_count(ro) == 2
    finally:
        ro.close()


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="以 root 运行时 chmod 不限制写入：只读文件夹未检查")
def test_read_only_folder_offers_read_only_open(tmp_path):
    folder = tmp_path / "只读"
    folder.mkdir()
    db_path = folder / "a.db"
    filled_file(db_path, 2)
    os.chmod(db_path, 0o444)
    os.chmod(folder, 0o555)
    try:
        answers = Answers(yes=True)
        store = opening.open_database(db_path, answers)
        assert store.read_only and problem_count(store) == 2
        assert "只读方式打开" in answers.asked[0][1]
        opening.close_database(store)
    finally:
        os.chmod(folder, 0o755)
        os.chmod(db_path, 0o644)


def test_unwritable_folder_asks_then_opens_read_only(db_path, monkeypatch):
    filled_file(db_path, 2)

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(lock.DatabaseLock, "acquire", refuse)
    answers = Answers(yes=True)
    store = opening.open_database(db_path, answers)
    assert store.read_only and store.opened_read_only_reason == "文件夹不可写"
    assert "不可写" in answers.asked[0][1]
    assert not list(backup.list_backups(db_path))     # no daily backup attempted on a read-only open
    opening.close_database(store)


# ----- lock: another running copy --------------------------------------------------------

def test_second_copy_in_this_process_opens_read_only_with_warning(db_path):
    filled_file(db_path, 1)
    first_answers, second_answers = Answers(), Answers()
    first = opening.open_database(db_path, first_answers)
    second = opening.open_database(db_path, second_answers)
    try:
        assert not first.read_only and second.read_only
        title, text = second_answers.warned[0]
        assert title == "以只读方式打开" and "只读" in text and lock.this_host() in text
        assert problem_count(second) == 1
    finally:
        opening.close_database(second)
        opening.close_database(first)
    assert not lock.lock_path(db_path).exists()
    third = opening.open_database(db_path, Answers())
    assert not third.read_only
    opening.close_database(third)


def test_lock_held_by_other_process_until_it_dies(db_path):
    child = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; sys.path.insert(0, sys.argv[2]);"
         "from models.safety.lock import DatabaseLock;"
         "l = DatabaseLock(sys.argv[1]); print(l.acquire() is None, flush=True); sys.stdin.read()",
         str(db_path), str(ROOT)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    watchdog = threading.Timer(60, child.kill)   # a hung child cannot block readline() forever
    watchdog.start()
    try:
        assert child.stdout.readline().strip() == "True"
        mine = lock.DatabaseLock(db_path)
        other = mine.acquire()
        assert other is not None and other.pid == child.pid and not mine.held
    finally:
        watchdog.cancel()
        child.kill()
        child.wait()
        child.stdin.close()
        child.stdout.close()
    # killed: its lock file is left behind but a dead process on this host holds nothing
    assert lock.lock_path(db_path).exists()
    assert mine.acquire() is None and mine.held
    mine.release()


def _write_lock(db_path: Path, host: str, pid: int, age: float) -> None:
    lock.lock_path(db_path).write_text(json.dumps(
        {"host": host, "pid": pid, "user": "张三", "started": "2024-05-01 08:00",
         "heartbeat": time.time() - age, "token": "x"}), encoding="utf-8")


def test_lock_from_another_computer_is_stale_after_heartbeat_stops(db_path):
    _write_lock(db_path, "办公室电脑", 1234, age=30)
    other = lock.holder(db_path)
    assert other is not None and "办公室电脑" in other.describe() and "张三" in other.describe()
    _write_lock(db_path, "办公室电脑", 1234, age=lock.STALE_SECONDS + 5)
    assert lock.holder(db_path) is None
    mine = lock.DatabaseLock(db_path)
    assert mine.acquire() is None
    mine.release()


def test_unreadable_lock_file_counts_only_while_fresh(db_path):
    path = lock.lock_path(db_path)
    path.write_text("{半截")
    assert lock.holder(db_path) is not None
    old = time.time() - lock.STALE_SECONDS - 10
    os.utime(path, (old, old))
    assert lock.holder(db_path) is None


def test_heartbeat_notices_a_takeover(db_path):
    mine = lock.DatabaseLock(db_path)
    assert mine.acquire() is None
    first = lock.read_lock(db_path).heartbeat
    assert mine.beat() and lock.read_lock(db_path).heartbeat >= first
    _write_lock(db_path, "另一台电脑", 99, age=0)
    assert not mine.beat() and mine.lost
    mine.release()
    assert lock.lock_path(db_path).exists(), "release never deletes another copy's lock"


def test_file_that_refuses_writes_asks_then_opens_read_only(db_path, monkeypatch):
    filled_file(db_path, 2)
    real_store = opening.Store

    def store_refusing_writes(path, *, read_only=False):
        if not read_only:
            raise StoreError("数据库文件是只读的，无法保存。请检查文件或文件夹的写入权限。", "readonly")
        return real_store(path, read_only=True)

    monkeypatch.setattr(opening, "Store", store_refusing_writes)
    declined = Answers(yes=False)
    assert opening.open_database(db_path, declined) is None
    assert "写入权限" in declined.asked[0][1] and not lock.lock_path(db_path).exists()
    store = opening.open_database(db_path, Answers(yes=True))
    assert store.read_only and problem_count(store) == 2
    assert not lock.lock_path(db_path).exists(), "a read-only copy holds no lock"
    opening.close_database(store)


def test_failed_daily_backup_warns_but_opens(db_path):
    filled_file(db_path, 1)
    backup.backup_dir(db_path).write_text("同名文件占住了备份文件夹的位置")
    answers = Answers()
    store = opening.open_database(db_path, answers)
    try:
        assert store is not None and not store.read_only and problem_count(store) == 1
        title, text = answers.warned[0]
        assert title == "自动备份未完成" and "备份失败" in text
    finally:
        opening.close_database(store)


def test_lock_of_this_computer_with_reused_pid_is_stale(db_path):
    _write_lock(db_path, lock.this_host(), os.getpid(), age=lock.STALE_SECONDS + 60)
    assert lock.holder(db_path) is None
    _write_lock(db_path, lock.this_host(), os.getpid(), age=5)
    assert lock.holder(db_path) is not None
