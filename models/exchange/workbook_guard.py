"""Checks a workbook file before anything reads it: every file is hostile until checked.

``check_file`` refuses what is not a plain, readable .xlsx/.xls file (a folder, an empty or huge
file, a zip with the encryption flag, an unknown compression method, members that unpack to more
than the limits, a password-protected .xls). ``scan_sheet`` then streams one sheet's XML once,
counting the bytes it really unpacks (a zip may lie about sizes), and reports what the fast
reader cannot: merged ranges, formula cells, error cells, and how far the cells with content
reach. The reader refuses a sheet whose content area is too large BEFORE building any table, so
one cell in XFD1048576 cannot make it allocate billions of cells. Every refusal is a
``WorkbookError`` whose text is one Chinese sentence.
"""
from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from models.store import StoreError

MAX_FILE_BYTES = 80 * 1024 * 1024
MAX_SHEET_XML = 300 * 1024 * 1024      # one sheet, unpacked
MAX_ROW_TAGS = 1_048_576               # Excel's own row limit: more <row> elements is not a real sheet
MAX_CELL_TAGS = 8_000_000              # <c> elements, formatted empty ones included
MAX_STRINGS_XML = 120 * 1024 * 1024    # the shared strings, unpacked
MAX_SMALL_XML = 16 * 1024 * 1024       # workbook.xml, relationships, styles
MAX_ROWS = 100_000
MAX_COLS = 200
MAX_CELLS = 3_000_000                  # rows × columns of the content area
MAX_CELL_CHARS = 32_767                # Excel's own limit for one cell
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
_CHUNK = 1 << 22

_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
# cells that hold something (the tag is not self-closing), beyond column Z or in row 100000+
_WIDE_RE = re.compile(rb'<c r="([A-Z]{2,3})(\d+)"[^>/]*>')
_DEEP_RE = re.compile(rb'<c r="([A-Z]{1,3})(\d{6,})"[^>/]*>')
_LAST_ROW_RE = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')
_REF_RE = re.compile(rb'r="([A-Z]{1,3})(\d+)"')
_VALUE_RE = re.compile(rb"<v>([^<]{0,40})</v>")

ProgressFn = Callable[[int, int], object]


class WorkbookError(StoreError):
    """The file cannot be read as a workbook; ``str(err)`` says why in Chinese."""

    def __init__(self, message: str):
        super().__init__(message, kind="workbook")


def broken(p: Path) -> WorkbookError:
    return WorkbookError(f"文件“{p.name}”已损坏，无法作为 Excel 工作簿读取。请在 Excel/WPS 中打开它并另存为 .xlsx，"
                         "再导入另存的文件。")


def encrypted(p: Path) -> WorkbookError:
    return WorkbookError(f"文件“{p.name}”设置了打开密码，程序无法读取。请在 Excel/WPS 中打开它，"
                         "取消密码后另存，再导入另存的文件。")


def too_big(p: Path, what: str) -> WorkbookError:
    return WorkbookError(f"文件“{p.name}”中的{what}太大，超出本程序能读取的范围（可能是被压缩过的异常文件）。"
                         "请在 Excel/WPS 中只保留问题清单所在的工作表，另存后再导入。")


def col_number(letters: bytes | str) -> int:
    n = 0
    for ch in letters.encode() if isinstance(letters, str) else letters:
        n = n * 26 + ch - 64
    return n


def check_file(path: str | Path) -> str:
    """'xlsx' or 'xls' for a file worth reading; WorkbookError with the reason otherwise."""
    p = Path(path)
    try:
        if not p.exists():
            raise WorkbookError(f"找不到文件“{p}”。")
        if p.is_dir():
            raise WorkbookError(f"“{p.name}”是一个文件夹，不是 Excel 文件。请选择文件夹里的 .xlsx 或 .xls 文件。")
        if not p.is_file():
            raise WorkbookError(f"“{p.name}”不是普通文件，不能作为工作簿导入。")
        size = p.stat().st_size
        if size == 0:
            raise WorkbookError(f"文件“{p.name}”是空的（0 字节），没有可导入的内容。")
        if size > MAX_FILE_BYTES:
            raise WorkbookError(f"文件“{p.name}”太大（{size / 1048576:.0f} MB），超过本程序可导入的 "
                                f"{MAX_FILE_BYTES // 1048576} MB。请删去无关的工作表或拆分后再导入。")
        with open(p, "rb") as fh:
            head = fh.read(8)
    except PermissionError:
        raise WorkbookError(f"没有权限读取文件“{p.name}”。请把它复制到自己的文件夹后再导入。") from None
    except OSError:
        raise WorkbookError(f"无法读取文件“{p.name}”（文件可能在被移动或所在的磁盘已断开）。") from None
    if head.startswith(b"PK"):
        check_package(p)
        return "xlsx"
    if head == OLE_MAGIC:
        with open(p, "rb") as fh:
            if _ENCRYPTED_MARK in fh.read():
                raise encrypted(p)
        return "xls"
    raise WorkbookError(f"文件“{p.name}”不是 Excel 工作簿，请选择 .xlsx 或 .xls 文件（WPS 表格请先另存为 .xlsx）。")


def check_package(p: Path) -> None:
    """The zip directory of an .xlsx: readable, not encrypted, known compression, sane sizes."""
    try:
        with zipfile.ZipFile(p) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, RuntimeError):
        raise broken(p) from None
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise WorkbookError(f"文件“{p.name}”不是 Excel 工作簿（可能是 Word 文档或压缩包），请选择 .xlsx 或 .xls 文件。")
    total = 0
    for info in infos:
        if not info.filename.startswith("xl/") and info.filename != "[Content_Types].xml":
            continue
        if info.flag_bits & 0x1:
            raise encrypted(p)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise WorkbookError(f"文件“{p.name}”使用了本程序不支持的压缩方式。请在 Excel/WPS 中打开它并另存为 .xlsx，"
                                "再导入另存的文件。")
        total += info.file_size
    if total > MAX_SHEET_XML + MAX_STRINGS_XML:
        raise too_big(p, "内容")


def read_member(z: zipfile.ZipFile, name: str, limit: int, p: Path) -> bytes:
    """A small package part, refused when it unpacks to more than ``limit`` (whatever the header says)."""
    try:
        with z.open(name) as fh:
            data = fh.read(limit + 1)
    except KeyError:
        raise broken(p) from None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        raise broken(p) from None
    if len(data) > limit:
        raise too_big(p, f"“{name}”")
    return data


def check_member_size(z: zipfile.ZipFile, name: str, limit: int, p: Path,
                      cancelled: Callable[[], object] | None = None) -> None:
    """Unpack ``name`` once, counting: a lying header cannot hide a zip bomb."""
    n = 0
    try:
        with z.open(name) as fh:
            while True:
                chunk = fh.read(_CHUNK)
                if not chunk:
                    break
                n += len(chunk)
                if n > limit:
                    raise too_big(p, "文字内容")
                if cancelled:
                    cancelled()
    except KeyError:
        return
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        raise broken(p) from None


@dataclass
class SheetScan:
    """What one pass over a sheet's XML found (positions are 0-based (row, column))."""
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)   # 1-based inclusive, as read
    formulas: set[tuple[int, int]] = field(default_factory=set)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)        # cell → "#DIV/0!"
    max_row: int = 0            # 1-based, an upper bound of the rows holding content
    max_col: int = 26
    row_tags: int = 0
    cell_tags: int = 0


def _position(data: bytes, at: int) -> tuple[int, int] | None:
    start = data.rfind(b"<c ", 0, at)
    if start < 0:
        return None
    m = _REF_RE.search(data, start, at + 1)
    return (int(m.group(2)) - 1, col_number(m.group(1)) - 1) if m else None


def _marks(data: bytes, end: int, scan: SheetScan) -> None:
    """Formula cells (<f> inside a cell) and error cells (t="e") in ``data[:end]``."""
    at = data.find(b"<f", 0, end)
    while at >= 0:
        if data[at + 2:at + 3] in (b">", b" ", b"/"):
            pos = _position(data, at)
            if pos:
                scan.formulas.add(pos)
        at = data.find(b"<f", at + 2, end)
    at = data.find(b't="e"', 0, end)
    while at >= 0:
        pos = _position(data, at)
        if pos:
            m = _VALUE_RE.search(data, at, min(end, at + 400))
            scan.errors[pos] = m.group(1).decode("utf-8", "replace") if m else "#错误"
        at = data.find(b't="e"', at + 5, end)


def _scan_piece(data: bytes, end: int, scan: SheetScan, merges: list) -> None:
    scan.row_tags += data.count(b"<row", 0, end)
    scan.cell_tags += data.count(b"<c ", 0, end)
    for m in _WIDE_RE.finditer(data, 0, end):
        scan.max_col = max(scan.max_col, col_number(m.group(1)))
        scan.max_row = max(scan.max_row, int(m.group(2)))
    for m in _DEEP_RE.finditer(data, 0, end):
        scan.max_row = max(scan.max_row, int(m.group(2)))
    last = data.rfind(b"row ", 0, end)
    if last >= 0:
        m = _LAST_ROW_RE.search(data, max(0, last - 6), end)
        if m:
            scan.max_row = max(scan.max_row, int(m.group(1)))
    _marks(data, end, scan)
    if b"mergeCell" in data:
        for m in _MERGE_RE.finditer(data, 0, end):
            c1, r1 = col_number(m.group(1)), int(m.group(2))
            c2, r2 = (col_number(m.group(3)), int(m.group(4))) if m.group(3) else (c1, r1)
            merges.append((r1, c1, r2, c2))


def scan_sheet(z: zipfile.ZipFile, member: str, p: Path, sheet: str,
               progress: ProgressFn | None = None) -> SheetScan:
    """One streaming pass over the sheet XML; refuses a sheet too big to read."""
    scan = SheetScan()
    total = max(z.getinfo(member).file_size, 1)
    seen = 0
    tail = b""
    merges: list[tuple[int, int, int, int]] = []
    try:
        with z.open(member) as fh:
            while True:
                chunk = fh.read(_CHUNK)
                if not chunk:
                    break
                seen += len(chunk)
                if seen > MAX_SHEET_XML:
                    raise too_big(p, f"工作表“{sheet}”")
                data = tail + chunk
                end = data.rfind(b">") + 1
                cut = data.rfind(b"<c ", max(0, end - 65536), end)
                end = cut if cut > 0 else end   # the last cell goes whole into the next round
                _scan_piece(data, end, scan, merges)
                if scan.row_tags > MAX_ROW_TAGS or scan.cell_tags > MAX_CELL_TAGS:
                    raise WorkbookError(f"工作表“{sheet}”中的行或单元格（包括只设了格式的空单元格）多得异常，"
                                        "超出本程序能读取的范围。请在 Excel/WPS 中只复制有内容的区域到新工作簿，"
                                        "另存后再导入。")
                tail = data[end:]
                if len(tail) > _CHUNK:   # no '>' in 4 MB: not XML a spreadsheet program writes
                    raise broken(p)
                if progress:
                    progress(min(seen, total), total)
            _scan_piece(tail, len(tail), scan, merges)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        raise broken(p) from None
    scan.merges = sorted(set(merges))
    check_area(p, sheet, scan.max_row, scan.max_col)
    return scan


def check_area(p: Path, sheet: str, rows: int, cols: int) -> None:
    if rows > MAX_ROWS:
        raise WorkbookError(f"工作表“{sheet}”在第 {rows} 行还有内容，超过本程序一次可导入的 {MAX_ROWS} 行。"
                            "请删除表格下方无关的内容，或拆分后再导入。")
    if cols > MAX_COLS:
        raise WorkbookError(f"工作表“{sheet}”在第 {cols} 列还有内容，超过本程序可读的 {MAX_COLS} 列。"
                            "请删除表格右侧无关的内容后再导入。")
    if rows * cols > MAX_CELLS:
        raise WorkbookError(f"工作表“{sheet}”的内容范围太大（{rows} 行 × {cols} 列），无法一次导入。"
                            "请删除无关的行和列，或拆分后再导入。")
