"""附件 rows of a very long problem: continued in "编号（续）" rows of their own, each kept whole on a page,
with the header on every annex page — never a row broken after its first line."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from models.documents.letter import ANNEX_COLUMNS, ANNEX_ROW_LINES, _wrap, annex_rows, write_letter
from tests.test_documents_word import make_letter

LONG = "".join(f"第{i}处：某某镇敬老院二楼东侧安全出口被床垫、杂物堵塞，应急照明灯损坏，灭火器压力不足。" for i in range(1, 61))


def _long_letter():
    letter = make_letter(3)
    letter.problems[1].description = LONG
    return letter


def test_a_long_problem_continues_in_rows_of_its_own():
    rows = annex_rows(_long_letter().problems)
    numbers = [r[1] for r in rows]
    assert numbers[0] == "2024-001" and numbers[1] == "2024-002" and numbers[-1] == "2024-003"
    continued = [r for r in rows if r[1] == "2024-002（续）"]
    assert continued and all(r[0] == "" for r in continued)          # the 序号 is not repeated
    parts = [r[2] for r in rows if r[1].startswith("2024-002")]
    assert "".join(parts).replace("\n", "") == LONG                   # nothing lost, nothing doubled
    width = ANNEX_COLUMNS[2].width_mm
    assert all(len(_wrap(p, width)) <= ANNEX_ROW_LINES for p in parts)


@pytest.mark.skipif(not shutil.which("libreoffice") or not shutil.which("pdftotext"),
                    reason="LibreOffice 或 pdftotext（poppler-utils）未安装：附件续行的版面未检查")
def test_printed_annex_repeats_its_header_and_keeps_each_part_on_one_page(tmp_path):
    write_letter(_long_letter(), tmp_path / "letter.docx")
    subprocess.run(["libreoffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "letter.docx")], capture_output=True, timeout=180,
                   check=False)
    pdf = tmp_path / "letter.pdf"
    assert pdf.exists()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    texts = [re.sub(r"\s+", "", subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                                               capture_output=True, text=True, timeout=60).stdout)
             for n in range(1, pages + 1)]
    long_pages = [t for t in texts if "处：某某镇敬老院" in t]
    parts = len([r for r in annex_rows(_long_letter().problems) if r[1].startswith("2024-002")])
    # one part per page: every page holding the long problem's text carries that part's own label
    # (2024-002 or （续）) exactly once — a part broken over a page end would leave a page without one
    assert len(long_pages) == parts >= 2
    assert all(t.count("2024-002") + t.count("（续）") == 1 for t in long_pages), long_pages
    assert all("整改主体" in t and "督办部门" in t for t in long_pages)     # the header repeats on each page
