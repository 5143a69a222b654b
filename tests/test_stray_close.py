"""A stray open()/close() of the database inside the running program cannot lose a later write.

On Linux SQLite's locks are per process: closing *any* descriptor of the file (a file dialog
sniffing the folder does it) drops them, another program's sqlite3 then deletes our -wal/-shm on
close, and the next write goes into a deleted file. The sequence from issue 9, in real processes:
open the database in the program, open and close its files with other descriptors, let another
process open and close the database, write, SIGKILL, reopen: the write is there.
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HUNG = 600   # seconds, a safety net only (no test asserts a time): a child that stops answering is killed (no blocked readline in CI)

PROGRAM = r"""
import os, sys
sys.path[:0] = [sys.argv[2], sys.argv[3]]
from models.safety import opening
from safety_data import seed

class Answers:
    def ask(self, title, text, yes): return True
    def warn(self, title, text): pass
    def error(self, title, text): print("错误", title, text, flush=True)

store = opening.open_database(sys.argv[1], Answers())
seed(store, "第一个专题")
for name in (sys.argv[1], sys.argv[1] + "-wal", sys.argv[1] + "-shm"):   # what a file dialog does
    if os.path.exists(name):
        with open(name, "rb") as fh:
            fh.read(512)
print("sniffed", flush=True)
sys.stdin.readline()
print(seed(store, "之后新建的专题"), flush=True)
sys.stdin.readline()
"""

OTHER = r"""
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
print(conn.execute("SELECT count(*) FROM campaigns").fetchone()[0])
conn.close()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="只在 Linux 上检查（POSIX 记录锁按进程计）")
def test_write_after_stray_close_and_other_reader_survives_kill(tmp_path):
    path = tmp_path / "联动监督.db"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.Popen([sys.executable, "-c", PROGRAM, str(path), str(ROOT), str(ROOT / "tests")],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    watchdog = threading.Timer(HUNG, proc.kill)
    watchdog.start()
    try:
        assert proc.stdout.readline().strip() == "sniffed", proc.stderr.read()
        other = subprocess.run([sys.executable, "-c", OTHER, str(path)], capture_output=True, text=True,
                               timeout=HUNG)
        assert other.stdout.strip() == "1", other.stderr
        assert path.with_name(path.name + "-wal").exists(), "另一个进程关闭时删掉了正在使用的 -wal"
        proc.stdin.write("\n")
        proc.stdin.flush()
        new_id = proc.stdout.readline().strip()
        assert new_id.isdigit(), proc.stderr.read()
    finally:
        watchdog.cancel()
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    conn = sqlite3.connect(str(path))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = [r[0] for r in conn.execute("SELECT name FROM campaigns ORDER BY id")]
    finally:
        conn.close()
    assert names == ["第一个专题", "之后新建的专题"]
