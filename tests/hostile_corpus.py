"""Hostile workbooks for the import and 反馈表 paths, written at test time (never committed).

``make_corpus(folder, large=False)`` writes one file (or folder) per kind and returns their paths.
Kinds: broken packages (bit flips, truncation, encryption flag, unknown compression, zip bombs
with honest and lying sizes), damaged .xls, a folder named .xlsx, invalid datetimes, error
values, formulas without results, absurd dates, invisible marks and lookalike unit names, a 1 MB
unit name, 500 units in one cell, literal _x0000_, content far right or far down, a formatted
cell in XFD1, and 反馈表 with hostile keys. ``large=True`` adds the slow-to-make ones (20,000
rows with a formatted XFD cell, a 1 GB bomb). Used by tests/test_hostile_input.py and by
tests/run_hostile_corpus.py (one subprocess per file, time and memory measured).
"""
from __future__ import annotations

import random
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
      'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
      'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
      'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
      'officedocument.spreadsheetml.worksheet+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WB = (f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} {RNS}><sheets><sheet name="问题清单" sheetId="1" '
      'r:id="rId1"/></sheets></workbook>')
WBRELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
          'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
          'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
STYLES = (f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {NS}><numFmts count="0"/><fonts count="1"><font/>'
          '</fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellXfs count="2">'
          '<xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>')
HEADER = ("序号", "问题来源", "问题描述", "牵头单位", "整改时限", "状态")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _col(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def cell(ref: str, value: object = None, *, kind: str = "", style: int | None = None, formula: str = "") -> str:
    """One <c> element: text goes inline, numbers as <v>, ``kind`` sets t= (e, d, b, n)."""
    s = f' s="{style}"' if style is not None else ""
    f = f"<f>{_esc(formula)}</f>" if formula else ""
    if value is None and not f:
        return f'<c r="{ref}"{s}/>'
    if value is None:
        return f'<c r="{ref}"{s}>{f}</c>'
    if kind:
        return f'<c r="{ref}"{s} t="{kind}">{f}<v>{_esc(str(value))}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"{s}>{f}<v>{value}</v></c>'
    return f'<c r="{ref}"{s} t="inlineStr">{f}<is><t xml:space="preserve">{_esc(value)}</t></is></c>'


def row_xml(r: int, values: list, extra: str = "") -> str:
    cells = "".join(v if isinstance(v, str) and v.startswith("<c ") else cell(f"{_col(i)}{r}", v)
                    for i, v in enumerate(values, 1) if v is not None)
    return f'<row r="{r}">{cells}{extra}</row>'


def sheet_xml(rows: str, tail: str = "") -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>{rows}</sheetData>{tail}</worksheet>'


def package(path: Path, sheet: str | bytes, *, parts: dict | None = None, method=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WB)
        z.writestr("xl/_rels/workbook.xml.rels", WBRELS)
        z.writestr("xl/styles.xml", STYLES)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, data in (parts or {}).items():
            z.writestr(name, data)
    return path


def ledger(path: Path, data: list[list], *, extra_rows: str = "", tail: str = "") -> Path:
    """A title row, the header and ``data`` rows (lists of values or prepared <c> strings)."""
    body = row_xml(1, ["某县问题清单"]) + row_xml(2, list(HEADER))
    body += "".join(row_xml(i, [i - 2, *values]) for i, values in enumerate(data, 3))
    return package(path, sheet_xml(body + extra_rows, tail))


def good_rows(n: int = 5) -> list[list]:
    return [["专题调研", f"敬老院消防设施不达标第{i}处", "县民政局", "2024-12-31", ""] for i in range(n)]


def _patch_headers(data: bytearray, *, flag: int | None = None, method: int | None = None) -> bytearray:
    """Set the flag bits / method of every local and central header (a zip that says so)."""
    for sig, flag_at, method_at in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        at = data.find(sig)
        while at >= 0:
            if flag is not None:
                struct.pack_into("<H", data, at + flag_at, struct.unpack_from("<H", data, at + flag_at)[0] | flag)
            if method is not None:
                struct.pack_into("<H", data, at + method_at, method)
            at = data.find(sig, at + 4)
    return data


def _bomb(path: Path, unpacked_mb: int, *, lie: bool) -> Path:
    """A sheet XML that unpacks to ``unpacked_mb`` MB of padding; ``lie`` states a tiny size."""
    head = (sheet_xml("", "")[:-len("</sheetData></worksheet>")]).encode()
    filler = b"<row/>" * (1 << 17)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    out = [comp.compress(head)]
    crc, size = zlib.crc32(head), len(head)
    for _ in range(unpacked_mb * (1 << 20) // len(filler)):
        out.append(comp.compress(filler))
        crc, size = zlib.crc32(filler, crc), size + len(filler)
    out.append(comp.flush())
    raw = b"".join(out)
    items = [("[Content_Types].xml", CT), ("_rels/.rels", RELS), ("xl/workbook.xml", WB),
             ("xl/_rels/workbook.xml.rels", WBRELS), ("xl/styles.xml", STYLES)]
    return _raw_zip(path, [(n, d.encode()) for n, d in items], "xl/worksheets/sheet1.xml", raw, crc,
                    1000 if lie else size)


def _raw_zip(path: Path, items, name: str, raw: bytes, crc: int, size: int) -> Path:
    out = bytearray()
    central = bytearray()
    files = []
    for fname, d in items:
        comp = zlib.compressobj(6, zlib.DEFLATED, -15)
        c = comp.compress(d) + comp.flush()
        files.append((fname.encode(), c, zlib.crc32(d), len(d)))
    files.append((name.encode(), raw, crc, size))
    for fname, c, fcrc, fsize in files:
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, fcrc, len(c), fsize, len(fname), 0)
        out += fname + c
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, fcrc, len(c), fsize,
                               len(fname), 0, 0, 0, 0, 0, offset)
        central += fname
    cd_at = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(files), len(files), len(central), cd_at, 0)
    path.write_bytes(bytes(out))
    return path


def reply_book(path: Path, keys: list[str], *, unit: str = "县民政局", last_line: int | None = None) -> Path:
    """A 反馈表-shaped sheet (title, 填报单位 line, header with 校验码) with one filled row per key."""
    head = ["序号", "编号", "问题描述", "整改时限", "当前进度", "整改措施", "整改进展", "完成百分比", "是否申请销号",
            "填报日期", "校验码"]
    body = row_xml(1, ["2024年专题整改进展反馈表"]) + row_xml(2, [f"填报单位：{unit}"]) + row_xml(3, head)
    for i, key in enumerate(keys, 4):
        body += row_xml(i, [i - 3, f"2024-{i:03d}", "问题", "2024-12-31", "0%", "措施", "进展", 50, "否",
                            "2024-09-01", key])
    if last_line:
        body += row_xml(last_line, [1, "2024-999", "问题", None, None, "措施", "进展", 50, "否", "2024-09-01",
                                    "1-0000000000"])
    return package(path, sheet_xml(body))


def make_corpus(folder: Path, *, large: bool = False, seed: int = 7, bomb_mb: int = 200) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(seed)
    out: list[Path] = []

    def add(p: Path) -> Path:
        out.append(p)
        return p

    base = ledger(folder / "正常.xlsx", good_rows(8))
    add(base)
    good = base.read_bytes()
    for i in range(24):   # bit flips all over the package
        data = bytearray(good)
        for _ in range(rnd.choice((1, 3, 20))):
            at = rnd.randrange(len(data))
            data[at] ^= 1 << rnd.randrange(8)
        p = folder / f"翻转{i:02d}.xlsx"
        p.write_bytes(bytes(data))
        add(p)
    for i, cut in enumerate((10, 100, len(good) // 2, len(good) - 30)):
        p = folder / f"截断{i}.xlsx"
        p.write_bytes(good[:cut])
        add(p)
    add(folder / "加密标志.xlsx").write_bytes(bytes(_patch_headers(bytearray(good), flag=0x1)))
    for method in (9, 12, 14, 98, 99):   # deflate64, bzip2, lzma, ppmd, AES
        add(folder / f"压缩方式{method}.xlsx").write_bytes(bytes(_patch_headers(bytearray(good), method=method)))
    add(folder / "空文件.xlsx").write_bytes(b"")
    add(folder / "文本改名.xlsx").write_text("序号,问题描述\n1,敬老院\n", encoding="utf-8")
    folder_named = folder / "文件夹.xlsx"
    folder_named.mkdir(exist_ok=True)
    add(folder_named)
    with zipfile.ZipFile(add(folder / "Word改名.xlsx"), "w") as z:
        z.writestr("word/document.xml", "<w/>")
    with zipfile.ZipFile(add(folder / "缺关系.xlsx"), "w") as z:
        z.writestr("xl/workbook.xml", WB)
    package(add(folder / "不是XML.xlsx"), b"\x00\xff" * 5000)
    package(add(folder / "无大于号.xlsx"), b"<" + b"a" * (9 << 20))
    sample_xls = Path(__file__).resolve().parent / "data" / "问题清单-旧格式.xls"
    xls = sample_xls.read_bytes()
    for i in range(8):
        data = bytearray(xls)
        if i < 3:
            data = data[: len(data) * (i + 1) // 4]
        else:
            for _ in range(rnd.choice((5, 50, 500))):
                data[rnd.randrange(512, len(data))] = rnd.randrange(256)
        add(folder / f"损坏{i}.xls").write_bytes(bytes(data))
    add(folder / "xls加密.xls").write_bytes(xls[:512] + "EncryptionInfo".encode("utf-16-le") + xls[512:])

    junk = [
        ["专题调研", cell("C3", "#VALUE!", kind="e"), "县民政局", "2024-12-31", ""],
        ["专题调研", cell("C4", "#DIV/0!", kind="e", formula="1/0"), "县民政局", "2024-12-31", ""],
        ["专题调研", cell("C5", None, formula="A1&B1"), "县民政局", "2024-12-31", ""],
        ["专题调研", "#VALUE!", "县民政局", "2024-12-31", ""],
        ["专题调研", "日期是垃圾的一个问题", "县民政局", cell("E7", "garbage", kind="d"), ""],
        ["专题调研", "日期是公元一年的问题", "县民政局", cell("E8", "0001-01-01T00:00:00", kind="d"), ""],
        ["专题调研", "日期是一八九九年的问题", "县民政局", cell("E9", 0, style=1), ""],
        ["专题调研", "日期是九九九九年的问题", "县民政局", cell("E10", "9999-12-31T00:00:00", kind="d"), ""],
        ["专题调研", "日期是二一零一年的问题", "县民政局", "2101-01-01", ""],
        ["专题调研", "时限是负数的一个问题", "县民政局", cell("E12", -5, style=1), ""],
        ["专题调研", "时限是巨大数字的问题", "县民政局", cell("E13", 1e300, style=1), ""],
        ["专题调研", "单位名称带零宽字符", "县\u200b民政局", "2024-12-31", ""],
        ["专题调研", "单位名称带方向标记", "\u202e县民政局\u202c", "2024-12-31", ""],
        ["专题调研", "单位名称用了康熙部首", "县\u2f42化局", "2024-12-31", ""],
        ["专题调研", "单位名称带软连字符", "县民\u00ad政局", "2024-12-31", ""],
        ["专题调研", "单位名称是一兆字节", "局" * (1 << 20), "2024-12-31", ""],
        ["专题调研", "一个单元格写了五百个单位", "、".join(f"第{i}局" for i in range(500)), "2024-12-31", ""],
        ["专题调研", "描述中有_x0000_控制字符", "县民政局_x0000_", "2024-12-31", "_x0000_"],
        ["专题调研", "x" * 40000, "县民政局", "2024-12-31", ""],
        ["_x0007_", "状态是布尔值的问题", "县民政局", "2024-12-31", cell("G22", 1, kind="b")],
    ]
    ledger(add(folder / "垃圾内容.xlsx"), junk)
    ledger(add(folder / "XFD1格式.xlsx"), good_rows(500), extra_rows="")
    _xfd(folder / "XFD1格式.xlsx", 500)
    ledger(add(folder / "XFD1有值.xlsx"), good_rows(5), extra_rows=row_xml(9, []).replace(
        "</row>", cell("XFD9", "远处的内容") + "</row>"))
    ledger(add(folder / "第200万行.xlsx"), good_rows(5), extra_rows=row_xml(2000000, ["远处的内容"]))
    ledger(add(folder / "第9万行.xlsx"), good_rows(5), extra_rows=row_xml(99999, ["远处", "", "", "", "", "内容"]))
    ledger(add(folder / "宽而深.xlsx"), good_rows(5), extra_rows=row_xml(90000, []).replace(
        "</row>", cell("GR90000", "远处") + "</row>"))
    ledger(add(folder / "倒序行号.xlsx"), good_rows(3), extra_rows=row_xml(99000, ["x"]) + row_xml(4, ["y"]))
    package(add(folder / "无r属性.xlsx"), sheet_xml("<row>" + "<c t=\"inlineStr\"><is><t>问题描述</t></is></c>" * 3
                                                  + "</row>" + "<row><c><v>1</v></c></row>" * 50))
    package(add(folder / "行号为零.xlsx"), sheet_xml('<row r="0"><c r="A0" t="inlineStr"><is><t>x</t></is></c></row>'))
    package(add(folder / "共享字符串坏.xlsx"), sheet_xml('<row r="1"><c r="A1" t="s"><v>99</v></c></row>'),
            parts={"xl/sharedStrings.xml": "<sst><si><t>x</t></si>"})
    _raw_reply(folder, add)
    _bomb(add(folder / "压缩炸弹-如实.xlsx"), bomb_mb, lie=False)
    _bomb(add(folder / "压缩炸弹-谎报.xlsx"), bomb_mb, lie=True)
    if large:
        ledger(add(folder / "XFD1格式-两万行.xlsx"), good_rows(20000))
        _xfd(folder / "XFD1格式-两万行.xlsx", 20000)
        _bomb(add(folder / "压缩炸弹-1GB.xlsx"), 1100, lie=True)
        big = folder / "五万行.xlsx"
        ledger(add(big), [["专题调研", f"第{i}个问题，敬老院消防设施不达标", f"县第{i % 40}局", "2024-12-31", "整改中"]
                          for i in range(50000)])
    return out


def _xfd(path: Path, rows: int) -> None:
    """Every row gets a formatted empty cell in column XFD (what a stray format-painter leaves)."""
    body = row_xml(1, ["某县问题清单"]) + row_xml(2, list(HEADER))
    body += "".join(row_xml(i, [i - 2, *v]).replace("</row>", f'<c r="XFD{i}" s="1"/></row>')
                    for i, v in enumerate(good_rows(rows), 3))
    package(path, sheet_xml(body))


def _raw_reply(folder: Path, add) -> None:
    reply_book(add(folder / "反馈表-行号一亿.xlsx"), ["1-0000000000"], last_line=99_999_999)
    reply_book(add(folder / "反馈表-恶意校验码.xlsx"),
               ["99999999999999999999999-abc", "²-abc", "-", "1-", "0x10-abc", "1-" + "f" * 10000, "١٢-abc"])
    reply_book(add(folder / "反馈表-只有表头.xlsx"), [])
    shutil.copyfile(folder / "正常.xlsx", add(folder / "反馈表-其实是清单.xlsx"))
