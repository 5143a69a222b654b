"""Locks on the open database that a stray ``close()`` elsewhere in the program cannot drop.

SQLite on Linux locks with POSIX record locks, which belong to the *process*: closing any
descriptor of the database file (a file dialog sniffing the folder, a thumbnailer, a plain
``open()``) silently releases all of them. Another program's ``sqlite3`` then believes it is the
last user, checkpoints and deletes our -wal/-shm, and what we write afterwards goes into a deleted
file that a crash loses.

Open-file-description locks (``F_OFD_SETLK``, Linux 3.15+) belong to one open file instead and
conflict with POSIX locks, also those of our own process. We hold, on private descriptors:
- a read lock on SQLite's SHARED byte range of the database file, so nobody can take the
  EXCLUSIVE lock needed to checkpoint-and-delete the WAL or to leave WAL mode;
- a read lock on the "dead man switch" byte of the -shm file, so nobody believes it is the
  first user and wipes the shared memory we have mapped.
Neither blocks our own reads and writes (WAL writers lock other bytes). ``release`` before the
last connection closes, so that the normal checkpoint at close still works.
Elsewhere (Windows locks per handle; macOS has no OFD locks) this is a no-op.
"""
from __future__ import annotations

import os
import struct
from pathlib import Path

try:
    import fcntl
except ImportError:   # Windows
    fcntl = None  # type: ignore[assignment]

# Byte offsets of SQLite's unix VFS (os_unix.c): the SHARED range of the database file and
# the DMS byte of the -shm file (UNIX_SHM_BASE 120 + SQLITE_SHM_NLOCK 8).
PENDING_BYTE = 0x40000000
SHARED_FIRST = PENDING_BYTE + 2
SHARED_SIZE = 510
SHM_DMS_BYTE = 128

_OFD_SETLK = getattr(fcntl, "F_OFD_SETLK", None) if fcntl is not None else None


def supported() -> bool:
    return _OFD_SETLK is not None


def _flock(kind: int, start: int, length: int) -> bytes:
    # struct flock {short l_type; short l_whence; off_t l_start; off_t l_len; pid_t l_pid;}
    # (native alignment; spare zero bytes cover the trailing padding on every ABI)
    return struct.pack("@hhqqi", kind, os.SEEK_SET, start, length, 0) + bytes(8)


def _set(fd: int, kind: int, start: int, length: int) -> bool:
    try:
        fcntl.fcntl(fd, _OFD_SETLK, _flock(kind, start, length))
    except OSError:
        return False
    return True


def _open_read(path: Path) -> int | None:
    try:
        return os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None


def _same_file(fd: int, path: Path) -> bool:
    try:
        a, b = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


class FilePin:
    """OFD read locks held on a database (and its -shm) while it is open.

    The private descriptors stay open until ``close`` (after the connection is closed): closing
    one is itself a stray close that would drop SQLite's POSIX locks.
    """

    def __init__(self, db_path: str | os.PathLike):
        self.db_path = Path(db_path)
        self._fds: list[tuple[int, int, int]] = []     # (fd, start, length)
        self.held = False

    def _open(self) -> None:
        """Descriptors for the database and the current -shm (a new one after a journal mode
        change; the old one's descriptor is closed, which touches no lock of the new file)."""
        shm = self.db_path.with_name(self.db_path.name + "-shm")
        if not self._fds:
            fd = _open_read(self.db_path)
            if fd is None:
                return
            self._fds.append((fd, SHARED_FIRST, SHARED_SIZE))
        if len(self._fds) > 1:
            old = self._fds[1][0]
            if _same_file(old, shm):
                return
            del self._fds[1]
            os.close(old)
        fd = _open_read(shm)
        if fd is not None:
            self._fds.append((fd, SHM_DMS_BYTE, 1))

    def hold(self) -> bool:
        """Take the locks (again); True when the database file is pinned."""
        if not supported():
            return False
        self._open()
        results = [_set(fd, fcntl.F_RDLCK, start, length) for fd, start, length in self._fds]
        self.held = bool(results) and results[0]
        return self.held

    def loosen(self) -> None:
        """Let go of the locks but keep the descriptors (before the connection closes, or while
        SQLite itself needs the EXCLUSIVE lock, e.g. to change the journal mode)."""
        for fd, start, length in self._fds:
            _set(fd, fcntl.F_UNLCK, start, length)
        self.held = False

    def close(self) -> None:
        """Close the descriptors: only once the database connection is closed."""
        if self.held:
            self.loosen()
        fds, self._fds = self._fds, []
        for fd, _start, _length in fds:
            try:
                os.close(fd)
            except OSError:
                pass


# A byte SQLite never locks. The copy of the program that writes the database holds an OFD write
# lock on it: the kernel keys it on the file itself (device and inode), so a second copy that
# reaches the same file through a symlink, a hard link or another mount path finds it taken.
CLAIM_BYTE = PENDING_BYTE + 0x10000


class WriterClaim:
    """This copy's kernel-level claim to write a database file."""

    def __init__(self, db_path: str | os.PathLike):
        self.db_path = Path(db_path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def take(self) -> bool | None:
        """True: ours; False: another open file (another copy) holds it; None: cannot tell
        (no OFD locks here, or no file yet)."""
        if self._fd is not None:
            return True
        if not supported():
            return None
        fd = _open_read_write(self.db_path)
        if fd is None:
            return None
        if _set(fd, fcntl.F_WRLCK, CLAIM_BYTE, 1):
            self._fd = fd
            return True
        self._pending_close = fd    # closing it now would drop SQLite's locks in this process
        return False

    def close(self) -> None:
        """Give the claim up: only once this copy's connections to the file are closed."""
        for fd in (self._fd, getattr(self, "_pending_close", None)):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._fd = None
        self._pending_close = None


def _open_read_write(path: Path) -> int | None:
    try:
        return os.open(path, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
