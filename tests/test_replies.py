"""Units' replies: export per lead unit, fill like a unit would, import as progress reports."""
from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from models.exchange import replies
from models.exchange.reader import WorkbookError
from models.problems import ProblemForm, create_problem
from models.workflow import rules
from tests.exchange_books import campaign, units


@pytest.fixture
def handed(store):
    """A campaign with three problems of 县民政局 handed over and one of 县财政局 still pending."""
    cid = campaign(store)
    mz, cz = units(store, "县民政局", "县财政局")
    ids = []
    for i, (desc, unit) in enumerate([("敬老院消防设施不达标", "县民政局"), ("幸福院大门长期上锁", "县民政局"),
                                      ("助餐点食品留样缺失", "县民政局"), ("运营补贴拨付不及时", "县财政局")], 1):
        pid = create_problem(store, ProblemForm(number=f"2024-{i:03d}", source="专题调研", description=desc,
                                                lead_unit=unit, deadline="2024-12-31"), campaign_id=cid)
        ids.append(pid)
    for pid in ids[:3]:
        rules.apply_transition(store, pid, "整改中")
    return cid, mz, cz, ids


def _fill(path, answers: dict[str, tuple]):
    """Fill the yellow columns of the rows whose 编号 is a key of ``answers``."""
    wb = load_workbook(path)
    ws = wb.active
    head = next(r for r in range(1, 6) if ws.cell(r, 1).value == "序号")
    cols = {ws.cell(head, c).value: c for c in range(1, ws.max_column + 1)}
    for r in range(head + 1, ws.max_row + 1):
        number = ws.cell(r, cols["编号"]).value
        if number in answers:
            for label, value in zip(("整改措施", "整改进展", "完成百分比", "是否申请销号", "填报日期"),
                                    answers[number], strict=True):
                ws.cell(r, cols[label]).value = value
    wb.save(path)
    return ws, cols, head


def test_export_lists_open_problems_with_hidden_key(store, handed, tmp_path):
    cid, mz, _, ids = handed
    path = tmp_path / "反馈表.xlsx"
    assert replies.export_reply(store, cid, mz, path) == 3
    ws = load_workbook(path).active
    head = next(r for r in range(1, 6) if ws.cell(r, 1).value == "序号")
    labels = [ws.cell(head, c).value for c in range(1, ws.max_column + 1)]
    assert labels[-6:] == ["整改措施", "整改进展", "完成百分比", "是否申请销号", "填报日期", "校验码"]
    key_col = ws.cell(head, len(labels)).column_letter
    assert ws.column_dimensions[key_col].hidden
    assert ws.protection.sheet
    assert not ws.cell(head + 1, labels.index("整改措施") + 1).protection.locked
    assert ws.cell(head + 1, labels.index("问题描述") + 1).protection.locked
    assert [ws.cell(head + i, 2).value for i in (1, 2, 3)] == ["2024-001", "2024-002", "2024-003"]
    assert ws.cell(head + 1, len(labels)).value == replies.row_key(cid, ids[0], "2024-001")
    # one file per lead unit with open problems: 县财政局 has none handed over
    assert [p.name for p in replies.export_all(store, cid, tmp_path / "全部")] == ["反馈表-县民政局.xlsx"]


def test_round_trip_second_import_adds_nothing_changed_key_unmatched(store, handed, tmp_path):
    cid, mz, _, ids = handed
    path = tmp_path / "反馈表.xlsx"
    replies.export_reply(store, cid, mz, path)
    ws, cols, head = _fill(path, {
        "2024-001": ("更换消防器材，开展消防演练", "已完成器材更换", "80%", "否", "2024-09-10"),
        "2024-002": ("督促恢复运营", "已恢复运营", 100, "是", "2024/9/12"),
    })
    rows = replies.read_reply(store, cid, path)
    assert [(r.number, r.state) for r in rows] == [("2024-001", "new"), ("2024-002", "new")]
    assert replies.import_reply(store, cid, path, rows) == 2
    got = store.query("SELECT problem_id, report_date, percent, requests_closing FROM progress_reports ORDER BY id")
    assert got == [{"problem_id": ids[0], "report_date": "2024-09-10", "percent": 80, "requests_closing": 0},
                   {"problem_id": ids[1], "report_date": "2024-09-12", "percent": 100, "requests_closing": 1}]
    statuses = store.column("SELECT status FROM problems ORDER BY id")
    assert statuses[:2] == ["整改中", "申请销号"]      # 是否申请销号=是 moves it, by the workflow's rule
    assert store.scalar("SELECT progress FROM problems WHERE id = ?", (ids[0],)) == 80

    again = replies.read_reply(store, cid, path)
    assert [r.state for r in again] == ["duplicate", "duplicate"]
    assert replies.import_reply(store, cid, path, again) == 0
    assert store.scalar("SELECT COUNT(*) FROM progress_reports") == 2

    # a changed key (or a renumbered problem) is shown as unmatched, never guessed
    wb = load_workbook(path)
    ws = wb.active
    ws.cell(head + 1, cols["校验码"]).value = f"{ids[0]}-0000000000"
    ws.cell(head + 1, cols["整改进展"]).value = "又有新进展"
    ws.cell(head + 3, cols["整改措施"]).value = "建立留样制度"
    ws.cell(head + 3, cols["校验码"]).value = None
    wb.save(path)
    third = {r.number: r for r in replies.read_reply(store, cid, path)}
    assert third["2024-001"].state == "unmatched" and "校验码与问题不符" in third["2024-001"].message
    assert third["2024-003"].state == "unmatched" and "缺少校验码" in third["2024-003"].message
    assert replies.import_reply(store, cid, path, list(third.values())) == 0


def test_rows_with_problems_are_shown_not_imported(store, handed, tmp_path):
    cid, mz, _, ids = handed
    path = tmp_path / "反馈表.xlsx"
    replies.export_reply(store, cid, mz, path)
    _fill(path, {"2024-001": (None, "只写了进展", "80", "否", "2024-09-10"),
                 "2024-002": ("措施", "进展", "一百二", "否", "下周")})
    rows = replies.read_reply(store, cid, path)
    assert [r.state for r in rows] == ["error", "error"]
    assert "未填写整改措施" in rows[0].message
    assert "完成百分比" in rows[1].message and "无法识别日期" in rows[1].message
    assert replies.import_reply(store, cid, path, rows) == 0
    _fill(path, {"2024-001": ("措施", "进展", "80", "否", "2099-01-10"), "2024-002": (None, None, None, None, None)})
    [row] = replies.read_reply(store, cid, path)
    assert (row.state, row.message) == ("error", f"填报日期 2099-01-10 晚于今天（{date.today().isoformat()}），请核对。")


def test_not_a_reply_workbook(store, handed, tmp_path):
    from tests.exchange_books import book, row

    cid = handed[0]
    with pytest.raises(WorkbookError, match="校验码"):
        replies.read_reply(store, cid, book(tmp_path / "清单.xlsx", [row(1, "问题")]))
