"""The parts of a .docx around the text: styles, page geometry and grid, page-number footers, the
信函格式 letterhead (organ and red double rules) and the file's properties (this office's, not
python-docx's)."""
from __future__ import annotations

from datetime import datetime, timezone
from xml.sax.saxutils import escape

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from models.documents import content as C
from models.documents import docx_style as S
from models.documents.content import DocContent
from models.documents.docx_style import text_width_chars


def _rule_paragraph(side: str, eighths: int, *, height_pt: float, align_rule: int) -> OxmlElement:
    """An empty paragraph ``height_pt`` tall carrying one red rule on ``side``, 170 mm long
    (indented past the 156 mm 版心 by 7 mm each side)."""
    p = S.el("w:p")
    pr = S.ppr(align="center", size_pt=1, grid=False, line_pt=height_pt)
    bdr = S.el("w:pBdr")
    bdr.append(S.el(f"w:{side}", val="single", sz=str(eighths), space="0", color=S.RED))
    pr.insert(0, bdr)
    ind = pr.find(qn("w:ind"))
    if ind is None:
        ind = S.el("w:ind")
        pr.insert(len(pr) - 1, ind)
    ind.set(qn("w:left"), str(-S.mm_twips(align_rule)))
    ind.set(qn("w:right"), str(-S.mm_twips(align_rule)))
    p.append(pr)
    run = S.el("w:r")
    run.append(S.rpr(S.SONGTI, 1))
    p.append(run)
    return p


def _clear(paragraph) -> OxmlElement:
    el = paragraph._p
    for child in list(el):
        el.remove(child)
    return el


# 信函格式 double rules: thick 1.06 mm (sz 24 = 3 pt), thin 0.26 mm (sz 6), 0.5 mm apart
LF_THICK, LF_THIN, LF_GAP_PT = 24, 6, 1.5
# the foot rule's lower (thick) line ends 20 mm above the page's bottom edge
LF_FOOT_MM = 20


def letter_form_header(doc, content: DocContent) -> None:
    """信函格式 (GB/T 9704 10.1): organ 30 mm from the top, a red double rule 4 mm under it
    (上粗下细) and one 20 mm from the foot (上细下粗), both 170 mm long; page 1 has no number."""
    organ = next((b.text for b in content.blocks if b.kind == C.ORGAN), "")
    sec = doc.sections[0]
    sec.different_first_page_header_footer = True
    sec.header_distance = Mm(30)
    head = _clear(sec.first_page_header.paragraphs[0])
    size = min(S.SIZE_XIAOCHU, int(440 / max(text_width_chars(organ), 1)))
    pr = S.ppr(align="center", size_pt=size, grid=False, after_pt=4 * 72 / 25.4 - LF_THICK / 16)
    pr.find(qn("w:spacing")).set(qn("w:line"), str(int(size * 20 * 1.0)))
    pr.find(qn("w:spacing")).set(qn("w:lineRule"), "exact")
    head.append(pr)
    head.append(S.run(organ, S.XIAOBIAOSONG, size, color=S.RED))
    # thick line on top of the first, thin under it
    head.addnext(_rule_paragraph("top", LF_THICK, height_pt=LF_GAP_PT, align_rule=7))
    head.getnext().addnext(_rule_paragraph("top", LF_THIN, height_pt=1, align_rule=7))
    # foot: thin line on top, thick under it; the footer's last line ends at the footer distance
    foot = _clear(sec.first_page_footer.paragraphs[0])
    thin = _rule_paragraph("top", LF_THIN, height_pt=LF_GAP_PT, align_rule=7)
    thick = _rule_paragraph("top", LF_THICK, height_pt=LF_THICK / 8 + 0.5, align_rule=7)
    for child in list(thin):
        foot.append(child)
    foot.addnext(thick)
    sec.footer_distance = Mm(LF_FOOT_MM - 1.2)


def set_properties(doc, content: DocContent) -> None:
    """The file's properties name this office and this document, dated now (not python-docx's)."""
    now = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    cp = doc.core_properties
    cp.author = cp.last_modified_by = content.author or ""
    cp.title = content.title or content.name
    cp.subject = content.name
    cp.comments = ""
    cp.keywords = ""
    cp.category = ""
    cp.revision = 1
    cp.created = cp.modified = now
    for part in doc.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = _APP_XML.format(company=escape(content.author or "")).encode("utf-8")


_APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            "<Application>联动监督问题清单管理系统</Application><Company>{company}</Company>"
            "<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
            "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>")


def setup_styles(doc, content: DocContent) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(rpr):
        rpr.remove(child)
    font, half = content.body_font, str(int(content.body_size_pt * 2))
    rpr.append(S.el("w:rFonts", ascii=font, hAnsi=font, eastAsia=font, cs=font))
    rpr.append(S.el("w:sz", val=half))
    rpr.append(S.el("w:szCs", val=half))
    rpr.append(S.el("w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA"))
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for child in list(ppr):
        ppr.remove(child)
    ppr.append(S.el("w:spacing", after="0", line="240", lineRule="auto"))
    normal = doc.styles["Normal"].element
    normal.append(S.rpr(font, content.body_size_pt))
    for name in ("Header", "Footer"):
        try:
            doc.styles[name].element.append(S.rpr(S.SONGTI, S.SIZE_4))
        except KeyError:
            pass
    lang = doc.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")


def page_geometry(sec, content: DocContent) -> None:
    p = content.page
    sec.page_width, sec.page_height = Mm(p.width_mm), Mm(p.height_mm)
    sec.top_margin, sec.bottom_margin = Mm(p.top_mm), Mm(p.bottom_mm)
    sec.left_margin, sec.right_margin = Mm(p.left_mm), Mm(p.right_mm)
    sec.footer_distance, sec.header_distance = Mm(p.footer_mm), Mm(15)
    sec.gutter = 0


def page_setup(sec, sect_pr, content: DocContent) -> None:
    page_geometry(sec, content)
    p = content.page
    grid = sect_pr.find(qn("w:docGrid"))
    grid.attrib.clear()
    if p.grid:
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:linePitch"), str(S.LINE_PITCH_TWIPS))
        grid.set(qn("w:charSpace"), str(S.CHAR_SPACE))
    else:
        grid.set(qn("w:linePitch"), "312")


def number_paragraph(paragraph, content: DocContent, side: str) -> None:
    """Footer paragraph "— 1 —" (dash) or "—１—" (fullwidth, PAGE \\* DBCHAR) on ``side``."""
    p = paragraph._p
    for child in list(p):
        p.remove(child)
    p.append(S.ppr(align=side, size_pt=S.SIZE_4, grid=False, line_pt=None,
                   right_chars=1 if side == "right" else 0, left_chars=1 if side == "left" else 0))
    if content.page_number == "fullwidth":
        dash_l, dash_r, instr = "—", "—", "PAGE \\* DBCHAR"
    else:
        dash_l, dash_r, instr = "— ", " —", "PAGE"
    p.append(S.run(dash_l, S.SONGTI, S.SIZE_4))
    for r in S.field_runs(instr, "1", S.SONGTI, S.SIZE_4):
        p.append(r)
    p.append(S.run(dash_r, S.SONGTI, S.SIZE_4))


def footers(doc, content: DocContent) -> None:
    sec = doc.sections[0]
    if content.page_number == "none":
        return
    doc.settings.odd_and_even_pages_header_footer = content.odd_even
    number_paragraph(sec.footer.paragraphs[0], content, "right" if content.odd_even else "center")
    if content.odd_even:
        number_paragraph(sec.even_page_footer.paragraphs[0], content, "left")
    if not content.first_page_number:
        sec.different_first_page_header_footer = True
