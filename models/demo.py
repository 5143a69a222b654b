"""Demo database: one county campaign with units and 60+ problems in every state.

``fill_demo(store)`` writes into an (empty) store and returns the campaign id. It is
deterministic for a given ``today``: deadlines are placed relative to it so some are past,
some due within the warning window and some later, whenever the demo is opened.
"""
from __future__ import annotations

import os
import random
from datetime import date, timedelta
from pathlib import Path

from models import campaigns, problems, units
from models.demo_data import CAMPAIGN_NAME, CAMPAIGN_NOTES, ORGANIZER, UNITS, problem_rows
from models.documents import doc_settings
from models.domain import Campaign, Unit
from models.store import Store, StoreError
from models.vocab import (
    STATUS_CARRIED,
    STATUS_CLOSE_REQUESTED,
    STATUS_CLOSED,
    STATUS_IN_PROGRESS,
    STATUS_PENDING,
)

SEED = 20260723

# Deadline offsets in days from "today" per kind; cycled through the problems of that kind.
_OFFSETS = {
    "立行立改": (-118, -110, -95, -88, -80, 6, -100),
    "限期整改": (-45, 9, 38, -20, 68, 128, 4, 190, -8, 220, 12, 99),
    "长期整改": (None, 403, None, 403, 220),
}

# Status weights per kind (待交办, 整改中, 申请销号, 已销号, 转下年度).
_WEIGHTS = {
    "立行立改": (0, 3, 2, 6, 0),
    "限期整改": (2, 7, 2, 2, 1),
    "长期整改": (1, 5, 0, 0, 2),
}
# the demo office's own names (its batches carry the 某县人常办 prefix)
DEMO_OFFICE = dict(organ="某某县人大常委会办公室", doc_prefix="某县人常办", issuer="某某县人大常委会办公室",
                   signature="某某县人大常委会办公室", contact="李明，0000-1234567（演示）",
                   contributor="某某县人大社会建设委员会")
_STATUS_ORDER = (STATUS_PENDING, STATUS_IN_PROGRESS, STATUS_CLOSE_REQUESTED, STATUS_CLOSED, STATUS_CARRIED)


def create_demo_database(path: str | os.PathLike) -> Store:
    """A new file at ``path`` filled with the demo; refuses a path that exists (never overwrites)."""
    path = Path(path)
    if path.exists():
        raise StoreError(f"文件“{path}”已存在。演示数据库只能新建，不会覆盖已有文件，请换一个路径。", "exists")
    store = Store(path)
    try:
        fill_demo(store)
    except BaseException:
        store.close()
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    return store


def fill_demo(store: Store, *, today: date | None = None) -> int:
    """Fill the store with the demo campaign; returns its id. All in one transaction."""
    today = today or date.today()
    year = (today - timedelta(days=150)).year
    with store.transaction():
        # a demo office's own names as real values (a new database holds none: see doc_settings)
        doc_settings.save(store, doc_settings.DocSettings(**DEMO_OFFICE))
        cid = campaigns.create_campaign(store, Campaign(
            name=CAMPAIGN_NAME, year=year, level="县", organizer=ORGANIZER, notes=CAMPAIGN_NOTES))
        for name, short, kind in UNITS:
            if units.find_unit(store, name) is None:
                units.create_unit(store, Unit(name=name, short_name=short, kind=kind))
        ids = []
        seen: dict[str, int] = {}
        for i, row in enumerate(problem_rows(), start=1):
            n = seen.get(row["kind"], 0)
            seen[row["kind"]] = n + 1
            offsets = _OFFSETS[row["kind"]]
            offset = offsets[n % len(offsets)]
            deadline = (today + timedelta(days=offset)).isoformat() if offset is not None else ""
            form = problems.ProblemForm(number=f"{year}-{i:03d}", deadline=deadline, **row)
            p = problems.validate_form(store, form, campaign_id=cid)
            ids.append(problems.insert_problem(store, p))
        _play_workflow(store, cid, ids, today=today)
        store.set_setting("demo", "1")
    return cid


def _planned_states(store: Store, problem_ids: list[int]) -> dict[int, tuple[str, int]]:
    """(status, progress) per problem, seeded; every status appears at least once."""
    rng = random.Random(SEED)
    kinds = {r["id"]: r["kind"] for r in store.query(
        "SELECT id, kind FROM problems WHERE id IN (SELECT value FROM json_each(?))", (str(list(problem_ids)),))}
    plan: dict[int, tuple[str, int]] = {}
    for pid in problem_ids:
        status = rng.choices(_STATUS_ORDER, weights=_WEIGHTS[kinds[pid]])[0]
        if status == STATUS_IN_PROGRESS:
            progress = rng.choice((10, 20, 30, 40, 50, 60, 70, 75, 80, 90))
        elif status in (STATUS_CLOSE_REQUESTED, STATUS_CLOSED):
            progress = 100
        elif status == STATUS_CARRIED:
            progress = rng.choice((30, 40, 60))
        else:
            progress = 0
        plan[pid] = (status, progress)
    return plan


def _play_workflow(store: Store, campaign_id: int, problem_ids: list[int], *, today: date | None = None) -> None:
    """Bring the demo problems to their planned states through the real workflow: handover
    batches (a province one, the county 交办会, a 补充交办), monthly progress reports (some units
    silent this month), closings with checks, one send-back and a carry-over into next year."""
    from models.workflow import demo_play

    demo_play.play(store, campaign_id, _planned_states(store, problem_ids), today or date.today())
    _evaluate(store, campaign_id, today or date.today())
    # the carry-over made next year's campaign, the newest; a fresh window still opens on this one
    store.set_setting("start_campaign_id", str(campaign_id))


def _evaluate(store: Store, campaign_id: int, today: date) -> None:
    """Two 满意度测评: the standing committee votes on every unit's rectification, and a
    deputies' vote on the whole of it a month earlier (seeded counts, most units 满意)."""
    from models.workflow import evaluation

    rng = random.Random(SEED + 1)
    rows = []
    for unit in evaluation.candidate_units(store, campaign_id):
        voters = 31
        bad = rng.choice((0, 0, 1, 2, 4))
        basic = rng.randint(3, 9)
        rows.append(evaluation.CountRow(unit_id=unit["id"], satisfied=voters - bad - basic,
                                        basically_satisfied=basic, dissatisfied=bad))
    evaluation.create_evaluation(store, evaluation.Evaluation(
        campaign_id=campaign_id, eval_date=(today - timedelta(days=12)).isoformat(),
        occasion="县人大常委会第二十三次会议满意度测评", rows=rows,
        notes="常委会组成人员31人参加测评，结果反馈各承办单位并报县委"))
    evaluation.create_evaluation(store, evaluation.Evaluation(
        campaign_id=campaign_id, eval_date=(today - timedelta(days=45)).isoformat(),
        occasion="部分县人大代表视察后测评",
        rows=[evaluation.CountRow(satisfied=38, basically_satisfied=9, dissatisfied=3)]))
