"""问题交办函: builds the letter's content (GB/T 9704 layout, 附件 问题清单 on landscape pages)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date

from models.documents import content as C
from models.documents.content import Column, DocContent, PageSetup
from models.normalize import format_date_cn

ANNEX_COLUMNS = (
    Column("序号", 12, "center"), Column("问题", 55), Column("法条依据", 31),
    Column("整改主体（牵头/配合）", 40), Column("督办部门", 29, "center"), Column("整改时限", 24, "center"),
    Column("整改要求", 34),
)  # 225 mm: the landscape 版心; 督办部门 wide enough for a committee's full name in 3–4 lines


@dataclass
class LetterProblem:
    number: str
    description: str
    legal_basis: str = ""
    lead_unit: str = ""
    cooperating: list[str] = field(default_factory=list)
    supervisor: str = ""
    deadline: str = ""           # ISO date, or "" (then ``kind`` is shown)
    kind: str = "限期整改"
    requirement: str = ""        # 意见建议 / 整改要求


@dataclass
class LetterData:
    organ: str
    doc_number: str
    addressee: str
    campaign: str
    year: int
    occasion: str
    handover_date: str
    deadline: str                 # the batch's time limit (ISO) or ""
    problems: list[LetterProblem]
    signature: str
    date: str                     # 成文日期 (ISO)
    cc: str = ""
    issuer: str = ""
    contact: str = ""
    report_day: str = "25"
    supervisor_office: str = "县人大常委会有关工作委员会"
    letter_form: bool = False     # 信函格式
    for_unit: str = ""            # set when the letter goes to one lead unit with only its problems


def deadline_text(p: LetterProblem) -> str:
    if p.deadline:
        return format_date_cn(p.deadline)
    return p.kind if p.kind != "限期整改" else ""


def subject_text(p: LetterProblem) -> str:
    parts = [f"牵头：{p.lead_unit}"] if p.lead_unit else []
    if p.cooperating:
        parts.append("配合：" + "、".join(p.cooperating))
    return "\n".join(parts)


def _title(campaign: str) -> list[str]:
    """One line of at most 20 characters of 2号 (the campaign is named in the body anyway)."""
    text = f"关于交办“{campaign}”问题清单的函"
    return [text] if len(text) <= 20 else ["关于交办联动监督问题清单的函"]


def _limit(data: LetterData) -> str:
    if data.deadline:
        return format_date_cn(data.deadline)
    dated = sorted(p.deadline for p in data.problems if p.deadline)
    return format_date_cn(dated[-1]) if dated else ""


def letter_content(data: LetterData) -> DocContent:
    """The whole letter in reading order; both writers render exactly this."""
    doc = DocContent(kind="letter_form" if data.letter_form else "letter", name=f"问题交办函-{data.addressee}",
                     page=PageSetup(), first_page_number=not data.letter_form)
    n = len(data.problems)
    doc.add(C.ORGAN, data.organ)
    if not data.letter_form:
        doc.add(C.BLANK)
        doc.add(C.BLANK)
    doc.add(C.DOC_NUMBER, data.doc_number)
    doc.add(C.BLANK)
    doc.add(C.TITLE, lines=_title(data.campaign))
    doc.add(C.BLANK)
    doc.add(C.ADDRESSEE, f"{data.addressee}：")
    when = format_date_cn(data.handover_date)
    occasion = f"经{when}{data.occasion}研究，" if data.occasion else f"经研究，于{when}"
    whom = "你单位" if data.for_unit else "你们"
    doc.add(C.PARAGRAPH, f"按照{data.year}年度监督工作计划，县人大常委会围绕“{data.campaign}”开展联动监督，"
                         "通过执法检查、专题调研、暗访调查、听取群众和代表意见等方式，深入查找问题，梳理形成问题清单。"
                         f"{occasion}现将{n}个问题交由{whom}办理。有关事项函告如下：")
    limit = _limit(data)
    doc.add(C.HEADING1, "一、关于整改要求")
    doc.add(C.PARAGRAPH, "请对照问题清单逐项研究整改措施，明确责任领导、责任人和完成时限，建立整改台账，"
                         "做到精准到点、具体到事、责任到部门。牵头单位负责组织协调和汇总报送，配合单位按职责抓好落实。")
    doc.add(C.HEADING1, "二、关于办理时限")
    limit_text = f"限期整改的问题请于{limit}前整改到位；" if limit else "限期整改的问题请按清单所列时限整改到位；"
    doc.add(C.PARAGRAPH, f"立行立改的问题应立即整改；{limit_text}需要长期整改的问题，请明确阶段目标和推进措施，"
                         "持续推进。")
    doc.add(C.HEADING1, "三、关于进展报送和销号")
    doc.add(C.HEADING2, "（一）按月报送进展。")
    doc.add(C.PARAGRAPH, f"请于每月{data.report_day}日前将整改进展情况及佐证材料报送{data.supervisor_office}。")
    doc.add(C.HEADING2, "（二）对账销号。")
    doc.add(C.PARAGRAPH, "问题整改完成后，请提出销号申请，经督办部门对账核查后予以销号；整改不到位的，予以退回继续整改。")
    if data.contact:
        doc.add(C.PARAGRAPH, f"联系人及电话：{data.contact}")
    doc.add(C.BLANK)
    doc.add(C.ATTACHMENT_NOTE, "附件：问题清单")
    doc.add(C.BLANK)
    doc.add(C.BLANK)
    doc.add(C.SIGNATURE, data.signature)
    doc.add(C.DATE, format_date_cn(data.date))
    title = f"{data.for_unit}问题清单" if data.for_unit else f"“{data.campaign}”问题清单"
    rows = [[str(i), p.description, p.legal_basis, subject_text(p), p.supervisor, deadline_text(p), p.requirement]
            for i, p in enumerate(data.problems, 1)]
    doc.add(C.ANNEX, label="附件", title=title, columns=list(ANNEX_COLUMNS), cells=rows)
    imprint = []
    if data.cc:
        imprint.append((f"抄送：{data.cc.rstrip('。')}。", ""))
    if not data.letter_form and data.issuer:
        imprint.append((data.issuer, f"{format_date_cn(data.date)}印发"))
    if imprint:
        doc.add(C.IMPRINT, rows=imprint)
    return doc


def write_letter(data: LetterData, path: str | os.PathLike) -> list[str]:
    """Write one letter; returns warnings (fonts missing on this machine)."""
    # docx_writer (python-docx) is imported when first used: keeps start-up fast.
    from models.documents.docx_writer import write_docx

    return write_docx(letter_content(data), path)


def today_iso() -> str:
    return date.today().isoformat()
