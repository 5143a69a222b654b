"""Guard against PySide6 6.12's reference leak on ``None`` under Python 3.11.

PySide6 6.12 hands ``None`` back from every void method (``setText``, ``setItem``, ``show``…) and
from null returns without taking a reference: each such call takes one reference from ``None``.
Python 3.12+ made ``None`` immortal, so there it does not matter; on 3.11 the count reaches zero
after some thousands of calls and the interpreter aborts ("none_dealloc: deallocating None"),
in the middle of work (月调度 on 100,000 problems) or at exit. We do what 3.12 does: give
``None`` a reference count so large that no session can use it up.
"""
from __future__ import annotations

import ctypes
import sys

HEADROOM = 1 << 50   # far beyond any session's calls, far below the counter's limit (2**63)


def leaks_none() -> bool:
    """True when a void PySide call takes a reference from None (measured, not assumed)."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(10):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before


def keep_none_alive() -> bool:
    """Raise None's reference count once, if this PySide leaks it; returns True when it did."""
    if sys.version_info >= (3, 12) or sys.getrefcount(None) > HEADROOM // 2 or not leaks_none():
        return False
    ctypes.c_ssize_t.from_address(id(None)).value += HEADROOM
    return True
