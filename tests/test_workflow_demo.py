"""The demo's statuses come from real handovers, reports, closings, a send-back and a carry-over."""
from __future__ import annotations

from datetime import date

from models import demo
from models.vocab import STATUSES
from models.workflow import attachments, handover

TODAY = date(2026, 11, 23)


def test_demo_workflow_is_real(store):
    cid = demo.fill_demo(store, today=TODAY)
    statuses = set(store.column("SELECT status FROM problems WHERE campaign_id = ?", (cid,)))
    assert statuses == set(STATUSES)
    batches = handover.list_batches(store, cid)
    assert len(batches) == 3 and batches[-1]["organ"] == "某省人大常委会"
    # every handed-over problem is in a batch; the 上级交办 ones twice (province, then county)
    handed = store.column("SELECT id FROM problems WHERE campaign_id = ? AND status <> '待交办'", (cid,))
    assert all(handover.problem_handovers(store, pid) for pid in handed)
    twice = store.column("SELECT problem_id FROM handover_items GROUP BY problem_id HAVING COUNT(*) = 2")
    assert twice and {store.scalar("SELECT source FROM problems WHERE id = ?", (p,)) for p in twice} == {"上级交办"}
    months = store.column("SELECT DISTINCT substr(report_date, 1, 7) FROM progress_reports ORDER BY 1")
    assert len(months) >= 3 and months[-1] == "2026-11" and max(months) <= TODAY.isoformat()[:7]
    # some open problems have no report this month (their unit has not reported)
    silent = store.scalar("SELECT COUNT(*) FROM problems p WHERE campaign_id = ? AND status = '整改中' AND NOT EXISTS "
                          "(SELECT 1 FROM progress_reports r WHERE r.problem_id = p.id AND r.report_date >= '2026-11-01')",
                          (cid,))
    assert silent > 0
    # percent shown = latest report; every closed one has its check and evidence or a reason
    assert not store.query("SELECT id FROM problems p WHERE campaign_id = ? AND status = '整改中' AND progress <> "
                           "(SELECT percent FROM progress_reports r WHERE r.problem_id = p.id "
                           "ORDER BY report_date DESC, id DESC LIMIT 1)", (cid,))
    assert not store.query("SELECT id FROM problems p WHERE status = '已销号' AND NOT EXISTS "
                           "(SELECT 1 FROM closure_checks c WHERE c.problem_id = p.id AND (c.no_evidence_reason <> '' "
                           "OR EXISTS (SELECT 1 FROM attachments a WHERE a.problem_id = p.id)))")
    atts = store.query("SELECT * FROM attachments")
    assert atts and all(attachments.check_file(store, a) == "" for a in atts)
    assert store.scalar("SELECT COUNT(*) FROM audit_log WHERE action = '退回' AND field = 'reason'") == 1
    # carried problems live on in next year's campaign, linked both ways
    nxt = store.query_one("SELECT * FROM campaigns WHERE previous_id = ?", (cid,))
    assert nxt["year"] == 2027
    carried = store.column("SELECT id FROM problems WHERE campaign_id = ? AND status = '转下年度'", (cid,))
    copies = store.column("SELECT carried_from_id FROM problems WHERE campaign_id = ?", (nxt["id"],))
    assert sorted(copies) == sorted(carried)
    assert store.get_setting("start_campaign_id") == str(cid)
