"""The demo's year of work, played through the real workflow API (called by models/demo.py).

Deterministic for a given ``today``: a province handover of the 上级交办 items, the county's
交办会 and a later 补充交办, monthly reports from the month after handover up to this month
(some units have not reported this month), closings with their checks (some with attached
material, some with a "无佐证材料" reason), one send-back, and the carry-over of the unfinished
ones into next year's campaign.
"""
from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

from models.store import Store
from models.vocab import (
    STATUS_CARRIED,
    STATUS_CLOSE_REQUESTED,
    STATUS_CLOSED,
    STATUS_IN_PROGRESS,
    STATUS_PENDING,
)
from models.workflow import carryover, closing, handover, progress
from models.workflow.closing import ClosingForm
from models.workflow.common import id_list
from models.workflow.handover import HandoverForm
from models.workflow.progress import ReportForm

CHECKER = "县人大社会委 李明"
GOVERNMENT = "某某县人民政府"
CONGRESS_OFFICE = "某某县人民代表大会常务委员会办公室"


def _months(start: date, end: date) -> list[date]:
    """Report days (the 25th, or ``end`` itself in its own month) of each month after ``start`` up to ``end``."""
    out = []
    y, m = start.year, start.month
    while True:
        m += 1
        if m == 13:
            y, m = y + 1, 1
        day = date(y, m, 25)
        if (y, m) == (end.year, end.month):
            out.append(min(day, end))
            return out
        if day > end:
            return out
        out.append(day)


def _ramp(final: int, n: int) -> list[int]:
    """n rising percents ending at ``final`` (multiples of 5 where possible)."""
    if n <= 0:
        return []
    steps = [max(5, round(final * (k + 1) / n / 5) * 5) for k in range(n)]
    steps[-1] = final
    return [min(s, final) for s in steps]


def _info(store: Store, ids: list[int]) -> dict[int, dict]:
    rows = store.query("SELECT p.id, p.number, p.source, p.kind, p.deadline, u.name AS unit FROM problems p "
                       "JOIN units u ON u.id = p.lead_unit_id WHERE p.id IN (SELECT value FROM json_each(?))",
                       (id_list(ids),))
    return {r["id"]: r for r in rows}


def play(store: Store, campaign_id: int, plan: dict[int, tuple[str, int]], today: date) -> None:
    """Bring every problem to its planned (status, progress) through batches, reports and closings."""
    year = store.scalar("SELECT year FROM campaigns WHERE id = ?", (campaign_id,))
    info = _info(store, list(plan))
    active = [pid for pid, (status, _) in plan.items() if status != STATUS_PENDING]
    province_day, meeting_day, later_day = today - timedelta(150), today - timedelta(140), today - timedelta(75)
    # the 补充交办: open problems whose deadline is after it (or has none), every fifth
    later = [pid for pid in active if plan[pid][0] in (STATUS_IN_PROGRESS, STATUS_CARRIED)
             and (info[pid]["deadline"] is None or info[pid]["deadline"] > later_day.isoformat())][::5]
    first = [pid for pid in active if pid not in later]
    from_above = [pid for pid in first if info[pid]["source"] == "上级交办"]
    handed_on: dict[int, date] = {}
    with store.transaction():
        if from_above:
            handover.create_batch(store, campaign_id, HandoverForm(
                doc_number=f"某省人常办〔{year}〕21号", handover_date=province_day.isoformat(),
                occasion="省人大常委会联动监督问题交办", organ="某省人大常委会",
                recipients=[GOVERNMENT, CONGRESS_OFFICE]), from_above)
        handover.create_batch(store, campaign_id, HandoverForm(
            doc_number=f"某县人常办〔{year}〕8号", handover_date=meeting_day.isoformat(),
            occasion="养老服务联动监督问题清单交办会", organ="某某县人大常委会",
            recipients=[GOVERNMENT, *handover.suggested_recipients(store, first)],
            notes="报告＋审议意见＋问题清单一并交办。"), first)
        handed_on.update({pid: meeting_day for pid in first})
        if later:
            handover.create_batch(store, campaign_id, HandoverForm(
                doc_number=f"某县人常办〔{year}〕15号", handover_date=later_day.isoformat(),
                occasion="联动监督问题补充交办", organ="某某县人大常委会",
                recipients=handover.suggested_recipients(store, later)), later)
            handed_on.update({pid: later_day for pid in later})

        silent_units = sorted({info[pid]["unit"] for pid in active})[::3]  # not reported this month
        # the send-back falls on the furthest-along open problem of the 交办会 (ties: lowest id)
        sent_back = max((pid for pid in first if plan[pid][0] == STATUS_IN_PROGRESS),
                        key=lambda pid: (plan[pid][1], -pid), default=None)
        with tempfile.TemporaryDirectory() as tmp:
            evidence = _evidence_files(Path(tmp)) if str(store.path) != ":memory:" else []
            for n, pid in enumerate(active):
                status, final = plan[pid]
                days = _months(handed_on[pid], today)
                if status in (STATUS_CLOSE_REQUESTED, STATUS_CLOSED):
                    quick = 1 if info[pid]["kind"] == "立行立改" else 3
                    days = days[:quick] if status == STATUS_CLOSED else days[-2:]
                elif days and days[-1].month == today.month and info[pid]["unit"] in silent_units:
                    days = days[:-1]
                _report_months(store, pid, info[pid]["unit"], days, status, final,
                               send_back=pid == sent_back, attach=evidence[n % len(evidence)] if
                               evidence and n % 2 == 0 and status == STATUS_CLOSED else None)
                if status == STATUS_CLOSED:
                    check_day = min(days[-1] + timedelta(7), today)
                    closing.close_problem(store, pid, ClosingForm(
                        checked_by=CHECKER, check_date=check_day.isoformat(),
                        opinion="经对账核查，整改措施已落实，现场查看情况属实，同意销号。",
                        no_evidence_reason="" if n % 2 == 0 and evidence else "现场核查，照片存于纸质卷宗。"))
        carried = [pid for pid in active if plan[pid][0] == STATUS_CARRIED]
        if carried:
            carryover.carry_over(store, carried)


def _report_months(store: Store, pid: int, unit: str, days: list[date], status: str, final: int, *,
                   send_back: bool, attach: Path | None) -> None:
    """One report per day in ``days``, rising to ``final``; the last asks to close when planned."""
    asks = status in (STATUS_CLOSE_REQUESTED, STATUS_CLOSED)
    percents = _ramp(100 if asks else final, len(days))
    if send_back:  # after the send-back the unit reports its real, lower figure and climbs again
        percents = [max(final - 10 * (len(days) - 1 - k), 5) for k in range(len(days))]
    for k, (day, pct) in enumerate(zip(days, percents, strict=True)):
        last = k == len(days) - 1
        if send_back and k == 0 and len(days) > 2:
            # reported done too early; the congress checked and sent it back
            progress.add_report(store, pid, ReportForm(
                report_date=day.isoformat(), unit=unit, measures="已制定整改方案并组织实施，自查认为已整改到位。",
                result="申请销号。", percent=100, requests_closing=True))
            closing.send_back(store, pid, "现场核查发现问题仍未解决，佐证材料与台账不符，退回继续整改。")
            continue
        progress.add_report(store, pid, ReportForm(
            report_date=day.isoformat(), unit=unit,
            measures=_MEASURES[k % len(_MEASURES)] if not (last and asks) else "各项整改措施已全部落实到位。",
            result=f"已完成{pct}%。" if pct < 100 else "整改完成，已建立长效管理机制。",
            percent=pct, requests_closing=last and asks,
            attachments=[str(attach)] if attach and last else []))


_MEASURES = (
    "召开专题会议研究整改方案，明确责任人和时间节点。",
    "开展全面排查，建立问题台账，逐项推进整改。",
    "落实整改资金，组织施工和设备采购。",
    "对照台账逐项复核，补齐短板，完善制度。",
)


def _evidence_files(folder: Path) -> list[Path]:
    files = []
    for name, text in (("整改情况说明.txt", "整改情况说明（演示材料）：各项整改措施已落实，附现场照片清单。"),
                       ("现场核查记录.txt", "现场核查记录（演示材料）：核查人员到现场查看，问题已整改到位。"),
                       ("验收意见.txt", "验收意见（演示材料）：经验收，整改结果符合要求。")):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files
