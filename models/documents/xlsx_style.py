"""Print-ready Excel sheets: one writer that every ledger workbook goes through.

A sheet is plain data (``SheetSpec``); ``write_workbook`` lays it out for paper: title row,
A4 landscape fitted to one page wide, header repeated on every page, "第 N 页 共 M 页" footer,
borders, wrapped text, CJK-aware column widths, frozen header, auto-filter, dates as real date
cells. Text that starts with = + - @ is written as text, never as a formula. Streams rows
(openpyxl write-only mode) so a few thousand rows take well under a second.
"""
from __future__ import annotations

import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.properties import PageSetupProperties

from models.callbacks import ProgressCallback
from models.documents.atomic import Cancelled, atomic_path, no_progress
from models.documents.long_cells import MAX_ROW_PT, continued_rows
from models.normalize import strip_unsafe

TEXT, DATE, DATETIME, INT, PERCENT = "text", "date", "datetime", "int", "percent"

DATE_FORMAT = 'yyyy"年"m"月"d"日"'
DATETIME_FORMAT = 'yyyy"年"m"月"d"日" hh:mm'
PERCENT_FORMAT = '0"%"'
FOOTER = "第 &P 页 共 &N 页"
BODY_FONT = "宋体"
HEAD_FONT = "黑体"

# Landscape A4 with 1.3 cm side margins holds about 150 Excel width units at 100 %; allow a little
# more (printed at ~88 %), and narrow wider sheets (wrapped columns first) so text stays readable.
PAGE_UNITS = 170
LINE_HEIGHT = 13.5  # points per line of 10 pt 宋体
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # openpyxl refuses these; strip_unsafe takes the rest
_MAX_CELL = 32767  # Excel's limit on characters in one cell
# openpyxl internals used by the fast path (checked, so a future openpyxl falls back to append).
# The public path, ``ws.append``, converts every streamed cell again; handing the finished rows to
# the sheet's writer has no public equivalent.
_FAST_STREAM = hasattr(WriteOnlyWorksheet, "_get_writer") and hasattr(WorksheetWriter, "rows")


@dataclass(frozen=True)
class SheetColumn:
    """One column of a sheet: header text, value kind and width bounds in half-width units."""
    key: str
    label: str
    kind: str = TEXT
    max_width: int = 40
    min_width: int = 4


@dataclass
class SheetSpec:
    """Plain content of one sheet. ``rows`` hold values in column order (str, int, date, None)."""
    name: str
    title: str
    columns: Sequence[SheetColumn]
    rows: Sequence[Sequence]
    subtitle: str = ""
    strong_rows: frozenset[int] = field(default_factory=frozenset)  # data-row indexes shown as group heads
    # a cell taller than Excel's 409 pt row continues on rows below (off for sheets read back by key)
    continue_long: bool = True

    @property
    def header_row(self) -> int:
        return 3 if self.subtitle else 2


def line_width(line: str) -> int:
    """Width of one line in half-width units: CJK and full-width characters count 2."""
    if line.isascii():
        return len(line)
    # UTF-8 needs 3 bytes for CJK and full-width forms: a fast count of the wide characters.
    wide = (len(line.encode("utf-8")) - len(line)) // 2
    return len(line) + wide


def text_width(text: str) -> int:
    """Width of the longest line of ``text`` in half-width units (CJK counted 2)."""
    return max(line_width(line) for line in str(text).split("\n"))


def text_lines(text: str, width: float) -> int:
    """How many printed lines ``text`` takes in a wrapped column ``width`` units wide."""
    room = max(1.0, width - 2.5)  # cell padding, and a 。or ， that may not start a line (禁则)
    return sum(max(1, math.ceil(line_width(line) / room)) for line in text.split("\n"))


def safe_sheet_name(name: str) -> str:
    """Excel refuses []:*?/\\ in sheet names and more than 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", "_", name).strip("'")[:31] or "Sheet"


def column_widths(columns: Sequence[SheetColumn], rows: Sequence[Sequence]) -> list[float]:
    """Widths that fit the content (CJK counted double) within each column's bounds, then
    narrowed so the whole sheet fits about one landscape A4 page wide."""
    widths = []
    for i, col in enumerate(columns):
        if col.kind == DATE:
            content = 15
        elif col.kind == DATETIME:
            content = 21
        elif col.kind in (INT, PERCENT):
            content = 6
        else:
            content = 0
            for row in rows:
                v = row[i] if i < len(row) else None
                if v is None or v == "":
                    continue
                s = v if isinstance(v, str) else str(v)
                if len(s) * 2 <= content:  # cannot be wider than what we have
                    continue
                content = max(content, text_width(s))
                if content >= col.max_width:
                    break
        head = min(text_width(col.label), 12)  # long headers wrap
        widths.append(float(max(col.min_width, head, min(content, col.max_width)) + 2))
    total = sum(widths)
    if total > PAGE_UNITS:
        # take the excess from the text columns wider than 12, in proportion to their surplus
        surplus = [max(0.0, w - 12) if c.kind == TEXT else 0.0 for w, c in zip(widths, columns, strict=True)]
        pool = sum(surplus)
        if pool:
            cut = min(total - PAGE_UNITS, pool)
            widths = [w - cut * s / pool for w, s in zip(widths, surplus, strict=True)]
    return [round(w, 1) for w in widths]


class _Styles:
    """Template cells whose style arrays are copied onto every written cell (fast path)."""

    def __init__(self, ws) -> None:
        thin = Side(style="thin", color="000000")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        wrap = Alignment(wrap_text=True, vertical="center")
        centre = Alignment(wrap_text=True, vertical="center", horizontal="center")
        body = Font(name=BODY_FONT, size=10)
        strong = Font(name=BODY_FONT, size=10, bold=True)
        shade = PatternFill("solid", fgColor="EDEDED")

        def make(font, align, *, fmt="General", fill=None, borders=True, quote=False):
            c = WriteOnlyCell(ws)
            c.font, c.alignment, c.number_format = font, align, fmt
            if borders:
                c.border = border
            if fill is not None:
                c.fill = fill
            if quote:
                c.quotePrefix = True
            return c._style

        self.title = make(Font(name=HEAD_FONT, size=16), Alignment(horizontal="center", vertical="center"),
                          borders=False)
        self.subtitle = make(Font(name=BODY_FONT, size=10),
                             Alignment(horizontal="left", vertical="center", wrap_text=True),
                             borders=False)
        self.header = make(Font(name=HEAD_FONT, size=11), centre, fill=PatternFill("solid", fgColor="D9E1F2"))
        self.kinds: dict[tuple[str, bool], object] = {}
        for is_strong in (False, True):
            font, fill = (strong, shade) if is_strong else (body, None)
            self.kinds[(TEXT, is_strong)] = make(font, wrap, fill=fill)
            self.kinds[("quoted", is_strong)] = make(font, wrap, fill=fill, quote=True)
            self.kinds[(DATE, is_strong)] = make(font, centre, fmt=DATE_FORMAT, fill=fill)
            self.kinds[(DATETIME, is_strong)] = make(font, centre, fmt=DATETIME_FORMAT, fill=fill)
            self.kinds[(INT, is_strong)] = make(font, centre, fmt="0", fill=fill)
            self.kinds[(PERCENT, is_strong)] = make(font, centre, fmt=PERCENT_FORMAT, fill=fill)


def _as_date(value, kind: str):
    """ISO text → date/datetime; anything unparsable stays as it was (e.g. "长期坚持")."""
    if isinstance(value, datetime):
        return value if kind == DATETIME else value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            if kind == DATETIME and len(value) > 10:
                return datetime.fromisoformat(value.replace("T", " ")[:19])
            return date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value


class _Cell(Cell):
    """A streamed cell with a cheap repr (openpyxl formats one for every styled cell it streams)."""
    __slots__ = ()

    def __repr__(self) -> str:
        return "<Cell>"


def _new(ws, style, value=None, *, text: bool = False) -> _Cell:
    c = _Cell(ws, row=1, column=1)
    if value is not None:
        c.value = value
    if text:
        c.data_type = "s"   # stays text: openpyxl reads "=…" as a formula, "#N/A" as an error
    # One shared style template per kind of cell. openpyxl has no public way to share a style:
    # setting font, border and alignment per cell took ten times as long (60,000 cells: 6.6 s
    # against 0.6 s), and named styles would show in the user's style gallery.
    c._style = style
    return c


def _cell(ws, styles: _Styles, value, kind: str, strong: bool) -> _Cell:
    """One body cell. Text is always stored as a string cell: a leading = + - @ never makes a formula."""
    if kind in (DATE, DATETIME):
        value = _as_date(value, kind)
    if value is None or value == "":
        return _new(ws, styles.kinds[(TEXT, strong)])
    if isinstance(value, bool):
        value = "是" if value else "否"
    if isinstance(value, (int, float)) and kind in (INT, PERCENT, TEXT):
        return _new(ws, styles.kinds[(kind if kind != TEXT else INT, strong)], value)
    if isinstance(value, (date, datetime)):
        return _new(ws, styles.kinds[(DATETIME if isinstance(value, datetime) else DATE, strong)], value)
    text = strip_unsafe(_ILLEGAL.sub("", str(value)))[:_MAX_CELL]
    quoted = "quoted" if text.startswith(_FORMULA_START) else TEXT
    return _new(ws, styles.kinds[(quoted, strong)], text, text=True)


def _write_sheet(wb: Workbook, spec: SheetSpec, progress: ProgressCallback, done: int, total: int) -> int:
    ws = wb.create_sheet(safe_sheet_name(spec.name))
    styles = _Styles(ws)
    ncols = max(1, len(spec.columns))
    last = get_column_letter(ncols)
    head = spec.header_row
    widths = column_widths(spec.columns, spec.rows)
    need = max(text_width(spec.title) * 1.6, min(text_width(spec.subtitle), PAGE_UNITS)) + 2
    if sum(widths) < need:  # a narrow sheet (e.g. 统计) widens so its title is not cut off
        factor = need / sum(widths)
        widths = [round(w * factor, 1) for w in widths]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.row_dimensions[1].height = 32
    if spec.subtitle:
        ws.row_dimensions[2].height = LINE_HEIGHT * text_lines(spec.subtitle, sum(widths)) + 6
    ws.row_dimensions[head].height = LINE_HEIGHT * max(
        text_lines(c.label, w) for c, w in zip(spec.columns, widths, strict=True)) + 8

    ps = ws.page_setup
    ps.paperSize = 9  # A4
    ps.orientation = "landscape"
    ps.fitToWidth = 1
    ps.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    m = ws.page_margins
    m.left = m.right = 0.5
    m.top, m.bottom, m.header, m.footer = 0.6, 0.7, 0.3, 0.3
    ws.oddFooter.center.text = FOOTER
    ws.oddFooter.center.size = 10
    ws.print_title_rows = f"{head}:{head}"
    ws.freeze_panes = f"A{head + 1}"
    ws.merged_cells.add(f"A1:{last}1")
    if spec.subtitle:
        ws.merged_cells.add(f"A2:{last}2")

    def plain(value, style):
        return _new(ws, style, strip_unsafe(_ILLEGAL.sub("", value)), text=True) if value else _new(ws, style)

    out: list[list[_Cell]] = []
    out.append([plain(spec.title, styles.title)] + [plain("", styles.title) for _ in range(ncols - 1)])
    if spec.subtitle:
        out.append([plain(spec.subtitle, styles.subtitle)] + [plain("", styles.subtitle) for _ in range(ncols - 1)])
    out.append([plain(c.label, styles.header) for c in spec.columns])
    kinds = [c.kind for c in spec.columns]
    strong_rows = spec.strong_rows
    if not spec.rows:
        out.append([_cell(ws, styles, "（无数据）" if i == 0 else None, TEXT, False) for i in range(ncols)])
    text_cols = [i for i, k in enumerate(kinds) if k == TEXT]
    at = head + 1   # sheet row of the next data row (long cells add continuation rows)
    for n, row in enumerate(spec.rows):
        # explicit heights: LibreOffice and some WPS builds do not grow rows for wrapped text
        lines = max((text_lines(_ILLEGAL.sub("", row[i]), widths[i]) for i in text_cols
                     if i < len(row) and isinstance(row[i], str) and row[i]), default=1)
        pieces = [row]
        if LINE_HEIGHT * lines + 4 > MAX_ROW_PT:
            clean = [strip_unsafe(_ILLEGAL.sub("", v)) if isinstance(v, str) else v for v in row]
            pieces = continued_rows(clean, text_cols, widths, LINE_HEIGHT, 4) if spec.continue_long else [clean]
        strong = n in strong_rows
        for piece in pieces:
            if len(pieces) > 1 or lines > 1:
                lines = max((text_lines(piece[i], widths[i]) for i in text_cols
                             if i < len(piece) and isinstance(piece[i], str) and piece[i]), default=1)
            if lines > 1:   # never above Excel's 409 pt
                ws.row_dimensions[at].height = min(MAX_ROW_PT, LINE_HEIGHT * lines + 4)
            out.append([_cell(ws, styles, piece[i] if i < len(piece) else None, kinds[i], strong)
                        for i in range(ncols)])
            at += 1
        if n % 200 == 199 and not progress(done + n + 1, total):
            raise Cancelled()
    ws.auto_filter.ref = f"A{head}:{last}{max(head + 1, at - 1)}"
    _stream(ws, out)
    return done + len(spec.rows)


def _stream(ws, rows: list[list[_Cell]]) -> None:
    """Hand the finished rows to the sheet. Fast path: give openpyxl's sheet writer the rows to
    write at save time (no per-cell conversion in ``append``); else append them one by one."""
    for r, cells in enumerate(rows, start=1):
        for c, cell in enumerate(cells, start=1):
            cell.row, cell.column = r, c
    if _FAST_STREAM:
        ws._get_writer()  # writes the sheet's head (columns, views): all set by now
    writer = getattr(ws, "_writer", None) if _FAST_STREAM else None
    if writer is not None and ws._rows is None:
        writer.rows = lambda: enumerate(rows, start=1)
        return
    for cells in rows:
        ws.append(cells)


def write_workbook(path: str | os.PathLike, sheets: Sequence[SheetSpec],
                   progress: ProgressCallback = no_progress) -> None:
    """Write ``sheets`` to ``path`` in one step: on error or Cancelled nothing is left behind
    and an existing file at ``path`` is untouched."""
    total = sum(len(s.rows) for s in sheets) or 1
    if not progress(0, total):
        raise Cancelled()
    with atomic_path(path) as tmp:
        wb = Workbook(write_only=True)
        try:
            done = 0
            for spec in sheets:
                done = _write_sheet(wb, spec, progress, done, total)
            if not progress(total, total):
                raise Cancelled()
        except BaseException:
            _discard(wb)
            raise
        wb.save(tmp)


def _discard(wb: Workbook) -> None:
    """Close and delete the streamed sheets' temporary files of an abandoned workbook."""
    for ws in wb.worksheets:
        try:
            if ws._writer is not None and "rows" in vars(ws._writer):
                ws._writer.rows = lambda: iter(())  # nothing more to write
            if not ws.closed:
                ws.close()
            if ws._writer is not None:
                ws._writer.cleanup()
        except Exception:  # noqa: BLE001 - best effort: the real error is already on its way
            pass
