"""Gathering: reads the store and returns the plain data the document builders take.

The builders and writers never query the database; everything they print comes through here.
"""
from __future__ import annotations

import re
from datetime import date

from models.documents import doc_settings
from models.documents.bulletin import BulletinData
from models.documents.content import cjk_spaces
from models.documents.forms import BallotData, ClosingFormData, ResultRow, ResultsData
from models.documents.letter import LetterData, LetterProblem
from models.normalize import format_date_cn
from models.store import Store, ValidationError
from models.workflow import overview as overview_model
from models.workflow.handover import get_batch

_PROBLEMS_SQL = """
SELECT p.id, p.number, p.description, p.legal_basis, p.suggestion, p.kind, p.deadline AS problem_deadline,
       i.deadline AS item_deadline, lu.name AS lead_unit, su.name AS supervisor,
       (SELECT group_concat(name, '、') FROM (SELECT u.name FROM problem_units pu JOIN units u ON u.id = pu.unit_id
         WHERE pu.problem_id = p.id ORDER BY pu.position)) AS cooperating
  FROM handover_items i JOIN problems p ON p.id = i.problem_id
  LEFT JOIN units lu ON lu.id = p.lead_unit_id
  LEFT JOIN units su ON su.id = p.supervisor_unit_id
 WHERE i.batch_id = ? ORDER BY i.position, p.number
"""


def _campaign(store: Store, campaign_id: int) -> dict:
    row = store.query_one("SELECT name, year FROM campaigns WHERE id = ?", (campaign_id,))
    if row is None:
        raise ValidationError("监督专题不存在或已被删除。")
    return {**row, "name": cjk_spaces(row["name"])}


def batch_lead_units(store: Store, batch_id: int) -> list[str]:
    """Lead units of a batch's problems in first-seen order (one letter each when split by unit)."""
    names: list[str] = []
    for r in store.query(_PROBLEMS_SQL, (batch_id,)):
        if r["lead_unit"] and r["lead_unit"] not in names:
            names.append(r["lead_unit"])
    return names


_DOC_NUMBER_RE = re.compile(r"^(.*)〔(\d{4})〕(\d+)号$")


def doc_number_parts(doc_number: str) -> tuple[str, str, int] | None:
    """"某人常办〔2024〕12号" → ("某人常办", "2024", 12); None when it is not of that shape."""
    m = _DOC_NUMBER_RE.match(doc_number.strip())
    return (m.group(1), m.group(2), int(m.group(3))) if m else None


def letter_numbering(store: Store, batch_id: int) -> tuple[str, int]:
    """How per-unit letters are numbered: the 文号 pattern ("某人常办〔2024〕{}号", the batch's
    prefix and year, else the settings' prefix and the campaign's year) and the first number
    (the batch's own, else 1)."""
    batch = get_batch(store, batch_id)
    if batch is None:
        raise ValidationError("交办批次不存在或已被删除。")
    parts = doc_number_parts(batch.doc_number or "")
    if parts:
        return f"{parts[0]}〔{parts[1]}〕{{}}号", parts[2]
    year = store.scalar("SELECT year FROM campaigns WHERE id = ?", (batch.campaign_id,))
    return f"{doc_settings.load(store).doc_prefix}〔{year}〕{{}}号", 1


def letter_data(store: Store, batch_id: int, *, per_unit: bool = False, letter_form: bool = False,
                addressee: str = "", letter_date: str = "", first_number: int | None = None) -> list[LetterData]:
    """One LetterData to the main recipient with all problems, or one per lead unit with its own.

    Each letter that leaves the office carries its own 文号: per-unit letters are numbered from
    ``first_number`` on (某人常办〔2024〕12号, 13号, …) with the batch's prefix and year; without
    it they all carry the batch's 文号 (one 发文 sent in several copies)."""
    batch = get_batch(store, batch_id)
    if batch is None:
        raise ValidationError("交办批次不存在或已被删除。")
    camp = _campaign(store, batch.campaign_id)
    s = doc_settings.load(store)
    problems = []
    units = []
    for r in store.query(_PROBLEMS_SQL, (batch_id,)):
        problems.append(LetterProblem(
            number=r["number"], description=r["description"], legal_basis=r["legal_basis"],
            lead_unit=r["lead_unit"] or "", cooperating=[c for c in (r["cooperating"] or "").split("、") if c],
            supervisor=r["supervisor"] or "", deadline=r["item_deadline"] or r["problem_deadline"] or "",
            kind=r["kind"], requirement=r["suggestion"]))
        units.append(r["lead_unit"] or "")
    if not problems:
        raise ValidationError("该交办批次中没有问题，无法生成交办函。")
    doc_number = batch.doc_number or s.doc_number(camp["year"], "\u3000\u3000")
    pattern = letter_numbering(store, batch_id)[0]

    def make(to: str, items: list[LetterProblem], for_unit: str = "", index: int = 0) -> LetterData:
        number = doc_number if first_number is None else pattern.format(first_number + index)
        return LetterData(organ=batch.organ or s.organ, doc_number=number, addressee=to,
                          campaign=camp["name"], year=camp["year"], occasion=batch.occasion,
                          handover_date=batch.handover_date, deadline=batch.default_deadline or "",
                          problems=items, signature=s.signature, date=letter_date or batch.handover_date,
                          cc=s.cc, issuer=s.issuer, contact=s.contact, report_day=s.report_day,
                          letter_form=letter_form, for_unit=for_unit)

    if not per_unit:
        return [make(addressee or s.main_recipient, problems)]
    out = []
    for index, name in enumerate(dict.fromkeys(units)):
        items = [p for p, u in zip(problems, units, strict=True) if u == name]
        out.append(make(name or "未指定牵头单位", items, for_unit=name or "未指定牵头单位", index=index))
    return out


def bulletin_body(ov: overview_model.Overview, campaign: dict) -> str:
    """The editable body text, filled with the overview's figures (same numbers as the overview page)."""
    f = ov.figures
    lines = ["一、基本情况",
             f"{campaign['year']}年，县人大常委会围绕“{campaign['name']}”开展联动监督，"
             f"坚持清单式交办、对账式销号。截至{ov.today.year}年{ov.today.month}月{ov.today.day}日，"
             + ov.summary_sentence()
             + (f"{ov.from_above.sentence}。" if ov.from_above.total.value else ""),
             "二、各单位整改情况"]
    unit_sentences = []
    for row in ov.by_unit:
        if not row.value("total"):
            continue
        text = (f"{row.label}牵头问题{row.value('total')}个，已交办{row.value('handed_over')}个，"
                f"已整改完成{row.value('done')}个")
        if row.rate.denominator:
            text += f"，整改率{row.rate.percent_text()}"
        if row.value("overdue"):
            text += f"，逾期{row.value('overdue')}个"
        unit_sentences.append(text)
    lines.append(("；".join(unit_sentences) + "。") if unit_sentences else "各单位尚无问题。")
    overdue = f["overdue"].value
    lines += ["三、下一步工作",
              "县人大常委会将坚持“整改不到位、监督不停止”，对尚未整改到位的问题持续跟踪督办，"
              + (f"重点督促{overdue}个逾期问题尽快整改到位，" if overdue else "")
              + "对需要长期推进的问题跨年再盯，确保件件有着落、事事有回音。"]
    return "\n".join(lines)


def bulletin_data(store: Store, campaign_id: int, *, issue: int = 1, today: date | None = None) -> BulletinData:
    camp = _campaign(store, campaign_id)
    s = doc_settings.load(store)
    ov = overview_model.compute(store, campaign_id, today=today)
    return BulletinData(series=s.series, issue=issue,
                        title="坚持清单式交办　对账式销号\n推动联动监督问题整改落到实处",
                        body=bulletin_body(ov, camp), contributor=s.contributor,
                        report_to=s.report_to, send_to=s.send_to)


def closing_form_data(store: Store, problem_id: int) -> ClosingFormData:
    p = store.query_one(
        "SELECT p.*, c.name AS campaign, lu.name AS lead_unit, su.name AS supervisor FROM problems p "
        "JOIN campaigns c ON c.id = p.campaign_id LEFT JOIN units lu ON lu.id = p.lead_unit_id "
        "LEFT JOIN units su ON su.id = p.supervisor_unit_id WHERE p.id = ?", (problem_id,))
    if p is None:
        raise ValidationError("该问题已被删除。")
    coop = store.column("SELECT u.name FROM problem_units pu JOIN units u ON u.id = pu.unit_id "
                        "WHERE pu.problem_id = ? ORDER BY pu.position", (problem_id,))
    reports = store.query("SELECT report_date, measures, result FROM progress_reports WHERE problem_id = ? "
                          "ORDER BY report_date, id", (problem_id,))
    measures = "\n".join(f"{r['report_date']}：{r['measures']}" for r in reports if r["measures"])
    result = next((r["result"] for r in reversed(reports) if r["result"]), "")
    evidence = store.column("SELECT file_name FROM attachments WHERE problem_id = ? ORDER BY id", (problem_id,))
    check = store.query_one("SELECT * FROM closure_checks WHERE problem_id = ? ORDER BY id DESC LIMIT 1",
                            (problem_id,)) or {}
    return ClosingFormData(campaign=p["campaign"], number=p["number"], description=p["description"],
                           lead_unit=p["lead_unit"] or "", cooperating="、".join(coop),
                           supervisor=p["supervisor"] or "", deadline=p["deadline"] or "", measures=measures,
                           result=result, evidence=evidence, no_evidence_reason=check.get("no_evidence_reason", ""),
                           check_opinion=check.get("opinion", ""), checked_by=check.get("checked_by", ""),
                           check_date=check.get("check_date", ""))


def ballot_data(store: Store, campaign_id: int, occasion: str = "") -> BallotData:
    """The units to vote on: lead units of the campaign's handed-over problems."""
    camp = _campaign(store, campaign_id)
    units = store.column(
        f"SELECT u.name FROM units u WHERE u.id IN (SELECT p.lead_unit_id FROM problems p WHERE p.campaign_id = ? "
        f"AND ({overview_model.HANDED_OVER_SQL})) ORDER BY u.name", (campaign_id,))
    return BallotData(campaign=camp["name"], occasion=occasion, units=units)


def results_data(store: Store, evaluation_id: int) -> ResultsData:
    from models.workflow.evaluation import get_evaluation

    ev = get_evaluation(store, evaluation_id)
    if ev is None:
        raise ValidationError("该测评记录不存在或已被删除。")
    camp = _campaign(store, ev.campaign_id)

    def row(r) -> ResultRow:
        return ResultRow(r.label or "总体", r.satisfied, r.basically_satisfied, r.dissatisfied,
                         r.rate.percent_text(), r.pure_rate.percent_text())

    who = f"（{ev.unit_label}）" if ev.unit_label else ""
    title = f"{format_date_cn(ev.eval_date)} {ev.occasion or '满意度测评'}{who}".strip()
    return ResultsData(campaign=camp["name"], title=title, rows=[row(r) for r in ev.rows],
                       total=row(ev.totals) if len(ev.rows) > 1 else None)
