"""A PDF's text layer says the characters on the page: searching a letter for "人民政府" finds it.

Qt writes each glyph's Unicode value from the font's character map, and a CJK font gives 人 and
the Kangxi radical ⼈ (U+2F08) one glyph, so Qt's PDFs say ⼈, ⺠ (for 民), ⻓ (for 长)… Here those
radical code points are mapped back to the ideographs they stand for. Also joins PDFs (pypdf).
"""
from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

# CJK Radicals Supplement code points that CJK fonts draw with an ideograph's glyph (read from the
# glyph tables of Noto Sans/Serif CJK SC): pairs of (radical, ideograph).
_SUPPLEMENT = ("⺂乛⺃乚⺅亻⺉刂⺎兀⺏尣⺐尢⺒巳⺓幺⺔彑⺕彐⺖忄⺘扌⺙攵⺛旡⺞歺⺟母⺠民⺡氵⺣灬⺤爫⺦丬⺨犭⺫罒⺭礻"
               "⺯糹⺰纟⺱罓⺲罒⺹耂⺺肀⺾艹⻁虎⻂衤⻃覀⻅见⻆角⻈讠⻉贝⻋车⻌辶⻐钅⻑長⻒镸⻓长⻔门⻖阝⻘青⻙韦⻚页"
               "⻛风⻜飞⻝食⻟飠⻠饣⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟")
_OVERRIDES = {0x2F3E: "户"}   # the Kangxi radical 戶 is drawn as the simplified 户 in SC fonts


def _table() -> dict[int, str]:
    table = {ord(_SUPPLEMENT[i]): _SUPPLEMENT[i + 1] for i in range(0, len(_SUPPLEMENT), 2)}
    for code in range(0x2F00, 0x2FD6):   # Kangxi radicals: their compatibility ideograph
        table[code] = _OVERRIDES.get(code) or unicodedata.normalize("NFKC", chr(code))
    return table


IDEOGRAPH_OF = _table()


def unradical(text: str) -> str:
    """``text`` with radical code points turned into the ideographs they stand for."""
    return text.translate(IDEOGRAPH_OF)


_TOKEN = re.compile(rb"<([0-9A-Fa-f]{4})>")


def _swap(match: re.Match) -> bytes:
    code = int(match.group(1), 16)
    ideograph = IDEOGRAPH_OF.get(code)
    if ideograph is None or ord(ideograph) > 0xFFFF:
        return match.group(0)
    return b"<%04X>" % ord(ideograph)


def fix_cmap(data: bytes) -> bytes:
    """A ToUnicode CMap with its radical destinations replaced (source codes untouched)."""
    out, mode = [], None
    for line in data.split(b"\n"):
        s = line.strip()
        if s.endswith(b"beginbfchar"):
            mode = "char"
        elif s.endswith(b"beginbfrange"):
            mode = "range"
        elif s in (b"endbfchar", b"endbfrange"):
            mode = None
        elif mode and b"[" in line:
            head, rest = line.split(b"[", 1)
            line = head + b"[" + _TOKEN.sub(_swap, rest)
        elif mode:
            tokens = list(_TOKEN.finditer(line))
            single = (mode == "char" and len(tokens) == 2) or \
                (mode == "range" and len(tokens) == 3 and tokens[0].group(1) == tokens[1].group(1))
            if single:
                last = tokens[-1]
                line = line[:last.start()] + _swap(last) + line[last.end():]
        out.append(line)
    return b"\n".join(out)


def fix_radicals(path: str | os.PathLike) -> int:
    """Rewrite the ToUnicode maps of the PDF at ``path`` in place; returns how many fonts changed."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=str(path))
    seen: set[int] = set()
    changed = 0
    for page in writer.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        if fonts is None:
            continue
        for ref in fonts.get_object().values():
            font = ref.get_object()
            cmap_ref = font.get(NameObject("/ToUnicode"))
            if cmap_ref is None or id(cmap_ref.get_object()) in seen:
                continue
            stream = cmap_ref.get_object()
            seen.add(id(stream))
            data = stream.get_data()
            fixed = fix_cmap(data)
            if fixed != data:
                stream.set_data(fixed)
                changed += 1
    if changed:
        tmp = Path(str(path) + ".fix")
        with open(tmp, "wb") as f:
            writer.write(f)
        os.replace(tmp, path)
    return changed


def join_pdfs(parts: Sequence[Path], target: Path, *, title: str = "") -> int:
    """The pages of ``parts`` in order, as one PDF at ``target``; returns the page count."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(str(part))
    writer.add_metadata({"/Title": title, "/Creator": "联动监督问题清单管理系统"})
    with open(target, "wb") as f:
        writer.write(f)
    return len(writer.pages)
