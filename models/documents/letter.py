"""问题交办函: builds the letter's content (GB/T 9704 layout, 附件 问题清单 on landscape pages).

Every date and count the letter states is computed here from the problems it carries, so the
text is true of the attached list by construction (see ``time_limit_sentence``).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date

from models.documents import content as C
from models.documents.content import Column, DocContent, PageSetup
from models.normalize import format_date_cn
from models.vocab import KINDS, SOURCES

# 225 mm: the landscape 版心. Every column is at least as wide as its header in 小四 黑体 plus the
# cell margins, so no header breaks inside a word; 问题 and 整改要求 share the rest.
ANNEX_COLUMNS = (
    Column("序号", 12, "center"), Column("编号", 21, "center"), Column("问题", 54), Column("法条依据", 27),
    Column("整改主体", 32), Column("督办部门", 21, "center"), Column("整改时限", 21, "center"),
    Column("整改要求", 37),
)

# how each 问题来源 reads in "通过…等方式" (上级交办 is cited separately)
_WAYS = {"政府自查": "督促政府自查", "执法检查": "执法检查", "专题调研": "专题调研", "暗访调查": "暗访调查",
         "群众反映": "听取群众意见", "代表建议": "听取代表建议", "常委会审议": "常委会审议"}


@dataclass
class LetterProblem:
    number: str
    description: str
    legal_basis: str = ""
    lead_unit: str = ""          # full name (one letter per lead unit groups on it)
    cooperating: list[str] = field(default_factory=list)
    supervisor: str = ""
    deadline: str = ""           # ISO date, or ""
    kind: str = "限期整改"
    requirement: str = ""        # 意见建议 / 整改要求
    source: str = ""
    lead_label: str = ""         # the name printed in the annex (short name), else lead_unit


@dataclass
class LetterData:
    organ: str                    # 发文机关标志: always this office's
    doc_number: str
    addressee: str
    campaign: str
    year: int
    occasion: str
    handover_date: str
    problems: list[LetterProblem]
    signature: str                # 发文机关署名: the same organ as the 标志
    date: str                     # 成文日期 (ISO)
    cc: str = ""
    issuer: str = ""
    contact: str = ""
    report_day: str = "25"
    congress: str = "县人大常委会"                       # how the body names the standing committee
    supervisor_office: str = "县人大常委会有关工作委员会"
    letter_form: bool = False     # 信函格式
    for_unit: str = ""            # set when the letter goes to one lead unit with only its problems
    upper_organ: str = ""         # a batch received from above: who handed it down …
    upper_number: str = ""        # … and under which 文号 (cited in the body)
    title: str = "关于交办联动监督问题清单的函"


def deadline_text(p: LetterProblem) -> str:
    """The annex's 整改时限: a date for 限期整改, the kind's own words for the others."""
    if p.kind == "立行立改":
        return f"立行立改\n（{format_date_cn(p.deadline)}前）" if p.deadline else "立行立改"
    if p.kind == "长期整改":
        return "长期整改"
    return format_date_cn(p.deadline) if p.deadline else "按整改方案"


def subject_text(p: LetterProblem) -> str:
    parts = [f"牵头：{p.lead_label or p.lead_unit}"] if (p.lead_label or p.lead_unit) else []
    if p.cooperating:
        parts.append("配合：" + "、".join(p.cooperating))
    return "\n".join(parts)


def _range(dates: list[str]) -> str:
    first, last = min(dates), max(dates)
    return format_date_cn(first) if first == last else f"{format_date_cn(first)}至{format_date_cn(last)}"


def _action(kind: str, items: list[LetterProblem]) -> str:
    if kind == "立行立改":
        return "请立即整改"
    if kind == "长期整改":
        return "请制定整改方案，明确阶段目标和推进措施，持续推进"
    dates = [p.deadline for p in items if p.deadline]
    if len(dates) == len(items) and len(set(dates)) == 1:
        return f"请于{format_date_cn(dates[0])}前整改到位"
    if dates and len(dates) == len(items):
        return f"请按附件所列时限（{_range(dates)}）整改到位"
    return "请按附件所列时限整改到位"


def time_limit_sentence(problems: list[LetterProblem]) -> str:
    """二、关于办理时限: per kind present, its count and what it must do; a date only where every
    problem of that kind has it (立行立改 立即整改, 长期整改 a plan and stage goals, no finish date)."""
    by_kind: dict[str, list[LetterProblem]] = {}
    for p in problems:
        by_kind.setdefault(p.kind if p.kind in KINDS else "限期整改", []).append(p)
    kinds = [k for k in KINDS if k in by_kind]
    n = len(problems)
    if len(kinds) == 1:
        kind = kinds[0]
        return f"本次交办的{n}个问题均为{kind}问题，{_action(kind, by_kind[kind])}。"
    parts = [f"{kind}的{len(by_kind[kind])}个，{_action(kind, by_kind[kind])}" for kind in kinds]
    return f"本次交办的{n}个问题中，" + "；".join(parts) + "。"


def _ways(problems: list[LetterProblem]) -> str:
    present = {p.source for p in problems}
    ways = [_WAYS[s] for s in SOURCES if s in present and s in _WAYS]
    return "、".join(ways)


def intro_sentence(data: LetterData) -> str:
    """The opening paragraph. Its first lines carry no figures or quoted names: the dates, the
    count and the campaign come after them (the 28-character grid reads true on page 1)."""
    n = len(data.problems)
    whom = "你单位" if data.for_unit else "你们"
    when = format_date_cn(data.handover_date)
    campaign = f"“{campaign_in_text(data.campaign)}”联动监督"
    head = "为推动联动监督发现的问题整改落到实处，按照年度监督工作计划，"
    if data.upper_organ:
        cited = f"（{data.upper_number}）" if data.upper_number else ""
        return (head + f"{data.congress}对上级交办的问题逐项梳理、明确责任，坚持清单式交办、对账式销号。"
                f"根据{data.upper_organ}交办意见{cited}，"
                f"现将{data.upper_organ}于{when}交办的{campaign}问题共{n}个转交{whom}办理。有关事项函告如下：")
    ways = _ways(data.problems)
    how = (f"坚持问题导向，通过{ways}等方式深入查找问题，梳理形成问题清单，坚持清单式交办、对账式销号。" if ways
           else "坚持问题导向，深入查找问题，梳理形成问题清单，坚持清单式交办、对账式销号。")
    occasion = f"经{when}{data.occasion}研究，" if data.occasion else f"经研究，于{when}"
    return (head + f"{data.congress}{how}{occasion}现将{campaign}中发现的{n}个问题交由{whom}办理。"
            "有关事项函告如下：")


def campaign_in_text(name: str) -> str:
    """The campaign's name inside a sentence: its two phrases joined by "、" as the bulletins'
    running text writes them (“积极应对人口老龄化、加快发展养老服务”), not by a space."""
    return re.sub(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])", "、", name)


# 附件 rows: a row estimated taller than this many lines is continued in a row of its own
# ("编号（续）"), each part kept whole on a page, so no row is ever split after its first line
ANNEX_ROW_LINES = 20
ANNEX_SIZE_PT = 12
_CELL_MARGINS_MM = 3.0


def _wrap(text: str, width_mm: float) -> list[tuple[int, str]]:
    """Estimated printed lines of a cell: (paragraph index, text); 汉字 one em, ASCII half."""
    per_line = (width_mm - _CELL_MARGINS_MM) / (ANNEX_SIZE_PT * 25.4 / 72)
    out: list[tuple[int, str]] = []
    for n, para in enumerate((text or "").split("\n")):
        line, used = "", 0.0
        for ch in para:
            w = 0.5 if ord(ch) < 0x2E80 else 1.0
            if used + w > per_line and line:
                out.append((n, line))
                line, used = "", 0.0
            line += ch
            used += w
        out.append((n, line))
    return out


def _join(lines: list[tuple[int, str]]) -> str:
    text, last = "", None
    for n, piece in lines:
        text += ("\n" if last is not None and n != last else "") + piece
        last = n
    return text


def annex_rows(problems: list[LetterProblem]) -> list[list[str]]:
    """The annex's cells, one row per problem; a very long problem continues in further rows."""
    rows = []
    for i, p in enumerate(problems, 1):
        cells = [str(i), p.number, p.description, p.legal_basis, subject_text(p), p.supervisor, deadline_text(p),
                 p.requirement]
        wrapped = [_wrap(t, c.width_mm) for t, c in zip(cells, ANNEX_COLUMNS, strict=True)]
        parts = max((len(w) - 1) // ANNEX_ROW_LINES + 1 for w in wrapped)
        if parts == 1:
            rows.append(cells)
            continue
        for k in range(parts):
            chunk = [_join(w[k * ANNEX_ROW_LINES:(k + 1) * ANNEX_ROW_LINES]) for w in wrapped]
            if k:
                chunk[0], chunk[1] = "", f"{p.number}（续）"
            rows.append(chunk)
    return rows


def letter_content(data: LetterData) -> DocContent:
    """The whole letter in reading order; both writers render exactly this."""
    doc = DocContent(kind="letter_form" if data.letter_form else "letter", name=f"问题交办函-{data.addressee}",
                     page=PageSetup(), first_page_number=not data.letter_form, title=data.title,
                     author=data.signature)
    doc.add(C.ORGAN, data.organ)
    if not data.letter_form:
        doc.add(C.BLANK)
        doc.add(C.BLANK)
    doc.add(C.DOC_NUMBER, data.doc_number)
    doc.add(C.BLANK)   # GB/T 9704 7.3.1: the title two lines under the red line (信函: under the 文号)
    doc.add(C.BLANK)
    doc.add(C.TITLE, lines=[data.title])
    doc.add(C.BLANK)
    doc.add(C.ADDRESSEE, f"{data.addressee}：")
    doc.add(C.PARAGRAPH, intro_sentence(data))
    doc.add(C.HEADING1, "一、关于整改要求")
    doc.add(C.PARAGRAPH, "请对照问题清单逐项研究整改措施，明确责任领导、责任人和完成时限，建立整改台账，"
                         "做到精准到点、具体到事、责任到部门。牵头单位负责组织协调和汇总报送，配合单位按职责抓好落实。")
    doc.add(C.HEADING1, "二、关于办理时限")
    doc.add(C.PARAGRAPH, time_limit_sentence(data.problems))
    doc.add(C.HEADING1, "三、关于进展报送和销号")
    doc.add(C.HEADING2, "（一）按月报送进展。")
    doc.add(C.PARAGRAPH, f"请于每月{data.report_day}日前将整改进展情况及佐证材料报送{data.supervisor_office}。")
    doc.add(C.HEADING2, "（二）对账销号。")
    doc.add(C.PARAGRAPH, "问题整改完成后，请提出销号申请，经督办部门对账核查后予以销号；整改不到位的，予以退回继续整改。")
    doc.add(C.BLANK)
    doc.add(C.ATTACHMENT_NOTE, "附件：问题清单")
    doc.add(C.BLANK)
    doc.add(C.BLANK)
    doc.add(C.SIGNATURE, data.signature)
    doc.add(C.DATE, format_date_cn(data.date))
    if data.contact:   # GB/T 9704 7.3.7 附注: under the date, two characters in, in brackets
        doc.add(C.PARAGRAPH, f"（联系人及电话：{data.contact}）")
    title = f"{data.for_unit}问题清单" if data.for_unit else f"“{campaign_in_text(data.campaign)}”问题清单"
    doc.add(C.ANNEX, label="附件", title=title, columns=list(ANNEX_COLUMNS), cells=annex_rows(data.problems))
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
