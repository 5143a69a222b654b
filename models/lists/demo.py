"""The campaign's lists in the demo database: one regulation (written for the demo), a 责任清单, a
内容清单, three inspections (two of which found demo problems), a timetable, counts and criteria."""
from __future__ import annotations

from datetime import date, timedelta

from models.lists import checklist, counts, duties, inspections, regulations, timetable
from models.lists.demo_data import (
    CHECK_ITEMS,
    DUTIES,
    INSPECTIONS,
    PHASES,
    REGULATION_ISSUER,
    REGULATION_TEXT,
    TYPED_COUNTS,
)
from models.store import Store
from models.units import find_unit


def fill_lists(store: Store, campaign_id: int, today: date) -> None:
    """Inside the demo's transaction."""
    year = store.scalar("SELECT year FROM campaigns WHERE id = ?", (campaign_id,))
    rid = regulations.import_regulation(store, REGULATION_TEXT, issuer=REGULATION_ISSUER, effective_on="2025年6月1日")
    regulations.set_study(store, campaign_id, rid, True)
    duty_ids = [duties.add_duty(store, campaign_id, duties.Duty(find_unit(store, u).id, text, basis))
                for u, text, basis in DUTIES]
    item_ids = [checklist.add_item(store, campaign_id, checklist.CheckItem(text, aspect, kind, basis))
                for aspect, kind, text, basis in CHECK_ITEMS]
    for back, kind, place, unit, members, met, notes, answers, found in INSPECTIONS:
        iid = inspections.create_inspection(store, campaign_id, inspections.Inspection(
            visit_date=(today - timedelta(days=back)).isoformat(), kind=kind, place=place, unit=unit,
            members=members, elderly_met=met, notes=notes))
        by_item = {r["check_item_id"]: r["id"] for r in inspections.results(store, iid)}
        for index, (verdict, remark) in answers.items():
            inspections.save_result(store, by_item[item_ids[index]], verdict, remark)
        for index, n in found.items():
            pid = store.scalar("SELECT id FROM problems WHERE campaign_id = ? AND number = ?",
                               (campaign_id, f"{year}-{n:03d}"))
            inspections.link_problem(store, by_item[item_ids[index]], pid)
    # the fire-safety problem of the 敬老院 concerns the 民政局's duty to check fire safety
    store.conn.execute("UPDATE problems SET duty_id = ? WHERE campaign_id = ? AND number = ?",
                       (duty_ids[1], campaign_id, f"{year}-001"))
    start = date(year, 3, 1)
    timetable.save_phases(store, campaign_id, [
        timetable.Phase(name, (start + timedelta(days=off)).isoformat(),
                        (start + timedelta(days=off + length - 1)).isoformat(), owner, notes)
        for name, off, length, owner, notes in PHASES])
    counts.set_typed_counts(store, campaign_id, {k: str(v) for k, v in TYPED_COUNTS.items()})
    counts.save_criteria(store, campaign_id, list(counts.DEFAULT_CRITERIA))
