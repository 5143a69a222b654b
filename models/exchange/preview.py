"""The import preview: every row as it will be stored, with its problems in Chinese.

Nothing here writes. ``unit_names.unknown_units`` lists the unit names the database does not
know, with a suggested existing unit or unit kind; the user's answers form a ``UnitPlan``. ``build_preview``
then resolves every row (source, units, deadline words, status, percent), flags likely
duplicates of problems already in the campaign or of earlier rows, and leaves rows with errors
out. A row edited in the preview is checked again with ``revalidate``.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from models.bulk import paused_collector
from models.callbacks import ProgressCallback
from models.documents.atomic import Cancelled
from models.exchange import cell_checks
from models.exchange.cell_words import read_percent, read_source, read_status
from models.exchange.deadline_words import KIND_DATED, KIND_LONG, KIND_NOW, read_deadline
from models.exchange.dupes import DuplicateIndex
from models.exchange.rows import Extracted, SheetRow
from models.exchange.unit_names import known_units, unit_list
from models.normalize import DateError, normalize_name, to_halfwidth
from models.store import Store
from models.units import list_units
from models.vocab import SOURCES, STATUS_CLOSED, STATUS_PENDING

_HAS_YEAR = re.compile(r"\d{4}|今年|本年|明年|次年|去年")


@dataclass
class UnitPlan:
    """The user's answer for each unknown name: an existing unit id, or create with a kind."""
    match: dict[str, int] = field(default_factory=dict)
    create: dict[str, str] = field(default_factory=dict)   # name → unit kind


@dataclass
class Preview:
    campaign_id: int
    year: int
    rows: list[SheetRow]
    plan: UnitPlan
    filled_on: date | None
    default_source: str = ""
    new_categories: list[str] = field(default_factory=list)
    unit_ids: dict[str, int] = field(default_factory=dict)     # known name → id
    unit_names: dict[int, str] = field(default_factory=dict)   # id → full name, for display
    numbers: set[str] = field(default_factory=set)              # numbers used in the campaign
    deadline_year: int = 0        # the year of deadlines written without one ("6月底")
    year_from: str = ""           # where that year comes from: the sheet's words, or "" (the campaign's)
    yearless: int = 0             # rows whose deadline had no year
    index: DuplicateIndex = field(default_factory=DuplicateIndex)
    unit_memo: dict = field(default_factory=dict)   # (lead, cooperating, supervisor cells) → _Units

    def importable(self) -> list[SheetRow]:
        return [r for r in self.rows if r.include and not r.errors]

    def counts(self) -> dict[str, int]:
        c = Counter()
        for r in self.rows:
            c["rows"] += 1
            c["errors"] += bool(r.errors)
            c["duplicates"] += bool(r.duplicate_of) and not r.errors
            c["questions"] += bool(r.question) and not r.errors and not r.duplicate_of
            c["import"] += r.include and not r.errors
        return c


def start_preview(store: Store, campaign_id: int, extracted: Extracted, plan: UnitPlan,
                  default_source: str = "", deadline_year: int | None = None) -> Preview:
    year = store.scalar("SELECT year FROM campaigns WHERE id = ?", (campaign_id,)) or date.today().year
    pv = Preview(campaign_id=campaign_id, year=int(year), rows=extracted.rows, plan=plan,
                 filled_on=extracted.filled_on, default_source=default_source,
                 new_categories=list(extracted.new_categories), unit_ids=known_units(store),
                 unit_names={u.id: u.name for u in list_units(store)})
    if deadline_year:                       # the user's answer
        pv.deadline_year, pv.year_from = deadline_year, "您的选择"
    elif extracted.year_hint:               # 截至2024年… / 2024年…问题清单
        pv.deadline_year, pv.year_from = extracted.year_hint, f"表中“{extracted.year_from}”"
    else:
        pv.deadline_year = pv.year
    for r in store.query("SELECT number, description, lead_unit_id FROM problems WHERE campaign_id = ?",
                         (campaign_id,)):
        pv.numbers.add(r["number"])
        pv.index.add(r["lead_unit_id"], r["description"], f"已有问题 {r['number']}")
    return pv


@paused_collector
def build_preview(store: Store, campaign_id: int, extracted: Extracted, plan: UnitPlan, *,
                  default_source: str = "", progress: ProgressCallback | None = None,
                  cancelled: Callable[[], bool] | None = None, deadline_year: int | None = None) -> Preview:
    pv = start_preview(store, campaign_id, extracted, plan, default_source, deadline_year)
    file_numbers: set[str] = set()
    total = len(pv.rows)
    for i, row in enumerate(pv.rows):
        validate_row(pv, row, file_numbers)
        pv.yearless += bool(row.record.get("yearless"))
        if not row.errors:
            label = pv.index.check_and_add(row.record["unit_key"], row.record["description"], f"第 {row.line} 行")
            row.duplicate_of = label or ""
            row.include = not label and not row.question
        else:
            row.include = False
        if i % 500 == 0:
            if cancelled and cancelled():
                raise Cancelled()
            if progress:
                progress(i, total)
    return pv


def revalidate(pv: Preview, row: SheetRow) -> None:
    """Check a row again after the user edited it in the preview."""
    numbers = {r.record.get("number") for r in pv.rows if r is not row and r.record.get("number")}
    validate_row(pv, row, numbers)
    row.duplicate_of = ""
    if not row.errors:
        row.duplicate_of = pv.index.find(row.record["unit_key"], row.record["description"],
                                         exclude=f"第 {row.line} 行") or ""
    row.include = not row.errors and not row.duplicate_of and not row.question


def stored_unit_name(pv: Preview, written: str) -> str:
    """The unit a written name will be stored as (for the preview), or the name itself."""
    n = normalize_name(written)
    uid = pv.unit_ids.get(n) or pv.plan.match.get(n)
    return pv.unit_names.get(uid, n) if uid else n


def _unit(pv: Preview, name: str) -> tuple[object, str | None]:
    """(key for the unit, error) — key is an id, or ("new", name) for a unit to be created."""
    n = normalize_name(name)
    if n in pv.unit_ids:
        return pv.unit_ids[n], None
    if n in pv.plan.match:
        return pv.plan.match[n], None
    if n in pv.plan.create:
        return ("new", n), None
    return None, f"单位“{n}”尚未登记，请在“未登记单位”一步中新建或对应到已有单位。"


@lru_cache(maxsize=4096)
def _cached_deadline(text: str, year: int, after: date | None) -> tuple[str | None, date | None, str]:
    try:
        kind, d = read_deadline(text, year, after)
        return kind, d, ""
    except DateError as exc:
        return None, None, str(exc)


def validate_row(pv: Preview, row: SheetRow, file_numbers: set[str]) -> None:
    v = row.values
    errors: list[str] = cell_checks.cell_problems(v, row.formulas)
    warnings: list[str] = []
    rec: dict = {"line": row.line}
    rec["description"] = v.get("description", "").strip()
    if not rec["description"] and "description" in row.formulas:
        pass  # already said: a formula without its result
    elif not rec["description"]:
        errors.append("缺少问题描述")
    elif len(rec["description"]) < 4:
        errors.append("问题描述太短（至少 4 个字）")
    src_text = v.get("source", "") or pv.default_source
    rec["source"] = read_source(src_text) if src_text else None
    if not src_text:
        errors.append("缺少问题来源（可在“对应列”一步中设定默认来源）")
    elif rec["source"] is None:
        errors.append(f"问题来源“{src_text}”无法识别，应为：{'、'.join(SOURCES)}")
    units = _units_part(pv, v.get("lead_unit", ""), v.get("cooperating_units", ""), v.get("supervisor_unit", ""))
    if units.refused:   # not units at all: say so once, and do not list hundreds of "尚未登记"
        row.record, row.errors, row.warnings, row.question = {"line": row.line, **rec}, errors + units.refused, [], ""
        return
    errors += [e for e in units.errors if e not in errors]
    warnings += units.warnings
    rec["lead_unit"], rec["cooperating_units"] = units.lead, list(units.cooperating)
    rec["supervisor_unit"], rec["unit_key"] = units.supervisor, units.key
    _deadline(pv, v, rec, errors)
    status = read_status(v.get("status", ""))
    if status is None:
        errors.append(f"状态“{v.get('status')}”无法识别（可写 整改中、持续整改、已完成、已销号、转下年度 或留空）")
    rec["status"] = status or STATUS_PENDING
    percent = read_percent(v.get("percent", ""))
    if percent is None and v.get("percent", "").strip():
        errors.append(f"完成百分比“{v.get('percent')}”应为 0 到 100 之间的数")
    if percent is None:
        percent = read_percent(v.get("progress_text", "")) or 0
    rec["progress"] = 100 if rec["status"] == STATUS_CLOSED and not percent else percent
    number = re.sub(r"\s+", "", to_halfwidth(v.get("number", "")))
    if number and (number in pv.numbers or number in file_numbers):
        errors.append(f"编号“{number}”已被使用")
    if number:
        file_numbers.add(number)
    rec["number"] = number
    for key in ("place", "suggestion", "legal_basis", "notes", "measures", "progress_text"):
        rec[key] = v.get(key, "").strip()  # cells arrive cleaned by reader.cell_text (edits too)
    category = v.get("category", "").replace("\n", " ").strip()
    rec["category"] = category or row.category or "其他"
    row.record, row.errors, row.warnings, row.question = rec, errors, warnings, rec.pop("question", "")


@dataclass(frozen=True)
class _Units:
    """What a row's three unit cells say, resolved against the preview's units (rows repeat them)."""
    refused: list[str]
    errors: list[str]
    warnings: list[str]
    lead: str = ""
    cooperating: tuple[str, ...] = ()
    supervisor: str = ""
    key: object = None


def _units_part(pv: Preview, lead_text: str, coop_text: str, supervisor_text: str) -> _Units:
    memo_key = (lead_text, coop_text, supervisor_text)
    known = pv.unit_memo.get(memo_key)
    if known is None:
        known = pv.unit_memo[memo_key] = _resolve_units(pv, lead_text, coop_text, supervisor_text)
    return known


def _resolve_units(pv: Preview, lead_text: str, coop_text: str, supervisor_text: str) -> _Units:
    leads, coops = list(unit_list(lead_text)), list(unit_list(coop_text))
    refused = cell_checks.unit_problems("牵头单位", leads) + cell_checks.unit_problems("配合单位", coops) + \
        cell_checks.unit_problems("督办部门", list(unit_list(supervisor_text)))
    if refused:
        return _Units(refused, [], [])
    errors: list[str] = []
    warnings: list[str] = []
    if not leads:
        errors.append("缺少牵头单位")
    elif len(leads) > 1:
        warnings.append(f"牵头单位写了 {len(leads)} 个，第一个“{leads[0]}”作牵头单位，其余作配合单位")
        coops = leads[1:] + coops
    lead = leads[0] if leads else ""
    supervisor = normalize_name(supervisor_text)
    key = None
    for name in ([lead] if lead else []) + coops + ([supervisor] if supervisor else []):
        unit_key, err = _unit(pv, name)
        if err and err not in errors:
            errors.append(err)
        if name == lead and key is None:
            key = unit_key
    return _Units([], errors, warnings, lead, tuple(coops), supervisor, key)


def _deadline(pv: Preview, v: dict, rec: dict, errors: list[str]) -> None:
    kind, deadline = None, None
    text = v.get("deadline", "")
    kind, deadline, problem = _cached_deadline(text, pv.deadline_year or pv.year, pv.filled_on)
    rec["yearless"] = bool(deadline) and kind == KIND_DATED and not _HAS_YEAR.search(to_halfwidth(text))
    if problem:
        errors.append(problem)
        text = "?"
    kind_text = v.get("kind", "")
    if kind_text:
        if "立" in kind_text:
            kind = KIND_NOW
        elif "长期" in kind_text or "持续" in kind_text:
            kind = KIND_LONG
        elif "限期" in kind_text:
            kind = KIND_DATED
        else:
            errors.append(f"整改类型“{kind_text}”无法识别（立行立改、限期整改 或 长期整改）")
    if kind is None and not text:
        errors.append("缺少整改时限（可填日期、6月底、年底前、立行立改 或 长期坚持）")
    if kind == KIND_DATED and deadline is None and text != "?" and "缺少整改时限" not in "".join(errors):
        errors.append("限期整改须填写整改时限")
    rec["kind"] = kind or KIND_DATED
    rec["deadline"] = deadline.isoformat() if deadline else ""
    rec["question"] = cell_checks.deadline_question(deadline, pv.year)
