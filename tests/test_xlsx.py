"""Excel ledgers read back with openpyxl: print setup, dates, no formulas, filters, row counts."""
from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from models import ledger
from models.documents import export_data, table_html, xlsx_ledgers
from models.documents.atomic import Cancelled
from models.documents.export_data import LedgerView
from models.documents.xlsx_style import DATE, SheetColumn, SheetSpec, text_width, write_workbook
from models.ledger import LedgerFilter
from models.workflow import dispatch, overview
from tests.export_data_helpers import TODAY, fill

CHECKER = Path(__file__).resolve().parents[2] / "shared" / "tools" / "xlsx_check.py"   # beside the checkout


@pytest.fixture
def cid(store):
    return fill(store)


def values(ws, row: int) -> list:
    return [c.value for c in ws[row]]


def assert_prints_right(path: Path) -> None:
    """The shared checker, when present, agrees that every sheet prints right."""
    if not CHECKER.exists():
        return
    out = subprocess.run([sys.executable, str(CHECKER), str(path)], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr


def test_problem_list_is_print_ready(store, cid, tmp_path):
    path = tmp_path / "问题清单.xlsx"
    xlsx_ledgers.write_problem_list(path, export_data.problem_list(store, LedgerView(LedgerFilter(campaign_id=cid)),
                                                                   today=TODAY))
    ws = load_workbook(path).active
    last = ws.cell(3, ws.max_column).column_letter
    assert "问题清单" in ws["A1"].value and "积极应对人口老龄化" in ws["A1"].value
    assert f"A1:{last}1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A2"].value.startswith("筛选：全部") and "共 64 条" in ws["A2"].value
    ps = ws.page_setup
    assert (int(ps.paperSize), ps.orientation, int(ps.fitToWidth), int(ps.fitToHeight)) == (9, "landscape", 1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$3:$3"
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert ws.freeze_panes == "A4"
    assert ws.auto_filter.ref == f"A3:{last}{3 + 64}"
    header = values(ws, 3)
    assert header[0] == "序号" and header[1:] == [c.label for c in ledger.COLUMNS if c.visible]
    body = ws[4]
    assert all(c.border.left.style == "thin" and c.border.bottom.style == "thin" for c in body)
    desc = header.index("问题描述")
    assert body[desc].alignment.wrap_text
    # CJK-aware widths: the description column is the widest; 状态 stays narrow
    widths = {h: ws.column_dimensions[ws.cell(3, i + 1).column_letter].width for i, h in enumerate(header)}
    assert widths["问题描述"] > widths["牵头单位"] > widths["状态"]
    # dates are real date cells in a Chinese format; texts like 长期 stay text
    dl = header.index("整改时限")
    dates = [r[dl] for r in ws.iter_rows(min_row=4) if r[dl].value is not None]
    assert dates and all(isinstance(c.value, (date, datetime)) and "年" in c.number_format for c in dates)
    assert_prints_right(path)


def test_export_respects_filter_columns_and_sort(store, cid, tmp_path):
    flt = LedgerFilter(campaign_id=cid, search="老年", statuses=("整改中", "已销号"))
    view = LedgerView(flt, columns=("description", "number", "status", "deadline"), sort_key="number",
                      descending=True)
    path = tmp_path / "筛选.xlsx"
    xlsx_ledgers.write_problem_list(path, export_data.problem_list(store, view))
    ws = load_workbook(path).active
    assert values(ws, 3) == ["序号", "问题描述", "编号", "状态", "整改时限"]
    expected_ids = ledger.query_ids(store, flt, "number", True)
    rows = ledger.fetch_rows(store, expected_ids, ("number",))
    assert 0 < len(expected_ids) < 64
    assert [r[2].value for r in ws.iter_rows(min_row=4)] == [rows[i]["number"] for i in expected_ids]
    assert {r[3].value for r in ws.iter_rows(min_row=4)} <= {"整改中", "已销号"}
    assert "搜索“老年”" in ws["A2"].value and "状态 整改中、已销号" in ws["A2"].value


def test_selected_rows_keep_screen_order(store, cid, tmp_path):
    ids = ledger.query_ids(store, LedgerFilter(campaign_id=cid))[:5][::-1]
    path = tmp_path / "所选.xlsx"
    xlsx_ledgers.write_problem_list(path, export_data.problem_list(
        store, LedgerView(LedgerFilter(campaign_id=cid), columns=("number",), ids=ids)))
    ws = load_workbook(path).active
    numbers = ledger.fetch_rows(store, ids, ("number",))
    assert [r[1].value for r in ws.iter_rows(min_row=4)] == [numbers[i]["number"] for i in ids]
    assert "选定的 5 个问题" in ws["A2"].value


def test_formula_injection_is_blocked(tmp_path):
    tricky = ["=SUM(A1)", "+1", "-2", "@x", "=HYPERLINK(\"http://evil\")", "\t=1"]
    spec = SheetSpec("测试", "注入测试", [SheetColumn("t", "文本"), SheetColumn("d", "日期", DATE)],
                     [[t, "2025-01-02"] for t in tricky])
    path = tmp_path / "注入.xlsx"
    write_workbook(path, [spec])
    ws = load_workbook(path).active
    assert [r[0].value for r in ws.iter_rows(min_row=3)] == tricky
    cells = [c for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert all(c.data_type == "s" for r in ws.iter_rows(min_row=3) for c in r[:1])
    assert_prints_right(path)


def test_formula_like_user_text_through_the_ledger(store, cid, tmp_path):
    path = tmp_path / "台账.xlsx"
    xlsx_ledgers.write_rectification(path, export_data.rectification(store, cid))
    ws = load_workbook(path).active
    cells = [c for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert any(isinstance(c.value, str) and c.value.startswith("=HYPERLINK") for c in cells)


def test_rectification_has_every_report_under_its_problem(store, cid, tmp_path):
    data = export_data.rectification(store, cid)
    path = tmp_path / "整改台账.xlsx"
    xlsx_ledgers.write_rectification(path, data)
    ws = load_workbook(path).active
    problems = store.scalar("SELECT COUNT(*) FROM problems WHERE campaign_id = ?", (cid,))
    reports = store.scalar("SELECT COUNT(*) FROM progress_reports r JOIN problems p ON p.id = r.problem_id "
                           "WHERE p.campaign_id = ?", (cid,))
    body = list(ws.iter_rows(min_row=4))
    assert reports >= 25 and len(body) == problems + reports  # the fixture's 25 plus the demo's own reports
    current = None
    for row in body:
        if row[0].value is not None:            # a problem row: 序号, bold
            current = row[1].value
            assert row[0].font.b
        else:                                   # a report row: its problem's number, a report date
            assert row[1].value == current and isinstance(row[6].value, datetime)
    assert_prints_right(path)


def test_closed_dispatch_and_statistics_agree_with_the_pages(store, cid, tmp_path):
    closed = tmp_path / "销号清单.xlsx"
    xlsx_ledgers.write_closed_list(closed, export_data.closed_list(store, cid))
    ws = load_workbook(closed).active
    done = store.scalar("SELECT COUNT(*) FROM problems WHERE campaign_id = ? AND status = '已销号'", (cid,))
    assert ws.max_row - 3 == done
    checked = [r for r in ws.iter_rows(min_row=4) if r[6].value == "张三"]
    assert len(checked) == 1 and "同意销号" in checked[0][8].value

    month = tmp_path / "月调度表.xlsx"
    xlsx_ledgers.write_dispatch(month, export_data.dispatch(store, cid, 2025, 8, today=TODAY))
    wb = load_workbook(month)
    view = dispatch.month_view(store, cid, 2025, 8, today=TODAY)
    ws = wb["月调度表"]
    assert "2025年8月" in ws["A1"].value and ws.max_row - 3 == len(view.rows)
    marks = [r[10].value for r in ws.iter_rows(min_row=4)]
    assert marks.count(dispatch.MARK_NOT_REPORTED) == len(view.not_reported_rows)
    assert wb["单位排名"].max_row - 3 == len(view.ranking)
    assert_prints_right(month)

    stats = tmp_path / "统计.xlsx"
    xlsx_ledgers.write_statistics(stats, export_data.statistics(store, cid, today=TODAY))
    wb = load_workbook(stats)
    ov = overview.compute(store, cid, today=TODAY)
    figures = {r[0].value: r[1].value for r in wb["统计"].iter_rows(min_row=4)}
    assert figures["问题总数"] == ov.value("total") == 64
    assert figures["已销号"] == ov.value("done") and figures["已交办"] == ov.value("handed_over")
    assert ov.rate.percent_text() in figures["整改率（已销号/已交办）"]
    units = {r[0].value: r[1].value for r in wb["按牵头单位"].iter_rows(min_row=4)}
    assert units == {g.label: g.value("total") for g in ov.by_unit} | {"合计": ov.value("total")}   # as on screen
    assert wb.sheetnames == ["统计", "按牵头单位", "按问题类别", "按问题来源"]
    assert_prints_right(stats)


def test_cancel_writes_nothing_and_keeps_the_old_file(store, cid, tmp_path):
    out = tmp_path / "导出"
    out.mkdir()
    target = out / "整改台账.xlsx"
    target.write_bytes(b"old content")
    data = export_data.rectification(store, cid)
    calls = []

    def progress(done, total):
        calls.append(done)
        return len(calls) < 2          # cancel at the second report

    with pytest.raises(Cancelled):
        xlsx_ledgers.write_rectification(target, data, progress)
    assert target.read_bytes() == b"old content"
    fresh = out / "新文件.xlsx"
    with pytest.raises(Cancelled):
        xlsx_ledgers.write_rectification(fresh, data, lambda d, t: False)
    assert sorted(p.name for p in out.iterdir()) == ["整改台账.xlsx"]


def test_cjk_width_and_html_twin(store, cid):
    assert text_width("养老abc") == 7 and text_width("２８９个") == 8 and text_width("ab\n养老院") == 6
    spec = xlsx_ledgers.problem_list_spec(export_data.problem_list(store, LedgerView(LedgerFilter(campaign_id=cid))))
    html = table_html.sheets_html([spec])
    assert html.count("<thead>") == 1 and html.count("<th ") == len(spec.columns)
    assert html.count("<tr") == len(spec.rows) + 1
    assert "年" in table_html.cell_text("2025-06-30", DATE) and table_html.cell_text("长期坚持", DATE) == "长期坚持"


def test_plain_append_path_writes_the_same_cells(store, cid, tmp_path, monkeypatch):
    """If openpyxl's internals change, the writer falls back to append with the same result."""
    from models.documents import xlsx_style

    data = export_data.rectification(store, cid)
    fast, slow = tmp_path / "fast.xlsx", tmp_path / "slow.xlsx"
    xlsx_ledgers.write_rectification(fast, data)
    monkeypatch.setattr(xlsx_style, "_FAST_STREAM", False)
    xlsx_ledgers.write_rectification(slow, data)

    def cells(path):
        ws = load_workbook(path).active
        return [(c.coordinate, c.value, c.data_type, c.number_format, c.font.b, c.border.left.style)
                for row in ws.iter_rows() for c in row], ws.print_title_rows, ws.freeze_panes

    assert cells(fast) == cells(slow)
