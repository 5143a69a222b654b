"""The plain content of a document, in reading order: the .docx writer and the HTML renderer
(print preview / PDF) both consume it, so paper and file always agree in content and order.

A builder (letter.py, bulletin.py, forms.py) turns gathered data into a ``DocContent``; the
writers (docx_writer.write_docx, html.render_html) never decide what the document says.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from models.normalize import strip_unsafe

# Block kinds. Text blocks carry ``text``; the rest carry their own fields.
ORGAN = "organ"                # 发文机关标志 (red)
DOC_NUMBER = "doc_number"      # 发文字号 (+ the red rule below it)
TITLE = "title"                # 标题, ``lines`` (one or two)
SERIES = "series"              # bulletin series line "…联动监督专辑 (四十四)"
ADDRESSEE = "addressee"        # 主送机关："县人民政府："
PARAGRAPH = "paragraph"        # body paragraph, first line indented two characters
HEADING1 = "heading1"          # 一、… (黑体)
HEADING2 = "heading2"          # （一）… (楷体)
ATTACHMENT_NOTE = "attachment_note"  # 附件说明 "附件：问题清单"
SIGNATURE = "signature"        # 发文机关署名
DATE = "date"                  # 成文日期
CONTRIBUTOR = "contributor"    # "(某某县人大社会建设委员会供稿)"
IMPRINT = "imprint"            # 版记 rows between rules
DISTRIBUTION = "distribution"  # bulletin's 报/发 block
BLANK = "blank"                # an empty body line
PAGE_BREAK = "page_break"
ANNEX = "annex"                # landscape 附件 with a table (new section)
FORM = "form"                  # a bordered form table (销号审批表, ballot, results)
LABEL = "label"                # "附件" / small left-aligned black label line


@dataclass
class Column:
    header: str
    width_mm: float
    align: str = "left"        # left | center


@dataclass
class FormCell:
    text: str = ""
    span: int = 1              # grid columns this cell covers
    bold: bool = False
    align: str = "left"        # left | center
    height_mm: float = 0       # minimum row height comes from the tallest cell


@dataclass
class Block:
    kind: str
    text: str = ""
    lines: list[str] = field(default_factory=list)
    # imprint rows: (left text, right text); distribution rows: (label, text)
    rows: list[tuple[str, str]] = field(default_factory=list)
    # annex
    label: str = ""
    title: str = ""
    columns: list[Column] = field(default_factory=list)
    cells: list[list[str]] = field(default_factory=list)
    # form tables: grid widths and rows of cells; header_rows repeat on each page
    widths_mm: list[float] = field(default_factory=list)
    form_rows: list[list[FormCell]] = field(default_factory=list)
    header_rows: int = 0
    size_pt: float = 0         # form text size (0: 4号)
    align: str = ""            # override: left | center | right


@dataclass
class PageSetup:
    """Portrait page in millimetres (A4 and the GB/T 9704 版心 by default)."""
    width_mm: float = 210
    height_mm: float = 297
    top_mm: float = 37
    bottom_mm: float = 35
    left_mm: float = 28
    right_mm: float = 26
    footer_mm: float = 22
    grid: bool = True          # 22 lines × 28 characters grid for the body
    # Body characters do not snap to the grid's cells: LibreOffice gives every run of Latin digits
    # whole cells ("2026 年7 月"). Off the cells, 3号 runs are condensed so 28 汉字 fill a line
    # (docx_style.GRID_RUN_SPACING) and digits keep their own width in every program.
    snap_chars: bool = False


@dataclass
class DocContent:
    """One document: what it says, in order, and how its pages are numbered."""
    kind: str                              # letter | letter_form | bulletin | form
    name: str                              # a short name for file names and window titles
    blocks: list[Block] = field(default_factory=list)
    page: PageSetup = field(default_factory=PageSetup)
    page_number: str = "dash"              # dash: "— 1 —" | fullwidth: "—１—" | none
    odd_even: bool = True                  # odd pages right, even pages left
    first_page_number: bool = True         # 信函格式: no number on page 1
    body_font: str = "仿宋_GB2312"
    body_size_pt: float = 16
    title: str = ""                        # the file's properties: title and author (this office)
    author: str = ""

    def add(self, kind: str, text: str = "", **kw) -> Block:
        block = Block(kind=kind, text=text, **kw)
        self.blocks.append(block)
        return block

    def texts(self) -> list[str]:
        """Every visible string in order (for tests and the print/docx agreement check)."""
        out: list[str] = []
        for b in self.blocks:
            if b.text:
                out.append(b.text)
            out.extend(b.lines)
            for left, right in b.rows:
                out.extend(t for t in (left, right) if t)
            if b.label:
                out.append(b.label)
            if b.title:
                out.append(b.title)
            out.extend(c.header for c in b.columns)
            for row in b.cells:
                out.extend(t for t in row if t)
            for row in b.form_rows:
                out.extend(c.text for c in row if c.text)
        return out


def cleaned(content: DocContent) -> DocContent:
    """A copy of ``content`` without the characters no document may hold (control characters,
    U+FFFE/FFFF, direction overrides): text is cleaned where it enters the store, and once more
    here, at every writer, for what came in another way (an old database, a setting, a file)."""
    def c(text: str) -> str:
        return strip_unsafe(text) if text else text

    def block(b: Block) -> Block:
        return dataclasses.replace(
            b, text=c(b.text), lines=[c(t) for t in b.lines], rows=[(c(x), c(y)) for x, y in b.rows],
            label=c(b.label), title=c(b.title),
            columns=[dataclasses.replace(col, header=c(col.header)) for col in b.columns],
            cells=[[c(t) for t in row] for row in b.cells],
            form_rows=[[dataclasses.replace(cell, text=c(cell.text)) for cell in row] for row in b.form_rows])
    return dataclasses.replace(content, name=c(content.name), blocks=[block(b) for b in content.blocks])


_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff“”])[ \t]+(?=[\u4e00-\u9fff“”])")


def cjk_spaces(text: str) -> str:
    """A half-width space between Chinese words (how the store keeps “老龄化 加快”) becomes the
    full-width space documents print (“老龄化　加快”)."""
    return _CJK_GAP.sub("\u3000", text or "")
