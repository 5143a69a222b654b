"""交办函 and 简报 as LibreOffice prints them: the 版记 on an even last page (blank page added when needed),
the 信函格式 double rules (上粗下细 under the organ, 上细下粗 20 mm above the foot, 170 mm long),
digits at their own width while Chinese lines keep 28 characters."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from models.documents.letter import write_letter
from tests.test_documents_word import make_letter

needs_lo = pytest.mark.skipif(not shutil.which("libreoffice") or not shutil.which("pdftotext"),
                              reason="LibreOffice 或 poppler-utils 未安装：打印版面未检查")
# as Word, WPS and LibreOffice print: with the blank pages they insert themselves
PDF = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'


def to_pdf(tmp_path: Path, *docs: Path) -> None:
    subprocess.run(["libreoffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", PDF,
                    "--outdir", str(tmp_path), *map(str, docs)], capture_output=True, timeout=300, check=False)


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=60).stdout
    return text.split("\f")[:-1]


def test_the_imprint_page_starts_on_an_even_page(tmp_path):
    write_letter(make_letter(2), tmp_path / "a.docx")
    last = Document(str(tmp_path / "a.docx")).sections[-1]._sectPr
    assert last.find(qn("w:type")).get(qn("w:val")) == "evenPage"
    # schema order: the break type comes before the page size, or Word and LibreOffice ignore it
    kids = [c.tag for c in last]
    assert kids.index(qn("w:type")) < kids.index(qn("w:pgSz"))


@needs_lo
def test_printed_letters_end_on_an_even_page_with_the_imprint(tmp_path):
    sizes = (1, 4, 7, 10, 13, 16)   # annexes of different lengths: odd and even page counts
    docs = []
    for n in sizes:
        for form in (False, True):
            path = tmp_path / f"{n}-{int(form)}.docx"
            write_letter(make_letter(n, letter_form=form), path)
            docs.append(path)
    to_pdf(tmp_path, *docs)
    inserted = 0
    for doc in docs:
        pages = page_texts(doc.with_suffix(".pdf"))
        assert len(pages) % 2 == 0, (doc.name, len(pages))
        assert "抄送" in pages[-1] and not re.search(r"—\s*\d+\s*—", pages[-1])
        if not pages[-2].strip():     # the blank page LibreOffice inserted: no page number on it
            inserted += 1
        else:
            assert "附件" in "".join(pages[1:-1]) and "整改要求" in pages[-2]
    assert inserted, "no letter needed the blank page: the sizes do not test it"


@needs_lo
def test_a_bulletin_ends_on_an_even_page_with_the_imprint(tmp_path):
    """The city bulletin of two body pages: its 报/发 block on page 4 (the back of the second sheet),
    not alone on page 3; the blank page 3 and the 版记 page carry no number."""
    from city_offices import TODAY, city_with_counties

    from models.documents import data
    from models.documents.bulletin import write_bulletin

    city, cid = city_with_counties(tmp_path)
    path = tmp_path / "简报.docx"
    write_bulletin(data.bulletin_data(city, cid, issue=44, today=TODAY), path)
    assert Document(str(path)).sections[-1]._sectPr.find(qn("w:type")).get(qn("w:val")) == "evenPage"
    to_pdf(tmp_path, path)
    pages = page_texts(path.with_suffix(".pdf"))
    assert len(pages) % 2 == 0 and "报：" in pages[-1] and "供稿" in "".join(pages[:-1])
    assert not re.search(r"—\s*[0-9０-９]+\s*—", pages[-1])
    assert not pages[-2].strip() or re.search(r"—\s*[0-9０-９]+\s*—", pages[-2])   # blank, or a numbered body page


def _red_runs(png: Path, dpi: int) -> list[tuple[float, float]]:
    """Red runs down the page's middle column: (top, bottom) in mm."""
    from PySide6.QtGui import QImage

    img = QImage(str(png))
    x, runs, start = img.width() // 2, [], None
    for y in range(img.height()):
        c = img.pixelColor(x, y)
        red = c.red() > 180 and c.green() < 140 and c.blue() < 140
        if red and start is None:
            start = y
        elif not red and start is not None:
            runs.append((start * 25.4 / dpi, y * 25.4 / dpi))
            start = None
    return runs


@needs_lo
def test_letter_form_double_rules(tmp_path):
    write_letter(make_letter(3, letter_form=True, organ="某某县人大常委会办公室"), tmp_path / "x.docx")
    to_pdf(tmp_path, tmp_path / "x.docx")
    dpi = 300
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", "1", "-l", "1", "-singlefile", str(tmp_path / "x.pdf"),
                    str(tmp_path / "p1")], check=True, timeout=60)
    runs = [r for r in _red_runs(tmp_path / "p1.png", dpi) if r[0] > 40]   # below the organ's glyphs
    top, foot = runs[:2], runs[-2:]
    thick = lambda r: r[1] - r[0]   # noqa: E731
    assert thick(top[0]) > 2 * thick(top[1])           # 上粗下细
    assert thick(foot[1]) > 2 * thick(foot[0])         # 上细下粗
    assert 0.2 < top[1][0] - top[0][1] < 1.5 and 0.2 < foot[1][0] - foot[0][1] < 1.5
    assert 297 - foot[1][1] == pytest.approx(20, abs=1)   # 20 mm above the foot of the page
    pages = page_texts(tmp_path / "x.pdf")
    assert not re.search(r"—\s*1\s*—", pages[0])       # page 1 carries no number


@needs_lo
def test_digits_keep_their_width_and_chinese_lines_hold_28(tmp_path):
    write_letter(make_letter(3), tmp_path / "d.docx")
    to_pdf(tmp_path, tmp_path / "d.docx")
    box = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "2", str(tmp_path / "d.pdf"), "-"],
                         capture_output=True, text=True, timeout=60).stdout
    words = re.findall(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', box)
    # "2024年6月30日": the year takes about two character cells, not four (16 pt: 15.8 pt a cell)
    year = [float(b) - float(a) for a, b, _y, w in words if w == "2024"]
    assert year and all(w < 2.6 * 15.8 for w in year), year
    lines: dict[int, str] = {}
    for a, b, y, w in words:
        if float(b) / 72 * 25.4 > 175 and float(a) / 72 * 25.4 < 30:
            lines[round(float(y))] = w
    pure = [w for w in lines.values() if re.fullmatch(r"[\u4e00-\u9fff，。、；：（）]+", w)]
    assert pure and all(len(w) == 28 for w in pure), pure
