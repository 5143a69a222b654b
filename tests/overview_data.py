"""Crafted data for the overview, dispatch, digest and evaluation tests, written through the
workflow functions (handover, progress, closing, carry-over) the way the program writes it."""
from __future__ import annotations

from models import campaigns, problems, units
from models.domain import Campaign, Unit
from models.workflow import carryover, closing, handover, progress

UNITS = ("县民政局", "县卫健委", "县财政局")


def campaign(store, year: int = 2024) -> int:
    cid = campaigns.create_campaign(store, Campaign(name="测试专题", year=year, level="县"))
    for name in UNITS:
        if units.find_unit(store, name) is None:
            units.create_unit(store, Unit(name=name, kind="政府部门"))
    return cid


def problem(store, cid: int, number: str, unit: str = "县民政局", *, source: str = "专题调研",
            category: str = "设施建设", deadline: str = "2024-12-31", kind: str = "限期整改") -> int:
    return problems.create_problem(store, problems.ProblemForm(
        number=number, source=source, category=category, description=f"测试问题{number}的具体描述",
        lead_unit=unit, kind=kind, deadline=deadline), campaign_id=cid)


def hand_over(store, cid: int, ids: list[int], day: str = "2024-07-01") -> int:
    return handover.create_batch(store, cid, handover.HandoverForm(
        doc_number="某人常办〔2024〕12号", handover_date=day, occasion="问题交办会", organ="县人大常委会"), ids)


def report(store, pid: int, day: str, unit: str = "县民政局", percent: int = 50, close: bool = False) -> int:
    return progress.add_report(store, pid, progress.ReportForm(
        report_date=day, unit=unit, measures="已制定整改方案并推进", percent=percent, requests_closing=close))


def close(store, pid: int, day: str = "2024-10-01") -> None:
    report(store, pid, day, unit=store.scalar(
        "SELECT u.name FROM problems p JOIN units u ON u.id = p.lead_unit_id WHERE p.id = ?", (pid,)),
        percent=100, close=True)
    closing.close_problem(store, pid, closing.ClosingForm(
        checked_by="张三", check_date=day, opinion="经现场核查已整改到位", no_evidence_reason="现场核查，无书面材料"))


def carry(store, ids: list[int]) -> dict[int, int]:
    return carryover.carry_over(store, ids)
