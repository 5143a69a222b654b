"""The quick check skipped at opening, only for a file provably unchanged since a clean close.

``PRAGMA quick_check`` reads the whole file: a third of a second of work for 100,000 problems at
every start. It is left out only when all of this holds:
- the last copy of this program to write the file closed it normally (not killed, not crashed),
  after a check of it had passed during that session (the quick check at opening or the full
  check after it), and found nothing wrong since;
- at that close it wrote ``<database file name>.checked`` beside the file: the file's device,
  inode, size, modification and change times (nanoseconds) and a digest of its first and last
  pages, with no changes waiting in a -wal;
- the file is exactly so now, still with no changes waiting in a -wal.
Anything else gets the quick check as before: a file written by another program (its change time
moves, which no program can set back), copied or moved in (another inode), truncated, restored,
or left by a copy of the program that did not close normally (the record is removed when a copy
opens the file for writing, and written again only at its clean close). The full check after
the window shows runs either way.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

SUFFIX = ".checked"
_PAGE = 4096
_KIND = "closed-after-check-v1"
_TICK_TRIES, _TICK_WAIT = 25, 0.004    # at a clean close: at most a tenth of a second (FAT: no record)


def record_path(db_path: str | os.PathLike) -> Path:
    p = Path(db_path)
    return p.with_name(p.name + SUFFIX)


def _fingerprint(db_path: Path) -> dict | None:
    """What the file looks like now, or None when it is not a plain, settled file (missing, empty,
    changes waiting in its -wal, unreadable)."""
    try:
        wal = db_path.with_name(db_path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            return None
        with open(db_path, "rb") as fh:
            st = os.fstat(fh.fileno())
            if st.st_size == 0:
                return None
            digest = hashlib.sha256(fh.read(_PAGE))
            fh.seek(max(0, st.st_size - _PAGE))
            digest.update(fh.read(_PAGE))
    except OSError:
        return None
    return {"kind": _KIND, "dev": st.st_dev, "ino": st.st_ino, "size": st.st_size,
            "mtime_ns": st.st_mtime_ns, "ctime_ns": st.st_ctime_ns, "digest": digest.hexdigest()}


def unchanged(db_path: str | os.PathLike) -> bool:
    """True only when the record of a clean close matches the file as it is now."""
    p = Path(db_path)
    try:
        saved = json.loads(record_path(p).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    now = _fingerprint(p)
    return now is not None and saved == now


def forget(db_path: str | os.PathLike) -> None:
    """The file is about to be written (or was found wrong): the next opening checks it."""
    try:
        record_path(db_path).unlink(missing_ok=True)
    except OSError:
        pass


def record(db_path: str | os.PathLike) -> bool:
    """At a clean close after a passed check, once every connection of this program is closed
    (and before its lock is given up): remember the file as it is. False when nothing was
    recorded (changes still waiting in a -wal, an unwritable folder): the next opening checks."""
    p = Path(db_path)
    now = _fingerprint(p)
    if now is None:
        forget(p)
        return False
    target = record_path(p)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        # A file system stamps times with a coarse clock (a few ms, two seconds on FAT): a change
        # made within the tick of the file's last change would leave its times as recorded. The
        # record is kept only once the same clock has moved past that change (the record file's
        # own time, beside the database), so any later change shows as a new change time.
        for _ in range(_TICK_TRIES):
            tmp.write_text(json.dumps(now), encoding="utf-8")
            if tmp.stat().st_mtime_ns > now["ctime_ns"]:
                os.replace(tmp, target)
                return True
            time.sleep(_TICK_WAIT)
        tmp.unlink()
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
    forget(p)
    return False
