"""Backups keep the fuller copy, and leftovers of killed backups are cleaned on the next start."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from safety_data import add_problem, problem_count, seed

from models.safety import backup, integrity, opening
from models.store import Store

ROOT = Path(__file__).resolve().parents[1]


class Answers:
    def ask(self, title, text, yes):
        return True

    def warn(self, title, text):
        pass

    def error(self, title, text):
        raise AssertionError(text)


def test_backups_of_an_emptied_database_never_push_out_the_fuller_one(db_path):
    s = Store(db_path)
    cid = seed(s)
    for i in range(25):
        add_problem(s, cid, i)
    full = backup.make_backup(s, backup.REASON_MANUAL)
    with s.transaction() as conn:
        conn.execute("DELETE FROM problems")
    for _ in range(backup.KEEP_LATEST + 3):
        backup.make_backup(s, backup.REASON_DAILY)
    s.close()
    left = backup.list_backups(db_path, with_counts=True)
    assert full in [b.path for b in left], "the only backup with the 25 problems was rotated out"
    assert len(left) == backup.KEEP_LATEST + 1
    assert max(b.problems for b in left) == 25


def _kill_during_backup(db_path: Path) -> None:
    """A child makes a large backup; it is killed once the .part file is being written."""
    child = r"""
import sys
sys.path[:0] = [sys.argv[2], sys.argv[3]]
from models.store import Store
from models.safety import backup
store = Store(sys.argv[1])
def report(done, total):
    if done < total:
        print("writing", flush=True)
        sys.stdin.readline()
backup.make_backup(store, "手动备份", progress=report)
"""
    proc = subprocess.Popen([sys.executable, "-c", child, str(db_path), str(ROOT), str(ROOT / "tests")],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(60, proc.kill)
    watchdog.start()
    try:
        assert proc.stdout.readline().strip() == "writing", proc.stderr.read()
    finally:
        watchdog.cancel()
        proc.send_signal(signal.SIGKILL)
        proc.wait()


def test_killed_backups_leave_nothing_after_the_next_start_and_a_part_is_never_a_backup(db_path):
    s = Store(db_path)
    cid = seed(s)
    with s.transaction():
        for i in range(400):
            add_problem(s, cid, i)
    s.set_setting("填充", "备份要写好几步" * 200_000)    # a few MB: the copy takes several steps
    good = backup.make_backup(s, backup.REASON_MANUAL)
    s.close()
    for _ in range(3):
        _kill_during_backup(db_path)
    folder = backup.backup_dir(db_path)
    parts = sorted(folder.glob("*.part"))
    assert len(parts) == 3 and list(folder.glob("*.part-journal")), sorted(p.name for p in folder.iterdir())
    # a complete copy under a backup's name, still ending in .part: not a backup either
    complete = folder / "测试_20990101-000000_手动备份.db.part"
    complete.write_bytes(good.read_bytes())
    stray_side = folder / "测试_20990101-000000_手动备份.db-wal"
    stray_side.write_bytes(b"\0" * 100)
    assert [b.path for b in backup.list_backups(db_path)] == [good]
    assert integrity.newest_good_backup(db_path).path == good

    store = opening.open_database(db_path, Answers())
    try:
        assert problem_count(store) == 400
        names = sorted(p.name for p in folder.iterdir() if p.is_file())
        assert not [n for n in names if ".part" in n or n.endswith(("-journal", "-wal", "-shm"))], names
        assert len(backup.list_backups(db_path)) == 2     # the good one and today's daily backup
    finally:
        opening.close_database(store)


def test_a_backup_in_the_same_second_as_a_part_gets_its_own_name(db_path):
    from datetime import datetime

    s = Store(db_path)
    first = backup._target_name(db_path, datetime(2026, 3, 1, 9, 0, 0), "手动备份")
    first.parent.mkdir(parents=True, exist_ok=True)
    first.with_name(first.name + ".part").write_bytes(b"")    # being written, or left by a kill
    second = backup._target_name(db_path, datetime(2026, 3, 1, 9, 0, 0), "手动备份")
    s.close()
    assert second != first and second.name.endswith("-2_手动备份.db")


def test_a_part_being_written_by_another_program_is_left_alone(db_path):
    from models.safety import debris

    Store(db_path).close()
    folder = backup.backup_dir(db_path)
    folder.mkdir()
    part = folder / "测试_20990101-000000_手动备份.db.part"
    writer = sqlite3.connect(str(part), isolation_level=None)
    try:
        writer.execute("BEGIN EXCLUSIVE")
        writer.execute("CREATE TABLE t(x)")
        debris.clean(db_path)
        assert part.exists()
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    debris.clean(db_path)
    assert not part.exists() and not os.listdir(folder)
