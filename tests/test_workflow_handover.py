"""交办 batches and 整改进展 reports: statuses, deadlines, double handover, percent, attachments."""
from __future__ import annotations

import hashlib

import pytest

from models import audit
from models.store import ValidationError
from models.workflow import attachments, handover, progress
from models.workflow.handover import HandoverForm
from models.workflow.progress import ReportForm
from tests.workflow_data import seed


def _form(**kw) -> HandoverForm:
    base = dict(doc_number="某县人常办〔2024〕12号", handover_date="2024-03-01", occasion="问题清单交办会",
                organ="某县人大常委会", default_deadline="2024-06-30", recipients=["某县人民政府办公室"])
    base.update(kw)
    return HandoverForm(**base)


@pytest.fixture
def data(store):
    from models import units
    from models.domain import Unit

    cid, ids = seed(store, 3)
    units.create_unit(store, Unit(name="某县人民政府办公室", kind="人民政府"))
    return cid, ids


def _status(store, pid):
    return store.scalar("SELECT status, deadline FROM problems WHERE id = ?", (pid,))


def test_handover_moves_problems_and_sets_deadlines(store, data):
    cid, ids = data
    bid = handover.create_batch(store, cid, _form(doc_number="某县人常办[2024]12号"), ids[:2],
                                {ids[1]: "2024年9月30日"})
    rows = store.query("SELECT id, status, deadline FROM problems ORDER BY id")
    assert [(r["status"], r["deadline"]) for r in rows] == [
        ("整改中", "2024-06-30"), ("整改中", "2024-09-30"), ("待交办", "2024-12-31")]
    batch = handover.list_batches(store, cid)[0]
    assert batch["doc_number"] == "某县人常办〔2024〕12号"  # brackets normalised to 〔〕
    assert (batch["problem_count"], batch["recipients"]) == (2, "某县人民政府办公室")
    assert [i["deadline"] for i in handover.batch_items(store, bid)] == ["2024-06-30", "2024-09-30"]
    hist = audit.history(store, problem_id=ids[0])
    assert ("status", "待交办", "整改中") in [(r["field"], r["old_value"], r["new_value"]) for r in hist]
    assert ("deadline", "2024-12-31", "2024-06-30") in [(r["field"], r["old_value"], r["new_value"]) for r in hist]
    created = audit.history(store, entity="handover_batch", entity_id=bid)
    assert {r["field"]: r["new_value"] for r in created}["doc_number"] == "某县人常办〔2024〕12号"


def test_double_handover_keeps_both_status_unchanged(store, data):
    cid, ids = data
    handover.create_batch(store, cid, _form(doc_number="某市人常办〔2024〕3号", organ="某市人大常委会",
                                            handover_date="2024-02-01"), [ids[0]])
    handover.create_batch(store, cid, _form(), [ids[0]], {ids[0]: "2024-05-31"})
    hs = handover.problem_handovers(store, ids[0])
    assert [h["doc_number"] for h in hs] == ["某市人常办〔2024〕3号", "某县人常办〔2024〕12号"]
    assert store.scalar("SELECT status FROM problems WHERE id = ?", (ids[0],)) == "整改中"
    assert store.scalar("SELECT deadline FROM problems WHERE id = ?", (ids[0],)) == "2024-05-31"
    status_rows = [r for r in audit.history(store, problem_id=ids[0]) if r["field"] == "status"]
    assert len(status_rows) == 1  # the second handover did not touch the status


def test_handover_refusals(store, data):
    cid, ids = data
    with pytest.raises(ValidationError, match="请填写交办日期"):
        handover.create_batch(store, cid, _form(handover_date=""), ids)
    with pytest.raises(ValidationError, match="至少选择一个"):
        handover.create_batch(store, cid, _form(), [])
    with pytest.raises(ValidationError, match="交办文号或交办会议名称"):
        handover.create_batch(store, cid, _form(doc_number="", occasion=""), ids)
    with pytest.raises(ValidationError, match="不能早于交办日期"):
        handover.create_batch(store, cid, _form(), ids, {ids[0]: "2024-01-01"})
    with pytest.raises(ValidationError, match="承办单位“不存在局”尚未登记"):
        handover.create_batch(store, cid, _form(recipients=["不存在局"]), ids)
    store.execute("UPDATE problems SET status = '已销号' WHERE id = ?", (ids[2],))
    with pytest.raises(ValidationError, match=r"以下问题不能交办：2024-003（已销号）"):
        handover.create_batch(store, cid, _form(), ids)
    assert store.scalar("SELECT COUNT(*) FROM handover_batches") == 0
    assert store.scalar("SELECT COUNT(*) FROM problems WHERE status = '整改中'") == 0


def test_update_batch_audited(store, data):
    cid, ids = data
    bid = handover.create_batch(store, cid, _form(), ids[:1])
    handover.update_batch(store, bid, _form(doc_number="某县人常办〔2024〕13号"))
    rows = audit.history(store, entity="handover_batch", entity_id=bid)
    assert ("doc_number", "某县人常办〔2024〕12号", "某县人常办〔2024〕13号") in [
        (r["field"], r["old_value"], r["new_value"]) for r in rows]


def test_reports_update_percent_and_status(store, data, tmp_path):
    cid, ids = data
    pid = ids[0]
    with pytest.raises(ValidationError, match="尚未交办"):
        progress.add_report(store, pid, ReportForm(report_date="2024-03-05", unit="某县民政局", measures="x"))
    handover.create_batch(store, cid, _form(), [pid])
    progress.add_report(store, pid, ReportForm(report_date="2024-04-30", unit="某县民政局",
                                               measures="更换灭火器", percent="６０%"))
    assert store.scalar("SELECT progress FROM problems WHERE id = ?", (pid,)) == 60
    # an older report entered later does not lower the current percent
    progress.add_report(store, pid, ReportForm(report_date="2024-03-31", unit="某县民政局",
                                               measures="排查", percent=20))
    assert store.scalar("SELECT progress FROM problems WHERE id = ?", (pid,)) == 60
    evid = tmp_path / "验收记录.txt"
    evid.write_bytes("消防验收合格".encode())
    rid = progress.add_report(store, pid, ReportForm(report_date="2024-05-31", unit="某县民政局", measures="验收",
                                                     result="已完成", percent=100, requests_closing=True,
                                                     attachments=[str(evid)]))
    assert store.query_one("SELECT status, progress FROM problems WHERE id = ?", (pid,)) == {
        "status": "申请销号", "progress": 100}
    [att] = attachments.list_attachments(store, report_id=rid)
    stored = store.path.parent / att["stored_path"]
    assert att["stored_path"].startswith("测试_附件/")
    assert stored.read_bytes() == evid.read_bytes()
    assert att["sha256"] == hashlib.sha256(evid.read_bytes()).hexdigest() and att["size"] == evid.stat().st_size
    assert attachments.check_file(store, att) == ""
    stored.write_text("改过")
    assert "校验值不符" in attachments.check_file(store, att)
    hist = audit.history(store, problem_id=pid)
    assert ("progress", "0", "60") in [(r["field"], r["old_value"], r["new_value"]) for r in hist]
    assert ("status", "整改中", "申请销号") in [(r["field"], r["old_value"], r["new_value"]) for r in hist]
    assert [r["percent"] for r in progress.list_reports(store, pid)] == [20, 60, 100]
    assert progress.latest_reports(store, cid)[pid]["percent"] == 100
    assert progress.reported_problem_ids(store, cid, "2024-05-01", "2024-05-31") == {pid}


def test_report_validation_and_edit(store, data):
    cid, ids = data
    pid = ids[0]
    handover.create_batch(store, cid, _form(), [pid])
    with pytest.raises(ValidationError, match="0 到 100"):
        progress.add_report(store, pid, ReportForm(report_date="2024-04-01", unit="某县民政局", measures="x",
                                                   percent=120))
    with pytest.raises(ValidationError, match="整改措施"):
        progress.add_report(store, pid, ReportForm(report_date="2024-04-01", unit="某县民政局"))
    with pytest.raises(ValidationError, match="填报单位"):
        progress.add_report(store, pid, ReportForm(report_date="2024-04-01", measures="x"))
    rid = progress.add_report(store, pid, ReportForm(report_date="2024-04-01", unit="某县民政局", measures="x",
                                                     percent=30))
    form = progress.form_from_report(store, progress.get_report(store, rid))
    form.percent = 40
    progress.update_report(store, rid, form)
    rows = audit.history(store, entity="progress_report", entity_id=rid)
    assert ("percent", "30", "40") in [(r["field"], r["old_value"], r["new_value"]) for r in rows]
    assert store.scalar("SELECT progress FROM problems WHERE id = ?", (pid,)) == 40


def test_report_dated_in_the_future_or_before_the_handover_is_refused(store, data):
    from datetime import date, timedelta

    cid, ids = data
    pid = ids[0]
    handover.create_batch(store, cid, _form(handover_date="2024-03-01"), [pid])
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    with pytest.raises(ValidationError, match=f"填报日期 {tomorrow} 晚于今天") as err:
        progress.add_report(store, pid, ReportForm(report_date=tomorrow, unit="某县民政局", measures="x"))
    assert err.value.field == "report_date"
    with pytest.raises(ValidationError, match="填报日期 2024-02-20 早于该问题的首次交办日期 2024-03-01"):
        progress.add_report(store, pid, ReportForm(report_date="2024-02-20", unit="某县民政局", measures="x"))
    rid = progress.add_report(store, pid, ReportForm(report_date="2024-03-01", unit="某县民政局", measures="x"))
    form = progress.form_from_report(store, progress.get_report(store, rid))
    form.report_date = tomorrow
    with pytest.raises(ValidationError, match="晚于今天"):
        progress.update_report(store, rid, form)
    assert progress.get_report(store, rid)["report_date"] == "2024-03-01"


def test_delete_report_recomputes_percent(store, data, tmp_path):
    cid, ids = data
    pid = ids[0]
    handover.create_batch(store, cid, _form(), [pid])
    f = tmp_path / "照片.jpg"
    f.write_bytes(b"jpeg")
    progress.add_report(store, pid, ReportForm(report_date="2024-04-01", unit="某县民政局", measures="a", percent=30))
    rid = progress.add_report(store, pid, ReportForm(report_date="2024-05-01", unit="某县民政局", measures="b",
                                                     percent=70, attachments=[str(f)]))
    progress.delete_report(store, rid)
    assert store.scalar("SELECT progress FROM problems WHERE id = ?", (pid,)) == 30
    assert attachments.count_attachments(store, pid) == 0
    rows = [(r["action"], r["field"], r["old_value"]) for r in audit.history(store, problem_id=pid)]
    assert ("删除整改进展", "attachment", "照片.jpg") in rows and ("删除整改进展", "progress", "70") in rows
