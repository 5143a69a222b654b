"""A ledger sheet as an HTML table for print preview and PDF (rendered by Qt's QTextDocument).

Takes the very ``SheetSpec`` the Excel writer gets, so paper and workbook show the same rows,
columns, order and date format. The header row is a <thead>: Qt repeats it on every page.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from html import escape

from models.documents.docx_style import CSS_FAMILIES, HEITI, SONGTI
from models.documents.xlsx_style import DATE, DATETIME, INT, PERCENT, SheetSpec, column_widths, text_width

# the documents' font lists: a named Windows font, else a Simplified Chinese one (never the Japanese
# cut Qt's fallback may take, whose glyphs the PDF text layer cannot name)
_HEI = CSS_FAMILIES[HEITI]
_SONG = CSS_FAMILIES[SONGTI]


def cell_text(value, kind: str) -> str:
    """A value as the sheet shows it: dates as 2025年6月30日, progress as 60%."""
    if value is None or value == "":
        return ""
    if kind in (DATE, DATETIME) and isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("T", " ")[:19]) if kind == DATETIME and len(value) > 10 \
                else date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, datetime):
        text = f"{value.year}年{value.month}月{value.day}日"
        return text + (f" {value:%H:%M}" if kind == DATETIME else "")
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    if kind == PERCENT and isinstance(value, (int, float)):
        return f"{value:g}%"
    return str(value)


def sheet_html(spec: SheetSpec, breaks: frozenset[int] = frozenset()) -> str:
    """One sheet: centred title, the filter line, then the table with its header in <thead>.

    ``breaks`` are data-row indexes that start a new page: the table is closed before them and
    opened again (header included) on the next page, so a row the printer would split across two
    pages moves whole to the next one (Qt's text layout splits table rows; see ui.export.printing)."""
    widths = [w + 3 for w in column_widths(spec.columns, spec.rows)]  # + cell padding
    total = sum(widths) or 1
    out = [f'<p align="center" style="font-family:{_HEI}; font-size:16pt; margin-bottom:4pt">{escape(spec.title)}</p>']
    if spec.subtitle:
        out.append(f'<p style="font-size:9pt; margin-bottom:4pt">{escape(spec.subtitle)}</p>')
    head = "".join(f'<th width="{100 * w / total:.1f}%" bgcolor="#d9e1f2" style="font-family:{_HEI}">'
                   f"{escape(col.label)}</th>" for col, w in zip(spec.columns, widths, strict=True))

    def table(page_break: bool) -> str:
        extra = " page-break-before:always;" if page_break else ""
        return ('<table width="100%" border="1" cellspacing="0" cellpadding="3" '
                f'style="border-collapse:collapse; border-color:#000; font-size:9pt;{extra}">'
                f"<thead><tr>{head}</tr></thead><tbody>")
    out.append(table(False))
    kinds = [c.kind for c in spec.columns]
    centred = {DATE, DATETIME, INT, PERCENT}
    # short values (numbers, dates, 编号) stay on one line; long text wraps
    nowrap = [kind in centred or all(text_width(str(r[i])) <= 12 for r in spec.rows if i < len(r) and r[i])
              for i, kind in enumerate(kinds)]
    for n, row in enumerate(spec.rows):
        if n and n in breaks:
            out.append("</tbody></table>" + table(True))
        strong = n in spec.strong_rows
        out.append('<tr bgcolor="#ededed">' if strong else "<tr>")
        for i, kind in enumerate(kinds):
            text = escape(cell_text(row[i] if i < len(row) else None, kind)).replace("\n", "<br/>")
            align = (' align="center"' if kind in centred else "") + (' style="white-space:nowrap"' if nowrap[i] else "")
            out.append(f"<td{align}><b>{text}</b></td>" if strong and text else f"<td{align}>{text}</td>")
        out.append("</tr>")
    if not spec.rows:
        out.append(f'<tr><td colspan="{len(kinds)}">（无数据）</td></tr>')
    out.append("</tbody></table>")
    return "".join(out)


def sheets_html(specs: Sequence[SheetSpec], breaks: frozenset[int] = frozenset()) -> str:
    """Several sheets one after another, each starting on a new page. ``breaks`` count data rows
    through all the sheets in order (as the printer finds them, table after table)."""
    parts = []
    first = 0
    for i, spec in enumerate(specs):
        style = ' style="page-break-before:always"' if i else ""
        own = frozenset(b - first for b in breaks if first <= b < first + len(spec.rows))
        parts.append(f"<div{style}>{sheet_html(spec, own)}</div>")
        first += len(spec.rows) or 1  # an empty sheet prints one （无数据） row
    return (f'<html><head><meta charset="utf-8"/></head><body style="font-family:{_SONG}">'
            + "".join(parts) + "</body></html>")
