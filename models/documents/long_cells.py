"""Rows too tall for Excel: a row is at most 409 pt high, so a very long cell continues on the
rows below it instead of being clipped under the page footer."""
from __future__ import annotations

import math
from collections.abc import Sequence

MAX_ROW_PT = 409.0        # Excel's (and WPS's) limit on a row's height
CONTINUED = "（接上行）"  # opens the text a continuation row carries on with


def _char_width(ch: str) -> int:
    return 1 if ord(ch) < 0x80 else 2


def split_lines(text: str, width: float, max_lines: int) -> list[str]:
    """``text`` cut into pieces that each take at most ``max_lines`` printed lines in a wrapped
    column ``width`` units wide (the same reckoning as xlsx_style.text_lines)."""
    room = max(1.0, width - 2.5)
    visual: list[tuple[str, bool]] = []   # (printed line, starts a paragraph)
    for para in text.split("\n"):
        line, used, first = [], 0, True
        for ch in para:
            w = _char_width(ch)
            if line and used + w > room:
                visual.append(("".join(line), first))
                line, used, first = [], 0, False
            line.append(ch)
            used += w
        visual.append(("".join(line), first))
    pieces = []
    for start in range(0, len(visual), max(1, max_lines)):
        chunk = visual[start:start + max(1, max_lines)]
        text_piece = ""
        for i, (line, new_para) in enumerate(chunk):
            text_piece += ("\n" if i and new_para else "") + line
        pieces.append(text_piece)
    return pieces or [""]


def continued_rows(row: Sequence, text_cols: Sequence[int], widths: Sequence[float], line_pt: float,
                   pad_pt: float) -> list[list]:
    """``row`` as itself plus continuation rows when a text cell needs more than MAX_ROW_PT:
    each long text cell keeps what fits and goes on below; other cells stay on the first row."""
    max_lines = max(1, math.floor((MAX_ROW_PT - pad_pt) / line_pt) - 1)  # room for "（接上行）"
    pieces: dict[int, list[str]] = {}
    for i in text_cols:
        if i < len(row) and isinstance(row[i], str) and row[i]:
            parts = split_lines(row[i], widths[i], max_lines)
            if len(parts) > 1:
                pieces[i] = parts
    if not pieces:
        return [list(row)]
    count = max(len(p) for p in pieces.values())
    out = []
    for k in range(count):
        if k == 0:
            new = list(row)
        else:
            new = [None] * len(row)
        for i, parts in pieces.items():
            new[i] = (parts[k] if k == 0 else CONTINUED + parts[k]) if k < len(parts) else None
        out.append(new)
    return out
