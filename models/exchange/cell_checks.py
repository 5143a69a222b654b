"""What a sheet cell may not carry into the ledger, each with its reason in Chinese.

Excel error values (#VALUE!, #DIV/0!…), formulas the file saved without a result, text longer
than a field can sensibly hold, cells naming dozens of units, and deadlines far from the
campaign's year. The preview refuses a row for the first kinds and asks (leaves the row
unticked, with the reason) for a deadline outside the campaign year −5…+10.
"""
from __future__ import annotations

from datetime import date

from models.exchange.reader import ERROR_VALUES

MAX_DESCRIPTION = 5000
MAX_TEXT = 10000
MAX_UNIT_NAME = 60
MAX_UNITS_IN_CELL = 20
YEARS_BEFORE, YEARS_AFTER = 5, 10
LABELS = {"description": "问题描述", "lead_unit": "牵头单位", "cooperating_units": "配合单位",
          "supervisor_unit": "督办部门", "deadline": "整改时限", "source": "问题来源", "status": "整改状态",
          "category": "问题类别", "place": "地点", "suggestion": "意见建议", "legal_basis": "法条依据",
          "measures": "整改措施", "progress_text": "整改进展", "percent": "完成百分比", "notes": "备注",
          "number": "编号", "kind": "整改类型"}


def is_error_value(text: str) -> bool:
    return "#" in text[:2] and text.strip().upper() in ERROR_VALUES


def cell_problems(values: dict[str, str], formulas: set[str]) -> list[str]:
    """Reasons a row's cells cannot be imported as they are (empty when they can)."""
    if not formulas and max(map(len, values.values()), default=0) <= MAX_DESCRIPTION and \
            "#" not in "".join(values.values()):
        return []   # the common case, decided in C
    out = []
    for key, text in values.items():
        if len(text) <= MAX_DESCRIPTION and key not in formulas and "#" not in text[:2]:
            continue   # the common case, decided without any work
        label = LABELS.get(key, key)
        if is_error_value(text):
            out.append(f"{label}是 Excel 的错误值 {text.strip()}（公式算不出结果），请在表中改正后再导入")
        elif key in formulas and not text.strip():
            out.append(f"{label}是公式，文件中没有保存公式的计算结果：请在 Excel/WPS 中打开并保存一次，"
                       "或把公式改为文字后再导入")
        elif key == "description" and len(text) > MAX_DESCRIPTION:
            out.append(f"问题描述太长（{len(text)} 字，最多 {MAX_DESCRIPTION} 字），请核对是否误把多行内容放进了一格")
        elif len(text) > MAX_TEXT and key not in ("lead_unit", "cooperating_units", "supervisor_unit"):
            out.append(f"{label}太长（{len(text)} 字，最多 {MAX_TEXT} 字），请核对")
    return out


def unit_problems(label: str, names: list[str]) -> list[str]:
    if len(names) > MAX_UNITS_IN_CELL:
        return [f"{label}一格中写了 {len(names)} 个单位（最多 {MAX_UNITS_IN_CELL} 个），请核对"]
    long = [n for n in names if len(n) > MAX_UNIT_NAME]
    if long:
        return [f"{label}“{long[0][:12]}…”太长（{len(long[0])} 字），不像单位名称，请核对"]
    return []


def deadline_question(deadline: date | None, year: int) -> str:
    """A reason to ask before importing a deadline far from the campaign's year ("" when it is fine)."""
    if deadline is None or year - YEARS_BEFORE <= deadline.year <= year + YEARS_AFTER:
        return ""
    return (f"整改时限 {deadline.isoformat()} 不在本专题年份前 {YEARS_BEFORE} 年到后 {YEARS_AFTER} 年之内"
            f"（{year - YEARS_BEFORE}—{year + YEARS_AFTER} 年），请核对；确认无误请勾选导入")
