"""反馈表 rows that must not bend the data: blank percent, another unit's key, hostile keys, copied rows."""
from __future__ import annotations

from openpyxl import load_workbook

from models.exchange import replies
from models.problems import ProblemForm, create_problem
from models.workflow import rules
from tests.exchange_books import campaign, units
from tests.test_replies import _fill


def _setup(store):
    cid = campaign(store)
    mz, cz = units(store, "县民政局", "县财政局")
    ids = []
    for i, (desc, unit) in enumerate([("敬老院消防设施不达标", "县民政局"), ("幸福院大门长期上锁", "县民政局"),
                                      ("运营补贴拨付不及时", "县财政局")], 1):
        pid = create_problem(store, ProblemForm(number=f"2024-{i:03d}", source="专题调研", description=desc,
                                                lead_unit=unit, deadline="2024-12-31"), campaign_id=cid)
        rules.apply_transition(store, pid, "整改中")
        ids.append(pid)
    return cid, mz, cz, ids


def _key_cell(path, number: str, value: str) -> None:
    wb = load_workbook(path)
    ws = wb.active
    head = next(r for r in range(1, 6) if ws.cell(r, 1).value == "序号")
    cols = {ws.cell(head, c).value: c for c in range(1, ws.max_column + 1)}
    for r in range(head + 1, ws.max_row + 1):
        if ws.cell(r, cols["编号"]).value == number:
            ws.cell(r, cols["校验码"]).value = value
    wb.save(path)


def test_blank_percent_keeps_progress(store, tmp_path):
    cid, mz, _, ids = _setup(store)
    store.conn.execute("UPDATE problems SET progress = 20 WHERE id = ?", (ids[0],))
    path = tmp_path / "反馈表.xlsx"
    replies.export_reply(store, cid, mz, path)
    _fill(path, {"2024-001": ("更换消防器材", "已订购器材", None, "否", "2024-09-10")})
    rows = replies.read_reply(store, cid, path)
    assert rows[0].state == "new" and "进度保持不变" in rows[0].message
    assert replies.import_reply(store, cid, path, rows, backup=False) == 1
    assert store.scalar("SELECT progress FROM problems WHERE id = ?", (ids[0],)) == 20
    assert store.scalar("SELECT percent FROM progress_reports") == 20


def test_another_units_key_is_refused(store, tmp_path):
    cid, mz, _, ids = _setup(store)
    path = tmp_path / "反馈表-县民政局.xlsx"
    replies.export_reply(store, cid, mz, path)
    _fill(path, {"2024-001": ("措施", "进展", 50, "否", "2024-09-10")})
    _key_cell(path, "2024-001", replies.row_key(cid, ids[2], "2024-003"))   # 财政局's problem
    [row] = replies.read_reply(store, cid, path)
    assert row.state == "unmatched"
    assert "牵头单位是“县财政局”" in row.message and "县民政局" in row.message
    assert replies.import_reply(store, cid, path, [row], backup=False) == 0
    assert store.scalar("SELECT COUNT(*) FROM progress_reports") == 0


def test_hostile_keys_are_unmatched_not_crashes(store, tmp_path):
    cid, mz, _, _ = _setup(store)
    path = tmp_path / "反馈表.xlsx"
    replies.export_reply(store, cid, mz, path)
    _fill(path, {"2024-001": ("措施", "进展", 50, "否", "2024-09-10"),
                 "2024-002": ("措施二", "进展二", 50, "否", "2024-09-10")})
    _key_cell(path, "2024-001", "99999999999999999999999-abc")
    _key_cell(path, "2024-002", "²-abc")
    rows = replies.read_reply(store, cid, path)
    assert [r.state for r in rows] == ["unmatched", "unmatched"]
    assert all("校验码格式不对" in r.message for r in rows)


def test_a_row_copied_twice_is_a_repeat_in_this_file(store, tmp_path):
    cid, mz, _, ids = _setup(store)
    path = tmp_path / "反馈表.xlsx"
    replies.export_reply(store, cid, mz, path)
    _fill(path, {"2024-001": ("措施", "进展", 50, "否", "2024-09-10")})
    wb = load_workbook(path)
    ws = wb.active
    head = next(r for r in range(1, 6) if ws.cell(r, 1).value == "序号")
    src = head + 1
    for c in range(1, ws.max_column + 1):
        ws.cell(ws.max_row + 1 if c == 1 else ws.max_row, c).value = ws.cell(src, c).value
    wb.save(path)
    rows = replies.read_reply(store, cid, path)
    assert [r.state for r in rows] == ["new", "repeat"]
    assert rows[1].message.startswith("本表中重复") and f"第 {src} 行" in rows[1].message
    assert replies.import_reply(store, cid, path, rows, backup=False) == 1
