"""Word documents read back as a reader would check them: page, fonts, 文号, annex, page numbers."""
from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from models.documents import data, docx_style, forms
from models.documents.bulletin import BulletinData, bulletin_content, write_bulletin
from models.documents.html import page_number_text, render_html
from models.documents.letter import LetterData, LetterProblem, letter_content, write_letter

CJK = re.compile(r"[\u4e00-\u9fff]")


def make_letter(n: int = 5, **kw) -> LetterData:
    problems = [LetterProblem(number=f"2024-{i:03d}", description=f"某某镇敬老院消防设施老化，护理人员不足（第{i}项）。",
                              legal_basis="《河南省养老服务条例》第二十三条", lead_unit="县民政局",
                              cooperating=["县消防救援大队", "县财政局"], supervisor="县人大社会建设委员会",
                              deadline="2024-12-31", requirement="限期完成消防设施改造。") for i in range(1, n + 1)]
    values = dict(organ="某某县人大常委会办公室", doc_number="某人常办〔2024〕12号", addressee="县人民政府",
                  campaign="积极应对人口老龄化　加快发展养老服务", year=2024, occasion="联动监督问题交办会",
                  handover_date="2024-06-30", problems=problems,
                  signature="某某县人大常委会办公室", date="2024-06-30", cc="县委办公室",
                  issuer="某某县人大常委会办公室")
    values.update(kw)
    return LetterData(**values)


def make_bulletin() -> BulletinData:
    return BulletinData(series="“积极应对人口老龄化　加快发展养老服务”联动监督专辑", issue=44,
                        title="坚持清单式交办　对账式销号\n推动问题整改落到实处",
                        body="一、基本情况\n共梳理问题64个，已交办60个。\n（一）交办\n按清单交办。\n二、下一步工作\n持续跟踪。",
                        contributor="某某县人大社会建设委员会", report_to="市人大社会建设委员会\n县委主要领导",
                        send_to="县人大常委会各工作委员会\n各乡镇人大")


def fonts_of(run) -> tuple[str | None, str | None, int | None]:
    rpr = run._r.find(qn("w:rPr"))
    rf = rpr.find(qn("w:rFonts"))
    sz = rpr.find(qn("w:sz"))
    return rf.get(qn("w:eastAsia")), rf.get(qn("w:ascii")), int(sz.get(qn("w:val"))) / 2 if sz is not None else None


def para(doc, text: str):
    return next(p for p in doc.paragraphs if p.text == text)


@pytest.fixture(scope="module")
def letter_doc(tmp_path_factory):
    path = tmp_path_factory.mktemp("letter") / "交办函.docx"
    write_letter(make_letter(12), path)
    return Document(str(path)), path


def test_page_size_margins_and_grid(letter_doc):
    doc, _ = letter_doc
    sec = doc.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)] == [37, 35, 28, 26]
    grid = sec._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    assert grid.get(qn("w:linePitch")) == "579" and grid.get(qn("w:charSpace")) == "-848"
    body = para(doc, next(p.text for p in doc.paragraphs if p.text.startswith("为推动")))
    spacing = body._p.find(qn("w:pPr")).find(qn("w:spacing"))
    assert spacing.get(qn("w:line")) == "579" and spacing.get(qn("w:lineRule")) == "exact"
    # body text keeps the 28.95 pt line pitch but not the character cells (LibreOffice would give
    # every run of digits whole cells: "2026 年7 月"); its 3号 runs are condensed so 28 汉字 fill
    # a line; digits keep their own width
    assert body._p.find(qn("w:pPr")).find(qn("w:snapToGrid")).get(qn("w:val")) == "0"
    assert body.runs[0]._r.find(qn("w:rPr")).find(qn("w:spacing")).get(qn("w:val")) == str(docx_style.GRID_RUN_SPACING)
    assert 28 * (16 + docx_style.GRID_RUN_SPACING / 20) <= 156 / 25.4 * 72 < 29 * (16 + docx_style.GRID_RUN_SPACING / 20)
    number = para(doc, "某人常办〔2024〕12号")._p.find(qn("w:pPr")).find(qn("w:snapToGrid"))
    assert number is not None and number.get(qn("w:val")) == "0"


def test_fonts_and_sizes(letter_doc):
    doc, _ = letter_doc
    organ = para(doc, "某某县人大常委会办公室")
    assert fonts_of(organ.runs[0])[0] == "方正小标宋简体"
    assert organ.runs[0]._r.find(qn("w:rPr")).find(qn("w:color")).get(qn("w:val")) == "FF0000"
    title = para(doc, "关于交办联动监督问题清单的函")
    assert fonts_of(title.runs[0]) == ("方正小标宋简体", "方正小标宋简体", 22)
    assert title.alignment == 1  # centred
    body = next(p for p in doc.paragraphs if p.text.startswith("为推动"))
    assert fonts_of(body.runs[0]) == ("仿宋_GB2312", "仿宋_GB2312", 16)
    assert fonts_of(para(doc, "一、关于整改要求").runs[0])[0] == "黑体"
    assert fonts_of(para(doc, "（一）按月报送进展。").runs[0])[0] == "楷体_GB2312"
    # every run with Chinese text names its East Asian font itself
    for r in doc.element.body.iter(qn("w:r")):
        if CJK.search("".join(t.text or "" for t in r.iter(qn("w:t")))):
            assert r.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_doc_number_addressee_attachment_signature(letter_doc):
    doc, _ = letter_doc
    number = para(doc, "某人常办〔2024〕12号")
    assert number.alignment == 1
    bottom = number._p.find(qn("w:pPr")).find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:color")) == "FF0000"  # the red rule
    texts = [p.text for p in doc.paragraphs]
    assert "县人民政府：" in texts
    assert any("发现的12个问题交由你们办理" in t and "积极应对人口老龄化、加快发展养老服务" in t
               and "联动监督问题交办会" in t for t in texts)
    assert "本次交办的12个问题均为限期整改问题，请于2024年12月31日前整改到位。" in texts
    assert "附件：问题清单" in texts
    assert texts.index("某某县人大常委会办公室", 1) < texts.index("2024年6月30日")


def test_annex_landscape_table(letter_doc):
    doc, _ = letter_doc
    annex = doc.sections[1]
    assert annex.page_width > annex.page_height
    text_width = annex.page_width - annex.left_margin - annex.right_margin
    assert para(doc, "附件").runs[0] and fonts_of(para(doc, "附件").runs[0])[0] == "黑体"
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "编号", "问题", "法条依据", "整改主体", "督办部门",
                                                     "整改时限", "整改要求"]
    assert len(table.rows) == 12 + 1
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows)
    widths = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert sum(widths) * 635 <= text_width  # twips → EMU
    assert table.rows[1].cells[1].text == "2024-001"   # units match their 反馈表 rows by it
    assert table.rows[1].cells[4].text == "牵头：县民政局\n配合：县消防救援大队、县财政局"
    assert table.rows[12].cells[6].text == "2024年12月31日"


def test_imprint_and_page_numbers(letter_doc):
    doc, _ = letter_doc
    # 版记: on a last portrait page of its own, in that page's footer (its last rule on the 版心's
    # bottom edge in every program), and that page carries no page number
    last = doc.sections[-1]
    assert last.orientation == 0 and last.footer_distance.mm == pytest.approx(35, abs=0.2)
    assert doc.sections[-2].orientation == 1  # the 附件 before it stays landscape
    imprint = last.footer.tables[0]
    assert imprint.rows[0].cells[0].text.startswith("抄送：县委办公室")
    assert imprint.rows[1].cells[-1].text == "2024年6月30日印发"
    assert last.even_page_footer.tables[0].rows[1].cells[-1].text == "2024年6月30日印发"
    assert not last.footer._element.findall(".//" + qn("w:instrText"))
    assert doc.settings.element.find(qn("w:evenAndOddHeaders")) is not None
    sec = doc.sections[0]
    odd, even = sec.footer.paragraphs[0], sec.even_page_footer.paragraphs[0]
    assert odd.alignment == 2 and even.alignment == 0  # right, left
    for p in (odd, even):
        instr = "".join(t.text for t in p._p.iter(qn("w:instrText")))
        assert instr.strip() == "PAGE"
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert fonts_of(p.runs[0]) == ("宋体", "宋体", 14)


def test_letter_form_has_header_organ_and_no_issue_line(tmp_path):
    path = tmp_path / "信函.docx"
    write_letter(make_letter(3, letter_form=True), path)
    doc = Document(str(path))
    sec = doc.sections[0]
    assert sec.different_first_page_header_footer
    assert sec.first_page_header.paragraphs[0].text == "某某县人大常委会办公室"
    assert para(doc, "某人常办〔2024〕12号").alignment == 2  # 文号 at the right
    assert not any("印发" in c.text for t in doc.tables for r in t.rows for c in r.cells)


def test_font_warning_names_the_stand_in(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_style, "installed_families", lambda: frozenset({"Noto Serif CJK SC", "黑体"}))
    warnings = write_letter(make_letter(1), tmp_path / "a.docx")
    assert any("仿宋_GB2312" in w and "Noto Serif CJK SC" in w for w in warnings)
    assert not any("“黑体”" in w for w in warnings)


def test_font_warning_never_names_a_font_that_is_not_here(tmp_path, monkeypatch):
    for have, shown in (({"Noto Sans CJK SC"}, "Noto Sans CJK SC"), ({"WenQuanYi Zen Hei"}, "WenQuanYi Zen Hei"),
                        ({"DejaVu Sans"}, "系统默认字体")):
        monkeypatch.setattr(docx_style, "installed_families", lambda have=have: frozenset(have))
        warnings = write_letter(make_letter(1), tmp_path / "a.docx")
        fangsong = next(w for w in warnings if "“仿宋_GB2312”" in w)
        assert f"以“{shown}”代替" in fangsong and ("Serif" not in fangsong)


def test_bulletin_layout(tmp_path):
    path = tmp_path / "简报.docx"
    write_bulletin(make_bulletin(), path)
    doc = Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "“积极应对人口老龄化　加快发展养老服务”联动监督专辑（四十四）"
    assert "坚持清单式交办　对账式销号\n推动问题整改落到实处" in texts
    assert fonts_of(para(doc, "一、基本情况").runs[0])[0] == "黑体"
    assert fonts_of(para(doc, "（一）交办").runs[0])[0] == "楷体_GB2312"
    assert "（某某县人大社会建设委员会供稿）" in texts
    lines = [p.text for c in doc.sections[-1].footer.tables[0]._cells for p in c.paragraphs]
    assert lines == ["\u3000报：市人大社会建设委员会", "县委主要领导", "\u3000发：县人大常委会各工作委员会", "各乡镇人大"]
    instr = "".join(t.text for t in doc.sections[0].footer.paragraphs[0]._p.iter(qn("w:instrText")))
    assert "PAGE" in instr and "DBCHAR" in instr  # full-width digits in Word/WPS: —１—
    assert page_number_text(bulletin_content(make_bulletin()), 3) == "—３—"
    # figures keep their natural width: body lines keep the 28.95 pt pitch but do not snap to the
    # character cells (LibreOffice would widen "59" to whole cells and leave a gap before 个)
    body = para(doc, "一、基本情况")._p.getnext()
    while body is not None and not "".join(body.itertext()).strip():
        body = body.getnext()
    assert body.find(f"{qn('w:pPr')}/{qn('w:snapToGrid')}").get(qn("w:val")) in ("0", "false")


def test_forms(tmp_path):
    closing = forms.ClosingFormData(campaign="养老服务", number="2024-001", description="消防设施老化",
                                    lead_unit="县民政局", cooperating="", supervisor="社会建设委员会",
                                    deadline="2024-12-31", measures="更换设施", result="已完成",
                                    evidence=["验收单.pdf"])
    forms.write_closing_form(closing, tmp_path / "销号.docx")
    doc = Document(str(tmp_path / "销号.docx"))
    cells = [c.text for r in doc.tables[0].rows for c in r.cells]
    assert "2024-001" in cells and "1. 验收单.pdf" in cells and any("核查意见" in c for c in cells)
    forms.write_ballot(forms.BallotData("养老服务", "常委会会议", ["县民政局", "县卫健委"]), tmp_path / "票.docx")
    ballot = Document(str(tmp_path / "票.docx")).tables[0]
    assert [c.text for c in ballot.rows[0].cells] == ["序号", "被测评单位", "满意", "基本满意", "不满意"]
    assert len(ballot.rows) == 3
    rows = [forms.ResultRow("县民政局", 20, 5, 1, "96.2%", "76.9%")]
    forms.write_results(forms.ResultsData("养老服务", "2024-11-20 常委会会议", rows), tmp_path / "结果.docx")
    result = Document(str(tmp_path / "结果.docx")).tables[0]
    assert [c.text for c in result.rows[1].cells][-4:] == ["1", "26", "96.2%", "76.9%"]


def test_html_has_the_same_text_in_the_same_order():
    for content in (letter_content(make_letter(4)), bulletin_content(make_bulletin())):
        html = render_html(content)
        plain = re.sub(r"<[^>]+>", "", html.replace("<br/>", "\n"))
        pos = 0
        for text in content.texts():
            for piece in text.split("\n"):
                found = plain.find(piece.replace("&", "&amp;"), pos)
                assert found >= 0, piece
                pos = found
    assert "<thead>" in render_html(letter_content(make_letter(2)))


def test_gathered_bulletin_and_ballot(store):
    from models.demo import fill_demo
    from models.workflow import overview

    cid = fill_demo(store)
    assert data.ballot_data(store, cid).units
    b = data.bulletin_data(store, cid, issue=5)
    ov = overview.compute(store, cid)
    assert f"共梳理具体问题{ov.value('total')}个" in b.body  # wording and figures: tests/test_bulletin_text.py
    assert f"已交办政府及相关部门{ov.value('handed_over')}个" in b.body
    # every seed title names its place first ("洛阳：…"): here the demo office's county
    assert b.title.startswith("某某县：")


@pytest.mark.skipif(not shutil.which("libreoffice") or not shutil.which("pdftotext"), reason="LibreOffice 或 pdftotext（poppler-utils）未安装：打印版面未检查")
def test_libreoffice_prints_letter_and_bulletin(tmp_path):
    write_letter(make_letter(20), tmp_path / "letter.docx")
    write_bulletin(make_bulletin(), tmp_path / "bulletin.docx")
    # a 销号审批表 with a filled check opinion still prints on one page
    forms.write_closing_form(forms.ClosingFormData(
        campaign="养老服务", number="2024-001", description="二楼东侧安全出口被床垫、杂物堵塞，消防控制室夜间无人值守。" * 2,
        lead_unit="县民政局", cooperating="县消防救援大队", supervisor="社会建设委员会", deadline="2024-12-31",
        measures="2024-08-25：清理安全出口，更换灭火器。\n2024-09-25：落实夜间值守。", result="整改完成。",
        evidence=["验收单.pdf", "照片.jpg"], check_opinion="经对账核查，整改措施已落实，同意销号。", checked_by="李明",
        check_date="2024-10-01"), tmp_path / "closing.docx")
    subprocess.run(["libreoffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "letter.docx"), str(tmp_path / "bulletin.docx"),
                    str(tmp_path / "closing.docx")],
                   capture_output=True, timeout=180, check=False)
    assert pages(tmp_path / "closing.pdf") == 1
    # the 28-character grid holds on the printed page: most full body lines of page 1 (indented
    # first lines aside) carry 28 characters, digits included (GB/T 9704: 28 字 × 22 行)
    box = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(tmp_path / "letter.pdf"), "-"],
                         capture_output=True, text=True, timeout=60).stdout
    lines: dict[int, list[tuple[float, float, str]]] = {}
    for x0, x1, y, w in re.findall(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', box):
        lines.setdefault(round(float(y)), []).append((float(x0), float(x1), w))
    full = [sum(len(w) for _a, _b, w in ws) for ws in lines.values()
            if max(b for _a, b, _w in ws) / 72 * 25.4 > 175 and min(a for a, _b, _w in ws) / 72 * 25.4 < 30]
    assert full and Counter(full).most_common(1)[0][0] == 28, full
    for name, needles in (("letter", ("关于交办联动监督问题清单的函", "附件", "抄送")),
                          ("bulletin", ("联动监督专辑（四十四）", "供稿", "报："))):
        pdf = Path(tmp_path / f"{name}.pdf")
        assert pdf.exists()
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60).stdout
        assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) > 0
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=60).stdout.replace(" ", "")
        for needle in needles:
            assert needle in text, (name, needle)
        # the 版记 / 报发 block: alone at the foot of the last page, its last line just above the
        # 版心's bottom edge (262 mm), and no page number on that page
        box = subprocess.run(["pdftotext", "-bbox", "-f", str(pages(pdf)), "-l", str(pages(pdf)), str(pdf), "-"],
                             capture_output=True, text=True, timeout=60).stdout
        words = [(float(y) / 72 * 25.4, w) for y, w in re.findall(r'yMax="([\d.]+)">([^<]*)<', box)]
        assert words and all(y > 200 for y, _ in words) and 245 < max(y for y, _ in words) < 263, (name, words)
        assert not any("—" in w for _, w in words)


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))
