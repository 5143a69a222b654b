"""Units' replies (反馈表): export a workbook per lead unit, read the filled one back as reports.

Each exported row carries a hidden 校验码 ``<problem id>-<hash of campaign, id and number>``.
On import a row is matched ONLY through that key: a row whose key is missing, malformed or no
longer fits its problem (deleted, renumbered, moved) is shown as unmatched, never guessed from
the number or text. Each matched row becomes a progress report through the workflow's
``add_report`` (so its percent/申请销号 rules apply); a hash of key + the filled cells is kept,
so importing the same reply again adds nothing.
"""
from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from models.documents.atomic import atomic_path
from models.documents.output import Written, file_name, write_each
from models.documents.xlsx_style import DATE, INT, TEXT, SheetColumn, SheetSpec, write_workbook
from models.exchange.cell_words import read_percent
from models.exchange.reader import WorkbookError, cell_text, check_file, read_sheet
from models.normalize import DateError, normalize_text, parse_date
from models.safety.backup import REASON_IMPORT, backup_before
from models.store import Store, ValidationError, now_text
from models.workflow import progress as reports
from models.workflow import rules

KEY_LABEL = "校验码"
FILL_COLUMNS = ("整改措施", "整改进展", "完成百分比", "是否申请销号", "填报日期")
COLUMNS = (
    SheetColumn("seq", "序号", INT, 6), SheetColumn("number", "编号", TEXT, 12),
    SheetColumn("description", "问题描述", TEXT, 46), SheetColumn("deadline", "整改时限", DATE),
    SheetColumn("progress", "当前进度", TEXT, 8),
    SheetColumn("measures", "整改措施", TEXT, 30, 20), SheetColumn("result", "整改进展", TEXT, 30, 20),
    SheetColumn("percent", "完成百分比", INT, 8), SheetColumn("closing", "是否申请销号", TEXT, 8),
    SheetColumn("report_date", "填报日期", DATE, 14, 12), SheetColumn("key", KEY_LABEL, TEXT, 16),
)
_KEY_RE = re.compile(r"(\d{1,12})-([0-9a-f]{10})", re.ASCII)
_UNIT_LINE = re.compile(r"填报单位[:：]\s*(\S+)")
_YES = ("是", "申请", "y", "yes", "√", "✓", "1", "true")


def row_key(campaign_id: int, problem_id: int, number: str) -> str:
    digest = hashlib.sha1(f"{campaign_id}|{problem_id}|{number}".encode()).hexdigest()[:10]
    return f"{problem_id}-{digest}"


def open_problems(store: Store, campaign_id: int, unit_id: int) -> list[dict]:
    marks = ", ".join("?" * len(rules.UNDER_RECTIFICATION))
    return store.query(f"SELECT id, number, description, deadline, progress FROM problems "
                       f"WHERE campaign_id = ? AND lead_unit_id = ? AND status IN ({marks}) ORDER BY number",
                       (campaign_id, unit_id, *rules.UNDER_RECTIFICATION))


def units_with_open_problems(store: Store, campaign_id: int) -> list[dict]:
    """Lead units that have problems a reply can be asked for, with their counts."""
    marks = ", ".join("?" * len(rules.UNDER_RECTIFICATION))
    return store.query(f"SELECT u.id, u.name, COUNT(*) AS n FROM problems p JOIN units u ON u.id = p.lead_unit_id "
                       f"WHERE p.campaign_id = ? AND p.status IN ({marks}) GROUP BY u.id ORDER BY u.name",
                       (campaign_id, *rules.UNDER_RECTIFICATION))


def export_reply(store: Store, campaign_id: int, unit_id: int, path: str | Path) -> int:
    """Write the reply workbook of one lead unit; returns how many problems it lists."""
    from openpyxl import load_workbook
    from openpyxl.styles import PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    camp = store.query_one("SELECT name, year FROM campaigns WHERE id = ?", (campaign_id,))
    unit = store.scalar("SELECT name FROM units WHERE id = ?", (unit_id,))
    if camp is None or unit is None:
        raise ValidationError("找不到该监督专题或单位。")
    problems = open_problems(store, campaign_id, unit_id)
    if not problems:
        raise ValidationError(f"“{unit}”目前没有需要反馈的问题（整改中或申请销号的问题）。")
    rows = [[i, p["number"], p["description"], date.fromisoformat(p["deadline"]) if p["deadline"] else None,
             f"{p['progress']}%", None, None, None, None, None, row_key(campaign_id, p["id"], p["number"])]
            for i, p in enumerate(problems, 1)]
    spec = SheetSpec(name="反馈表", title=f"{camp['year']}年{camp['name']}整改进展反馈表", columns=COLUMNS,
                     rows=rows, subtitle=f"填报单位：{unit}　　请只在浅黄色的列中填写，不要增删行或修改其他列。",
                     continue_long=False)  # one row per problem: the rows are read back by their key
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "plain.xlsx"
        write_workbook(plain, [spec])
        wb = load_workbook(plain)
    ws = wb.active
    head = spec.header_row
    first, last = head + 1, head + len(rows)
    fill = PatternFill("solid", fgColor="FFF8D6")
    fill_cols = [i + 1 for i, c in enumerate(COLUMNS) if c.label in FILL_COLUMNS]
    for r in range(first, last + 1):
        for c in fill_cols:
            cell = ws.cell(r, c)
            cell.protection = Protection(locked=False)
            cell.fill = fill
    letter = {c.key: ws.cell(head, i + 1).column_letter for i, c in enumerate(COLUMNS)}
    ws.column_dimensions[letter["key"]].hidden = True
    yes_no = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
    pct = DataValidation(type="whole", operator="between", formula1="0", formula2="100", allow_blank=True,
                         error="完成百分比应为 0 到 100 之间的整数。", showErrorMessage=True)
    when = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True,
                          error="请填写日期，如 2024-06-30。", showErrorMessage=True)
    for dv, key in ((yes_no, "closing"), (pct, "percent"), (when, "report_date")):
        dv.add(f"{letter[key]}{first}:{letter[key]}{last}")
        ws.add_data_validation(dv)
    # protected without a password: stops accidental edits of the key and texts, not a person
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.formatCells = False
    with atomic_path(path) as out:
        wb.save(out)
    return len(rows)


def export_all(store: Store, campaign_id: int, folder: str | Path) -> list[Path]:
    """One reply workbook per lead unit with open problems, named 反馈表-<unit>.xlsx (those written)."""
    return write_replies(store, campaign_id, [(u["id"], u["name"]) for u in units_with_open_problems(store, campaign_id)],
                         folder).paths


def write_replies(store: Store, campaign_id: int, units: list[tuple[int, str]], folder: str | Path) -> Written:
    """反馈表-<unit>.xlsx for each (unit id, name); a file that cannot be written is reported with
    its reason and never stops the others (names capped by bytes: a 186-character unit name fits)."""
    folder = Path(folder)
    return write_each((folder / file_name(f"反馈表-{name}", ".xlsx"),
                       lambda path, uid=uid: export_reply(store, campaign_id, uid, path)) for uid, name in units)


@dataclass
class ReplyRow:
    line: int
    number: str
    key: str
    measures: str
    result: str
    percent_text: str
    closing_text: str
    date_text: str
    state: str = "new"           # new / duplicate (imported before) / repeat (twice in this file) / unmatched / error
    message: str = ""
    problem_id: int | None = None
    content_hash: str = ""

    @property
    def importable(self) -> bool:
        return self.state == "new"


def _find_header(ws_rows: list[list]) -> tuple[int, dict[str, int]]:
    for r, row in enumerate(ws_rows[:20]):
        labels: dict[str, int] = {}
        for i, v in enumerate(row):
            labels.setdefault(cell_text(v).replace("\n", ""), i)
        if KEY_LABEL in labels and "整改措施" in labels:
            return r, labels
    raise WorkbookError("这不是本程序导出的反馈表：找不到“校验码”和“整改措施”列。"
                        "请使用“导出反馈表”生成的文件，填写后再导入。")


def _file_unit(store: Store, ws_rows: list[list], head: int) -> dict | None:
    """The unit the reply was exported for, from its 填报单位 line (None when the line is gone)."""
    for row in ws_rows[:head]:
        for v in row:
            m = _UNIT_LINE.search(cell_text(v))
            if m:
                return store.query_one("SELECT id, name FROM units WHERE name = ?", (m.group(1),))
    return None


def read_reply(store: Store, campaign_id: int, path: str | Path, progress=None) -> list[ReplyRow]:
    """Every filled row of a reply workbook with what importing it would do. The read is bounded
    (see workbook_guard); every failure is a WorkbookError with one Chinese sentence."""
    if check_file(path) != "xlsx":
        raise WorkbookError("反馈表应为 .xlsx 文件（请使用导出的文件填写，另存时保持 .xlsx 格式）。")
    ws_rows = read_sheet(path, None, progress).rows
    head, labels = _find_header(ws_rows)
    unit = _file_unit(store, ws_rows, head)

    def get(row: list, label: str) -> str:
        i = labels.get(label)
        return cell_text(row[i]) if i is not None and i < len(row) else ""

    out: list[ReplyRow] = []
    seen: dict[tuple[int, str], int] = {}
    for r in range(head + 1, len(ws_rows)):
        row = ws_rows[r]
        rr = ReplyRow(line=r + 1, number=get(row, "编号")[:40], key=get(row, KEY_LABEL).strip()[:80],
                      measures=normalize_text(get(row, "整改措施")), result=normalize_text(get(row, "整改进展")),
                      percent_text=get(row, "完成百分比")[:40], closing_text=get(row, "是否申请销号")[:40],
                      date_text=get(row, "填报日期")[:40])
        if not any((rr.measures, rr.result, rr.percent_text, rr.closing_text, rr.date_text)):
            continue  # the unit did not answer this one
        _check(store, campaign_id, rr, seen, unit)
        out.append(rr)
    return out


def _check(store: Store, campaign_id: int, rr: ReplyRow, seen: dict, unit: dict | None) -> None:
    if not rr.key:
        rr.state, rr.message = "unmatched", "缺少校验码，无法确定是哪个问题（未按编号猜测）"
        return
    m = _KEY_RE.fullmatch(rr.key)
    p = store.query_one("SELECT p.id, p.campaign_id, p.number, p.status, p.lead_unit_id, u.name AS unit "
                        "FROM problems p LEFT JOIN units u ON u.id = p.lead_unit_id WHERE p.id = ?",
                        (int(m.group(1)),)) if m else None
    if m is None:
        rr.state, rr.message = "unmatched", "校验码格式不对（可能被改动过），无法确定是哪个问题"
        return
    if p is None:
        rr.state, rr.message = "unmatched", "校验码对应的问题已不存在（可能已删除）"
        return
    if p["campaign_id"] != campaign_id or row_key(campaign_id, p["id"], p["number"]) != rr.key:
        rr.state, rr.message = "unmatched", "校验码与问题不符（问题可能已改号、移到其他专题，或该行被改动）"
        return
    if unit is not None and p["lead_unit_id"] != unit["id"]:
        rr.state = "unmatched"
        rr.message = (f"问题 {p['number']} 的牵头单位是“{p['unit']}”，不是本反馈表的填报单位“{unit['name']}”，"
                      "不能代为填报；请让牵头单位用自己的反馈表填写")
        return
    rr.problem_id = p["id"]
    fields = "|".join((rr.key, rr.date_text, rr.measures, rr.result, rr.percent_text, rr.closing_text))
    rr.content_hash = hashlib.sha1(fields.encode("utf-8")).hexdigest()
    if (p["id"], rr.content_hash) in seen:
        rr.state, rr.message = "repeat", f"本表中重复：与第 {seen[(p['id'], rr.content_hash)]} 行相同，只导入一次"
        return
    seen[(p["id"], rr.content_hash)] = rr.line
    if store.scalar("SELECT 1 FROM reply_rows WHERE problem_id = ? AND content_hash = ?", (p["id"], rr.content_hash)):
        rr.state, rr.message = "duplicate", "这一行已经导入过，不再重复添加"
        return
    problems = []
    if p["status"] not in rules.UNDER_RECTIFICATION:
        problems.append(f"问题状态为“{p['status']}”，不能再填报整改进展")
    if not rr.measures:
        problems.append("未填写整改措施")
    if rr.percent_text and read_percent(rr.percent_text) is None:
        problems.append(f"完成百分比“{rr.percent_text}”应为 0 到 100 之间的数")
    try:
        day = parse_date(rr.date_text)
    except DateError as exc:
        problems.append(str(exc))
    else:
        wrong_day = reports.report_date_problem(store, p["id"], day.isoformat()) if day else ""
        if wrong_day:
            problems.append(wrong_day)
    if problems:
        rr.state, rr.message = "error", "；".join(problems)
    else:
        rr.message = f"将为问题 {p['number']} 添加一条整改进展"
        if not rr.percent_text.strip():
            rr.message += "（完成百分比未填，进度保持不变）"


def import_reply(store: Store, campaign_id: int, path: str | Path, rows: list[ReplyRow], *,
                 backup: bool = True) -> int:
    """Add a report for every importable row, in one transaction; returns how many were added."""
    todo = [r for r in rows if r.importable]
    if not todo:
        return 0
    if backup:
        backup_before(store, REASON_IMPORT)
    today = date.today().isoformat()
    with store.transaction() as conn:
        cur = conn.execute("INSERT INTO reply_imports(campaign_id, file_name, at, user, row_count) "
                           "VALUES (?, ?, ?, ?, ?)", (campaign_id, Path(path).name, now_text(), store.user, len(todo)))
        rid = cur.lastrowid
        for r in todo:
            d = parse_date(r.date_text)
            percent = read_percent(r.percent_text) if r.percent_text.strip() else None
            if percent is None:   # left blank: the progress stays where it is
                percent = store.scalar("SELECT progress FROM problems WHERE id = ?", (r.problem_id,)) or 0
            form = reports.ReportForm(report_date=d.isoformat() if d else today,
                                      unit=reports.default_report_unit(store, r.problem_id),
                                      measures=r.measures, result=r.result, percent=percent,
                                      requests_closing=r.closing_text.strip().lower() in _YES)
            try:
                report_id = reports.add_report(store, r.problem_id, form)
            except ValidationError as exc:
                raise ValidationError(f"第 {r.line} 行（{r.number}）：{exc}（本次导入已全部取消）") from None
            conn.execute("INSERT INTO reply_rows(reply_import_id, problem_id, report_id, content_hash) "
                         "VALUES (?, ?, ?, ?)", (rid, r.problem_id, report_id, r.content_hash))
    return len(todo)
