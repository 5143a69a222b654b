"""Printed ledger: a long row moves whole to the next page (Qt's layout would split it)."""
from __future__ import annotations

from PySide6.QtCore import QSizeF
from PySide6.QtGui import QTextDocument

from models.documents import table_html
from models.documents.xlsx_style import SheetColumn, SheetSpec
from ui.export import printing


def _spec() -> SheetSpec:
    cols = [SheetColumn("n", "编号", max_width=10), SheetColumn("d", "问题描述", max_width=30)]
    rows = [[f"2025-{i:03d}", "敬老院消防设施老化，应急照明不足，部分房间未安装烟感报警器。" * (1 + i % 4)]
            for i in range(60)]
    return SheetSpec("问题清单", "问题清单", cols, rows)


def _split_rows(doc: QTextDocument, page_h: float) -> list[int]:
    return [n for n, (top, bottom, _h) in enumerate(printing._row_spans(doc))
            if int(top // page_h) != int((bottom - 1) // page_h)]


def test_rows_are_kept_whole_and_the_header_repeats(qtbot):
    spec = _spec()
    page_h = 500.0
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setHtml(table_html.sheets_html([spec]))
    doc.setPageSize(QSizeF(600, page_h))
    assert _split_rows(doc, page_h)  # Qt alone splits some rows
    printing.keep_rows_whole(doc, lambda breaks: table_html.sheets_html([spec], breaks), page_h)
    assert _split_rows(doc, page_h) == []
    text = doc.toPlainText()
    assert text.count("问题描述") >= doc.pageCount() - 1  # each broken-off table opens with its header
    assert all(r[0] in text for r in spec.rows)          # no row lost
