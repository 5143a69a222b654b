"""Reading a 责任清单 or 内容清单 workbook with the problem import's reader: the same bounded,
merged-cell-aware sheet reading, the header found under titles, and "一、…方面" rows taken as the
group (aspect or unit) of the rows below them."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from models.exchange.mapping import clean_header
from models.exchange.reader import SheetTable, read_sheet
from models.store import ValidationError

_SECTION = re.compile(r"^[（(]?[一二三四五六七八九十]+[)）、.．]")


@dataclass
class ListRow:
    row_number: int          # Excel row number, for messages
    group: str               # the section row above it ("一、养老服务设施方面" → "养老服务设施方面")
    values: dict[str, str] = field(default_factory=dict)


def _find_header(table: SheetTable, targets: dict[str, tuple[str, ...]], required: str) -> tuple[int, dict[str, int]]:
    for r in range(min(40, len(table.rows))):
        cols: dict[str, int] = {}
        for c in range(table.width):
            h = clean_header(table.rows[r][c])
            for key, names in targets.items():
                if key not in cols and h in names:
                    cols[key] = c
        if required in cols and len(cols) >= 2:
            return r, cols
    wanted = "、".join(targets[required][:3])
    raise ValidationError(f"没有找到表头：工作表中应有“{wanted}”等列名的一行。")


def read_list(path: str | Path, targets: dict[str, tuple[str, ...]], required: str) -> list[ListRow]:
    """Rows below the header that have the required column filled, each with its section group."""
    table = read_sheet(path)
    header, cols = _find_header(table, targets, required)
    out: list[ListRow] = []
    group = ""
    for r in range(header + 1, len(table.rows)):
        texts = [table.text(r, c) for c in range(table.width)]
        filled = [t for t in texts if t]
        if not filled:
            continue
        if len(set(filled)) == 1 and (r in table.wide_merge_rows or _SECTION.match(filled[0])):
            group = _SECTION.sub("", filled[0]).strip()
            continue
        values = {key: table.text(r, c) for key, c in cols.items()}
        if values.get(required):
            out.append(ListRow(row_number=r + 1, group=group, values=values))
    if not out:
        raise ValidationError("表头下面没有可导入的内容。")
    return out
