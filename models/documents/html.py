"""Renders a ``DocContent`` to HTML that QTextDocument prints (print preview / PDF without Word).

Same blocks, same order, same text as the .docx (docx_writer); only Qt's HTML subset is used:
tables for rules and forms, <thead> for header rows repeated on each printed page,
``page-break-before`` for the annex. Page numbers are drawn by the printer (page_number_text).
"""
from __future__ import annotations

from html import escape

from models.documents import content as C
from models.documents import docx_style as S
from models.documents.content import Block, DocContent, FormCell, cleaned

FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def page_number_text(content: DocContent, page: int) -> str:
    """"— 1 —" (letters) or "—１—" (bulletins), as in the .docx footer; "" when unnumbered."""
    if content.page_number == "none" or (page == 1 and not content.first_page_number):
        return ""
    if content.page_number == "fullwidth":
        return f"—{str(page).translate(FULLWIDTH_DIGITS)}—"
    return f"— {page} —"


def page_number_alignment(content: DocContent, page: int) -> str:
    """"right" on odd pages and "left" on even ones (GB/T 9704), else "center"."""
    if not content.odd_even:
        return "center"
    return "right" if page % 2 else "left"


def _t(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def _font(font: str, size: float, extra: str = "") -> str:
    return f"font-family:{S.CSS_FAMILIES.get(font, font)}; font-size:{size:g}pt;{extra}"


# The .docx's grid line (28.95 pt) as a CSS minimum line height (Qt reads px at 96 per inch and
# scales them to the printer), so a printed page holds the same 22 body lines as the .docx.
ORGAN_DROP_MM = 35.0
GRID_LINE = f"{S.LINE_PITCH_TWIPS / 20 * 96 / 72:.1f}px"


def _para(text: str, font: str, size: float, align: str = "justify", indent: float = 0, extra: str = "",
          line: str = "130%") -> str:
    # Qt's text-indent takes pixels only; two full-width spaces are the same two characters on paper
    lead = "\u3000" * round(indent / size) if indent else ""
    return (f'<p style="margin:0; line-height:{line}; white-space:pre-wrap; text-align:{align}; {_font(font, size, extra)}">'
            f"{_t(lead + text) or '&nbsp;'}</p>")


def _rule(color: str = "#000000", width: float = 1) -> str:
    """A horizontal rule; Qt draws an <hr> in its background colour."""
    return f'<hr style="background-color:{color}; margin:0" width="100%" size="{max(1, round(width))}"/>'


def _form_table(widths: list[float], rows: list[list[FormCell]], header_rows: int, font: str, size: float,
                breaks: frozenset[int] = frozenset()) -> str:
    """A bordered table; header rows in <thead> (Qt repeats them on each page). Before a data row
    in ``breaks`` the table is closed and opened again on a new page, header first (a row the
    printer would otherwise split; see ui.export.printing.keep_rows_whole)."""
    total = sum(widths) or 1

    def tr(row: list[FormCell]) -> str:
        out = ["<tr>"]
        col = 0
        for cell in row:
            width = sum(widths[col:col + cell.span]) / total * 100
            col += cell.span
            f = S.HEITI if cell.bold else font
            span = f' colspan="{cell.span}"' if cell.span > 1 else ""
            height = f' height="{int(cell.height_mm * 3.78)}"' if cell.height_mm else ""
            out.append(f'<td width="{width:.1f}%"{span}{height} valign="middle" align="{cell.align}" '
                       f'style="{_font(f, size)}">{_t(cell.text)}</td>')
        out.append("</tr>")
        return "".join(out)

    def opening(page_break: bool) -> str:
        extra = " page-break-before:always;" if page_break else ""
        head = f"<thead>{''.join(tr(r) for r in rows[:header_rows])}</thead>" if header_rows else ""
        return ('<table width="100%" border="1" cellspacing="0" cellpadding="4" '
                f'style="border-collapse:collapse; border-color:#000000;{extra}">{head}<tbody>')

    out = [opening(False)]
    for n, row in enumerate(rows[header_rows:]):
        if n and n in breaks:
            out.append("</tbody></table>" + opening(True))
        out.append(tr(row))
    out.append("</tbody></table>")
    return "".join(out)


def _block(b: Block, c: DocContent, breaks: frozenset[int] = frozenset()) -> str:
    body, size = c.body_font, c.body_size_pt
    grid = c.page.grid

    def _p(text: str, font: str, sz: float, align: str = "justify", indent: float = 0, extra: str = "") -> str:
        """A paragraph; 3号 lines of a grid document on the grid's line pitch."""
        return _para(text, font, sz, align, indent, extra, GRID_LINE if grid and sz == S.SIZE_3 else "130%")
    k = b.kind
    if k == C.ORGAN:
        if c.kind == "letter_form":
            return (_p(b.text, S.XIAOBIAOSONG, S.SIZE_XIAOCHU, "center", extra=" color:#ff0000;")
                    + _rule("#ff0000", 3) + _rule("#ffffff", 1) + _rule("#ff0000", 1))
        # GB/T 9704: the 发文机关标志 35 mm below the top of the 版心, as the .docx puts it
        # (Qt ignores the top margin of a document's first block: a 1 pt line goes first)
        return ('<p style="margin:0; font-size:1pt; line-height:100%">&nbsp;</p>'
                + _p(b.text, S.XIAOBIAOSONG, S.SIZE_XIAOCHU, "center",
                     extra=f" color:#ff0000; margin-top:{ORGAN_DROP_MM / 25.4 * 96:.0f}px;"))
    if k == C.DOC_NUMBER:
        if c.kind == "letter_form":
            return _p(b.text, body, size, "right")
        return _p(b.text, body, size, "center") + _rule("#ff0000", 2)
    if k == C.TITLE:
        return _p("\n".join(b.lines or [b.text]), S.XIAOBIAOSONG, S.SIZE_2, "center")
    if k == C.SERIES:
        return _p(b.text, S.KAITI, S.SIZE_4, "center")
    if k == C.ADDRESSEE:
        return _p(b.text, body, size, "left")
    if k == C.PARAGRAPH:
        return _p(b.text, body, size, b.align or "justify", 0 if b.align else 2 * size)
    if k == C.HEADING1:
        return _p(b.text, S.HEITI, size, "left", 2 * size)
    if k == C.HEADING2:
        return _p(b.text, S.KAITI, size, "left", 2 * size)
    if k == C.ATTACHMENT_NOTE:
        return _p(b.text, body, size, "left", 2 * size)
    if k == C.LABEL:
        return _p(b.text, S.HEITI, size, "left")
    if k in (C.SIGNATURE, C.DATE):
        return _p(b.text + "\u3000" * 4, body, size, "right")
    if k == C.CONTRIBUTOR:
        return _p(b.text, body, size, "right")
    if k == C.BLANK:
        return _p("", body, size)
    if k == C.PAGE_BREAK:
        return '<p style="page-break-before:always; margin:0"></p>'
    if k == C.IMPRINT:
        rows = "".join(
            f'<tr><td style="{_font(body, S.SIZE_4)}">\u3000{_t(left)}</td>'
            f'<td align="right" style="{_font(body, S.SIZE_4)}">{_t(right)}\u3000</td></tr>'
            for left, right in b.rows)
        return (_rule("#000000", 2)
                + f'<table width="100%" cellspacing="0" cellpadding="2">{rows}</table>' + _rule("#000000", 2))
    if k == C.DISTRIBUTION:
        out = [_rule("#000000", 2)]
        for label, text in b.rows:
            for i, line in enumerate(text.split("\n")):
                head = f"\u3000{label}：" if i == 0 else "\u3000\u3000\u3000"
                out.append(_p(head + line, body, size, "left"))
        out.append(_rule("#000000", 2))
        return "".join(out)
    if k == C.FORM:
        return _form_table(b.widths_mm, b.form_rows, b.header_rows, body, b.size_pt or S.SIZE_4)
    if k == C.ANNEX:
        head = [FormCell(col.header, bold=True, align="center") for col in b.columns]
        rows = [head] + [[FormCell(t, align=col.align) for t, col in zip(r, b.columns, strict=False)]
                         for r in b.cells]
        return ('<p style="page-break-before:always; margin:0"></p>'
                + _p(b.label or "附件", S.HEITI, S.SIZE_3, "left")
                + _p(b.title, S.XIAOBIAOSONG, S.SIZE_2, "center")
                + _form_table([col.width_mm for col in b.columns], rows, 1, body, S.SIZE_XIAO4, breaks))
    raise ValueError(f"unknown block kind {k}")


def _page(content: DocContent, blocks: list[Block], breaks: frozenset[int] = frozenset()) -> str:
    parts = [_block(b, content, breaks) for b in blocks]
    return ('<html><head><meta charset="utf-8"/></head>'
            f'<body style="{_font(content.body_font, content.body_size_pt)}">' + "".join(parts) + "</body></html>")


def render_html(content: DocContent, breaks: frozenset[int] = frozenset()) -> str:
    """The whole document as one HTML string, blocks in the .docx's order (annex after a page break).
    ``breaks``: annex rows that start a new page (print keeps rows whole, as the .docx's cantSplit)."""
    content = cleaned(content)
    return _page(content, content.blocks, breaks)
