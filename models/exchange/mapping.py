"""Which sheet column holds which field: header synonyms, header-row detection, remembered choices.

A mapping is a list with one field key (or "" for 不导入) per sheet column. The choice a user
confirms is remembered in the settings table under a signature of the header texts, so the
next sheet with the same header is mapped the same way without asking.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache

from models.exchange.reader import SheetTable, cell_text
from models.store import Store

IGNORE = ""


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    synonyms: tuple[str, ...]


# Order = order of the combo box; the first synonym is the canonical label.
TARGETS: tuple[Target, ...] = (
    Target("seq", "序号", ("序号", "序", "编排号")),
    Target("number", "编号", ("编号", "问题编号", "清单编号")),
    Target("source", "问题来源", ("问题来源", "来源", "发现方式")),
    Target("category", "问题类别", ("问题类别", "类别", "问题分类", "问题类型", "所属领域")),
    Target("place", "地点", ("地点", "问题地点", "所在地", "具体地点", "点位", "所在地点")),
    Target("description", "问题描述", ("问题描述", "存在问题", "问题内容", "主要问题", "具体问题",
                                      "问题表现", "存在的问题", "问题")),
    Target("suggestion", "意见建议", ("意见建议", "意见和建议", "整改建议", "建议", "意见")),
    Target("legal_basis", "法条依据", ("法条依据", "法律依据", "法规依据", "政策依据", "依据")),
    Target("lead_unit", "牵头单位", ("牵头单位", "责任单位", "整改主体", "承办单位", "责任部门",
                                     "牵头部门", "整改单位", "主办单位")),
    Target("cooperating_units", "配合单位", ("配合单位", "协办单位", "配合部门", "协同单位")),
    Target("supervisor_unit", "督办部门", ("督办部门", "督办单位", "对口联系部门", "督办")),
    Target("kind", "整改类型", ("整改类型", "整改类别", "整改方式")),
    Target("deadline", "整改时限", ("整改时限", "完成时限", "办理时限", "整改期限", "完成时间", "时限")),
    Target("measures", "整改措施", ("整改措施", "措施")),
    Target("progress_text", "整改进展", ("整改进展", "进展情况", "整改情况", "进展", "完成情况")),
    Target("percent", "完成百分比", ("完成百分比", "完成进度", "完成比例", "进度")),
    Target("status", "整改状态", ("整改状态", "状态", "办理状态", "是否整改")),
    Target("notes", "备注", ("备注", "说明")),
)
TARGET_BY_KEY = {t.key: t for t in TARGETS}
_ALL_SYNONYMS = frozenset(syn for t in TARGETS for syn in t.synonyms)
LABELS = {t.key: t.label for t in TARGETS}
_SETTING = "import_mapping/"
_PAREN = re.compile(r"[（(][^）)]*[）)]")


def clean_header(text: object) -> str:
    """Header text for matching: no spaces or line breaks, no (说明) in brackets, no * or colon."""
    s = cell_text(text)
    s = _PAREN.sub("", s)
    return re.sub(r"[\s*＊:：]+", "", s)


def is_exact_header(text: object) -> bool:
    """Asked for every cell of every row (a header repeated on each printed page): long texts are
    never headers, and the short ones repeat (units, dates), so answers are cached."""
    if isinstance(text, str):
        return len(text) <= 24 and _exact_header_text(text)
    return _exact_header_text(cell_text(text))


@lru_cache(maxsize=8192)
def _exact_header_text(text: str) -> bool:
    return clean_header(text) in _ALL_SYNONYMS


def match_header(text: object) -> str | None:
    """The field a header names, by exact synonym first, then by the longest synonym it contains."""
    h = clean_header(text)
    if not h:
        return None
    for t in TARGETS:
        if h in t.synonyms:
            return t.key
    if len(h) > 12:  # a header is short; long text is data that happens to say 问题 or 措施
        return None
    best: tuple[int, str] | None = None
    for t in TARGETS:
        for syn in t.synonyms:
            if len(syn) >= 2 and syn in h and (best is None or len(syn) > best[0]):
                best = (len(syn), t.key)
    return best[1] if best else None


def find_header_row(table: SheetTable, scan: int = 40) -> int | None:
    """Index of the row that looks most like a header (most cells naming a field, at least 2)."""
    best, best_score = None, 1
    for r in range(min(scan, len(table.rows))):
        seen = set()
        for c in range(table.width):
            key = match_header(table.rows[r][c])
            if key:
                seen.add(key)
        if len(seen) > best_score:
            best, best_score = r, len(seen)
    return best


def headers(table: SheetTable, header_row: int) -> list[str]:
    return [cell_text(v).replace("\n", "") for v in table.rows[header_row]]


def guess_mapping(header_texts: list[str]) -> list[str]:
    """One field per column by header name; each field used once (the first column wins)."""
    out: list[str] = []
    used: set[str] = set()
    for h in header_texts:
        key = match_header(h)
        if key and key not in used:
            used.add(key)
            out.append(key)
        else:
            out.append(IGNORE)
    return out


def signature(header_texts: list[str]) -> str:
    joined = "|".join(clean_header(h) for h in header_texts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:16]


def remembered_mapping(store: Store, header_texts: list[str]) -> list[str] | None:
    raw = store.get_setting(_SETTING + signature(header_texts))
    if not raw:
        return None
    try:
        keys = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(keys, list) or len(keys) != len(header_texts):
        return None
    return [k if k in TARGET_BY_KEY else IGNORE for k in keys]


def remember_mapping(store: Store, header_texts: list[str], mapping: list[str]) -> None:
    """Store the confirmed mapping (joins the caller's transaction)."""
    store.set_setting(_SETTING + signature(header_texts), json.dumps(mapping, ensure_ascii=False))


def mapping_for(store: Store, header_texts: list[str]) -> tuple[list[str], bool]:
    """(mapping, remembered?) — the remembered one if this header was seen before, else a guess."""
    known = remembered_mapping(store, header_texts)
    return (known, True) if known else (guess_mapping(header_texts), False)


def check_mapping(mapping: list[str]) -> list[str]:
    """Chinese reasons a mapping cannot be used (a field twice, no description or lead unit)."""
    problems = []
    seen: dict[str, int] = {}
    for i, key in enumerate(mapping):
        if key and key in seen:
            problems.append(f"“{LABELS[key]}”对应了两列（第 {seen[key] + 1} 列和第 {i + 1} 列），请只保留一列。")
        seen.setdefault(key, i)
    for key in ("description", "lead_unit"):
        if key not in seen:
            problems.append(f"没有哪一列对应“{LABELS[key]}”，请在下拉框中指定。")
    return problems
