"""The ledger workbooks: 问题清单, 整改台账, 销号清单, 月调度表, 统计. Layout only; the data comes
plain from models.documents.export_data and the page setup from models.documents.xlsx_style."""
from __future__ import annotations

import os
from collections.abc import Sequence

from models import ledger
from models.callbacks import ProgressCallback
from models.documents.atomic import no_progress
from models.documents.export_data import ClosedList, Dispatch, ProblemList, Rectification, Statistics
from models.documents.xlsx_style import (
    DATE,
    DATETIME,
    INT,
    PERCENT,
    TEXT,
    SheetColumn,
    SheetSpec,
    write_workbook,
)

# The value kind of a ledger column in a sheet (anything not listed is text).
_LEDGER_KINDS = {"deadline": DATE, "updated_at": DATETIME, "progress": PERCENT}
SERIAL = SheetColumn("serial", "序号", INT, max_width=5, min_width=4)


def ledger_sheet_column(key: str) -> SheetColumn:
    """The sheet column of a ledger column: the ledger's label, a width bound from its hint."""
    col = ledger.column(key)
    return SheetColumn(key, col.label, _LEDGER_KINDS.get(key, TEXT), max_width=max(8, col.chars * 2))


def problem_list_spec(data: ProblemList) -> SheetSpec:
    """序号 then the ledger's visible columns, in screen order."""
    rows = [[n] + [r.get(k) for k in data.keys] for n, r in enumerate(data.rows, start=1)]
    return SheetSpec("问题清单", data.title, [SERIAL] + [ledger_sheet_column(k) for k in data.keys], rows,
                     subtitle=data.subtitle)


def problem_head(description_width: int = 44) -> tuple[SheetColumn, ...]:
    """The columns every problem sheet opens with: 序号, 编号, 问题描述, 牵头单位."""
    return (SERIAL, SheetColumn("number", "编号", max_width=12),
            SheetColumn("description", "问题描述", max_width=description_width),
            SheetColumn("lead_unit", "牵头单位", max_width=16))


RECTIFICATION_COLUMNS: tuple[SheetColumn, ...] = (
    *problem_head(),
    SheetColumn("deadline", "整改时限", DATE),
    SheetColumn("status", "状态", max_width=8),
    SheetColumn("report_date", "报告日期", DATE),
    SheetColumn("report_unit", "报告单位", max_width=14),
    SheetColumn("measures", "整改措施", max_width=40),
    SheetColumn("result", "整改成效", max_width=30),
    SheetColumn("percent", "完成进度", PERCENT),
    SheetColumn("requests_closing", "申请销号", max_width=8),
)


def rectification_spec(data: Rectification) -> SheetSpec:
    """Each problem on a bold shaded row, then its reports one row each: rows = problems + reports."""
    rows: list[list] = []
    strong: set[int] = set()
    for n, item in enumerate(data.items, start=1):
        p = item.problem
        strong.add(len(rows))
        rows.append([n, p["number"], p["description"], p["lead_unit"], p["deadline"], p["status"],
                     None, None, None, None, p["progress"], None])
        for r in item.reports:
            rows.append([None, p["number"], None, None, None, None, r["report_date"], r["unit"],
                         r["measures"], r["result"], r["percent"], "是" if r["requests_closing"] else ""])
    return SheetSpec("整改台账", data.title, RECTIFICATION_COLUMNS, rows, subtitle=data.subtitle,
                     strong_rows=frozenset(strong))


CLOSED_COLUMNS: tuple[SheetColumn, ...] = (
    *problem_head(),
    SheetColumn("measures", "整改措施", max_width=36),
    SheetColumn("result", "整改成效", max_width=30),
    SheetColumn("checked_by", "核查人", max_width=10),
    SheetColumn("check_date", "核查日期", DATE),
    SheetColumn("opinion", "核查意见", max_width=30),
    SheetColumn("closed_at", "销号日期", DATE),
)


def closed_spec(data: ClosedList) -> SheetSpec:
    rows = [[n] + [r.get(c.key) for c in CLOSED_COLUMNS[1:]] for n, r in enumerate(data.rows, start=1)]
    return SheetSpec("销号清单", data.title, CLOSED_COLUMNS, rows, subtitle=data.subtitle)


DISPATCH_COLUMNS: tuple[SheetColumn, ...] = (
    *problem_head(40),
    SheetColumn("status", "状态", max_width=8),
    SheetColumn("deadline", "整改时限", DATE),
    SheetColumn("deadline_state", "时限状态", max_width=10),
    SheetColumn("progress", "完成进度", PERCENT),
    SheetColumn("report_date", "最近报告日期", DATE),
    SheetColumn("measures", "最近整改措施", max_width=36),
    SheetColumn("mark", "本月情况", max_width=10),
)
RANK_COLUMNS: tuple[SheetColumn, ...] = (
    SheetColumn("rank", "排名", INT, max_width=5),
    SheetColumn("unit", "牵头单位", max_width=20),
    SheetColumn("handed_over", "已交办", INT),
    SheetColumn("done", "已销号", INT),
    SheetColumn("rate", "整改率", max_width=8),
    SheetColumn("late", "已逾期", INT),
    SheetColumn("expected", "本月应报送", INT),
    SheetColumn("not_reported", "本月未报送", INT),
)


ORIGIN_COLUMNS: tuple[SheetColumn, ...] = (
    SheetColumn("origin", "来源机关", max_width=16),
    SheetColumn("listed", "在办问题", INT),
    SheetColumn("expected", "本月应报送", INT),
    SheetColumn("reported", "已报送", INT),
    SheetColumn("not_reported", "未报送", INT),
    SheetColumn("close_requested", "已申请销号", INT),
    SheetColumn("overdue", "已逾期", INT),
)


def dispatch_specs(data: Dispatch) -> list[SheetSpec]:
    """月调度表 (every open problem, last report, 未报送 marked) and the unit ranking; for a city
    holding its counties' problems also a 来源机关 column (rows grouped by office) and a sheet of
    per-office subtotals with the total."""
    view = data.view
    with_origin = bool(view.origins)
    columns = ((DISPATCH_COLUMNS[0], SheetColumn("origin", "来源机关", max_width=10), *DISPATCH_COLUMNS[1:])
               if with_origin else DISPATCH_COLUMNS)
    rows = []
    for n, r in enumerate(view.rows, start=1):
        last = r.last_report or {}
        rows.append([n, *([r.origin_label] if with_origin else []), r.number, r.description, r.lead_unit,
                     r.status, r.deadline, r.deadline_state, r.progress, last.get("report_date"),
                     last.get("measures"), r.mark])
    ranks = [[u.rank, u.label, u.handed_over.value, u.done.value, u.rate.percent_text(), u.late.value,
              u.expected, u.not_reported] for u in view.ranking]
    sheets = [SheetSpec("月调度表", data.title, columns, rows, subtitle=data.subtitle)]
    if with_origin:
        subtotals = view.by_origin()
        keys = ("listed", "expected", "reported", "not_reported", "close_requested", "overdue")
        table = [[s.label, *(getattr(s, k) for k in keys)] for s in subtotals]
        if len(subtotals) > 1:
            table.append(["合计", *(sum(getattr(s, k) for s in subtotals) for k in keys)])
        sheets.append(SheetSpec("按来源机关", data.title.replace("整改调度表", "各来源机关调度小计"),
                                ORIGIN_COLUMNS, table, subtitle=data.subtitle))
    sheets.append(SheetSpec("单位排名", data.rank_title, RANK_COLUMNS, ranks, subtitle=data.rank_subtitle))
    return sheets


def statistics_specs(data: Statistics) -> list[SheetSpec]:
    """统计: the overview figures, then the same figures by lead unit, category and source."""
    from models.workflow import overview

    ov = data.overview
    stamp = f"统计截至：{data.date_text}"
    totals: list[list] = [[f.label, f.value] for f in ov.figures.values()]
    totals.append(["整改率（已销号/已交办）", f"{ov.rate.percent_text()}（{ov.rate.fraction_text()}）"])
    totals.append(["上级交办问题", ov.from_above.sentence])
    head = [SheetColumn("label", "指标", max_width=24), SheetColumn("value", "数值", max_width=30)]
    sheets = [SheetSpec("统计", data.title, head, totals, subtitle=f"{ov.summary_sentence()}　　{stamp}")]
    group_cols = [SheetColumn(k, overview.FIGURES[k][0], INT) for k in overview.GROUP_FIGURES]
    tables = [("按牵头单位", "牵头单位", ov.by_unit), ("按问题类别", "问题类别", ov.by_category),
              ("按问题来源", "问题来源", ov.by_source)]
    if ov.by_origin:   # a city holding its counties' problems: each county's figures first
        tables.insert(0, ("按来源机关", "来源机关", ov.by_origin))
    for name, label, groups in tables:
        cols = [SheetColumn("label", label, max_width=20), *group_cols, SheetColumn("rate", "整改率", max_width=8)]
        rows = [[g.label, *(g.value(k) for k in overview.GROUP_FIGURES), g.rate.percent_text()] for g in groups]
        if len(groups) > 1:   # as the 总览 tables on screen: the whole campaign under its parts
            rows.append(["合计", *(ov.figures[k].value for k in overview.GROUP_FIGURES), ov.rate.percent_text()])
        sheets.append(SheetSpec(name, f"{data.title}（{name}）", cols, rows, subtitle=stamp))
    return sheets


def write_sheets(path: str | os.PathLike, specs: Sequence[SheetSpec],
                 progress: ProgressCallback = no_progress) -> None:
    """One workbook holding the given sheets (e.g. 问题清单 + 整改台账 + 统计)."""
    write_workbook(path, specs, progress)


def write_problem_list(path: str | os.PathLike, data: ProblemList, progress: ProgressCallback = no_progress) -> None:
    write_workbook(path, [problem_list_spec(data)], progress)


def write_rectification(path: str | os.PathLike, data: Rectification,
                        progress: ProgressCallback = no_progress) -> None:
    write_workbook(path, [rectification_spec(data)], progress)


def write_closed_list(path: str | os.PathLike, data: ClosedList, progress: ProgressCallback = no_progress) -> None:
    write_workbook(path, [closed_spec(data)], progress)


def write_dispatch(path: str | os.PathLike, data: Dispatch, progress: ProgressCallback = no_progress) -> None:
    write_workbook(path, dispatch_specs(data), progress)


def write_statistics(path: str | os.PathLike, data: Statistics, progress: ProgressCallback = no_progress) -> None:
    write_workbook(path, statistics_specs(data), progress)
