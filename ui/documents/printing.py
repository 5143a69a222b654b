"""Print preview, printing and PDF of HTML documents (the ledger table, letters, bulletins).

A print job is a list of ``PrintPart``s: an HTML document with its page layout (portrait letter
body, landscape annex) and how its page numbers read. ``paint_parts`` lays every part out first
(so "共 M 页" is known), then paints page by page on any paged device: the preview's printer, a
real printer, or a QPdfWriter. Table header rows (<thead>) repeat on every page through Qt's text
layout. No Word or WPS is needed.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
    QTextTable,
)
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

from models.callbacks import ProgressCallback
from models.documents.atomic import Cancelled, atomic_path
from models.documents.pdf_text import fix_radicals
from ui.dialogs.modal import fit_to_screen

FONT_FAMILIES = ["SimSun", "宋体", "Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei"]
LEDGER_MARGINS_MM = QMarginsF(12, 12, 12, 8)
FOOTER_MM = 8.0
_ALIGN = {"left": Qt.AlignmentFlag.AlignLeft, "right": Qt.AlignmentFlag.AlignRight,
          "center": Qt.AlignmentFlag.AlignHCenter}


def a4_layout(landscape: bool = True, margins_mm: QMarginsF = LEDGER_MARGINS_MM) -> QPageLayout:
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, margins_mm, QPageLayout.Unit.Millimeter)


def body_font(size: float = 9, families: list[str] | None = None) -> QFont:
    font = QFont()
    font.setFamilies(families or FONT_FAMILIES)
    font.setPointSizeF(size)
    return font


def footer_text(page: int, pages: int) -> str:
    return f"第 {page} 页 共 {pages} 页"


@dataclass
class PrintPart:
    """One stretch of pages. ``layout`` None keeps the device's own (the preview's choice).
    ``number(page, pages)`` gives the page number text and "left"/"center"/"right" for pages
    counted within ``doc``; ``below_mm`` > 0 draws it that far below the body (in the margin, as
    GB/T 9704 puts it), else inside the page's bottom ``FOOTER_MM``. ``at_foot`` pushes a part that
    fits on one page down so its end meets the bottom of the body area (the 版记)."""
    html: str
    layout: QPageLayout | None = None
    number: Callable[[int, int], tuple[str, str]] | None = lambda page, pages: (footer_text(page, pages), "center")
    doc: int = 0
    below_mm: float = 0.0
    number_font: QFont | None = None
    at_foot: bool = False   # a one-page part drawn at the bottom of its page (版记)
    prepare: Callable[[QTextDocument], None] | None = None   # adjusts the laid-out text (doc_print)
    # rebuild(breaks) → the same HTML with its tables broken before those data rows (keep_rows_whole)
    rebuild: Callable[[frozenset[int]], str] | None = None


def _laid_out(part: PrintPart, device: QPagedPaintDevice) -> tuple[QTextDocument, QRectF, float, int]:
    dpi = device.resolution()
    layout = part.layout or device.pageLayout()
    area = layout.paintRectPixels(dpi)
    width, height = float(area.width()), float(area.height())
    inside = part.number is not None and part.below_mm <= 0
    body_h = height - (FOOTER_MM / 25.4 * dpi if inside else 0.0)
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    doc.setDefaultFont(body_font())
    doc.setDocumentMargin(0)
    doc.setHtml(part.html)
    if part.prepare is not None:
        part.prepare(doc)
    doc.setPageSize(QSizeF(width, body_h))
    if part.rebuild is not None:
        keep_rows_whole(doc, part.rebuild, body_h, part.prepare)
    return doc, QRectF(0, 0, width, height), body_h, max(1, doc.pageCount())


def _row_spans(doc: QTextDocument) -> list[tuple[float, float, float]]:
    """(top, bottom, header height) of every data row of every table, in document order."""
    layout = doc.documentLayout()
    out = []
    for frame in doc.rootFrame().childFrames():
        tables = [frame] if isinstance(frame, QTextTable) else \
            [f for f in frame.childFrames() if isinstance(f, QTextTable)]
        for table in tables:
            spans = []
            for r in range(table.rows()):
                top, bottom = float("inf"), 0.0
                for c in range(table.columns()):
                    cell = table.cellAt(r, c)
                    first = layout.blockBoundingRect(cell.firstCursorPosition().block())
                    last = layout.blockBoundingRect(cell.lastCursorPosition().block())
                    top, bottom = min(top, first.top()), max(bottom, last.bottom())
                spans.append((top, bottom))
            header = spans[0][1] - spans[0][0] if spans else 0.0
            out += [(t, b, header) for t, b in spans[1:]]
    return out


def keep_rows_whole(doc: QTextDocument, rebuild: Callable[[frozenset[int]], str], page_h: float,
                    prepare: Callable[[QTextDocument], None] | None = None) -> None:
    """Qt's text layout splits a table row across two pages; Word's 'cantSplit' has no Qt twin.
    So: lay out, find data rows whose text runs over a page end, rebuild the HTML with the table
    broken before them (header repeated), lay out again; rows taller than a page still split."""
    breaks: set[int] = set()
    for _ in range(4):  # one pass predicts every move; the next ones catch what it misjudged
        new: set[int] = set()
        shift = 0.0   # how far the breaks found so far push the rows below them
        for n, (top, bottom, header) in enumerate(_row_spans(doc)):
            top, bottom = top + shift, bottom + shift
            if n in breaks or bottom - top >= page_h - header - 8:
                continue
            if int(top // page_h) != int((bottom - 1) // page_h):
                new.add(n)
                shift += (top // page_h + 1) * page_h + header + 2 - top
        if not new:
            return
        breaks |= new
        doc.setHtml(rebuild(frozenset(breaks)))
        if prepare is not None:
            prepare(doc)


def _can_switch_layout(device: QPagedPaintDevice) -> bool:
    """QPdfWriter takes a new page layout between pages; an active QPrinter (and the preview's)
    refuses, so landscape parts are drawn turned on its upright pages (as Word prints them)."""
    return not isinstance(device, QPrinter)


def _turn_onto_device(painter: QPainter, device: QPagedPaintDevice, layout: QPageLayout, dpi: int) -> None:
    """Map ``layout``'s paint rectangle, turned a quarter, onto the device's current page."""
    own = device.pageLayout()
    paint = own.paintRectPixels(dpi)
    full = own.fullRectPixels(dpi)
    target = layout.paintRectPixels(dpi)
    painter.translate(-paint.x(), -paint.y())   # to the paper's corner
    # the landscape page's top goes to the sheet's left edge (the binding side, GB/T 9704 横排表格)
    painter.translate(0, full.height())
    painter.rotate(-90)
    painter.translate(target.x(), target.y())


def paint_parts(parts: Sequence[PrintPart], device: QPagedPaintDevice, *,
                progress: ProgressCallback | None = None) -> int:
    """Paint every part on ``device``; returns the page count. ``progress(page, pages)`` is told
    before each page; when it returns False, Cancelled is raised."""
    switch = _can_switch_layout(device)
    if parts and parts[0].layout is not None:
        device.setPageLayout(parts[0].layout)
    base = device.pageLayout()
    laid = [(_laid_out(p, device), p) for p in parts]
    per_doc: dict[int, int] = {}
    for (_doc, _rect, _h, pages), part in laid:
        per_doc[part.doc] = per_doc.get(part.doc, 0) + pages
    grand_total = sum(per_doc.values())
    dpi = device.resolution()
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("无法开始打印：打印机或文件不可用。")
    total = 0
    seen: dict[int, int] = {}
    try:
        for k, ((doc, rect, body_h, pages), part) in enumerate(laid):
            turned = False
            if k and part.layout is not None:
                if switch:
                    device.setPageLayout(part.layout)   # takes effect with the next page
                else:
                    turned = part.layout.orientation() != base.orientation()
            for i in range(pages):
                if progress is not None and not progress(total, grand_total):
                    raise Cancelled()
                if total:
                    device.newPage()
                total += 1
                seen[part.doc] = seen.get(part.doc, 0) + 1
                painter.save()
                if turned:
                    _turn_onto_device(painter, device, part.layout, dpi)
                number = part.number(seen[part.doc], per_doc[part.doc]) if part.number else ("", "")
                _paint_page(painter, doc, i, rect, body_h, number, part, dpi)
                painter.restore()
    finally:
        painter.end()
    return total


def _paint_page(painter: QPainter, doc: QTextDocument, i: int, rect: QRectF, body_h: float,
                number: tuple[str, str], part: PrintPart, dpi: int) -> None:
    painter.save()
    drop = 0.0
    if part.at_foot and doc.pageCount() == 1:
        used = doc.documentLayout().blockBoundingRect(doc.lastBlock()).bottom()
        drop = max(0.0, body_h - used)
    painter.translate(0, drop - i * body_h)
    doc.drawContents(painter, QRectF(0, i * body_h, rect.width(), body_h))
    painter.restore()
    text, align = number
    if not text:
        return
    painter.setFont(part.number_font or body_font(9))
    if part.below_mm > 0:
        box = QRectF(0, body_h + part.below_mm / 25.4 * dpi, rect.width(), 12 / 25.4 * dpi)
        flags = _ALIGN.get(align, Qt.AlignmentFlag.AlignHCenter) | Qt.AlignmentFlag.AlignTop
    else:
        box = QRectF(0, body_h, rect.width(), rect.height() - body_h)
        flags = _ALIGN.get(align, Qt.AlignmentFlag.AlignHCenter) | Qt.AlignmentFlag.AlignBottom
    painter.drawText(box, int(flags), text)


def paint_html(html: str, device: QPagedPaintDevice, *, footer: Callable[[int, int], str] | None = footer_text,
               progress: ProgressCallback | None = None,
               rebuild: Callable[[frozenset[int]], str] | None = None) -> int:
    """One HTML document in the device's own page layout, "第 N 页 共 M 页" centred at the bottom;
    with ``rebuild`` its table rows are kept whole (keep_rows_whole)."""
    number = (lambda page, pages: (footer(page, pages), "center")) if footer else None
    return paint_parts([PrintPart(html, None, number, rebuild=rebuild)], device, progress=progress)


def write_pdf_parts(path: str | os.PathLike, parts: Sequence[PrintPart], *, title: str = "",
                    progress: ProgressCallback | None = None) -> int:
    """Save the parts as an A4 PDF at ``path`` in one step (nothing left behind on error or cancel)."""
    with atomic_path(path) as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setPageLayout(parts[0].layout if parts and parts[0].layout else a4_layout(True))
        writer.setResolution(300)
        writer.setTitle(title or Path(path).stem)
        writer.setCreator("联动监督问题清单管理系统")
        try:
            pages = paint_parts(parts, writer, progress=progress)
        finally:
            del writer  # closes the file before it is moved into place
        fix_radicals(tmp)   # the text layer says 人 where Qt wrote the radical ⼈ (same glyph)
    return pages


def write_pdf(path: str | os.PathLike, html: str, *, landscape: bool = True, title: str = "",
              progress: ProgressCallback | None = None,
              rebuild: Callable[[frozenset[int]], str] | None = None) -> int:
    """One HTML document as an A4 PDF with "第 N 页 共 M 页" footers."""
    part = PrintPart(html, a4_layout(landscape), rebuild=rebuild)
    return write_pdf_parts(path, [part], title=title, progress=progress)


def preview_parts_dialog(parent, parts: Sequence[PrintPart], *, title: str = "打印预览") -> QPrintPreviewDialog:
    """A print preview of ``parts``; printing from it goes to the chosen printer."""
    first = parts[0].layout if parts and parts[0].layout else a4_layout(True)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(first)
    printer.setDocName(title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.printer_ = printer  # keep the printer alive as long as the dialog
    dialog.paintRequested.connect(lambda p: paint_parts(parts, p))
    fit_to_screen(dialog, 1100, 800)
    return dialog


def preview_dialog(parent, html: str, *, landscape: bool = True, title: str = "打印预览",
                   rebuild: Callable[[frozenset[int]], str] | None = None) -> QPrintPreviewDialog:
    """Preview of one HTML document; the page layout can be changed in the preview."""
    dialog = preview_parts_dialog(parent, [PrintPart(html, a4_layout(landscape))], title=title)
    dialog.paintRequested.disconnect()
    dialog.paintRequested.connect(lambda p: paint_html(html, p, rebuild=rebuild))
    return dialog
