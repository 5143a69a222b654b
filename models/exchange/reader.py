"""Reading problem-list workbooks as people keep them: .xlsx (python-calamine) and .xls (xlrd).

An .xlsx is first checked and scanned by ``workbook_guard`` (bounded: size, unpacked bytes, the
content area), then read by python-calamine, a Rust reader about ten times faster than openpyxl
for a 50,000-row sheet; the scan supplies what calamine leaves out (merged ranges, which cells
hold formulas or error values). Old .xls files go through xlrd with ragged rows (memory follows
the cells really there). Merged values are copied into every cell of their range, so a 牵头单位
merged over three rows counts for each of them and a section title merged across the sheet looks
the same in every column. Trailing empty rows and columns are trimmed by content. Whatever goes
wrong inside a reader library, the caller gets a ``WorkbookError`` with one Chinese sentence.
"""
from __future__ import annotations

import logging
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from models.bulk import paused_collector
from models.documents.atomic import Cancelled
from models.exchange import workbook_guard as guard
from models.exchange.workbook_guard import MAX_CELL_CHARS, WorkbookError, check_file
from models.normalize import normalize_text

__all__ = ["SheetTable", "WorkbookError", "cell_text", "check_file", "list_sheets", "read_sheet"]
log = logging.getLogger(__name__)
ProgressFn = Callable[[int, int], object]
ERROR_VALUES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
                "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#错误")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


@dataclass
class SheetTable:
    """One sheet's cells after merge filling. ``rows[i]`` is Excel row ``i + 1``."""
    name: str
    rows: list[list[object]]
    width: int
    wide_merge_rows: set[int] = field(default_factory=set)  # row indexes holding a merge over ≥3 columns
    formulas: set[tuple[int, int]] = field(default_factory=set)      # (row, col) of formula cells
    cut_cells: set[tuple[int, int]] = field(default_factory=set)     # cells longer than Excel allows, cut

    def text(self, r: int, c: int) -> str:
        row = self.rows[r]
        return cell_text(row[c]) if c < len(row) else ""


def _unescape(m: re.Match) -> str:
    ch = chr(int(m.group(1), 16))
    return ch if ch.isprintable() or ch in "\n\t" else ""


def cell_text(value: object) -> str:
    """A cell as clean text: dates as ISO, 12.0 as 12, full-width digits/spaces half-width,
    a literal _x0000_ (an escaped control character) and other invisible marks dropped."""
    if type(value) is str:   # nearly every cell: the other kinds are asked only after it
        return normalize_text(_ESCAPE.sub(_unescape, value) if "_x" in value else value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if not (value.hour or value.minute) else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str) and "_x" in value:
        value = _ESCAPE.sub(_unescape, value)
    return normalize_text(value)


def _failure(p: Path, exc: BaseException) -> WorkbookError:
    """A reader library's own exception (English text) as one Chinese sentence; logged for us."""
    if isinstance(exc, MemoryError):
        return guard.too_big(p, "内容")
    if isinstance(exc, PermissionError):
        return WorkbookError(f"没有权限读取文件“{p.name}”。请把它复制到自己的文件夹后再导入。")
    text = str(exc).lower()
    if "password" in text or "encrypt" in text:
        return guard.encrypted(p)
    log.info("workbook %s unreadable: %r", p.name, exc)
    return guard.broken(p)


def list_sheets(path: str | Path) -> list[tuple[str, int]]:
    """(sheet name, approximate row count) of every worksheet, in workbook order."""
    p = Path(path)
    kind = check_file(p)
    try:
        if kind == "xls":
            book = _open_xls(p)
            try:
                return [(s.name, s.nrows) for s in book.sheets()]
            finally:
                book.release_resources()
        return _xlsx_sheet_list(p)
    except (WorkbookError, Cancelled):
        raise
    except Exception as exc:  # noqa: BLE001 - any library failure becomes one Chinese sentence
        raise _failure(p, exc) from None


_SHEET_RE = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"')
_REL_RE = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"')
_REL_RE2 = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"')
_DIM_RE = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')


def _sheet_members(z: zipfile.ZipFile, p: Path) -> list[tuple[str, str]]:
    """(sheet name, package member) of the worksheets, from workbook.xml and its relationships."""
    from html import unescape

    book = guard.read_member(z, "xl/workbook.xml", guard.MAX_SMALL_XML, p)
    rels_xml = guard.read_member(z, "xl/_rels/workbook.xml.rels", guard.MAX_SMALL_XML, p)
    rels = {i: t for i, t in _REL_RE.findall(rels_xml)}
    rels.update({i: t for t, i in _REL_RE2.findall(rels_xml)})
    names = set(z.namelist())
    out = []
    for name, rid in _SHEET_RE.findall(book):
        target = rels.get(rid, b"").decode("utf-8", "replace")
        member = target.lstrip("/") if target.startswith("/") else "xl/" + target
        if member.startswith("xl/worksheets/") and member in names:   # chart sheets hold no rows
            out.append((unescape(name.decode("utf-8", "replace")), member))
    if not out:
        raise WorkbookError(f"工作簿“{p.name}”中没有可读取的工作表。")
    return out


def _xlsx_sheet_list(p: Path) -> list[tuple[str, int]]:
    """Sheet names and sizes straight from the package, without loading any cells."""
    out = []
    with zipfile.ZipFile(p) as z:
        for name, member in _sheet_members(z, p):
            with z.open(member) as fh:
                m = _DIM_RE.search(fh.read(4096))
            out.append((name, int(m.group(1) or 1) if m else 0))
    return out


def _open_xls(p: Path):
    import xlrd

    try:
        return xlrd.open_workbook(str(p), formatting_info=True, on_demand=True, ragged_rows=True)
    except Exception as exc:  # noqa: BLE001 - xlrd raises many kinds for broken files
        raise _failure(p, exc) from None


@paused_collector
def read_sheet(path: str | Path, sheet: str | None = None, progress: ProgressFn | None = None) -> SheetTable:
    """All cells of one sheet (the first when ``sheet`` is None) with merged ranges filled."""
    p = Path(path)
    kind = check_file(p)
    try:
        rows, merges, name, marks = (_read_xls if kind == "xls" else _read_xlsx)(p, sheet, progress)
    except (WorkbookError, Cancelled):
        raise
    except Exception as exc:  # noqa: BLE001 - any library failure becomes one Chinese sentence
        raise _failure(p, exc) from None
    return _table(name, rows, merges, marks)


def _table(name: str, rows: list[list[object]], merges, marks) -> SheetTable:
    formulas, errors = marks
    cut: set[tuple[int, int]] = set()
    for (r, c), value in errors.items():   # calamine leaves error cells empty: put back what Excel shows
        if r < len(rows) and c < len(rows[r]) and rows[r][c] in (None, ""):
            rows[r][c] = value
    for r, row in enumerate(rows):
        if row and max(map(len, map(str, row))) <= MAX_CELL_CHARS:
            continue   # the common case, decided in C (a number or a date is never that long)
        for c, v in enumerate(row):
            if isinstance(v, str) and len(v) > MAX_CELL_CHARS:
                row[c] = v[:MAX_CELL_CHARS]
                cut.add((r, c))
    while rows and not any(v not in (None, "") for v in rows[-1]):
        rows.pop()
    if not rows:
        raise WorkbookError(f"工作表“{name}”是空的，没有可导入的内容。")
    width = 0
    for row in rows:   # trim each row to its last cell with content: the width follows content
        n = len(row)
        while n and row[n - 1] in (None, ""):
            n -= 1
        del row[n:]
        width = max(width, n)
    for row in rows:
        if len(row) < width:
            row.extend([None] * (width - len(row)))
    wide: set[int] = set()
    for r1, c1, r2, c2 in merges:  # 1-based inclusive
        if r1 > len(rows) or c1 > width:
            continue
        value = rows[r1 - 1][c1 - 1]
        if c2 - c1 >= 2:
            wide.add(r1 - 1)
        for r in range(r1, min(r2, len(rows)) + 1):
            for c in range(c1, min(c2, width) + 1):
                rows[r - 1][c - 1] = value
    return SheetTable(name=name, rows=rows, width=width, wide_merge_rows=wide, formulas=formulas, cut_cells=cut)


def _pick(names: list[str], sheet: str | None, p: Path) -> str:
    if sheet is None:
        return names[0]
    if sheet not in names:
        raise WorkbookError(f"工作簿“{p.name}”中没有名为“{sheet}”的工作表。")
    return sheet


def _read_xlsx(p: Path, sheet: str | None, progress: ProgressFn | None):
    import python_calamine

    def part(lo: int, hi: int):   # the scan is the first third of the work, the rows the rest
        return (lambda done, total: progress(lo + (hi - lo) * done // max(total, 1), 1000)) if progress else None

    with zipfile.ZipFile(p) as z:
        members = dict(_sheet_members(z, p))
        name = _pick(list(members), sheet, p)
        if "xl/sharedStrings.xml" in z.namelist():
            guard.check_member_size(z, "xl/sharedStrings.xml", guard.MAX_STRINGS_XML, p)
        scan = guard.scan_sheet(z, members[name], p, name, part(0, 300))
    book = python_calamine.CalamineWorkbook.from_path(str(p))
    try:
        ws = book.get_sheet_by_name(name)
        height, width = ws.total_height, ws.total_width
        guard.check_area(p, name, height, width)   # what calamine found, checked again before copying
        pad = [None] * ws.start[1] if height else []   # calamine's rows begin at the first used column
        rows: list[list[object]] = []
        report = part(300, 1000)
        for i, values in enumerate(ws.iter_rows()):
            rows.append(pad + values if pad else values)
            if report and i % 2000 == 0:
                report(i, height)
        del ws
    finally:
        book.close()
    return rows, scan.merges, name, (scan.formulas, scan.errors)


def _read_xls(p: Path, sheet: str | None, progress: ProgressFn | None):
    import xlrd

    book = _open_xls(p)
    try:
        name = _pick(book.sheet_names(), sheet, p)
        sh = book.sheet_by_name(name)
        guard.check_area(p, name, sh.nrows, sh.ncols)
        rows = []
        errors: dict[tuple[int, int], str] = {}
        for r in range(sh.nrows):
            out: list[object] = []
            for c, cell in enumerate(sh.row(r)):
                if cell.ctype == xlrd.XL_CELL_DATE:
                    try:
                        out.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
                    except (ValueError, OverflowError):
                        out.append(cell.value)
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    out.append(None)
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    errors[(r, c)] = xlrd.error_text_from_code.get(cell.value, "#错误")
                    out.append(None)
                else:
                    out.append(cell.value)
            rows.append(out)
            if progress and r % 2000 == 0:
                progress(r, sh.nrows)
        merges = [(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in sh.merged_cells]
        return rows, merges, name, (set(), errors)
    finally:
        book.release_resources()
