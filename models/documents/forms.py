"""Forms: 销号审批表 (one page per problem), 满意度测评表 (ballot) and the 测评结果 table."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from models.documents import content as C
from models.documents.content import DocContent, FormCell, PageSetup
from models.normalize import format_date_cn

FORM_PAGE = PageSetup(grid=False)
SIGN = "签字（盖章）：\u3000\u3000\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"


@dataclass
class ClosingFormData:
    campaign: str
    number: str
    description: str
    lead_unit: str
    cooperating: str
    supervisor: str
    deadline: str
    measures: str                     # what was done (from the progress reports)
    result: str
    evidence: list[str] = field(default_factory=list)   # 佐证材料 file names
    no_evidence_reason: str = ""
    check_opinion: str = ""           # 核查意见 (filled when already checked)
    checked_by: str = ""
    check_date: str = ""


def closing_form_content(d: ClosingFormData) -> DocContent:
    doc = DocContent(kind="form", name=f"销号审批表-{d.number}", page=FORM_PAGE, page_number="none",
                     odd_even=False, body_size_pt=14)
    doc.add(C.TITLE, lines=["问题整改销号审批表"])
    doc.add(C.PARAGRAPH, f"监督专题：{d.campaign}", align="left")
    w = [30, 48, 30, 48]
    L = lambda t: FormCell(t, bold=True, align="center")  # noqa: E731
    evidence = "\n".join(f"{i}. {name}" for i, name in enumerate(d.evidence, 1)) or (
        f"无佐证材料（{d.no_evidence_reason}）" if d.no_evidence_reason else "")
    check = d.check_opinion or ""
    if d.checked_by or d.check_date:
        check += f"\n核查人：{d.checked_by}\u3000\u3000核查日期：{format_date_cn(d.check_date)}"
    rows = [
        [L("问题编号"), FormCell(d.number), L("整改时限"), FormCell(format_date_cn(d.deadline) if d.deadline else "")],
        [L("牵头单位"), FormCell(d.lead_unit), L("配合单位"), FormCell(d.cooperating)],
        # minimum heights leave room to write by hand and still fit one page (rows grow with long text)
        [L("问题描述"), FormCell(d.description, span=3, height_mm=18)],
        [L("整改措施"), FormCell(d.measures, span=3, height_mm=24)],
        [L("整改结果"), FormCell(d.result, span=3, height_mm=14)],
        [L("佐证材料"), FormCell(evidence, span=3, height_mm=14)],
        [L("整改单位\n销号申请"), FormCell("申请对该问题予以销号。\n\n" + SIGN, span=3, height_mm=22)],
        [L("督办部门\n核查意见"), FormCell((check + "\n\n" if check else "\n\n") + SIGN, span=3, height_mm=24)],
        [L("人大常委会\n审批意见"), FormCell("\n\n" + SIGN, span=3, height_mm=22)],
    ]
    doc.add(C.FORM, widths_mm=w, form_rows=rows)
    return doc


def criteria_sentence(criteria: list[str]) -> str:
    """"测评内容：1.问题整改是否到位；2.……。" (the campaign's 评价清单)."""
    return "测评内容：" + "；".join(f"{i}.{c}" for i, c in enumerate(criteria, 1)) + "。"


@dataclass
class BallotData:
    campaign: str
    occasion: str
    units: list[str]
    criteria: list[str] = field(default_factory=list)   # 评价清单: what the vote is about


def ballot_content(d: BallotData) -> DocContent:
    doc = DocContent(kind="form", name="满意度测评表", page=FORM_PAGE, page_number="none", odd_even=False,
                     body_size_pt=14)
    doc.add(C.TITLE, lines=["问题整改情况满意度测评表"])
    doc.add(C.PARAGRAPH, f"监督专题：{d.campaign}" + (f"\u3000\u3000{d.occasion}" if d.occasion else ""),
            align="left")
    doc.add(C.PARAGRAPH, "说明：请在对应栏内划“√”，每个单位只能选择一项；多选或不选视为弃权。", align="left")
    if d.criteria:
        doc.add(C.PARAGRAPH, criteria_sentence(d.criteria), align="left")
    head = [FormCell(t, bold=True, align="center") for t in ("序号", "被测评单位", "满意", "基本满意", "不满意")]
    rows = [head] + [[FormCell(str(i), align="center"), FormCell(u), FormCell(""), FormCell(""), FormCell("")]
                     for i, u in enumerate(d.units, 1)]
    for r in rows[1:]:
        r[0].height_mm = 9
    doc.add(C.FORM, widths_mm=[14, 73, 22, 25, 22], form_rows=rows, header_rows=1)  # 基本满意 on one line
    doc.add(C.BLANK)
    doc.add(C.PARAGRAPH, "测评人身份：□常委会组成人员\u3000□人大代表\u3000□其他", align="left")
    doc.add(C.PARAGRAPH, "测评日期：\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日", align="left")
    return doc


@dataclass
class ResultRow:
    label: str
    satisfied: int
    basically: int
    dissatisfied: int
    rate: str        # 满意率 (满意+基本满意)/总票数, as text
    pure_rate: str   # 满意票占比

    @property
    def total(self) -> int:
        return self.satisfied + self.basically + self.dissatisfied


@dataclass
class ResultsData:
    campaign: str
    title: str               # the 测评's date and occasion
    rows: list[ResultRow]
    total: ResultRow | None = None
    criteria: list[str] = field(default_factory=list)


def results_content(d: ResultsData) -> DocContent:
    doc = DocContent(kind="form", name="满意度测评结果", page=FORM_PAGE, page_number="dash", odd_even=False,
                     body_size_pt=14)
    doc.add(C.TITLE, lines=["问题整改情况满意度测评结果"])
    doc.add(C.PARAGRAPH, f"监督专题：{d.campaign}", align="left")
    doc.add(C.PARAGRAPH, f"测评：{d.title}", align="left")
    if d.criteria:
        doc.add(C.PARAGRAPH, criteria_sentence(d.criteria), align="left")
    head = [FormCell(t, bold=True, align="center")
            for t in ("序号", "被测评单位", "满意", "基本满意", "不满意", "合计", "满意率", "满意票占比")]
    rows = [head]
    for i, r in enumerate(d.rows, 1):
        rows.append([FormCell(str(i), align="center"), FormCell(r.label)] +
                    [FormCell(str(v), align="center") for v in (r.satisfied, r.basically, r.dissatisfied, r.total)] +
                    [FormCell(r.rate, align="center"), FormCell(r.pure_rate, align="center")])
    if d.total:
        t = d.total
        rows.append([FormCell("合计", span=2, bold=True, align="center")] +
                    [FormCell(str(v), align="center") for v in (t.satisfied, t.basically, t.dissatisfied, t.total)] +
                    [FormCell(t.rate, align="center"), FormCell(t.pure_rate, align="center")])
    # 小四 so 基本满意, 满意票占比 and 100.0% each stay on one line within the 156 mm 版心
    doc.add(C.FORM, widths_mm=[12, 33, 13, 21, 17, 13, 21, 26], form_rows=rows, header_rows=1, size_pt=12)
    doc.add(C.PARAGRAPH, "注：满意率＝（满意票＋基本满意票）÷总票数；满意票占比＝满意票÷总票数。", align="left")
    return doc


# docx_writer (python-docx) is imported when first used: keeps start-up fast.
def write_closing_form(d: ClosingFormData, path: str | os.PathLike) -> list[str]:
    from models.documents.docx_writer import write_docx

    return write_docx(closing_form_content(d), path)


def write_ballot(d: BallotData, path: str | os.PathLike) -> list[str]:
    from models.documents.docx_writer import write_docx

    return write_docx(ballot_content(d), path)


def write_results(d: ResultsData, path: str | os.PathLike) -> list[str]:
    from models.documents.docx_writer import write_docx

    return write_docx(results_content(d), path)
