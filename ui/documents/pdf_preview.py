"""Print preview of a finished PDF (a letter or bulletin as it will be on paper): every page in its
own orientation, so the landscape 附件 reads landscape instead of lying turned on an upright
sheet; 打印… sends the same pages to a printer. Pages are drawn with PDFium (pypdfium2)."""
from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui import style
from ui.dialogs.modal import fit_to_screen

SCREEN_DPI = 72.0     # the preview's scale (A4 portrait ≈ 595 × 842 pixels)
PRINT_DPI = 300.0


def page_image(pdf, index: int, dpi: float) -> QImage:
    """Page ``index`` of an open pypdfium2 document as an RGB image at ``dpi``."""
    bitmap = pdf[index].render(scale=dpi / 72.0, rev_byteorder=True)
    image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888)
    return image.copy()   # own the pixels: the bitmap's buffer goes away with it


def exec_print_dialog(dialog: QPrintDialog) -> int:
    """Show the system print dialog; tests replace this function."""
    return dialog.exec()


class PdfPreview(QDialog):
    """The pages of ``pdf_path`` one below the other, with 打印… and 关闭. Owns ``folder`` (the
    temporary folder the PDF lives in) and removes it when closed."""

    def __init__(self, parent, pdf_path: Path, title: str, folder: Path | None = None):
        import pypdfium2

        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.pdf_path = Path(pdf_path)
        self._folder = folder
        self._pdf = pypdfium2.PdfDocument(str(self.pdf_path))
        self.sizes = [self._pdf[i].get_size() for i in range(len(self._pdf))]   # points, as printed
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.count_label = QLabel(f"共 {len(self.sizes)} 页", self)
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        self.print_button = QPushButton("打印…", self)
        self.print_button.clicked.connect(self.choose_printer)
        close = QPushButton("关闭", self)
        close.clicked.connect(self.close)
        bar.addWidget(self.print_button)
        bar.addWidget(close)
        layout.addLayout(bar)
        pages = QWidget(self)
        column = QVBoxLayout(pages)
        column.setSpacing(12)
        self.page_labels: list[QLabel] = []
        for i in range(len(self.sizes)):
            label = QLabel(pages)
            label.setPixmap(QPixmap.fromImage(page_image(self._pdf, i, SCREEN_DPI)))
            style.set_role(label, "page")
            column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        scroll = QScrollArea(self)
        scroll.setWidget(pages)
        scroll.setWidgetResizable(True)
        style.set_role(scroll, "page_desk")
        layout.addWidget(scroll, 1)
        fit_to_screen(self, 980, 820)
        self.finished.connect(self._release)   # Esc, 关闭 and the window's close button

    def landscape_pages(self) -> list[int]:
        return [i for i, (w, h) in enumerate(self.sizes) if w > h]

    def choose_printer(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        dialog = QPrintDialog(printer, self)
        if exec_print_dialog(dialog) == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer) -> int:
        """Every page on ``printer``'s sheets, scaled to the paper; a landscape page on an
        upright sheet is turned with its top to the left (binding) edge, as GB/T 9704 横排表格."""
        printer.setFullPage(True)
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("无法开始打印：打印机或文件不可用。")
        try:
            for i, (w, h) in enumerate(self.sizes):
                if i:
                    printer.newPage()
                sheet = printer.pageLayout().fullRectPixels(printer.resolution())
                image = page_image(self._pdf, i, min(PRINT_DPI, float(printer.resolution())))
                painter.save()
                upright = printer.pageLayout().orientation() == QPageLayout.Orientation.Portrait
                if (w > h) and upright:
                    painter.translate(0, sheet.height())
                    painter.rotate(-90)
                    target = QRectF(0, 0, sheet.height(), sheet.width())
                else:
                    target = QRectF(0, 0, sheet.width(), sheet.height())
                painter.drawImage(target, image)
                painter.restore()
        finally:
            painter.end()
        return len(self.sizes)

    def closeEvent(self, event) -> None:
        self._release()
        super().closeEvent(event)

    def _release(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
