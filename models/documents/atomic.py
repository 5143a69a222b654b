"""Writing a file so that a failure or cancel never leaves a half-written one behind."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


class Cancelled(Exception):
    """Raised by a writer when the user cancelled; nothing was written."""


@contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target`` in one step,
    on any exception (including Cancelled) it is removed and ``target`` is untouched."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix + ".part", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    if os.name == "posix":   # mkstemp makes 0600; an exported file is the user's like any other
        os.chmod(tmp_path, umask_mode())
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def umask_mode(mode: int = 0o666) -> int:
    """``mode`` as the user's umask lets a new file have it (tempfile makes files 0600)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return mode & ~int(line.split()[1], 8)
    except OSError:
        pass
    if os.name != "posix":
        return mode
    current = os.umask(0o022)   # no other way to read it here; set straight back
    os.umask(current)
    return mode & ~current


ProgressCallback = Callable[[int, int], bool]
"""progress(done, total) -> False to cancel. Writers call it now and then."""


def no_progress(done: int, total: int) -> bool:
    return True
