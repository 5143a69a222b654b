"""The import preview and the one-transaction import: units, duplicates, errors, undo, the fixture."""
from __future__ import annotations

import os
import random
import time
from datetime import date

import pytest
from openpyxl import Workbook

from models.exchange import importer, preview, unit_names
from models.problems import ProblemForm, create_problem
from models.store import StoreError, ValidationError
from models.workflow.history import problem_history
from tests.exchange_books import FIXTURE, book, campaign, load, plan_creating_all, row, units

_WORDS = "养老 服务 设施 敬老院 消防 助餐 护理员 补贴 社区 医养 床位 改造 电梯 幸福院 资金 平台 监管 运营 标准 培训".split()


def _text(i: int) -> str:
    """A distinct description per number (varied words, so no two are near-duplicates)."""
    rnd = random.Random(i)
    return f"第{i}号点位" + "".join(rnd.choice(_WORDS) for _ in range(12)) + "问题"


def _run(store, cid, path, plan=None, **kw):
    table, texts, cols, ex = load(store, path)
    pv = preview.build_preview(store, cid, ex, plan or plan_creating_all(store, ex))
    return pv, importer.run_import(store, pv, file_name=path.name, sheet=table.name, header_texts=texts,
                                   mapping=cols, **kw)


def _count(store, cid):
    return store.scalar("SELECT COUNT(*) FROM problems WHERE campaign_id = ?", (cid,))


def test_fixture_13_problems_5_categories_deadlines_sensible(store):
    cid = campaign(store, 2024)
    pv, res = _run(store, cid, FIXTURE)
    assert res.added == 13 and not [r for r in pv.rows if r.errors]
    got = {r["description"][:8]: r for r in store.query("SELECT * FROM problems WHERE campaign_id = ?", (cid,))}
    assert len(got) == 13
    assert store.column("SELECT DISTINCT category FROM problems ORDER BY 1") == sorted(
        ["设施建设", "医养结合", "老年助餐", "人才队伍", "适老化改造"])
    by = {k[:6]: v for k, v in got.items()}
    assert (by["中央预算内投"]["kind"], by["中央预算内投"]["deadline"]) == ("立行立改", None)
    assert (by["居家失能老年"]["kind"], by["居家失能老年"]["deadline"]) == ("长期整改", None)
    assert by["部分老年助餐"]["deadline"] == "2025-06-30"   # 6月底, read on 2024-08-12 (填报日期)
    assert by["基层养老服务"]["deadline"] == "2024-12-31"   # 年底前
    assert by["老旧小区适老"]["deadline"] == "2025-06-30"   # 2025年6月
    assert by["智慧养老服务"]["deadline"] == "2024-11-30"   # full-width digits
    assert by["老旧小区适老"]["progress"] == 74            # 已完成７４．４％
    assert by["养老护理员持"]["status"] == "已销号"
    assert by["居家失能老年"]["status"] == "待交办"          # empty status: not handed over yet
    coop = store.column("SELECT u.name FROM problem_units pu JOIN units u ON u.id = pu.unit_id "
                        "WHERE pu.problem_id = ? ORDER BY position", (by["城区新建住宅"]["id"],))
    assert coop == ["县住房和城乡建设局", "县民政局"]
    reports = store.scalar("SELECT COUNT(*) FROM progress_reports")
    assert reports == res.reports > 0


def test_unknown_units_listed_before_anything_written_and_matching(tmp_path, store):
    cid = campaign(store)
    [mz] = units(store, "示例县民政局")
    path = book(tmp_path / "u.xlsx", [row(1, "敬老院消防不达标", unit="民政局"),
                                      row(2, "助餐点布局不均衡", unit="县财政局", sup="社会建设委员会")])
    _, _, _, ex = load(store, path)
    needs = {n.name: n for n in unit_names.unknown_units(store, ex.rows)}
    assert needs["民政局"].match_id == mz
    assert needs["社会建设委员会"].kind == "人大机关/专门委员会"
    assert store.scalar("SELECT COUNT(*) FROM units") == 1      # nothing written yet
    pv = preview.build_preview(store, cid, ex, preview.UnitPlan(match={"民政局": mz}))
    assert [("单位“县财政局”尚未登记" in " ".join(r.errors)) for r in pv.rows] == [False, True]
    plan = preview.UnitPlan(match={"民政局": mz}, create={"县财政局": "政府部门", "社会建设委员会": "人大机关/专门委员会"})
    pv, res = _run(store, cid, path, plan)
    assert res.added == 2 and sorted(res.created_units) == sorted(["社会建设委员会", "县财政局"])
    assert store.scalar("SELECT lead_unit_id FROM problems WHERE description LIKE '敬老院%'") == mz


def test_per_row_problems_and_skipping(tmp_path, store):
    cid = campaign(store)
    units(store, "县民政局")
    data = [row(1, "", deadline="2024-12-31"), row(2, "消防设施不达标", deadline="下周"),
            row(3, "幸福院大门长期上锁", source="道听途说"), row(4, "护理员持证率低", deadline=None),
            row(5, "助餐点布局不均衡")]
    path = book(tmp_path / "e.xlsx", data)
    _, _, _, ex = load(store, path)
    pv = preview.build_preview(store, cid, ex, preview.UnitPlan())
    errors = [" ".join(r.errors) for r in pv.rows]
    assert "缺少问题描述" in errors[0]
    assert "无法识别整改时限“下周”" in errors[1]
    assert "问题来源“道听途说”无法识别" in errors[2]
    assert "缺少整改时限" in errors[3]
    assert errors[4] == ""
    assert pv.counts()["import"] == 1
    # fixed in the preview: the row is checked again and comes in
    pv.rows[1].values["deadline"] = "年底前"
    preview.revalidate(pv, pv.rows[1])
    assert pv.rows[1].errors == [] and pv.rows[1].record["deadline"] == "2024-12-31"
    res = importer.run_import(store, pv, file_name="e.xlsx", sheet="问题清单", header_texts=[], mapping=[])
    assert res.added == 2 and res.skipped == 3


def test_duplicates_flagged_and_skipped_unless_wanted(tmp_path, store):
    cid = campaign(store)
    units(store, "县民政局", "县财政局")
    create_problem(store, ProblemForm(number="A-1", source="专题调研", description="农村幸福院大门长期上锁，建而不用。",
                                      lead_unit="县民政局", deadline="2024-12-31"), campaign_id=cid)
    data = [row(1, "农村幸福院大门长期上锁，建而不用"),            # same text, punctuation differs
            row(2, "农村幸福院大门长期上锁，建而不用。", unit="县财政局"),  # same text, other unit
            row(3, "敬老院消防设施陈旧不达标问题突出"), row(4, "敬老院消防设施陈旧不达标的问题突出")]  # similar
    path = book(tmp_path / "d.xlsx", data)
    _, _, _, ex = load(store, path)
    pv = preview.build_preview(store, cid, ex, preview.UnitPlan())
    assert [r.duplicate_of for r in pv.rows] == ["已有问题 A-1", "", "", "第 5 行"]
    assert [r.include for r in pv.rows] == [False, True, True, False]
    pv.rows[3].include = True   # the user says: import it anyway
    res = importer.run_import(store, pv, file_name="d.xlsx", sheet="s", header_texts=[], mapping=[])
    assert res.added == 3 and _count(store, cid) == 4


@pytest.mark.parametrize("where", ["row", "write", "one_by_one"])
def test_failure_in_the_middle_adds_nothing(tmp_path, store, monkeypatch, where):
    """A failure while the rows are checked (the 15th row), while the bulk write runs (after the
    problems are in, before their history) or in the row-by-row path: nothing stays."""
    from models.exchange import bulk_write

    cid = campaign(store)
    calls = []

    def failing(real):
        def call(*args, **kwargs):  # as a full disk would
            calls.append(1)
            if len(calls) == (1 if where == "write" else 15):
                raise RuntimeError("写入时失败")
            return real(*args, **kwargs)
        return call

    if where == "row":
        monkeypatch.setattr(bulk_write.ImportBatch, "add_problem", failing(bulk_write.ImportBatch.add_problem))
    elif where == "write":
        monkeypatch.setattr(bulk_write.audit, "record_new_rows", failing(bulk_write.audit.record_new_rows))
    else:
        monkeypatch.setattr(importer, "insert_problem", failing(importer.insert_problem))
    path = book(tmp_path / "m.xlsx", [row(i, _text(i)) for i in range(1, 30)])
    before_units = store.scalar("SELECT COUNT(*) FROM units")
    before_audit = store.scalar("SELECT COUNT(*) FROM audit_log")
    before_log = store.scalar("SELECT COUNT(*) FROM change_log")
    with pytest.raises(RuntimeError):
        _run(store, cid, path, bulk=where != "one_by_one")
    assert len(calls) == (1 if where == "write" else 15)
    assert _count(store, cid) == 0
    assert store.scalar("SELECT COUNT(*) FROM units") == before_units
    assert store.scalar("SELECT COUNT(*) FROM imports") == 0
    assert store.scalar("SELECT COUNT(*) FROM audit_log") == before_audit
    assert store.scalar("SELECT COUNT(*) FROM problem_search") == 0
    assert store.scalar("SELECT COUNT(*) FROM change_log") == before_log
    # a cancel behaves the same
    from models.documents.atomic import Cancelled
    with pytest.raises(Cancelled):
        _run(store, cid, path, cancelled=lambda: True, bulk=where != "one_by_one")
    assert _count(store, cid) == 0


def test_backup_made_before_import(tmp_path, store):
    from models.safety.backup import list_backups

    cid = campaign(store)
    _run(store, cid, book(tmp_path / "b.xlsx", [row(1, "养老机构消防设施不达标")]))
    assert [b.reason for b in list_backups(store.path)] == ["导入前"]


def test_undo_removes_exactly_what_was_added(tmp_path, store):
    cid = campaign(store)
    [mz] = units(store, "县民政局")
    create_problem(store, ProblemForm(number="X-1", source="专题调研", description="原有的问题不受影响",
                                      lead_unit="县民政局", deadline="2024-12-31"), campaign_id=cid)
    path = book(tmp_path / "x.xlsx", [row(1, "养老机构消防设施不达标", coop="县新单位"), row(2, "助餐点布局不均衡")])
    _, res = _run(store, cid, path)
    assert _count(store, cid) == 3
    assert importer.last_import(store, cid)["id"] == res.import_id
    assert importer.undo_import(store, res.import_id) == 2
    assert store.column("SELECT number FROM problems") == ["X-1"]
    assert store.column("SELECT name FROM units") == ["县民政局"]
    assert importer.last_import(store, cid) is None
    with pytest.raises(ValidationError, match="撤销过了"):
        importer.undo_import(store, res.import_id)
    assert mz


def test_undo_refused_after_later_work(tmp_path, store):
    from models.workflow import rules

    cid = campaign(store)
    path = book(tmp_path / "y.xlsx", [row(1, "养老机构消防设施不达标"), row(2, "助餐点布局不均衡")])
    _, res = _run(store, cid, path)
    pid = store.scalar("SELECT id FROM problems WHERE import_id = ? ORDER BY id", (res.import_id,))
    rules.apply_transition(store, pid, "整改中")     # handed over after the import
    with pytest.raises(ValidationError, match="不能整体撤销"):
        importer.undo_import(store, res.import_id)
    assert _count(store, cid) == 2


def test_big_sheet_measured(tmp_path, store):
    """Measured, not timed: prints how long each step takes. 5,000 rows in the normal run (the
    suite must stay fast); IMPORT_ROWS=50000 measures the 50,000-row case."""
    n = int(os.environ.get("IMPORT_ROWS", "5000"))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("清单")
    ws.append(["大清单"])
    ws.append(["序号", "问题来源", "问题描述", "责任单位", "整改时限"])
    for i in range(n):
        ws.append([i + 1, "专题调研", _text(i), f"县单位{i % 40}",
                   f"2025年{i % 12 + 1}月"])
    path = tmp_path / "big.xlsx"
    wb.save(path)
    cid = campaign(store)
    t0 = time.perf_counter()
    table, texts, cols, ex = load(store, path)
    t1 = time.perf_counter()
    pv = preview.build_preview(store, cid, ex, plan_creating_all(store, ex))
    t2 = time.perf_counter()
    res = importer.run_import(store, pv, file_name="big.xlsx", sheet=table.name, header_texts=texts, mapping=cols)
    t3 = time.perf_counter()
    print(f"\n{n} 行：读取 {t1 - t0:.1f}s，预览 {t2 - t1:.1f}s，写入 {t3 - t2:.1f}s")
    assert res.added == n == _count(store, cid)


def test_numbers_from_the_sheet_kept_and_clashes_flagged(tmp_path, store):
    cid = campaign(store)
    units(store, "县民政局")
    create_problem(store, ProblemForm(number="YL-01", source="专题调研", description="原有问题甲乙丙丁",
                                      lead_unit="县民政局", deadline="2024-12-31"), campaign_id=cid)
    header = ["编号", "问题来源", "主要问题", "承办单位", "办理时限", "整改措施", "整改进展", "完成百分比", "状态"]
    data = [["YL-01", "专题调研", "敬老院消防设施不达标", "县民政局", "2024-12-31", None, None, None, None],
            ["YL-02", "专题调研", "幸福院大门长期上锁", "县民政局", "2024-12-31", "恢复运营", "已开放", "0.5", "整改中"],
            [None, "专题调研", "助餐点布局不均衡", "县民政局", "立行立改", None, None, None, "已销号"]]
    path = book(tmp_path / "n.xlsx", data, header=header)
    _, _, _, ex = load(store, path)
    pv = preview.build_preview(store, cid, ex, preview.UnitPlan())
    assert pv.rows[0].errors == ["编号“YL-01”已被使用"]
    importer.run_import(store, pv, file_name="n.xlsx", sheet="s", header_texts=[], mapping=[])
    got = store.query("SELECT number, status, progress, kind FROM problems WHERE import_id IS NOT NULL ORDER BY id")
    assert got == [{"number": "YL-02", "status": "整改中", "progress": 50, "kind": "限期整改"},
                   {"number": "2024-001", "status": "已销号", "progress": 100, "kind": "立行立改"}]
    report = store.query_one("SELECT measures, result, percent FROM progress_reports")
    assert report == {"measures": "恢复运营", "result": "已开放", "percent": 50}


def test_role_marks_in_unit_cells(tmp_path, store):
    cid = campaign(store)
    units(store, "县民政局", "县财政局")
    path = book(tmp_path / "r.xlsx", [row(1, "运营补贴拨付不及时", unit="县财政局、县民政局（牵头）")])
    _, _, _, ex = load(store, path)
    assert unit_names.unknown_units(store, ex.rows) == []
    pv = preview.build_preview(store, cid, ex, preview.UnitPlan())
    assert (pv.rows[0].record["lead_unit"], pv.rows[0].record["cooperating_units"]) == ("县民政局", ["县财政局"])


def _problem_indexes(store) -> list[tuple[str, str]]:
    return [tuple(r) for r in store.conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'problems' ORDER BY name")]


def test_a_large_first_import_rebuilds_the_ledger_indexes_and_a_failure_keeps_them(tmp_path, store, monkeypatch):
    """An import at least as large as the table drops the ledger's campaign-first indexes and makes
    them again (faster than keeping them in order row by row); a failure in between rolls the drop
    back. A small import into a full table keeps them as they are."""
    from contextlib import contextmanager

    from models.exchange import bulk_write

    monkeypatch.setattr(bulk_write, "_REBUILD_FROM", 5)
    cid = campaign(store)
    before = _problem_indexes(store)
    assert any("(campaign_id, status)" in sql for _, sql in before if sql)
    real, seen = bulk_write._indexes_rebuilt, []

    @contextmanager
    def failing(conn, adding):
        with real(conn, adding):
            seen.append(len(_problem_indexes(store)))
            raise RuntimeError("写入时失败")

    monkeypatch.setattr(bulk_write, "_indexes_rebuilt", failing)
    path = book(tmp_path / "m.xlsx", [row(i, _text(i)) for i in range(1, 21)])
    with pytest.raises(RuntimeError):
        _run(store, cid, path)
    assert seen and seen[0] < len(before) - 10      # dropped while the rows went in
    assert _problem_indexes(store) == before and _count(store, cid) == 0
    monkeypatch.setattr(bulk_write, "_indexes_rebuilt", real)
    _run(store, cid, path)
    assert _count(store, cid) == 20 and _problem_indexes(store) == before
    plan = store.conn.execute("EXPLAIN QUERY PLAN SELECT id FROM problems WHERE campaign_id = ? "
                              "ORDER BY deadline", (cid,)).fetchall()
    assert "problems_deadline" in str(plan)          # the ledger's sort uses its index again
    monkeypatch.setattr(bulk_write, "_indexes_rebuilt", failing)
    seen.clear()
    small = book(tmp_path / "s.xlsx", [row(i, _text(i)) for i in range(100, 106)])
    with pytest.raises(RuntimeError):
        _run(store, cid, small)                      # 6 rows into 20: no rebuild
    assert seen == [len(before)]


def test_an_imported_first_report_has_one_history_row(tmp_path, store):
    """整改措施 of a row 整改中 becomes its first 整改进展; its history is one row naming the
    import (the text is in the report), in the bulk and the row-by-row path alike."""
    cid = campaign(store)
    units(store, "县民政局")
    header = ["序号", "问题来源", "问题描述", "责任单位", "整改时限", "状态", "整改措施", "完成百分比"]
    path = book(tmp_path / "r.xlsx", [[1, "专题调研", _text(1), "县民政局", "2024-12-31", "整改中", "已制定方案", "40%"],
                                      [2, "专题调研", _text(2), "县民政局", "2024-12-31", "整改中", "已完成改造", "60"]],
                header=header)
    day = date.today().isoformat()    # the sheet has no 填报日期: the day of the import
    for bulk in (True, False):
        if not bulk:
            store.conn.execute("DELETE FROM problem_search")
            store.conn.execute("DELETE FROM problems")
        _run(store, cid, path, bulk=bulk)
        rows = store.query("SELECT a.* FROM audit_log a JOIN progress_reports r ON a.entity_id = r.id "
                           "WHERE a.entity = 'progress_report' ORDER BY a.id")
        assert [(r["action"], r["field"], r["new_value"]) for r in rows] == [
            ("填报整改进展", None, f"随问题清单导入：县民政局填报（{day}），完成进度 40%"),
            ("填报整改进展", None, f"随问题清单导入：县民政局填报（{day}），完成进度 60%")]
        assert store.column("SELECT measures FROM progress_reports ORDER BY id") == ["已制定方案", "已完成改造"]
        pid = store.scalar("SELECT problem_id FROM progress_reports ORDER BY id")
        assert [(h.action, h.change) for h in problem_history(store, pid)][-1] == (
            "填报整改进展", f"随问题清单导入：县民政局填报（{day}），完成进度 40%")      # as the 留痕 tab shows it


def _import_in_an_action(store, tmp_path, n: int):
    """A sheet of ``n`` rows imported as the window does it (one action); the action's log, and how
    often SQLite asked its authorizer."""
    from models.changes import ChangeLog

    cid = campaign(store)
    units(store, "县民政局", "县新单位")
    header = ["序号", "问题来源", "问题描述", "责任单位", "配合单位", "整改时限", "状态", "整改措施"]
    path = book(tmp_path / f"x{n}.xlsx", [[i, "专题调研", _text(i), "县民政局", "县新单位" if i % 2 else None,
                                          "2024-12-31", "整改中" if i % 3 else None, "已制定方案"]
                                         for i in range(1, n + 1)], header=header)
    asked = [0]
    authorize = ChangeLog.authorize

    def counted(self, *args):
        asked[0] += 1
        return authorize(self, *args)

    ChangeLog.authorize = counted
    try:
        with store.action() as log:
            _, res = _run(store, cid, path)
            store.conn.execute("UPDATE campaigns SET name = name WHERE id = ?", (cid,))
    finally:
        ChangeLog.authorize = authorize
    assert res.added == n
    return log.frozen(), asked[0]


def test_an_import_in_an_action_tells_the_pages_every_table_it_wrote(tmp_path, db_path):
    """The window runs an import as one action, whose log tells the pages which tables changed. SQLite
    asks the log about each statement as it is prepared, not about each row (a trace hook was
    called for every row of an executemany: ~2 s of a 50,000-row import), so ten times the rows
    cost no more asking."""
    from models.store import Store

    small, big = Store(db_path), Store(db_path.with_name("大.db"))
    try:
        changes, asked_small = _import_in_an_action(small, tmp_path, 20)
        _, asked_big = _import_in_an_action(big, tmp_path, 200)
    finally:
        small.close()
        big.close()
    assert {"problems", "problem_units", "problem_search", "progress_reports", "audit_log", "change_log",
            "sync_rows", "imports", "campaigns"} <= changes.tables
    assert 0 < asked_big < asked_small * 1.2, (asked_small, asked_big)


def test_an_action_notes_the_tables_its_triggers_write_and_goes_on_after_a_failed_step(store):
    cid = campaign(store)
    [unit] = units(store, "县民政局")
    pid = create_problem(store, ProblemForm(number="A-1", source="专题调研", description="敬老院消防设施不达标",
                                            lead_unit="县民政局", deadline="2024-12-31"), campaign_id=cid)
    with store.action() as log:
        with store.transaction() as conn:   # the trigger rewrites problems.coop_label
            conn.execute("INSERT INTO problem_units(problem_id, unit_id, role, position) VALUES (?, ?, '配合', 0)",
                         (pid, unit))
    assert {"problem_units", "problems"} <= log.frozen().tables
    with pytest.raises(StoreError, match="完整性"), store.action():   # said in Chinese by the action
        with store.transaction() as conn:
            conn.execute("UPDATE campaigns SET name = '改名' WHERE id = ?", (cid,))
            conn.execute("INSERT INTO campaigns(id, name, year) VALUES (?, '重复', 2024)", (cid,))
    assert store.column("SELECT name FROM campaigns") != ["改名"]     # the whole action rolled back
    with store.action() as log:
        with pytest.raises(StoreError), store.transaction() as conn:   # a step: undone alone, the action goes on
            conn.execute("INSERT INTO campaigns(id, name, year) VALUES (?, '重复', 2024)", (cid,))
        with store.transaction() as conn:
            conn.execute("UPDATE units SET notes = notes")
    assert log.frozen().tables == {"campaigns", "units"}
