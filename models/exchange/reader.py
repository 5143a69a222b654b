"""Reading problem-list workbooks as people keep them: .xlsx (openpyxl) and .xls (xlrd).

Every sheet is read in openpyxl's read-only (streaming) mode, which is fast and light even for
50,000 rows; the merged ranges that mode does not report are taken from the sheet's XML with a
plain pattern search. Merged values are copied into every cell of their range, so a 牵头单位
merged over three rows counts for each of them and a section title merged across the sheet
looks the same in every column. Malformed files raise ``WorkbookError`` with a Chinese message.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from models.callbacks import ProgressCallback
from models.normalize import normalize_text
from models.store import StoreError

MAX_FILE_BYTES = 80 * 1024 * 1024
MAX_XML_BYTES = 1500 * 1024 * 1024   # unpacked size of one sheet: guards against zip bombs
MAX_ROWS = 200_000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')



class WorkbookError(StoreError):
    """The file cannot be read as a problem list; ``str(err)`` says why in Chinese."""

    def __init__(self, message: str):
        super().__init__(message, kind="workbook")


@dataclass
class SheetTable:
    """One sheet's cells after merge filling. ``rows[i]`` is Excel row ``i + 1``."""
    name: str
    rows: list[list[object]]
    width: int
    wide_merge_rows: set[int] = field(default_factory=set)  # row indexes holding a merge over ≥3 columns

    def text(self, r: int, c: int) -> str:
        row = self.rows[r]
        return cell_text(row[c]) if c < len(row) else ""


def cell_text(value: object) -> str:
    """A cell as clean text: dates as ISO, 12.0 as 12, full-width digits/spaces half-width."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if not (value.hour or value.minute) else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    return normalize_text(value)


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def check_file(path: str | Path) -> str:
    """'xlsx' or 'xls' for a readable workbook; WorkbookError with the reason otherwise."""
    p = Path(path)
    if not p.exists():
        raise WorkbookError(f"找不到文件“{p}”。")
    size = p.stat().st_size
    if size == 0:
        raise WorkbookError(f"文件“{p.name}”是空的（0 字节），没有可导入的内容。")
    if size > MAX_FILE_BYTES:
        raise WorkbookError(f"文件“{p.name}”太大（{size / 1048576:.0f} MB），超过本程序可导入的 "
                            f"{MAX_FILE_BYTES // 1048576} MB。请删去无关的工作表或拆分后再导入。")
    with open(p, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(p) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile:
            raise WorkbookError(f"文件“{p.name}”已损坏，无法作为 Excel 工作簿打开。") from None
        if "xl/workbook.xml" not in names:
            raise WorkbookError(f"文件“{p.name}”不是 Excel 工作簿（可能是 Word 文档或压缩包），"
                                "请选择 .xlsx 或 .xls 文件。")
        return "xlsx"
    if head == _OLE_MAGIC:
        if _ENCRYPTED_MARK in p.read_bytes():
            raise _encrypted(p)
        return "xls"
    raise WorkbookError(f"文件“{p.name}”不是 Excel 工作簿，请选择 .xlsx 或 .xls 文件"
                        "（WPS 表格请先另存为 .xlsx）。")


def _encrypted(p: Path) -> WorkbookError:
    return WorkbookError(f"文件“{p.name}”设置了打开密码，程序无法读取。请在 Excel/WPS 中打开它，"
                         "取消密码后另存，再导入另存的文件。")


def list_sheets(path: str | Path) -> list[tuple[str, int]]:
    """(sheet name, approximate row count) of every worksheet, in workbook order."""
    kind = check_file(path)
    if kind == "xls":
        book = _open_xls(Path(path))
        try:
            return [(s.name, s.nrows) for s in book.sheets()]
        finally:
            book.release_resources()
    try:
        return _xlsx_sheet_list(Path(path))
    except (KeyError, ValueError, zipfile.BadZipFile):  # unusual layout: let openpyxl work it out
        wb = _open_xlsx(Path(path))
        try:
            return [(ws.title, ws.max_row or 0) for ws in wb.worksheets]
        finally:
            wb.close()


_SHEET_RE = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"')
_REL_RE = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"')
_REL_RE2 = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"')
_DIM_RE = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')


def _xlsx_sheet_list(p: Path) -> list[tuple[str, int]]:
    """Sheet names and sizes straight from the package, without loading shared strings (a big
    file would otherwise keep the window busy just to list its sheets)."""
    from html import unescape

    with zipfile.ZipFile(p) as z:
        book = z.read("xl/workbook.xml")
        rels_xml = z.read("xl/_rels/workbook.xml.rels")
        rels = {i: t for i, t in _REL_RE.findall(rels_xml)}
        rels.update({i: t for t, i in _REL_RE2.findall(rels_xml)})
        out = []
        for name, rid in _SHEET_RE.findall(book):
            target = rels[rid].decode()
            member = target.lstrip("/") if target.startswith("/") else "xl/" + target
            if not member.startswith("xl/worksheets/"):
                continue  # chart sheets hold no rows
            with z.open(member) as fh:
                m = _DIM_RE.search(fh.read(4096))
            out.append((unescape(name.decode("utf-8")), int(m.group(1) or 1) if m else 0))
    if not out:
        raise ValueError("no worksheets")
    return out


def _open_xlsx(p: Path):
    import openpyxl

    try:
        return openpyxl.load_workbook(p, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for broken files
        raise WorkbookError(f"无法打开工作簿“{p.name}”：文件已损坏或格式不受支持。") from None


def _open_xls(p: Path):
    import xlrd

    try:
        return xlrd.open_workbook(str(p), formatting_info=True, on_demand=True)
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise _encrypted(p) from None
        raise WorkbookError(f"无法打开工作簿“{p.name}”：文件已损坏或格式不受支持。") from None
    except Exception:
        raise WorkbookError(f"无法打开工作簿“{p.name}”：文件已损坏或格式不受支持。") from None


def read_sheet(path: str | Path, sheet: str | None = None, progress: ProgressCallback | None = None) -> SheetTable:
    """All cells of one sheet (the first when ``sheet`` is None) with merged ranges filled."""
    p = Path(path)
    kind = check_file(p)
    rows, merges, name = (_read_xls if kind == "xls" else _read_xlsx)(p, sheet, progress)
    while rows and not any(v not in (None, "") for v in rows[-1]):
        rows.pop()
    if not rows:
        raise WorkbookError(f"工作表“{name}”是空的，没有可导入的内容。")
    width = max(len(r) for r in rows)
    for r in rows:
        if len(r) < width:
            r.extend([None] * (width - len(r)))
    wide: set[int] = set()
    for r1, c1, r2, c2 in merges:  # 1-based inclusive
        if r1 > len(rows):
            continue
        value = rows[r1 - 1][c1 - 1] if c1 <= width else None
        if c2 - c1 >= 2:
            wide.add(r1 - 1)
        for r in range(r1, min(r2, len(rows)) + 1):
            for c in range(c1, min(c2, width) + 1):
                rows[r - 1][c - 1] = value
    return SheetTable(name=name, rows=rows, width=width, wide_merge_rows=wide)


def _pick(names: list[str], sheet: str | None, p: Path) -> str:
    if sheet is None:
        return names[0]
    if sheet not in names:
        raise WorkbookError(f"工作簿“{p.name}”中没有名为“{sheet}”的工作表。")
    return sheet


def _read_xlsx(p: Path, sheet: str | None, progress: ProgressCallback | None):
    wb = _open_xlsx(p)
    try:
        name = _pick(wb.sheetnames, sheet, p)
        ws = wb[name]
        if getattr(ws, "_worksheet_path", None) is None:
            raise WorkbookError(f"“{name}”是图表页，不是数据表，请选择其他工作表。")
        info = wb._archive.getinfo(ws._worksheet_path)
        if info.file_size > MAX_XML_BYTES:
            raise WorkbookError(f"工作表“{name}”内容过大，无法导入。请拆分后再导入。")
        merges = _xlsx_merges(wb._archive, ws._worksheet_path)
        total = ws.max_row or 0
        ws.reset_dimensions()  # some writers store a wrong size; read what is really there
        rows: list[list[object]] = []
        for i, values in enumerate(ws.iter_rows(values_only=True)):
            if i >= MAX_ROWS:
                raise WorkbookError(f"工作表“{name}”超过 {MAX_ROWS} 行，太大，无法一次导入。请拆分后再导入。")
            rows.append(list(values))
            if progress and i % 2000 == 0:
                progress(i, max(total, i + 1))
        return rows, merges, name
    finally:
        wb.close()


def _xlsx_merges(archive: zipfile.ZipFile, member: str) -> list[tuple[int, int, int, int]]:
    """Merged ranges from the sheet XML; they sit after the cell data, so scan the tail chunks."""
    out = []
    tail = b""
    with archive.open(member) as fh:
        while True:
            chunk = fh.read(1 << 20)
            if not chunk:
                break
            data = tail + chunk
            if b"mergeCell" in data:
                for m in _MERGE_RE.finditer(data):
                    c1, r1 = _col_number(m.group(1)), int(m.group(2))
                    c2, r2 = (_col_number(m.group(3)), int(m.group(4))) if m.group(3) else (c1, r1)
                    out.append((r1, c1, r2, c2))
                cut = data.rfind(b"<")
                tail = data[cut:] if cut >= 0 else b""
            else:
                tail = data[-64:]
    return sorted(set(out))


def _read_xls(p: Path, sheet: str | None, progress: ProgressCallback | None):
    import xlrd

    book = _open_xls(p)
    try:
        name = _pick(book.sheet_names(), sheet, p)
        sh = book.sheet_by_name(name)
        if sh.nrows > MAX_ROWS:
            raise WorkbookError(f"工作表“{name}”超过 {MAX_ROWS} 行，太大，无法一次导入。请拆分后再导入。")
        rows = []
        for r in range(sh.nrows):
            out = []
            for c in range(sh.ncols):
                cell = sh.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_DATE:
                    try:
                        out.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
                    except (ValueError, OverflowError):
                        out.append(cell.value)
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    out.append(None)
                else:
                    out.append(cell.value)
            rows.append(out)
            if progress and r % 2000 == 0:
                progress(r, sh.nrows)
        merges = [(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in sh.merged_cells]
        return rows, merges, name
    finally:
        book.release_resources()
