"""Data for the export tests: the demo campaign plus progress reports and one recorded closing."""
from __future__ import annotations

from datetime import date

from models import demo
from models.workflow import closing, progress

TODAY = date(2025, 9, 15)


def _lead_name(store, pid: int) -> str:
    return store.scalar("SELECT u.name FROM problems p JOIN units u ON u.id = p.lead_unit_id WHERE p.id = ?", (pid,))


def fill(store) -> int:
    """Demo campaign (64 problems) with 3 monthly reports on 8 open problems, one of them holding
    user text that looks like a formula, and one problem closed through the real closing check."""
    cid = demo.fill_demo(store, today=TODAY)
    # problems handed over before June (a report cannot be dated before the problem's handover)
    open_ids = store.column("SELECT id FROM problems p WHERE campaign_id = ? AND status = '整改中' AND "
                            "(SELECT min(b.handover_date) FROM handover_items i JOIN handover_batches b "
                            "ON b.id = i.batch_id WHERE i.problem_id = p.id) < '2025-06-01' ORDER BY id", (cid,))
    for k, pid in enumerate(open_ids[:8]):
        for month in (6, 7, 8):
            measures = "=HYPERLINK(\"http://x\") 召开专题会议" if k == 0 and month == 6 else "召开专题会议，制定整改方案"
            progress.add_report(store, pid, progress.ReportForm(
                report_date=f"2025-{month:02d}-1{k}", unit=_lead_name(store, pid), measures=measures,
                result="完成改造3处", percent=month * 10))
    last = open_ids[9]
    progress.add_report(store, last, progress.ReportForm(report_date="2025-08-20", unit=_lead_name(store, last),
                                                         measures="整改完毕", percent=100, requests_closing=True))
    closing.close_problem(store, last, closing.ClosingForm(checked_by="张三", check_date=TODAY.isoformat(),
                                                           opinion="经实地核查，已整改到位，同意销号。",
                                                           no_evidence_reason="现场核查"))
    return cid
