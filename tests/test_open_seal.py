"""The quick check at opening is left out only for a file unchanged since a clean close after a
passed check; every other file gets it, and a damaged one is still reported at opening."""
from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from safety_data import filled_file, problem_count

from models.safety import integrity, opening, seal


class Answers:
    def __init__(self):
        self.asked: list[tuple[str, str]] = []
        self.warned: list[tuple[str, str]] = []
        self.errors: list[tuple[str, str]] = []

    def ask(self, title, text, yes):
        self.asked.append((title, text))
        return False

    def warn(self, title, text):
        self.warned.append((title, text))

    def error(self, title, text):
        self.errors.append((title, text))


@pytest.fixture
def quick_checks(monkeypatch):
    """How many times SQLite's quick check of a file ran."""
    ran: list[int] = []
    real = integrity._run_quick_check

    def counted(conn):
        ran.append(1)
        return real(conn)

    monkeypatch.setattr(integrity, "_run_quick_check", counted)
    return ran


def _closed_cleanly_after_check(path: Path, n: int = 20) -> None:
    filled_file(path, n)
    store = opening.open_database(path, Answers(), check_later=True)   # the quick check runs and passes
    assert store.check_passed
    opening.close_database(store)
    assert seal.record_path(path).exists()


def _damage_in_place(path: Path) -> None:
    """Pages overwritten at the same size, the modification time put back as it was."""
    before = path.stat()
    with open(path, "r+b") as fh:
        fh.seek(4096)
        fh.write(b"\x13" * 4096 * 4)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns


def _opened(path: Path, answers: Answers | None = None):
    store = opening.open_database(path, answers or Answers(), check_later=True)
    if store is not None:
        opening.close_database(store)
    return store


def _assert_checked_when_opened(path: Path, quick_checks: list) -> None:
    """The next opening runs the quick check (once)."""
    quick_checks.clear()
    _opened(path)
    assert quick_checks == [1]


def test_an_unchanged_file_opens_without_the_quick_check_and_is_fully_checked_after(db_path, quick_checks):
    _closed_cleanly_after_check(db_path)
    quick_checks.clear()
    integrity.check_early(db_path)             # main.py: nothing to start for this file
    assert os.path.abspath(db_path) not in integrity._EARLY
    store = opening.open_database(db_path, Answers(), check_later=True)
    try:
        assert quick_checks == []
        assert problem_count(store) == 20
        assert store.full_check_pending, "the full check after the window shows still runs"
        assert not seal.record_path(db_path).exists(), "written from now on: the record is gone"
        assert not store.check_passed
        assert opening.after_open(store).check
        assert store.check_passed
    finally:
        opening.close_database(store)
    assert seal.unchanged(db_path), "closed after the full check passed: recorded again"


def test_a_file_closed_before_any_check_passed_is_checked_next_time(db_path, quick_checks):
    _closed_cleanly_after_check(db_path)
    _opened(db_path)                           # quick check left out, closed before the full check
    assert not seal.record_path(db_path).exists()
    _assert_checked_when_opened(db_path, quick_checks)


def test_a_file_left_by_a_killed_copy_is_checked(db_path, quick_checks):
    _closed_cleanly_after_check(db_path)
    store = opening.open_database(db_path, Answers(), check_later=True)
    # killed: no clean close (its connection and lock go away with the process)
    store.close()
    store.safety_lock.release()
    _assert_checked_when_opened(db_path, quick_checks)


def _changed_by_another_program(path: Path) -> None:
    _damage_in_place(path)


def _copied_in(path: Path) -> None:
    """A damaged copy of the same file put in its place (times kept, as ``cp -p`` does)."""
    copy = path.with_name("副本.db")
    shutil.copy2(path, copy)
    _damage_in_place(copy)
    os.replace(copy, path)


def _truncated(path: Path) -> None:
    with open(path, "r+b") as fh:
        fh.truncate(path.stat().st_size // 2)


def _changes_waiting_in_wal(path: Path) -> None:
    """Another program wrote the damage into the -wal and was killed before its checkpoint."""
    source = path.with_name("来源.db")
    shutil.copy2(path, source)
    conn = sqlite3.connect(str(source), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE problems SET description = description || '（改）'")
    wal = source.with_name(source.name + "-wal")
    shutil.copyfile(wal, path.with_name(path.name + "-wal"))
    conn.close()
    with open(path.with_name(path.name + "-wal"), "r+b") as fh:   # … and the log itself is damaged
        fh.seek(32 + 24 + 100)
        fh.write(b"\x13" * 2000)


@pytest.mark.parametrize("change", [_changed_by_another_program, _copied_in, _truncated],
                         ids=["changed in place", "copied in", "truncated"])
def test_a_changed_file_is_checked_and_its_damage_reported(db_path, quick_checks, change):
    _closed_cleanly_after_check(db_path)
    shutil.copy2(seal.record_path(db_path), db_path.with_name("记录"))
    change(db_path)
    shutil.copy2(db_path.with_name("记录"), seal.record_path(db_path))   # even with the record in place
    quick_checks.clear()
    answers = Answers()
    assert _opened(db_path, answers) is None
    assert quick_checks, "the quick check ran"
    said = [t for t, _ in answers.errors + answers.asked]
    texts = " ".join(text for _, text in answers.errors + answers.asked)
    assert said and "已损坏" in texts


def test_changes_waiting_in_the_log_get_the_check(db_path, quick_checks):
    _closed_cleanly_after_check(db_path)
    _changes_waiting_in_wal(db_path)
    assert not seal.unchanged(db_path)
    _assert_checked_when_opened(db_path, quick_checks)


def test_a_file_found_damaged_after_opening_is_not_recorded(db_path, quick_checks):
    _closed_cleanly_after_check(db_path)
    store = opening.open_database(db_path, Answers(), check_later=True)
    store.check_passed = True        # its quick check had passed …
    store.known_damaged = True       # … but the full check after opening found damage
    opening.close_database(store)
    assert not seal.record_path(db_path).exists()
    _assert_checked_when_opened(db_path, quick_checks)


def test_a_copy_opening_read_only_checks_the_file(db_path, quick_checks):
    _closed_cleanly_after_check(db_path)
    first = opening.open_database(db_path, Answers(), check_later=True)
    quick_checks.clear()
    answers = Answers()
    second = opening.open_database(db_path, answers, check_later=True)
    try:
        assert second.read_only and quick_checks == [1]
    finally:
        opening.close_database(second)
        opening.close_database(first)


def test_a_record_of_another_file_or_garbage_is_not_trusted(db_path, quick_checks):
    _closed_cleanly_after_check(db_path)
    other = db_path.with_name("另一个.db")
    _closed_cleanly_after_check(other, 3)
    shutil.copy2(seal.record_path(other), seal.record_path(db_path))
    assert not seal.unchanged(db_path)
    seal.record_path(db_path).write_text("不是记录", encoding="utf-8")
    assert not seal.unchanged(db_path)
    _assert_checked_when_opened(db_path, quick_checks)
