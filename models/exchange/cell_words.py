"""What people write in a sheet's 来源, 状态 and 完成百分比 cells, read as the program's words."""
from __future__ import annotations

import re
from functools import lru_cache

from models.normalize import normalize_text, to_halfwidth
from models.vocab import (
    SOURCES,
    STATUS_CARRIED,
    STATUS_CLOSE_REQUESTED,
    STATUS_CLOSED,
    STATUS_IN_PROGRESS,
    STATUS_PENDING,
)

_SOURCE_WORDS = (("暗访", "暗访调查"), ("四不两直", "暗访调查"), ("自查", "政府自查"), ("执法", "执法检查"),
                 ("调研", "专题调研"), ("视察", "专题调研"), ("群众", "群众反映"), ("信访", "群众反映"),
                 ("来信", "群众反映"), ("代表", "代表建议"), ("审议", "常委会审议"), ("询问", "常委会审议"),
                 ("交办", "上级交办"), ("上级", "上级交办"))
# What statuses people write, read as the program's statuses (empty = not handed over yet). The
# first word found wins, so the negatives (未完成) come before what they contain (完成).
_STATUS_WORDS = (("未完成", STATUS_IN_PROGRESS), ("未整改", STATUS_IN_PROGRESS), ("未销号", STATUS_IN_PROGRESS),
                 ("未落实", STATUS_IN_PROGRESS), ("未启动", STATUS_IN_PROGRESS), ("未办结", STATUS_IN_PROGRESS),
                 ("待交办", STATUS_PENDING), ("未交办", STATUS_PENDING),
                 ("申请", STATUS_CLOSE_REQUESTED),
                 ("销号", STATUS_CLOSED), ("转下年", STATUS_CARRIED), ("跨年", STATUS_CARRIED), ("结转", STATUS_CARRIED),
                 ("基本完成", STATUS_IN_PROGRESS), ("持续", STATUS_IN_PROGRESS), ("长期", STATUS_IN_PROGRESS),
                 ("推进", STATUS_IN_PROGRESS), ("正在", STATUS_IN_PROGRESS), ("部分", STATUS_IN_PROGRESS),
                 ("整改中", STATUS_IN_PROGRESS), ("进行中", STATUS_IN_PROGRESS), ("办理中", STATUS_IN_PROGRESS),
                 ("落实中", STATUS_IN_PROGRESS), ("已交办", STATUS_IN_PROGRESS), ("阶段性", STATUS_IN_PROGRESS),
                 ("已整改", STATUS_CLOSE_REQUESTED), ("已完成", STATUS_CLOSE_REQUESTED), ("完成", STATUS_CLOSE_REQUESTED),
                 ("办结", STATUS_CLOSE_REQUESTED), ("已落实", STATUS_CLOSE_REQUESTED), ("到位", STATUS_CLOSE_REQUESTED))
_PERCENT_RE = re.compile(r"(\d{1,3}(?:\.\d+)?)\s*%")


@lru_cache(maxsize=1024)   # sheets repeat the same few words
def read_source(text: str) -> str | None:
    t = normalize_text(text, multiline=False)
    if t in SOURCES:
        return t
    for word, source in _SOURCE_WORDS:
        if word in t:
            return source
    return None


@lru_cache(maxsize=1024)   # sheets repeat the same few words
def read_status(text: str) -> str | None:
    t = re.sub(r"\s+", "", text or "")
    if not t:
        return STATUS_PENDING
    for word, status in _STATUS_WORDS:
        if word in t:
            return status
    return None


@lru_cache(maxsize=1024)   # sheets repeat the same few words
def read_percent(text: str) -> int | None:
    """74.4% → 74, 0.744 → 74, 80 → 80; None when no figure is given."""
    t = to_halfwidth(text or "").strip()
    if not t:
        return None
    m = _PERCENT_RE.findall(t)
    if m:
        value = float(m[-1])
    else:
        try:
            value = float(t.rstrip("%"))
        except ValueError:
            return None
        if 0 < value <= 1 and "." in t:
            value *= 100
    return int(round(value)) if 0 <= value <= 100 else None
