"""Low-level .docx formatting after GB/T 9704-2012: font names and sizes, run/paragraph XML,
page numbers, and the check for fonts missing on this machine."""
from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# Fonts named in the standard; the document keeps these names so the office PC prints right.
FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"

# Chinese type sizes (号) in points.
SIZE_XIAOCHU = 36   # 小初
SIZE_1 = 26         # 一号
SIZE_2 = 22         # 二号
SIZE_3 = 16         # 三号
SIZE_4 = 14         # 四号
SIZE_XIAO4 = 12     # 小四

RED = "FF0000"
# 22 lines on 225 mm: 225 mm / 22 = 28.96 pt; 579 twips = 28.95 pt keeps 22 lines inside.
LINE_PITCH_TWIPS = 579
# 28 characters of 16 pt on 156 mm: pitch 15.793 pt = 16 pt - 848/4096 pt.
CHAR_SPACE = -848

# The grid pitch: 28 cells of 15.79 pt on the 156 mm line.
GRID_PITCH_PT = 16 + CHAR_SPACE / 4096

# Body lines snap to the 22 × 28 grid as in an office's own 公文 template, so every full line holds
# 28 characters, 汉字 and digits alike. Word and WPS fit a 16 pt character into a 15.79 pt cell
# themselves; LibreOffice instead gives any character wider than a cell two cells (14 to a line).
# Drawing the glyphs at 98 % (15.68 pt, a difference no reader sees) fits them one to a cell there
# too. In LibreOffice each half-width digit then takes a cell of its own (the grid holds for lines
# with dates and numbers); Word and WPS set digits at their own width. Lines off the grid (title,
# 文号, tables) keep full-width glyphs; 3号 text among them is condensed by GRID_RUN_SPACING.
GRID_SCALE = 98
# Off-grid 3号 runs condensed by 0.3 pt: 28 × 15.7 pt = 439.6 pt ≤ 442.2 pt in every program.
GRID_RUN_SPACING = -6

# 附件 tables: 小四 text at a 15 pt pitch (a normal problem takes 3–5 lines, 5–8 rows a page)
ANNEX_LINE_PT = 15

# What this machine shows instead when a named font is missing (fontconfig's usual choice).
STAND_INS = {
    FANGSONG: "Noto Serif CJK SC", XIAOBIAOSONG: "Noto Serif CJK SC", SONGTI: "Noto Serif CJK SC",
    KAITI: "Noto Serif CJK SC", HEITI: "Noto Sans CJK SC",
}
ALIASES = {
    FANGSONG: ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong"),
    XIAOBIAOSONG: ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "FZXiaoBiaoSong-B05"),
    HEITI: ("黑体", "SimHei"),
    KAITI: ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi"),
    SONGTI: ("宋体", "SimSun"),
}
CSS_FAMILIES = {
    FANGSONG: "'仿宋_GB2312', 'FangSong_GB2312', '仿宋', 'FangSong', 'Noto Serif CJK SC', serif",
    XIAOBIAOSONG: "'方正小标宋简体', 'FZXiaoBiaoSong-B05S', 'Noto Serif CJK SC', serif",
    HEITI: "'黑体', 'SimHei', 'Noto Sans CJK SC', sans-serif",
    KAITI: "'楷体_GB2312', 'KaiTi_GB2312', '楷体', 'KaiTi', 'Noto Serif CJK SC', serif",
    SONGTI: "'宋体', 'SimSun', 'Noto Serif CJK SC', serif",
}


@lru_cache(maxsize=1)
def installed_families() -> frozenset[str]:
    """Font family names known to fontconfig (empty when fc-list is not available)."""
    exe = shutil.which("fc-list")
    if not exe:
        return frozenset()
    try:
        out = subprocess.run([exe, ":", "family"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    names: set[str] = set()
    for line in out.splitlines():
        names.update(n.strip() for n in line.split(",") if n.strip())
    return frozenset(names)


def font_warnings(fonts: set[str] | list[str]) -> list[str]:
    """One Chinese sentence per named font missing here, naming the stand-in."""
    have = installed_families()
    if not have:  # cannot tell (e.g. Windows without fontconfig): say nothing
        return []
    out = []
    for font in sorted(set(fonts)):
        if not any(a in have for a in ALIASES.get(font, (font,))):
            out.append(f"本机未安装字体“{font}”，屏幕预览和本机转换时以“{stand_in(font, have)}”"
                       "代替；文档中仍标注原字体，在装有该字体的电脑上按原字体显示和打印。")
    return out


# Chinese families fontconfig falls back to, best first (fonts-noto-cjk has only the Sans faces;
# UOS and Kylin ship WenQuanYi)
FALLBACKS = ("Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "Source Han Sans SC",
             "WenQuanYi Zen Hei", "WenQuanYi Micro Hei")


def stand_in(font: str, have: frozenset[str]) -> str:
    """The installed family shown instead of a missing ``font``: never one that is not here."""
    wanted = STAND_INS.get(font)
    order = ([wanted] if wanted else []) + [f for f in FALLBACKS if f != wanted]
    return next((f for f in order if f in have), "系统默认字体")


def text_width_chars(text: str) -> float:
    """Width in body characters: CJK and full-width count 1, ASCII half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in text)


def twips(pt: float) -> str:
    return str(int(round(pt * 20)))


def mm_twips(mm: float) -> int:
    return int(mm * 1440 / 25.4)  # floor: column widths never add up past the text width


def el(tag: str, **attrs: str) -> OxmlElement:
    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn(f"w:{k}"), str(v))
    return e


def rpr(font: str, size_pt: float, *, bold: bool = False, color: str | None = None,
        scale: int | None = None, spacing: int = 0) -> OxmlElement:
    """Run properties naming the font for ascii, hAnsi, eastAsia and cs alike; ``spacing`` in
    twentieths of a point (GRID_RUN_SPACING on grid body text)."""
    p = el("w:rPr")
    p.append(el("w:rFonts", ascii=font, hAnsi=font, eastAsia=font, cs=font, hint="eastAsia"))
    if bold:
        p.append(el("w:b"))
        p.append(el("w:bCs"))
    if color:
        p.append(el("w:color", val=color))
    if spacing:
        p.append(el("w:spacing", val=str(spacing)))
    if scale:
        p.append(el("w:w", val=str(scale)))
    half = str(int(round(size_pt * 2)))
    p.append(el("w:sz", val=half))
    p.append(el("w:szCs", val=half))
    return p


def run(text: str, font: str, size_pt: float, **kw) -> OxmlElement:
    r = el("w:r")
    r.append(rpr(font, size_pt, **kw))
    t = el("w:t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.append(t)
    return r


def run_tab() -> OxmlElement:
    r = el("w:r")
    r.append(el("w:tab"))
    return r


def ppr(*, align: str = "both", first_chars: float = 0, size_pt: float = 16, left_chars: float = 0,
        hanging_chars: float = 0, line_pt: float | None = None, before_pt: float = 0, after_pt: float = 0,
        grid: bool = True, keep_next: bool = False, right_chars: float = 0) -> OxmlElement:
    """Paragraph properties; indents in characters of ``size_pt`` (Word's 字符 unit)."""
    p = el("w:pPr")
    if keep_next:
        p.append(el("w:keepNext"))
    # Word's own default (punctuation may overflow), written out because LibreOffice reads this flag
    # inverted: val 1 is what keeps its commas inside the 156 mm 版心 (val 0 lets them hang out).
    p.append(el("w:overflowPunct", val="1"))
    if not grid:
        p.append(el("w:snapToGrid", val="0"))
    spacing = el("w:spacing", before=twips(before_pt), after=twips(after_pt))
    if line_pt:
        spacing.set(qn("w:line"), twips(line_pt))
        spacing.set(qn("w:lineRule"), "exact")
    p.append(spacing)
    ind = el("w:ind")
    if left_chars:
        ind.set(qn("w:left"), twips(left_chars * size_pt))
    if right_chars:
        ind.set(qn("w:right"), twips(right_chars * size_pt))
    if first_chars:
        ind.set(qn("w:firstLine"), twips(first_chars * size_pt))
    if hanging_chars:
        ind.set(qn("w:hanging"), twips(hanging_chars * size_pt))
    if len(ind.attrib):
        p.append(ind)
    p.append(el("w:jc", val=align))
    return p


def border(side: str, size_eighths: int, color: str = "000000", space: int = 1) -> OxmlElement:
    return el(f"w:{side}", val="single", sz=str(size_eighths), space=str(space), color=color)


def field_runs(instr: str, placeholder: str, font: str, size_pt: float) -> list[OxmlElement]:
    """A complex field (begin / instruction / separate / result / end) as runs."""
    out = []
    for kind in ("begin", None, "separate", "result", "end"):
        r = el("w:r")
        r.append(rpr(font, size_pt))
        if kind is None:
            t = el("w:instrText")
            t.text = f" {instr} "
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            r.append(t)
        elif kind == "result":
            t = el("w:t")
            t.text = placeholder
            r.append(t)
        else:
            r.append(el("w:fldChar", fldCharType=kind))
        out.append(r)
    return out
