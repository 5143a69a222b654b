"""What the ledger's row colours mean: a table for 帮助 and a one-line key under the ledger."""
from __future__ import annotations

from models import deadlines
from ui import style
from ui.ledger.table_model import STATE_COLOURS


def _colours() -> dict[str, tuple[str, str]]:
    """State → (background, text) as #rrggbb: rich text does not know the palette's role names
    (a name such as error_background drew a black box)."""
    return {state: (style.hex_of(bg), style.hex_of(fg)) for state, (bg, fg) in STATE_COLOURS.items()}


def legend_html(warn_days: int) -> str:
    """The row colours of the ledger with what each means (the rule lives in models.deadlines)."""
    meaning = {
        deadlines.OVERDUE: "已交办、尚未销号，且已过整改时限（逾期）",
        deadlines.DUE_SOON: f"尚未销号，{warn_days} 日内到期（天数可在“工具 → 设置”中修改）",
        deadlines.PENDING_LATE: "还没有交办，但已过计划的整改时限：请尽快交办或调整时限",
    }
    label = {deadlines.DUE_SOON: f"{warn_days}日内到期"}
    rows = "".join(
        f"<tr><td style='background:{bg}; color:{fg}; padding:3px 10px'>{label.get(state, state)}</td>"
        f"<td style='padding:3px 8px'>{meaning[state]}</td></tr>"
        for state, (bg, fg) in _colours().items() if state in meaning)
    return (f"<table cellspacing='2'>{rows}<tr><td style='padding:3px 10px'>无底色</td>"
            "<td style='padding:3px 8px'>已销号、转下年度，或时限还远</td></tr></table>")


def legend_line(warn_days: int) -> str:
    """One line under the table: a coloured swatch per state."""
    label = {deadlines.DUE_SOON: f"{warn_days}日内到期"}
    return "　".join(f"<span style='background:{bg}; color:{fg}'>&nbsp;{label.get(s, s)}&nbsp;</span>"
                    for s, (bg, fg) in _colours().items())
