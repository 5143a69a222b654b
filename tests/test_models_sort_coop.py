"""Sorting by 配合单位 gives exactly the order of sorting by the column's text in SQL."""
from __future__ import annotations

import random

import pytest

from models import ledger
from models.campaigns import create_campaign
from models.domain import Campaign, Unit
from models.ledger import LedgerFilter
from models.problems import ProblemForm, create_problem
from models.units import create_unit

NAMES = ["县民政局", "县卫健委", "县财政局", "城关镇", "安乐镇", "县住建局", "县医保局"]


@pytest.mark.parametrize("descending", [False, True])
def test_cooperating_sort_matches_the_text_order(store, descending):
    rng = random.Random(3)
    cid = create_campaign(store, Campaign(name="专题", year=2026))
    other = create_campaign(store, Campaign(name="另一专题", year=2026))
    for n in NAMES:
        create_unit(store, Unit(name=f"某某{n}", short_name=n, kind="政府部门"))
    for i in range(120):
        coop = rng.sample(NAMES[1:], rng.choice((0, 0, 1, 2, 3)))
        create_problem(store, ProblemForm(number=f"2026-{i:03d}", description=f"养老问题描述{i}", lead_unit="县民政局",
                                          cooperating_units=coop, source="专题调研", kind="长期整改"),
                       campaign_id=rng.choice((cid, cid, other)))
    coop_sql = ledger.column("cooperating_units").sort
    for flt in (LedgerFilter(campaign_id=cid), LedgerFilter(campaign_id=cid, search="描述1"), LedgerFilter()):
        where, params = flt.where()
        way = "DESC" if descending else "ASC"
        want = store.column(f"SELECT p.id FROM problems p{where} ORDER BY {coop_sql} {way}, p.id {way}", params)
        assert ledger.query_ids(store, flt, "cooperating_units", descending) == want
