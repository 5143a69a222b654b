"""Printed ledger: a long row moves whole to the next page (Qt's layout would split it)."""
from __future__ import annotations

from PySide6.QtCore import QSizeF
from PySide6.QtGui import QTextDocument

from models.documents import table_html
from models.documents.xlsx_style import SheetColumn, SheetSpec
from ui.documents import printing


def _spec() -> SheetSpec:
    cols = [SheetColumn("n", "编号", max_width=10), SheetColumn("d", "问题描述", max_width=30)]
    rows = [[f"2025-{i:03d}", "敬老院消防设施老化，应急照明不足，部分房间未安装烟感报警器。" * (1 + i % 4)]
            for i in range(60)]
    return SheetSpec("问题清单", "问题清单", cols, rows)


def _split_rows(doc: QTextDocument, page_h: float) -> list[int]:
    return [n for n, (top, bottom, _h) in enumerate(printing._row_spans(doc))
            if int(top // page_h) != int((bottom - 1) // page_h)]


def test_rows_are_kept_whole_and_the_header_repeats(qtbot):
    """Behaviour, not one font's page count: whatever the fonts' metrics (Noto CJK alone, or with
    WenQuanYi as on UOS/Kylin), no row runs over a page end and every broken-off table keeps
    its header row for Qt to repeat."""
    spec = _spec()
    page_h = 500.0
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setHtml(table_html.sheets_html([spec]))
    doc.setPageSize(QSizeF(600, page_h))
    assert _split_rows(doc, page_h)  # Qt alone splits some rows
    printing.keep_rows_whole(doc, lambda breaks: table_html.sheets_html([spec], breaks), page_h)
    assert _split_rows(doc, page_h) == []
    tables = _tables(doc)
    assert tables and all(t.format().headerRowCount() == 1 for t in tables)   # repeated on each page
    assert all(t.cellAt(0, 1).firstCursorPosition().block().text() == "问题描述" for t in tables)
    numbers = [t.cellAt(r, 0).firstCursorPosition().block().text() for t in tables for r in range(1, t.rows())]
    assert numbers == [r[0] for r in spec.rows]          # every row once, in order
    layout = doc.documentLayout()
    for t in tables[1:]:   # a table broken off starts at the top of a page
        top = layout.blockBoundingRect(t.cellAt(0, 0).firstCursorPosition().block()).top()
        assert top % page_h < 12


def test_printed_pages_each_open_with_the_header(qtbot, tmp_path):
    """On paper: every page of the printed list shows the header, and each 编号 appears on one
    page only (checked in the PDF's own text, so any font's page count will do)."""
    from pypdf import PdfReader

    spec = _spec()
    path = tmp_path / "清单.pdf"
    pages = printing.write_pdf(path, table_html.sheets_html([spec]), landscape=True,
                               rebuild=lambda breaks: table_html.sheets_html([spec], breaks))
    texts = [page.extract_text() for page in PdfReader(path).pages]
    assert len(texts) == pages >= 2
    assert all("问题描述" in t for t in texts), texts   # real characters (never the radicals Qt writes)
    for number, _text in spec.rows:
        assert sum(t.count(number) for t in texts) == 1, number


def _tables(doc: QTextDocument):
    from PySide6.QtGui import QTextTable

    out = []
    for frame in doc.rootFrame().childFrames():
        out += [frame] if isinstance(frame, QTextTable) else [f for f in frame.childFrames() if isinstance(f, QTextTable)]
    return out


def test_printed_letter_puts_the_imprint_at_the_foot_of_a_last_page(qtbot, tmp_path):
    import re
    import shutil
    import subprocess

    import pytest
    from PySide6.QtGui import QPageLayout

    from models.documents.letter import letter_content
    from tests.test_documents_word import make_letter
    from ui.documents import doc_print

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
    from ui.documents import doc_print

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


def test_printed_letterhead_sits_where_the_docx_puts_it(qtbot, tmp_path):
    """GB/T 9704 (and the .docx): the red 发文机关标志 starts 35 mm below the top of the 版心
    (37 mm margin), about 72 mm from the top of the sheet, in the Qt print path too."""
    import re
    import shutil
    import subprocess

    import pytest

    from models.documents.letter import letter_content
    from models.documents.pdf_text import unradical
    from tests.test_documents_word import make_letter
    from ui.documents import doc_print

    content = letter_content(make_letter(2))
    organ = next(b.text for b in content.blocks if b.kind == "organ")
    pdf = tmp_path / "letter.pdf"
    printing.write_pdf_parts(pdf, doc_print.content_parts(content))
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext（poppler-utils）未安装：发文机关标志的位置未检查")
    box = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
                         capture_output=True, text=True, timeout=60).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', box).group(1))
    words = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]+)</word>', box)
    top = min(float(y) for y, w in words if w and unradical(w) in organ)   # Qt writes ⼈ for 人
    assert 66 <= top / height * 297 <= 78
