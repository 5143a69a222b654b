"""Print preview, printing and PDF of HTML documents (the ledger table, letters, bulletins).

``paint_html`` lays an HTML document out on any paged device (the preview's printer, a real
printer, a QPdfWriter) page by page and draws a "第 N 页 共 M 页" footer itself; table header
rows (<thead>) repeat on every page through Qt's text layout. No Word or WPS is needed.
"""
from __future__ import annotations

import os
from collections.abc import Callable
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
)
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

from models.documents.atomic import Cancelled, atomic_path

FONT_FAMILIES = ["SimSun", "宋体", "Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei"]
LEDGER_MARGINS_MM = QMarginsF(12, 12, 12, 8)
FOOTER_MM = 8.0


def a4_layout(landscape: bool = True, margins_mm: QMarginsF = LEDGER_MARGINS_MM) -> QPageLayout:
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, margins_mm, QPageLayout.Unit.Millimeter)


def new_printer(landscape: bool = True) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(a4_layout(landscape))
    return printer


def body_font(size: float = 9) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(size)
    return font


def footer_text(page: int, pages: int) -> str:
    return f"第 {page} 页 共 {pages} 页"


def paint_html(html: str, device: QPagedPaintDevice, *, footer: Callable[[int, int], str] | None = footer_text,
               should_stop: Callable[[], bool] | None = None) -> int:
    """Lay ``html`` out on ``device``'s pages and paint them; returns the page count.
    ``should_stop`` is asked before each page; when it says yes, Cancelled is raised."""
    dpi = device.resolution()
    area = device.pageLayout().paintRectPixels(dpi)
    width, height = float(area.width()), float(area.height())
    footer_h = FOOTER_MM / 25.4 * dpi if footer else 0.0
    body_h = height - footer_h
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    doc.setDefaultFont(body_font())
    doc.setDocumentMargin(0)
    doc.setHtml(html)
    doc.setPageSize(QSizeF(width, body_h))
    pages = max(1, doc.pageCount())
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("无法开始打印：打印机或文件不可用。")
    try:
        for i in range(pages):
            if should_stop is not None and should_stop():
                raise Cancelled()
            if i:
                device.newPage()
            painter.save()
            painter.translate(0, -i * body_h)
            doc.drawContents(painter, QRectF(0, i * body_h, width, body_h))
            painter.restore()
            if footer:
                painter.setFont(body_font(9))
                painter.drawText(QRectF(0, body_h, width, footer_h),
                                 int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
                                 footer(i + 1, pages))
    finally:
        painter.end()
    return pages


def write_pdf(path: str | os.PathLike, html: str, *, landscape: bool = True, title: str = "",
              should_stop: Callable[[], bool] | None = None) -> int:
    """Save ``html`` as an A4 PDF at ``path`` in one step (nothing left behind on error or cancel)."""
    with atomic_path(path) as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setPageLayout(a4_layout(landscape))
        writer.setResolution(300)
        writer.setTitle(title or Path(path).stem)
        writer.setCreator("联动监督问题清单管理系统")
        try:
            pages = paint_html(html, writer, should_stop=should_stop)
        finally:
            del writer  # closes the file before it is moved into place
    return pages


def preview_dialog(parent, html: str, *, landscape: bool = True, title: str = "打印预览") -> QPrintPreviewDialog:
    """A print preview of ``html`` (A4); printing from it goes to the chosen printer."""
    printer = new_printer(landscape)
    printer.setDocName(title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.printer_ = printer  # keep the printer alive as long as the dialog
    dialog.paintRequested.connect(lambda p: paint_html(html, p))
    dialog.resize(1100, 800)
    return dialog
