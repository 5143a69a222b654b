"""销号 with its check and evidence, 退回, 重新打开, 转下年度 and the readable history."""
from __future__ import annotations

import pytest

from models import audit
from models.problems import form_from_problem, get_problem, update_problem
from models.store import ValidationError
from models.workflow import carryover, closing, handover, history, progress
from models.workflow.closing import ClosingForm
from models.workflow.handover import HandoverForm
from models.workflow.progress import ReportForm
from tests.workflow_data import seed


def _changes(store, pid):
    return [(r["action"], r["field"], r["old_value"], r["new_value"]) for r in audit.history(store, problem_id=pid)]


@pytest.fixture
def requested(store):
    """Campaign, problem ids; the first one is 申请销号, the second 整改中, the third 待交办."""
    cid, ids = seed(store, 3)
    handover.create_batch(store, cid, HandoverForm(doc_number="某县人常办〔2024〕12号", handover_date="2024-03-01"),
                          ids[:2])
    progress.add_report(store, ids[0], ReportForm(report_date="2024-05-31", unit="某县民政局", measures="改造完成",
                                                  percent=90, requests_closing=True))
    return cid, ids


CHECK = dict(checked_by="李四", check_date="2024-06-10", opinion="经现场核查，已整改到位。")


def test_closing_refused_without_check(store, requested):
    _, ids = requested
    for missing, message in (("checked_by", "请填写核查人"), ("check_date", "请填写核查日期"),
                             ("opinion", "请填写核查意见")):
        with pytest.raises(ValidationError, match=message) as err:
            closing.close_problem(store, ids[0], ClosingForm(**{**CHECK, missing: ""}, no_evidence_reason="现场核查"))
        assert err.value.field == missing
    assert store.scalar("SELECT status FROM problems WHERE id = ?", (ids[0],)) == "申请销号"


def test_closing_check_dated_between_the_request_and_today(store, requested):
    _, ids = requested
    for day, message in (("2024-05-30", "核查日期 2024-05-30 早于单位申请销号的日期 2024-05-31"),
                         ("2099-01-01", "核查日期 2099-01-01 晚于今天")):
        with pytest.raises(ValidationError, match=message) as err:
            closing.close_problem(store, ids[0], ClosingForm(**{**CHECK, "check_date": day}, no_evidence_reason="现场"))
        assert err.value.field == "check_date"
    closing.close_problem(store, ids[0], ClosingForm(**{**CHECK, "check_date": "2024-05-31"}, no_evidence_reason="现场"))


def test_closing_refused_without_evidence_or_reason(store, requested):
    _, ids = requested
    with pytest.raises(ValidationError, match="请添加至少一个附件，或勾选“无佐证材料”"):
        closing.close_problem(store, ids[0], ClosingForm(**CHECK))
    assert store.scalar("SELECT COUNT(*) FROM closure_checks") == 0


def test_closing_refused_unless_requested(store, requested):
    _, ids = requested
    with pytest.raises(ValidationError, match="状态为“整改中”的问题不能改为“已销号”"):
        closing.close_problem(store, ids[1], ClosingForm(**CHECK, no_evidence_reason="现场核查"))


def test_close_with_reason_then_reopen(store, requested):
    _, ids = requested
    closing.close_problem(store, ids[0], ClosingForm(**CHECK, no_evidence_reason="现场核查，无书面材料"))
    p = get_problem(store, ids[0])
    assert (p.status, p.progress) == ("已销号", 100)
    check = closing.latest_check(store, ids[0])
    assert (check["checked_by"], check["check_date"], check["no_evidence_reason"]) == (
        "李四", "2024-06-10", "现场核查，无书面材料")
    assert ("销号", "status", "申请销号", "已销号") in _changes(store, ids[0])
    assert ("销号核查", "opinion", None, "经现场核查，已整改到位。") in _changes(store, ids[0])
    form = form_from_problem(store, p)
    with pytest.raises(ValidationError, match="已锁定"):
        update_problem(store, ids[0], form)
    with pytest.raises(ValidationError, match="重新打开需要填写理由"):
        closing.reopen(store, ids[0], " ")
    closing.reopen(store, ids[0], "群众反映问题反弹")
    assert ("重新打开", "reason", None, "群众反映问题反弹") in _changes(store, ids[0])
    form.place = "某某乡新址"
    update_problem(store, ids[0], form)  # editable again
    assert get_problem(store, ids[0]).status == "整改中"


def test_close_with_attachment(store, requested, tmp_path):
    _, ids = requested
    f = tmp_path / "照片.jpg"
    f.write_bytes(b"\xff\xd8jpeg")
    closing.close_problem(store, ids[0], ClosingForm(**CHECK, attachments=[str(f)]))
    assert store.query_one("SELECT purpose, file_name FROM attachments") == {"purpose": "销号佐证", "file_name": "照片.jpg"}


def test_send_back_needs_reason(store, requested):
    _, ids = requested
    with pytest.raises(ValidationError, match="退回需要填写理由"):
        closing.send_back(store, ids[0], "")
    closing.send_back(store, ids[0], "佐证材料不全")
    assert get_problem(store, ids[0]).status == "整改中"
    assert ("退回", "status", "申请销号", "整改中") in _changes(store, ids[0])
    assert ("退回", "reason", None, "佐证材料不全") in _changes(store, ids[0])
    with pytest.raises(ValidationError, match="只有申请销号的问题可以退回，该问题状态为“待交办”"):
        closing.send_back(store, ids[2], "x")
    assert get_problem(store, ids[2]).status == "待交办"


def test_carry_over_links_both_ways(store, requested):
    cid, ids = requested
    with pytest.raises(ValidationError, match="以下问题不能转：2024-001：状态为“申请销号”，不能转下年度。"):
        carryover.carry_over(store, ids)
    mapping = carryover.carry_over(store, ids[1:])
    new_c = store.query_one("SELECT * FROM campaigns WHERE year = 2025")
    assert (new_c["name"], new_c["previous_id"]) == ("养老服务联动监督", cid)
    old, new = get_problem(store, ids[1]), get_problem(store, mapping[ids[1]])
    assert old.status == "转下年度"
    assert (new.campaign_id, new.number, new.status, new.carried_from_id) == (new_c["id"], "2025-001", "整改中", ids[1])
    assert get_problem(store, mapping[ids[2]]).status == "待交办"
    assert (new.description, new.lead_unit_id, new.deadline) == (old.description, old.lead_unit_id, old.deadline)
    assert carryover.carried_to(store, ids[1]) == new.id
    assert carryover.carry_chain(store, ids[1]) == carryover.carry_chain(store, new.id) == [ids[1], new.id]
    # the copy's history shows last year's handover; the original's shows where it went
    copy_hist = history.problem_history(store, new.id)
    assert any(r.problem == "2024年 2024-002" and r.field == "交办批次" for r in copy_hist)
    assert any(r.field == "上年度问题" and r.new == "2024年 养老服务联动监督 第2024-002号" for r in copy_hist)
    orig_hist = history.problem_history(store, ids[1])
    assert any(r.change == "转入下年度问题：2025年 养老服务联动监督 第2025-001号" for r in orig_hist)
    assert any(r.change == "状态：整改中 → 转下年度" for r in orig_hist)
    # a later carry-over goes to the same campaign with the next free number
    closing.send_back(store, ids[0], "材料不全")
    later = carryover.carry_over(store, [ids[0]])
    assert get_problem(store, later[ids[0]]).number == "2025-003"
    assert store.scalar("SELECT COUNT(*) FROM campaigns") == 2


def test_history_readable(store, requested):
    _, ids = requested
    rows = history.problem_history(store, ids[0])
    changes = [r.change for r in rows]
    assert changes[0].startswith("2024-001 ")
    assert "状态：待交办 → 整改中" in changes
    assert "完成进度：0% → 90%" in changes
    # a new report's fields read as one line
    assert "填报日期：2024-05-31；填报单位：某县民政局；整改措施：改造完成；完成进度：90%；申请销号：是" in changes
    assert all(r.at and r.user for r in rows)
    assert [r.at for r in rows] == sorted(r.at for r in rows)


def test_delete_and_undo_keeps_the_workflow_rows(store, requested, tmp_path):
    from models.problems import delete_problems, restore_problems

    _, ids = requested
    f = tmp_path / "材料.pdf"
    f.write_bytes(b"%PDF")
    progress.add_report(store, ids[0], ReportForm(report_date="2024-06-01", unit="某县民政局", measures="补充材料",
                                                  percent=100, attachments=[str(f)]))
    closing.close_problem(store, ids[0], ClosingForm(**CHECK))
    tables = ("handover_items", "progress_reports", "attachments", "closure_checks")
    before = {t: store.query(f"SELECT * FROM {t} ORDER BY id") for t in tables}
    deleted = delete_problems(store, [ids[0]])
    assert store.scalar("SELECT COUNT(*) FROM progress_reports WHERE problem_id = ?", (ids[0],)) == 0
    restore_problems(store, deleted)
    assert {t: store.query(f"SELECT * FROM {t} ORDER BY id") for t in tables} == before


def test_carry_over_backs_up_first(store, requested, monkeypatch):
    """结转前 backup holding the data as it was before; no backup, no carry-over."""
    from models.safety import backup
    from models.store import StoreError

    _, ids = requested
    carryover.carry_over(store, [ids[1]])
    [b] = [b for b in backup.list_backups(store.path) if b.reason == backup.REASON_CARRYOVER]
    conn = backup.open_read_only(b.path)
    assert conn.execute("SELECT status FROM problems WHERE id = ?", (ids[1],)).fetchone()[0] == "整改中"
    conn.close()

    def disk_full(*_a, **_k):
        raise StoreError("备份失败：磁盘空间已满", "disk_full")

    monkeypatch.setattr(backup, "copy_database", disk_full)
    with pytest.raises(StoreError, match="备份失败"):
        carryover.carry_over(store, [ids[2]])
    assert get_problem(store, ids[2]).status == "待交办"
