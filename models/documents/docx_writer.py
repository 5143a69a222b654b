"""Writes a ``DocContent`` to .docx (GB/T 9704 page, grid, fonts, odd/even page numbers).

Paragraphs and tables are built as WordprocessingML directly (lxml) so a 200-row annex stays fast;
python-docx supplies the package, the styles part, sections and footers.
"""
from __future__ import annotations

import os
from copy import deepcopy

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm

from models.documents import content as C
from models.documents import docx_page as P
from models.documents import docx_style as S
from models.documents.atomic import atomic_path
from models.documents.content import Block, DocContent, FormCell, cleaned
from models.documents.docx_style import text_width_chars

ALIGN = {"left": "left", "center": "center", "right": "right", "both": "both", "": "both"}


class _Writer:
    def __init__(self, content: DocContent):
        self.c = content
        self.doc = Document()
        self.body = self.doc.element.body
        self.sentinel = self.body.get_or_add_sectPr()
        self.size = content.body_size_pt
        self.fonts: set[str] = set()
        self.line = S.LINE_PITCH_TWIPS / 20 if content.page.grid else None
        self.keeping = False   # the current block stays on the page of the next one

    # ----- helpers --------------------------------------------------------------------------
    def _add(self, element) -> None:
        self.sentinel.addprevious(element)

    def para(self, texts: list[tuple[str, str, float]] | str, *, font: str | None = None,
             size: float | None = None, color: str | None = None, **pkw):
        """A paragraph of runs (text, font, size); a plain string uses the body font."""
        if isinstance(texts, str):
            texts = [(texts, font or self.c.body_font, size or self.size)]
        p = S.el("w:p")
        if self.keeping:
            pkw["keep_next"] = True
        pkw.setdefault("line_pt", self.line)
        # body lines on the 22 × 28 grid snap to it (see docx_style.GRID_SCALE); others do not
        snap = (self.c.page.grid and self.c.page.snap_chars and pkw.get("grid", True) and pkw["line_pt"] == self.line
                and all(sz == S.SIZE_3 for _t, _f, sz in texts))
        pkw["grid"] = bool(snap)
        pkw.setdefault("size_pt", S.GRID_PITCH_PT if snap else self.size)  # indents in grid characters
        p.append(S.ppr(**pkw))
        for text, f, sz in texts:
            self.fonts.add(f)
            for i, piece in enumerate(text.split("\n")):
                if i:
                    br = S.el("w:r")
                    br.append(S.rpr(f, sz))
                    br.append(S.el("w:br"))
                    p.append(br)
                if not piece:
                    continue
                if snap:
                    p.append(S.run(piece, f, sz, color=color, scale=S.GRID_SCALE))
                else:
                    condense = S.GRID_RUN_SPACING if self.c.page.grid and sz == S.SIZE_3 else 0
                    p.append(S.run(piece, f, sz, color=color, spacing=condense))
        self._add(p)
        return p

    # ----- blocks ---------------------------------------------------------------------------
    def block(self, b: Block) -> None:
        getattr(self, f"b_{b.kind}")(b)

    def b_organ(self, b: Block) -> None:
        size = min(S.SIZE_XIAOCHU, int(440 / max(text_width_chars(b.text), 1)))
        if self.c.kind == "letter_form":
            return  # printed in the first-page header (see _letter_form_header)
        self.para([(b.text, S.XIAOBIAOSONG, size)], color=S.RED, align="center", grid=False,
                  line_pt=None, before_pt=35 * 72 / 25.4)

    def b_doc_number(self, b: Block) -> None:
        # off the character grid: its digits keep their natural width (〔2024〕12号, not spread out)
        if self.c.kind == "letter_form":
            self.para(b.text, align="right", grid=False)
            return
        p = self.para(b.text, align="center", grid=False)
        pbdr = S.el("w:pBdr")
        pbdr.append(S.border("bottom", 12, S.RED, space=11))  # red rule 4 mm under the number
        p.find(qn("w:pPr")).insert(0, pbdr)

    def b_title(self, b: Block) -> None:
        self.para([("\n".join(b.lines or [b.text]), S.XIAOBIAOSONG, S.SIZE_2)], align="center",
                  grid=False, line_pt=S.LINE_PITCH_TWIPS / 20 * 1.2)

    def b_series(self, b: Block) -> None:
        self.para([(b.text, S.KAITI, S.SIZE_4)], align="center", grid=False)

    def b_addressee(self, b: Block) -> None:
        self.para(b.text, align="left")

    def b_paragraph(self, b: Block) -> None:
        self.para(b.text, align=ALIGN[b.align], first_chars=0 if b.align else 2)

    def b_heading1(self, b: Block) -> None:
        self.para([(b.text, S.HEITI, self.size)], first_chars=2, keep_next=True)

    def b_heading2(self, b: Block) -> None:
        self.para([(b.text, S.KAITI, self.size)], first_chars=2, keep_next=True)

    def b_attachment_note(self, b: Block) -> None:
        self.para(b.text, first_chars=2, align="left")

    def b_label(self, b: Block) -> None:
        self.para([(b.text, S.HEITI, self.size)], align="left")

    def b_signature(self, b: Block) -> None:
        date = next((x.text for x in self.c.blocks if x.kind == C.DATE), "")
        # centred over the date, which sits four characters from the right edge
        right = 4 + max(0.0, (text_width_chars(date) - text_width_chars(b.text)) / 2)
        self.para(b.text, align="right", right_chars=right)

    def b_date(self, b: Block) -> None:
        self.para(b.text, align="right", right_chars=4)

    def b_contributor(self, b: Block) -> None:
        self.para(b.text, align="right")

    def b_blank(self, b: Block) -> None:
        self.para("", align="left")

    def b_page_break(self, b: Block) -> None:
        p = S.el("w:p")
        r = S.el("w:r")
        r.append(S.el("w:br", type="page"))
        p.append(r)
        self._add(p)

    def b_imprint(self, b: Block) -> None:
        """版记: rows between rules, the first and last thicker, on the last page (see _foot_page)."""
        width = self._portrait_width_mm()
        rows = []
        for left, right in b.rows:
            if right:
                rows.append([FormCell(left), FormCell(right, align="right")])
            else:
                rows.append([FormCell(left, span=2)])
        tbl = self.table([width / 2, width / 2], rows, size=S.SIZE_4, borders=False, font=self.c.body_font,
                         indent_chars=1)
        _rules(tbl, len(rows))
        self._foot_page(tbl)

    def b_distribution(self, b: Block) -> None:
        """The bulletin's 报/发 block on the last page, as the seeds print it: label then recipients,
        continuation lines under the names, between two rules."""
        width = self._portrait_width_mm()
        tbl = self._table_shell([width], borders=False)
        for label, text in b.rows:
            tr = S.el("w:tr")
            trpr = S.el("w:trPr")
            trpr.append(S.el("w:cantSplit"))
            tr.append(trpr)
            tc = self._cell(width, 1)
            for i, line in enumerate(text.split("\n")):
                p = S.el("w:p")
                p.append(S.ppr(align="left", size_pt=self.size, left_chars=3, hanging_chars=2 if i == 0 else 0,
                               line_pt=self.line, grid=False))
                if i == 0:
                    p.append(S.run(f"\u3000{label}：" if label else "", self.c.body_font, self.size))
                p.append(S.run(line, self.c.body_font, self.size))
                tc.append(p)
            tr.append(tc)
            tbl.append(tr)
        self.fonts.add(self.c.body_font)
        _rules(tbl, len(b.rows), inner=False)
        self._foot_page(tbl)

    def _portrait_width_mm(self) -> float:
        p = self.c.page
        return p.width_mm - p.left_mm - p.right_mm

    def _foot_page(self, tbl) -> None:
        """The 版记 / 报发 block goes on a last portrait page of its own, in that page's footer, so
        its last rule sits on the bottom edge of the 版心 in Word, WPS and LibreOffice alike (a
        floating table or frame anchored to the bottom is placed differently by each). GB/T 9704:
        the 版记 page carries no page number."""
        self.body.add_section_break()
        self._add(S.el("w:p"))  # the last section's (empty) body
        if self.c.odd_even:
            # GB/T 9704: the 版记 is on the last page, an even one (the back of the last sheet of a
            # letter or a 简报 printed on both sides); Word, WPS and LibreOffice insert the blank
            # page (with no page number) themselves when the text ends on an even page
            kind = self.sentinel.find(qn("w:type"))
            if kind is None:
                kind = S.el("w:type")
                self.sentinel.find(qn("w:pgSz")).addprevious(kind)   # schema order: type before pgSz
            kind.set(qn("w:val"), "evenPage")
        sec = self.doc.sections[-1]
        sec.orientation = WD_ORIENT.PORTRAIT
        P.page_geometry(sec, self.c)
        sec.footer_distance = Mm(self.c.page.bottom_mm)
        sec.different_first_page_header_footer = False
        grid = self.sentinel.find(qn("w:docGrid"))
        grid.attrib.clear()
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(S.LINE_PITCH_TWIPS))
        self.foot_block = tbl

    def _fill_foot_page(self) -> None:
        """Called after the page numbers are set up: the last section's footers hold only the block."""
        tbl = getattr(self, "foot_block", None)
        if tbl is None:
            return
        sec = self.doc.sections[-1]
        footers = [sec.footer, sec.even_page_footer] if self.c.odd_even else [sec.footer]
        for i, footer in enumerate(footers):
            footer.is_linked_to_previous = False
            el = footer._element
            for child in list(el):
                el.remove(child)
            el.append(tbl if i == 0 else deepcopy(tbl))
            end = S.el("w:p")  # a footer ends with a paragraph: a hairline one under the table
            end.append(S.ppr(align="left", size_pt=1, grid=False, line_pt=1))
            el.append(end)

    def b_form(self, b: Block) -> None:
        self._add(self.table(b.widths_mm, b.form_rows, size=b.size_pt or S.SIZE_4, header_rows=b.header_rows,
                             font=self.c.body_font))

    def b_annex(self, b: Block) -> None:
        """附件 on new landscape pages: label, title, table with the header repeated."""
        new = self.body.add_section_break()  # the clone keeps portrait; the sentinel turns landscape
        self.sentinel = new
        sec = self.doc.sections[-1]
        sec.orientation = WD_ORIENT.LANDSCAPE
        p = self.c.page
        sec.page_width, sec.page_height = Mm(p.height_mm), Mm(p.width_mm)
        sec.top_margin, sec.bottom_margin = Mm(p.left_mm), Mm(p.right_mm + 4)
        sec.left_margin, sec.right_margin = Mm(p.top_mm), Mm(p.bottom_mm)
        sec.footer_distance = Mm(16)
        grid = new.find(qn("w:docGrid"))
        grid.attrib.clear()
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), "312")
        self.para([(b.label or "附件", S.HEITI, S.SIZE_3)], align="left", grid=False, line_pt=None)
        self.para([(b.title, S.XIAOBIAOSONG, S.SIZE_2)], align="center", grid=False, line_pt=None,
                  after_pt=8)
        rows = [[FormCell(c.header, bold=True, align="center") for c in b.columns]]
        aligns = [c.align for c in b.columns]
        rows += [[FormCell(t, align=a) for t, a in zip(r, aligns, strict=False)] for r in b.cells]
        self._add(self.table([c.width_mm for c in b.columns], rows, size=S.SIZE_XIAO4, header_rows=1,
                             font=self.c.body_font, line=S.ANNEX_LINE_PT))

    # ----- tables -----------------------------------------------------------------------------
    def _text_width_mm(self) -> float:
        sec = self.doc.sections[-1]
        return (sec.page_width - sec.left_margin - sec.right_margin) / 36000

    def _table_shell(self, widths_mm: list[float], *, borders: bool = True):
        tbl = S.el("w:tbl")
        pr = S.el("w:tblPr")
        pr.append(S.el("w:tblW", w=str(sum(S.mm_twips(w) for w in widths_mm)), type="dxa"))
        pr.append(S.el("w:jc", val="center"))
        bd = S.el("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            bd.append(S.border(side, 4, space=0) if borders else S.el(f"w:{side}", val="nil"))
        pr.append(bd)
        pr.append(S.el("w:tblLayout", type="fixed"))
        mar = S.el("w:tblCellMar")
        for side, w in (("top", 28), ("left", 85), ("bottom", 28), ("right", 85)):
            mar.append(S.el(f"w:{side}", w=str(w), type="dxa"))
        pr.append(mar)
        pr.append(S.el("w:tblLook", val="0000", firstRow="0", lastRow="0", firstColumn="0", lastColumn="0",
                       noHBand="1", noVBand="1"))
        tbl.append(pr)
        grid = S.el("w:tblGrid")
        for w in widths_mm:
            grid.append(S.el("w:gridCol", w=str(S.mm_twips(w))))
        tbl.append(grid)
        return tbl

    def _cell(self, width_mm: float, span: int):
        tc = S.el("w:tc")
        pr = S.el("w:tcPr")
        pr.append(S.el("w:tcW", w=str(S.mm_twips(width_mm)), type="dxa"))
        if span > 1:
            pr.append(S.el("w:gridSpan", val=str(span)))
        pr.append(S.el("w:vAlign", val="center"))
        tc.append(pr)
        return tc

    def table(self, widths_mm: list[float], rows: list[list[FormCell]], *, size: float, font: str,
              header_rows: int = 0, borders: bool = True, indent_chars: float = 0, line: float = 0):
        tbl = self._table_shell(widths_mm, borders=borders)
        bold_font = S.HEITI
        self.fonts.update({font, bold_font})
        line = line or round(size * 1.45, 1)
        # one pPr/rPr per (align, bold) kind, deep-copied: building each anew is the slow part
        cache: dict[tuple, tuple] = {}
        for index, row in enumerate(rows):
            tr = S.el("w:tr")
            trpr = S.el("w:trPr")
            trpr.append(S.el("w:cantSplit"))
            height = max((c.height_mm for c in row), default=0)
            if height:
                trpr.append(S.el("w:trHeight", val=str(S.mm_twips(height)), hRule="atLeast"))
            if index < header_rows:
                trpr.append(S.el("w:tblHeader"))
            tr.append(trpr)
            col = 0
            for cell in row:
                width = sum(widths_mm[col:col + cell.span])
                tc = self._cell(width, cell.span)
                col += cell.span
                key = (cell.align, cell.bold)
                if key not in cache:
                    cache[key] = (S.ppr(align=ALIGN[cell.align], size_pt=size, line_pt=line, grid=False,
                                        left_chars=indent_chars, right_chars=indent_chars),
                                  S.rpr(bold_font if cell.bold else font, size))
                ppr, rpr = cache[key]
                for piece in (cell.text or "").split("\n"):
                    p = S.el("w:p")
                    p.append(deepcopy(ppr))
                    if piece:
                        r = S.el("w:r")
                        r.append(deepcopy(rpr))
                        t = S.el("w:t")
                        t.text = piece
                        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                        r.append(t)
                        p.append(r)
                    tc.append(p)
                tr.append(tc)
            tbl.append(tr)
        return tbl


def _rules(tbl, nrows: int, inner: bool = True) -> None:
    """Top and bottom rules 0.35 mm, rules between rows 0.25 mm (版记 / 报发 block)."""
    bd = tbl.find(qn("w:tblPr")).find(qn("w:tblBorders"))
    for side in list(bd):
        bd.remove(side)
    bd.append(S.border("top", 8, space=0))
    bd.append(S.el("w:left", val="nil"))
    bd.append(S.border("bottom", 8, space=0))
    bd.append(S.el("w:right", val="nil"))
    bd.append(S.border("insideH", 6, space=0) if inner and nrows > 1 else S.el("w:insideH", val="nil"))
    bd.append(S.el("w:insideV", val="nil"))


def _closing_group(content: DocContent) -> set[int]:
    """Indexes of the blocks kept on one page with the 成文日期: the last body paragraph, the 附件
    说明 and the 署名 (GB/T 9704: no page holds only the 署名 and date)."""
    kinds = [b.kind for b in content.blocks]
    if C.DATE not in kinds:
        return set()
    end = kinds.index(C.DATE)
    start = kinds.index(C.ATTACHMENT_NOTE) if C.ATTACHMENT_NOTE in kinds else kinds.index(C.SIGNATURE)
    while start > 0 and kinds[start - 1] == C.BLANK:
        start -= 1
    if start > 0 and kinds[start - 1] == C.PARAGRAPH:
        start -= 1
    return set(range(start, end))


def write_docx(content: DocContent, path: str | os.PathLike) -> list[str]:
    """Write ``content`` to ``path`` atomically; returns warnings (fonts missing on this machine)."""
    content = cleaned(content)
    w = _Writer(content)
    P.setup_styles(w.doc, content)
    P.page_setup(w.doc.sections[0], w.sentinel, content)
    keep = _closing_group(content)
    for i, block in enumerate(content.blocks):
        w.keeping = i in keep
        w.block(block)
    P.footers(w.doc, content)
    if content.kind == "letter_form":
        P.letter_form_header(w.doc, content)
        w.fonts.add(S.XIAOBIAOSONG)
    w._fill_foot_page()
    P.set_properties(w.doc, content)
    w.fonts.add(S.SONGTI)
    with atomic_path(path) as tmp:
        w.doc.save(str(tmp))
    return S.font_warnings(w.fonts)
