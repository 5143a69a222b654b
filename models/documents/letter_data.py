"""Gathering 交办函: reads a batch and returns the letters to write, in the three ways an office
sends them (one letter to the main recipient, one to all lead units, one per lead unit), each
with this office's letterhead, 署名 and a 文号 from the 发文登记 (models.workflow.doc_numbers).

The window's menus and the headless ``main.py export letters`` call the same functions here:
``plan_letters`` (what will be written, with its 文号, nothing stored) and ``write_letters``
(writes the files, then registers the 文号 of those written).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from models.documents import doc_settings
from models.documents.content import cjk_spaces
from models.documents.letter import LetterData, LetterProblem, write_letter
from models.store import Store, ValidationError
from models.vocab import UNIT_KINDS
from models.workflow import doc_numbers
from models.workflow.doc_numbers import LetterKey
from models.workflow.handover import HandoverBatch, get_batch

MODE_SINGLE = "single"   # one letter to the main recipient (主送机关), all problems
MODE_ALL = "all"         # one letter to all lead units, all problems
MODE_UNITS = "units"     # one letter per lead unit with only its problems, each its own 文号
MODES = (MODE_SINGLE, MODE_ALL, MODE_UNITS)
# more addressees than this read "县人民政府及有关部门" (when the office asks for it)
GATHER_OVER = 6
# 主送 order as offices write it: government, departments, towns, then the rest
_KIND_ORDER = {"人民政府": 0, "政府部门": 1, "乡镇/街道": 2}

_PROBLEMS_SQL = """
SELECT p.id, p.number, p.description, p.legal_basis, p.suggestion, p.kind, p.source,
       p.deadline AS problem_deadline, i.deadline AS item_deadline,
       lu.name AS lead_unit, lu.short_name AS lead_short, lu.kind AS lead_kind,
       coalesce(nullif(su.short_name, ''), su.name) AS supervisor,
       (SELECT group_concat(name, '、') FROM (SELECT coalesce(nullif(u.short_name, ''), u.name) AS name
          FROM problem_units pu JOIN units u ON u.id = pu.unit_id
         WHERE pu.problem_id = p.id ORDER BY pu.position)) AS cooperating
  FROM handover_items i JOIN problems p ON p.id = i.problem_id
  LEFT JOIN units lu ON lu.id = p.lead_unit_id
  LEFT JOIN units su ON su.id = p.supervisor_unit_id
 WHERE i.batch_id = ? ORDER BY i.position, p.number
"""


@dataclass
class Unit:
    name: str
    kind: str


def order_units(units: list[Unit]) -> list[Unit]:
    """人民政府 first, then departments, then 乡镇/街道, then the others; first-seen order within a kind."""
    rank = {k: i for i, k in enumerate(UNIT_KINDS)}
    return sorted(units, key=lambda u: (_KIND_ORDER.get(u.kind, 3), rank.get(u.kind, len(rank))))


def gathered_name(units: list[Unit]) -> str:
    """"某某县人民政府及有关部门" (with "、有关乡镇（街道）" when towns are among them)."""
    govs = [u.name for u in units if u.kind == "人民政府"]
    head = f"{govs[0]}及有关部门" if govs else "有关部门"
    if any(u.kind == "乡镇/街道" for u in units):
        head += "、有关乡镇（街道）"
    if any(u.kind not in _KIND_ORDER for u in units):
        head += "、有关单位"
    return head


def addressee_line(units: list[Unit], gather: bool = True) -> str:
    ordered = order_units(units)
    if gather and len(ordered) > GATHER_OVER:
        return gathered_name(ordered)
    return "、".join(u.name for u in ordered)


def _rows(store: Store, batch_id: int) -> list[dict]:
    return store.query(_PROBLEMS_SQL, (batch_id,))


def batch_lead_units(store: Store, batch_id: int) -> list[Unit]:
    """Lead units of a batch's problems in 主送 order (one letter each when split by unit)."""
    seen: dict[str, Unit] = {}
    for r in _rows(store, batch_id):
        if r["lead_unit"] and r["lead_unit"] not in seen:
            seen[r["lead_unit"]] = Unit(r["lead_unit"], r["lead_kind"] or "其他")
    return order_units(list(seen.values()))


def _batch(store: Store, batch_id: int) -> HandoverBatch:
    batch = get_batch(store, batch_id)
    if batch is None:
        raise ValidationError("交办批次不存在或已被删除。")
    return batch


def is_from_above(batch: HandoverBatch, s: doc_settings.DocSettings) -> bool:
    """A batch received from above: its 文号 carries another organ's prefix, or (without a 文号)
    its 交办机关 is not this office's standing committee."""
    p = doc_numbers.parts(batch.doc_number)
    if p:
        return p[0] != s.doc_prefix
    organ = (batch.organ or "").strip()
    return bool(organ) and organ not in s.signature and s.signature not in organ


def congress_name(s: doc_settings.DocSettings) -> str:
    """How the body names the standing committee: the 署名 without its 办公室."""
    name = re.sub(r"(办公室|文件)$", "", s.signature.strip())
    return name or "县人大常委会"


@dataclass
class LetterOptions:
    mode: str = MODE_SINGLE
    letter_form: bool = False
    letter_date: str = ""          # 成文日期 (ISO); the batch's date when empty
    addressee: str = ""            # MODE_SINGLE: 主送机关 (the settings' when empty)
    gather: bool = True            # MODE_ALL: "…及有关部门" when more than GATHER_OVER units
    first_number: int | None = None  # the first 文号 serial the office chose; None: next free


def plan_letters(store: Store, batch_id: int, options: LetterOptions | None = None) -> list[LetterData]:
    """The letters of one batch as they will be written, each with its 文号 (nothing is stored).
    Refuses (ValidationError, Chinese) when this office's names are not filled in yet or a
    chosen 文号 is taken by another document."""
    o = options or LetterOptions()
    if o.mode not in MODES:
        raise ValidationError("交办函的生成方式应为：一份（主送机关）、一份（各牵头单位）或按牵头单位分别生成。")
    s = doc_settings.load(store)
    doc_settings.require_letter_fields(s)
    batch = _batch(store, batch_id)
    camp = store.query_one("SELECT name, year FROM campaigns WHERE id = ?", (batch.campaign_id,))
    if camp is None:
        raise ValidationError("监督专题不存在或已被删除。")
    rows = _rows(store, batch_id)
    if not rows:
        raise ValidationError("该交办批次中没有问题，无法生成交办函。")
    problems = [LetterProblem(
        number=r["number"], description=r["description"], legal_basis=r["legal_basis"],
        lead_unit=r["lead_unit"] or "", lead_label=r["lead_short"] or r["lead_unit"] or "",
        cooperating=[c for c in (r["cooperating"] or "").split("、") if c], supervisor=r["supervisor"] or "",
        deadline=r["item_deadline"] or r["problem_deadline"] or "", kind=r["kind"], requirement=r["suggestion"],
        source=r["source"]) for r in rows]
    above = is_from_above(batch, s)
    # a batch received from above is handed on later than the upper organ's date
    letter_date = o.letter_date or (date.today().isoformat() if above else batch.handover_date)
    supervisors = sorted({p.supervisor for p in problems if p.supervisor})
    congress = congress_name(s)
    groups: list[tuple[str, str, list[LetterProblem]]] = []   # (addressee, scope, problems)
    if o.mode == MODE_UNITS:
        for unit in batch_lead_units(store, batch_id):
            groups.append((unit.name, unit.name, [p for p in problems if p.lead_unit == unit.name]))
        orphans = [p for p in problems if not p.lead_unit]
        if orphans:
            groups.append(("有关单位", "未指定牵头单位", orphans))
    elif o.mode == MODE_ALL:
        groups.append((addressee_line(batch_lead_units(store, batch_id), o.gather), "", problems))
    else:
        groups.append((o.addressee.strip() or s.main_recipient, "", problems))
    year = int(letter_date[:4])
    keys = [LetterKey(batch_id, to, scope) for to, scope, _ in groups]
    own = doc_numbers.parts(batch.doc_number)
    serials = doc_numbers.allocate(store, s.doc_prefix, year, keys, first=o.first_number,
                                   own={batch_id: own[2]} if own and not above and own[1] == year else None)
    letters = []
    for (to, scope, items), serial in zip(groups, serials, strict=True):
        sups = sorted({p.supervisor for p in items if p.supervisor}) or supervisors
        letters.append(LetterData(
            organ=s.organ, doc_number=doc_numbers.compose(s.doc_prefix, year, serial), addressee=to,
            campaign=cjk_spaces(camp["name"]), year=camp["year"], occasion=batch.occasion,
            handover_date=batch.handover_date, problems=items, signature=s.signature, date=letter_date, cc=s.cc,
            issuer=s.issuer, contact=s.contact, report_day=s.report_day, congress=congress,
            supervisor_office=sups[0] if len(sups) == 1 else f"{congress}有关工作委员会",
            letter_form=o.letter_form, for_unit=scope if o.mode == MODE_UNITS else "",
            upper_organ=(batch.organ or "上级人大常委会") if above else "",
            upper_number=batch.doc_number if above else ""))
    return letters


def letter_key(batch_id: int, letter: LetterData) -> LetterKey:
    return LetterKey(batch_id, letter.addressee, letter.for_unit)


def issue_letter(store: Store, batch_id: int, letter: LetterData, path: str | os.PathLike) -> list[str]:
    """Write one planned letter and register its 文号 (the file is removed when the register
    refuses it, e.g. another window took the number meanwhile). Returns the font warnings."""
    p = doc_numbers.parts(letter.doc_number)
    if p is None:
        raise ValidationError(f"文号“{letter.doc_number}”的格式不对，应为“机关代字〔年份〕序号号”。")
    key = letter_key(batch_id, letter)
    uses = doc_numbers.other_uses(store, p[0], p[1], key)
    if p[2] in uses:
        raise ValidationError(doc_numbers.taken_message(letter.doc_number, uses[p[2]]))
    warnings = write_letter(letter, path)
    try:
        doc_numbers.record(store, p[0], p[1], p[2], title=letter.title, key=key, issued_on=letter.date)
    except BaseException:
        Path(path).unlink(missing_ok=True)   # a letter whose 文号 was not registered is not left behind
        raise
    return warnings
