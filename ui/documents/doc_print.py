"""Letters, bulletins and forms (``DocContent``) as print parts: the same blocks in the same order
as the .docx, through the documents' HTML renderer, on the .docx's page geometry: portrait body
with its GB/T 9704 margins, the 附件 on landscape pages, page numbers 7 mm below the body,
the 版记 (报/发 block) at the foot of a last page without a number."""
from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QTextCharFormat, QTextCursor, QTextDocument

from models.documents import content as C
from models.documents import html as doc_html
from models.documents.content import DocContent
from ui.documents.printing import PrintPart

PAGE_NUMBER_BELOW_MM = 7.0   # GB/T 9704: 一字线上距版心下边缘 7 mm
PAGE_NUMBER_PT = 14          # 4号
GRID_PT = 16                 # 3号 body text on the 22 × 28 grid
# 版记 and the bulletin's 报/发 block: on a last page of their own, at the foot of the 版心 (as the .docx)
FOOT_BLOCKS = (C.IMPRINT, C.DISTRIBUTION)
_BREAK = '<p style="page-break-before:always; margin:0"></p>'


def _layout(content: DocContent, landscape: bool) -> QPageLayout:
    p = content.page
    if landscape:  # as docx_writer's annex section: the portrait margins turned with the page
        margins = QMarginsF(p.top_mm, p.left_mm, p.bottom_mm, p.right_mm + 4)
        orientation = QPageLayout.Orientation.Landscape
    else:
        margins = QMarginsF(p.left_mm, p.top_mm, p.right_mm, p.bottom_mm)
        orientation = QPageLayout.Orientation.Portrait
    if (round(p.width_mm), round(p.height_mm)) == (210, 297):
        size = QPageSize(QPageSize.PageSizeId.A4)
    else:
        size = QPageSize(QSizeF(p.width_mm, p.height_mm), QPageSize.Unit.Millimeter)
    return QPageLayout(size, orientation, margins, QPageLayout.Unit.Millimeter)


def _number_font() -> QFont:
    font = QFont()
    font.setFamilies(["宋体", "SimSun", "Noto Serif CJK SC"])
    font.setPointSizeF(PAGE_NUMBER_PT)
    return font


def _on_grid(doc: QTextDocument) -> None:
    """3号 text at 98 % advance (15.68 pt), so a 156 mm line holds 28 characters as in the .docx."""
    ranges = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if abs(frag.charFormat().fontPointSize() - GRID_PT) < 0.01:
                ranges.append((frag.position(), frag.position() + frag.length()))
            it += 1
        block = block.next()
    fmt = QTextCharFormat()
    fmt.setFontLetterSpacingType(QFont.SpacingType.PercentageSpacing)
    fmt.setFontLetterSpacing(98)
    cursor = QTextCursor(doc)
    for start, end in ranges:
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(fmt)


def content_parts(content: DocContent, doc: int = 0) -> list[PrintPart]:
    """The print parts of one document: runs of portrait blocks and landscape annexes."""
    def number(page: int, pages: int) -> tuple[str, str]:
        return doc_html.page_number_text(content, page), doc_html.page_number_alignment(content, page)

    runs: list[tuple[str, list]] = []   # (body | annex | foot, blocks)
    for block in content.blocks:
        kind = "annex" if block.kind == C.ANNEX else "foot" if block.kind in FOOT_BLOCKS else "body"
        if kind != "body" or not runs or runs[-1][0] != "body":
            runs.append((kind, []))
        runs[-1][1].append(block)
    parts = []
    for kind, blocks in runs:
        part_content = dataclasses.replace(content, blocks=blocks)

        def render(breaks: frozenset[int] = frozenset(), part_content=part_content, kind=kind) -> str:
            html = doc_html.render_html(part_content, breaks)
            # an annex part starts on its own (landscape) page anyway
            return html.replace(_BREAK, "", 1) if kind == "annex" else html
        html = render()
        numbered = content.page_number != "none" and kind != "foot"  # the 版记 page has no number
        parts.append(PrintPart(html, _layout(content, kind == "annex"), number if numbered else None,
                               doc=doc, below_mm=PAGE_NUMBER_BELOW_MM, number_font=_number_font(),
                               at_foot=kind == "foot", prepare=_on_grid if content.page.grid else None,
                               rebuild=render if kind == "annex" else None))  # annex rows kept whole
    return parts


def documents_parts(contents: Sequence[DocContent]) -> list[PrintPart]:
    """Several documents in one job (e.g. one letter per unit); each numbers its pages from 1."""
    parts: list[PrintPart] = []
    for i, content in enumerate(contents):
        parts += content_parts(content, doc=i)
    return parts
