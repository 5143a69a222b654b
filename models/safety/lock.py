"""Which copy of the program has a database open: a lock file beside it with a heartbeat.

Why a lock file and not SQLite's own locking: SQLite locks only for the length of a
transaction, so two copies would both happily edit and overwrite each other's view; holding an
exclusive SQLite lock would instead stop the second copy from even reading. The lock file
``<db file name>.lock`` (JSON: host, pid, user, start time, heartbeat) lets the second copy open
read-only and tell the user *who* has the file open.

A lock is held when
- it was written on this computer, its process is still running and its heartbeat is fresh
  (an old heartbeat with a live process id means the id was reused, e.g. after a restart), or
- it was written on another computer (shared folder) and its heartbeat, rewritten every
  ``HEARTBEAT_SECONDS``, is younger than ``STALE_SECONDS`` (a crashed copy elsewhere frees
  the file after that time).
A lock left by a killed program on this computer is therefore taken over at once.
"""
from __future__ import annotations

import json
import os
import socket
import sys
import threading
import time
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from models.safety.pin import WriterClaim
from models.store import current_os_user

HEARTBEAT_SECONDS = 60
OTHER_PATH_TOKEN = "other-path"
STALE_SECONDS = 180


@dataclass
class LockInfo:
    host: str
    pid: int
    user: str
    started: str
    heartbeat: float
    token: str = ""

    def describe(self) -> str:
        """Chinese words for a message: who and since when."""
        if self.token == OTHER_PATH_TOKEN:
            return self.user
        return f"计算机“{self.host}”上的用户“{self.user}”（自 {self.started} 起）"


def real_path(db_path: str | os.PathLike) -> Path:
    """The file itself: symlinks and ``..`` resolved, so every way to name it gives one lock."""
    try:
        return Path(db_path).resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(db_path))


def lock_path(db_path: str | os.PathLike) -> Path:
    p = real_path(db_path)
    return p.with_name(p.name + ".lock")


# who holds the file when the kernel claim is taken but no lock file beside this path says so
OTHER_PATH = LockInfo(host="", pid=0, user="本机上另一个打开着它的程序窗口（可能经由快捷方式或其他路径打开了同一个文件）",
                      started="", heartbeat=0.0, token=OTHER_PATH_TOKEN)



def this_host() -> str:
    return socket.gethostname() or "本机"


def pid_alive(pid: int) -> bool:
    """Is a process with this id running on this computer?"""
    if pid <= 0:
        return False
    if sys.platform.startswith("win"):
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        try:
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        finally:
            kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def read_lock(db_path: str | os.PathLike) -> LockInfo | None:
    """The lock file's content, or None when there is none or it cannot be read."""
    try:
        data = json.loads(lock_path(db_path).read_text(encoding="utf-8"))
        return LockInfo(host=str(data["host"]), pid=int(data["pid"]), user=str(data.get("user", "")),
                        started=str(data.get("started", "")), heartbeat=float(data["heartbeat"]),
                        token=str(data.get("token", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def is_held(info: LockInfo, now: float | None = None) -> bool:
    """Does the copy that wrote ``info`` still have the database open?"""
    fresh = (now if now is not None else time.time()) - info.heartbeat < STALE_SECONDS
    if info.host == this_host():
        # a dead process holds nothing; a live one with an old heartbeat is a reused process id
        return fresh and pid_alive(info.pid)
    return fresh


def holder(db_path: str | os.PathLike) -> LockInfo | None:
    """The running copy that has the database open, or None when it is free."""
    path = lock_path(db_path)
    if not path.exists():
        return None
    info = read_lock(db_path)
    if info is None:
        # being written right now, or garbage: trust it only while it is fresh
        try:
            fresh = time.time() - path.stat().st_mtime < STALE_SECONDS
        except OSError:
            return None
        return LockInfo("未知计算机", 0, "未知用户", "", time.time()) if fresh else None
    return info if is_held(info) else None


class DatabaseLock:
    """This copy's claim on a database file. ``acquire`` first, ``release`` on close."""

    def __init__(self, db_path: str | os.PathLike):
        self.db_path = real_path(db_path)
        self.path = lock_path(db_path)
        self.claim = WriterClaim(self.db_path)
        self.token = uuid.uuid4().hex
        self.held = False
        self.lost = False            # someone else took the lock over (e.g. after a long sleep)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._info = LockInfo(host=this_host(), pid=os.getpid(), user=current_os_user(),
                              started=datetime.now().strftime("%Y-%m-%d %H:%M"), heartbeat=time.time(),
                              token=self.token)

    def _content(self) -> str:
        self._info.heartbeat = time.time()
        return json.dumps(asdict(self._info), ensure_ascii=False)

    def _write_replace(self) -> None:
        tmp = self.path.with_name(f"{self.path.name}.{self.token[:8]}.tmp")
        tmp.write_text(self._content(), encoding="utf-8")
        os.replace(tmp, self.path)

    def acquire(self) -> LockInfo | None:
        """Take the lock. Returns None when taken, or the other copy's info when it holds it.

        Raises OSError when the lock file cannot be written (read-only folder).
        """
        if self.claim.take() is False:    # the same file is being written, reached by another path
            return holder(self.db_path) or OTHER_PATH
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            other = holder(self.db_path)
            if other is not None and other.token != self.token:
                return other
            self._write_replace()            # stale: take it over
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(self._content())
        mine = read_lock(self.db_path)
        if mine is None or mine.token != self.token:   # lost a race with another copy
            return mine or holder(self.db_path)
        self.held = True
        return None

    def claim_file(self) -> None:
        """Take the kernel claim once the file exists (a new database is made after ``acquire``)."""
        if self.held:
            self.claim.take()

    def still_ours(self) -> bool:
        """At commit time: is the lock file still ours? (Sets ``lost`` when it is not.)"""
        if not self.held:
            return False
        current = read_lock(self.db_path)
        if current is not None and current.token != self.token:
            self.lost = True
            self.held = False
        return self.held

    def beat(self) -> bool:
        """Refresh the heartbeat; False (and ``lost``) when another copy has taken the lock."""
        if not self.held:
            return False
        current = read_lock(self.db_path)
        if current is not None and current.token != self.token:
            self.lost = True
            self.held = False
            return False
        try:
            self._write_replace()
        except OSError:
            pass
        return True

    def start_heartbeat(self, interval: float = HEARTBEAT_SECONDS) -> None:
        if self._thread is not None:
            return

        def loop() -> None:
            while not self._stop.wait(interval):
                if not self.beat():
                    break

        self._thread = threading.Thread(target=loop, name="db-lock-heartbeat", daemon=True)
        self._thread.start()

    def release(self) -> None:
        """Give the lock up (only if it is still ours). Safe to call twice. Call it after the
        store is closed: closing the claim's descriptor drops this process's SQLite locks."""
        self._stop.set()
        self.claim.close()
        if not self.held:
            return
        self.held = False
        current = read_lock(self.db_path)
        if current is not None and current.token == self.token:
            try:
                self.path.unlink()
            except OSError:
                pass
