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


def test_printed_letter_puts_the_imprint_at_the_foot_of_a_last_page(qtbot, tmp_path):
    import re
    import shutil
    import subprocess

    import pytest
    from PySide6.QtGui import QPageLayout

    from models.documents.letter import letter_content
    from tests.test_documents_word import make_letter
    from ui.export import doc_print

    parts = doc_print.content_parts(letter_content(make_letter(3)))
    foot = parts[-1]
    assert foot.at_foot and foot.number is None  # the 版记 page carries no page number
    assert foot.layout.orientation() == QPageLayout.Orientation.Portrait
    assert parts[-2].layout.orientation() == QPageLayout.Orientation.Landscape  # the 附件 before it
    pdf = tmp_path / "letter.pdf"
    pages = printing.write_pdf_parts(pdf, parts)
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext（poppler-utils）未安装：版记位置未检查")
    box = subprocess.run(["pdftotext", "-bbox", "-f", str(pages), "-l", str(pages), str(pdf), "-"],
                         capture_output=True, text=True, timeout=60).stdout
    ys = [float(y) for y in re.findall(r'yMax="([\d.]+)"', box)]
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', box).group(1))
    assert "抄送" in box and "—" not in box
    assert min(ys) / height > 0.75 and max(ys) / height < (297 - 35 + 2) / 297  # at the 版心's foot


def test_printed_letter_keeps_annex_rows_whole_and_the_grid_line(qtbot, tmp_path):
    from PySide6.QtGui import QPdfWriter

    from models.documents.letter import letter_content
    from tests.test_documents_word import make_letter
    from ui.export import doc_print

    parts = doc_print.content_parts(letter_content(make_letter(20)))
    writer = QPdfWriter(str(tmp_path / "a.pdf"))
    writer.setResolution(300)
    annex = next(p for p in parts if p.rebuild is not None)
    writer.setPageLayout(annex.layout)
    doc, _rect, body_h, pages = printing._laid_out(annex, writer)
    assert pages > 1 and _split_rows(doc, body_h) == []  # as the .docx's 不允许跨页断行
    writer.setPageLayout(parts[0].layout)
    body, *_ = printing._laid_out(parts[0], writer)
    block = next(b for b in _blocks(body) if b.text().lstrip("\u3000").startswith("为推动"))
    lines = block.layout()
    pitch = lines.lineAt(1).y() - lines.lineAt(0).y()
    assert abs(pitch - 28.95 / 72 * 300) < 3  # the .docx's 22-line grid
    assert lines.lineAt(1).textLength() >= 28   # 28 characters a line (digits count less)


def _blocks(doc):
    block = doc.begin()
    while block.isValid():
        yield block
        block = block.next()
