"""The one shape of a progress report: ``progress(done, total)``.

Every long model function (backup, import, export) takes one. The window's version (ui/jobs.py)
returns True, or raises ``Cancelled`` after 取消; what it returns is not used otherwise.
"""
from __future__ import annotations

from collections.abc import Callable

ProgressCallback = Callable[[int, int], object]
