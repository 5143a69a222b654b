"""From a sheet's cells to the problem rows a person sees: sections, notes and blank rows handled.

Rows under the header are read one by one. Blank rows and pre-numbered empty rows are skipped;
a row with one text merged across the sheet (or numbered 一、/（一）) is a section title, which
becomes the category of the rows below it, mapped to the nearest known category; closing notes
(注：…, 合计) are skipped. Everything else is a problem row, kept with its Excel row number.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date

from models.bulk import paused_collector
from models.exchange.mapping import IGNORE, is_exact_header
from models.exchange.reader import SheetTable, cell_text
from models.normalize import DateError, parse_date

_NOTE_RE = re.compile(r"^(注|说明|备注|填表|制表|审核|合计|小计|总计|联系人|联系电话|附件|附：)")
_SECTION_RE = re.compile(r"^([一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十]+[)）]|"
                         r"第[一二三四五六七八九十]+[部分类章节项])")
_SECTION_TAIL = re.compile(r"(方面|领域|类|问题|工作)?(的?问题)?(清单)?[（(]?\d*[个条项]?[）)]?$")
_NUMBER_RE = re.compile(r"\d+(\.\d+)?")
_AS_OF = re.compile(r"截[至止](?:到)?\s*((?:19|20)\d\d)\s*年")
_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)\s*年(?:度)?")
_DATE_NEAR = re.compile(r"(?:填报|统计|制表)?日期[:：]\s*(\S+)")


@dataclass
class SheetRow:
    """One problem row as read: ``values`` are field key → cell text (editable in the preview)."""
    line: int                      # Excel row number, for messages
    values: dict[str, str]
    section: str = ""              # the section title above it, as written
    category: str = ""             # the category the section maps to
    include: bool = True           # the user's choice in the preview
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    duplicate_of: str = ""
    record: dict = field(default_factory=dict)  # resolved values, filled by preview.validate_row
    formulas: set[str] = field(default_factory=set)   # fields whose cell holds a formula
    question: str = ""             # why the row waits for the user's tick (e.g. a deadline far off)


@dataclass
class Extracted:
    rows: list[SheetRow]
    sections: dict[str, str]       # section title → category
    new_categories: list[str]      # categories that do not exist yet
    filled_on: date | None         # 填报日期 found above the header
    skipped_notes: list[str]
    year_hint: int | None = None   # the year the sheet speaks of (截至… note, or its title)
    year_from: str = ""            # where that year was read, as written


def section_core(title: str) -> str:
    """一、养老服务设施建设方面 → 养老服务设施建设."""
    core = _SECTION_RE.sub("", title.strip())
    core = _SECTION_TAIL.sub("", core).strip(" ：:")
    return core or title.strip()


def map_category(title: str, known: list[str]) -> tuple[str, bool]:
    """(category, is_new): a known category named inside the title, else the closest, else the title."""
    core = section_core(title)
    inside = [k for k in known if k and k != "其他" and k in core]
    if inside:
        return max(inside, key=len), False
    best, score = None, 0.0
    for k in known:
        if k == "其他":
            continue
        r = difflib.SequenceMatcher(None, core, k).ratio()
        if r > score:
            best, score = k, r
    if best and score >= 0.6:
        return best, False
    return core[:20], core[:20] not in known


def filled_date(table: SheetTable, header_row: int) -> date | None:
    """The 填报日期 written above the header, if any."""
    for r in range(header_row):
        for v in table.rows[r]:
            m = _DATE_NEAR.search(cell_text(v))
            if m:
                try:
                    return parse_date(m.group(1))
                except DateError:
                    continue
    return None


@paused_collector
def extract_rows(table: SheetTable, header_row: int, mapping: list[str], known_categories: list[str]) -> Extracted:
    columns = [(i, key) for i, key in enumerate(mapping) if key != IGNORE]
    header_texts = [cell_text(v) for v in table.rows[header_row]]
    seq_cols = {i for i, k in enumerate(mapping) if k == "seq"}
    rows: list[SheetRow] = []
    sections: dict[str, str] = {}
    new: list[str] = []
    notes: list[str] = []
    section, category = "", ""
    for r in range(header_row + 1, len(table.rows)):
        raw = table.rows[r]
        texts = list(map(cell_text, raw))
        # three different values (blank among them or not) and at most one 序号 column: two texts at
        # least, one outside 序号, so neither blank, nor numbered and empty, nor a one-text line
        if len(set(texts)) <= 2 or len(seq_cols) > 1:
            filled = [(i, t) for i, t in enumerate(texts) if t]
            if not filled or all(i in seq_cols and _NUMBER_RE.fullmatch(t) for i, t in filled):
                continue  # blank, or numbered in advance and left empty
            distinct = {t for _, t in filled}
        else:
            distinct = ()
        if len(distinct) == 1:
            text = next(iter(distinct))
            if _NOTE_RE.match(text):
                notes.append(text)
                continue
            if r in table.wide_merge_rows or _SECTION_RE.match(text):
                section = text.replace("\n", "")
                if section not in sections:
                    cat, is_new = map_category(section, known_categories)
                    sections[section] = cat
                    if is_new and cat not in new:
                        new.append(cat)
                category = sections[section]
                continue
        if texts == header_texts or _repeats_header(texts, max(2, len(columns) - 1)):
            continue  # the header repeated (sheets printed page by page)
        values = {key: (texts[i] if i < len(texts) else "") for i, key in columns}
        formulas = {key for i, key in columns if (r, i) in table.formulas} if table.formulas else set()
        rows.append(SheetRow(line=r + 1, values=values, section=section, category=category, formulas=formulas))
    year, where = sheet_year(table, header_row, notes)
    return Extracted(rows=rows, sections=sections, new_categories=new,
                     filled_on=filled_date(table, header_row), skipped_notes=notes, year_hint=year, year_from=where)


def _repeats_header(texts: list[str], need: int) -> bool:
    """At least ``need`` cells are exact header words (stops at the first cell that makes it impossible)."""
    misses_allowed = len(texts) - need
    if misses_allowed < 0:
        return False
    for t in texts:
        if not is_exact_header(t):
            misses_allowed -= 1
            if misses_allowed < 0:
                return False
    return True


def sheet_year(table: SheetTable, header_row: int, notes: list[str]) -> tuple[int | None, str]:
    """The year "6月底" means on this sheet: a 截至2024年… note first, else a year in the title rows."""
    above = [cell_text(v) for r in range(header_row) for v in table.rows[r] if v not in (None, "")]
    for text in above + notes:
        m = _AS_OF.search(text)
        if m:
            return int(m.group(1)), text[:40]
    for text in above:
        m = _TITLE_YEAR.search(text)
        if m and not _DATE_NEAR.search(text):
            return int(m.group(1)), text[:40]
    return None, ""
