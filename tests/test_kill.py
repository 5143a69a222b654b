"""The program survives being killed at any moment: no damaged file, no lost committed write.

A child process writes problems in a loop through the Store (each one transaction with its
audit row) and prints each id after the commit returned. The parent kills it (SIGKILL on
Unix) after a random number of reported writes, many times over, and checks the file each
time. Kill points are picked from the child's own output, never by sleeping.
"""
from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
KILLS = 30
HUNG = 600   # seconds, a safety net only (no test asserts a time): a child that stops printing is killed, so a blocked readline() cannot hang CI

CHILD = r"""
import sys
sys.path[:0] = [sys.argv[2], sys.argv[3]]
from models.store import Store
from safety_data import add_problem, seed

store = Store(sys.argv[1])
cid = store.scalar("SELECT id FROM campaigns ORDER BY id LIMIT 1") or seed(store)
n = (store.scalar("SELECT max(id) FROM problems") or 0) + 1
print("ready", flush=True)
while True:
    pid = add_problem(store, cid, n)
    print(pid, flush=True)
    n += 1
"""


def _check(path: Path, done: set[int]) -> int:
    conn = sqlite3.connect(str(path))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = {r[0] for r in conn.execute("SELECT id FROM problems")}
        missing = done - ids
        assert not missing, f"已报告完成但丢失的写入：{sorted(missing)[:10]}"
        # each write was one transaction: every problem has its history row, and no orphan rows
        created = conn.execute("SELECT count(*) FROM audit_log WHERE entity = 'problem' AND action = '新建'").fetchone()[0]
        assert created == len(ids)
        indexed = conn.execute("SELECT count(*) FROM problem_search").fetchone()[0]
        assert indexed == len(ids)
        return len(ids)
    finally:
        conn.close()


@pytest.mark.slow
def test_killed_writer_never_damages_file_or_loses_reported_writes(tmp_path):
    path = tmp_path / "被杀进程.db"
    rng = random.Random(20241123)
    done: set[int] = set()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    for _ in range(KILLS):
        proc = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(ROOT), str(ROOT / "tests")],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        watchdog = threading.Timer(HUNG, proc.kill)
        watchdog.start()
        try:
            assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
            for _ in range(rng.choice([0, 1, 1, 2, 3, 5, 8, 13])):
                line = proc.stdout.readline()
                assert line, proc.stderr.read()
                done.add(int(line))
        finally:
            watchdog.cancel()
            proc.kill()
            proc.wait()
        # lines printed between our last read and the kill were committed too
        done.update(int(x) for x in proc.stdout.read().split())
        proc.stdout.close()
        proc.stderr.close()
        _check(path, done)
    assert len(done) >= KILLS   # (time is bounded by the watchdog per child, not by a timed assertion)


RESTORER = r"""
import sys
sys.path[:0] = [sys.argv[2], sys.argv[3]]
from models.safety import backup, restore
from models.store import Store

store = Store(sys.argv[1])
small, big = sys.argv[4], sys.argv[5]
print("ready", flush=True)
while True:
    for source in (small, big):
        restore.restore_into(store, source)
        print(store.scalar("SELECT count(*) FROM problems"), flush=True)
"""


@pytest.mark.slow
def test_killed_restore_leaves_old_or_new_data_never_a_mix(tmp_path):
    from safety_data import add_problem, seed

    from models.safety import backup, integrity
    from models.store import Store

    path = tmp_path / "恢复中被杀.db"
    s = Store(path)
    cid = seed(s)
    add_problem(s, cid, 1)
    small = backup.copy_database(s.conn, tmp_path / "small.db")
    for n in range(2, 41):
        add_problem(s, cid, n)
    big = backup.copy_database(s.conn, tmp_path / "big.db")
    s.close()
    rng = random.Random(7)
    for _ in range(8):
        proc = subprocess.Popen([sys.executable, "-c", RESTORER, str(path), str(ROOT), str(ROOT / "tests"),
                                 str(small), str(big)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        watchdog = threading.Timer(HUNG, proc.kill)
        watchdog.start()
        try:
            assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
            for _ in range(rng.choice([0, 1, 2, 3])):
                assert proc.stdout.readline(), proc.stderr.read()
        finally:
            watchdog.cancel()
            proc.kill()
            proc.wait()
            proc.stdout.close()
            proc.stderr.close()
        conn = sqlite3.connect(str(path))
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM problems").fetchone()[0] in (1, 40)
        conn.close()
        # every listed backup (including "恢复前" copies cut off by the kill) is a whole database
        assert all(integrity.check_backup(b.path) for b in backup.list_backups(path))
