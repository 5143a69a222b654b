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
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


ProgressCallback = Callable[[int, int], bool]
"""progress(done, total) -> False to cancel. Writers call it now and then."""


def no_progress(done: int, total: int) -> bool:
    return True
