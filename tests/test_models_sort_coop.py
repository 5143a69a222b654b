"""Sorting by 配合单位 gives exactly the order of the column's text, also after the units of a problem
or a unit's name change (problems.coop_label is kept by triggers, schema step 4)."""
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
    _check(store, cid, descending)
    # the clerk renames a unit, a problem loses a cooperating unit, another gains one
    from models.problems import form_from_problem, get_problem, update_problem
    from models.units import find_unit, update_unit
    unit = find_unit(store, "县卫健委")
    unit.short_name = "卫健委"
    update_unit(store, unit)
    for pid in store.column("SELECT id FROM problems WHERE campaign_id = ? LIMIT 10", (cid,)):
        form = form_from_problem(store, get_problem(store, pid))
        form.cooperating_units = form.cooperating_units[1:] if form.cooperating_units else ["安乐镇"]
        update_problem(store, pid, form)
    _check(store, cid, descending)


def _check(store, cid, descending):
    coop_sql = ledger.column("cooperating_units").select   # the text the column shows
    for flt in (LedgerFilter(campaign_id=cid), LedgerFilter(campaign_id=cid, search="描述1"), LedgerFilter()):
        where, params = flt.where()
        way = "DESC" if descending else "ASC"
        want = store.column(f"SELECT p.id FROM problems p{where} ORDER BY {coop_sql} {way}, p.id {way}", params)
        assert ledger.query_ids(store, flt, "cooperating_units", descending) == want


def test_a_version_1_file_gets_its_labels_when_opened(tmp_path):
    import sqlite3

    from models import schema
    from models.store import Store

    path = tmp_path / "旧版.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    schema._v1(conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO campaigns(id, name, year, level, created_at, updated_at) "
                 "VALUES (1, '专题', 2024, '县', '2024-01-01', '2024-01-01')")
    for uid, name in ((1, "县民政局"), (2, "县卫健委"), (3, "城关镇")):
        conn.execute("INSERT INTO units(id, name, short_name, kind, created_at, updated_at) "
                     "VALUES (?, ?, ?, '政府部门', '2024-01-01', '2024-01-01')", (uid, f"某某{name}", name))
    for pid in (1, 2):
        conn.execute("INSERT INTO problems(id, campaign_id, number, source, description, lead_unit_id, kind, status, "
                     "progress, created_at, updated_at) VALUES (?, 1, ?, '专题调研', '养老问题描述', 1, '长期整改', '待交办', 0, "
                     "'2024-01-01', '2024-01-01')", (pid, f"2024-00{pid}"))
    conn.executemany("INSERT INTO problem_units(problem_id, unit_id, position) VALUES (?, ?, ?)",
                     [(1, 3, 0), (1, 2, 1), (2, 2, 0)])
    conn.execute("COMMIT")
    conn.close()
    store = Store(path)
    assert store.user_version() == schema.CURRENT_VERSION
    labels = dict(store.query_rows("SELECT number, coop_label FROM problems ORDER BY number"))
    assert labels == {"2024-001": "城关镇、县卫健委", "2024-002": "县卫健委"}
    assert ledger.query_ids(store, LedgerFilter(campaign_id=1), "cooperating_units") == [2, 1]  # 县 < 城
    store.close()


def test_a_file_without_the_label_still_sorts(store):
    """A development file that skipped step 4 (made when only step 5 existed) sorts by the text."""
    cid = create_campaign(store, Campaign(name="专题", year=2026))
    for n in NAMES:
        create_unit(store, Unit(name=f"某某{n}", short_name=n, kind="政府部门"))
    for i, coop in enumerate((["县财政局"], [], ["城关镇", "县卫健委"])):
        create_problem(store, ProblemForm(number=f"2026-{i:03d}", description="养老问题描述", lead_unit="县民政局",
                                          cooperating_units=coop, source="专题调研", kind="长期整改"), campaign_id=cid)
    want = ledger.query_ids(store, LedgerFilter(campaign_id=cid), "cooperating_units")
    store._coop_label_column = False
    assert ledger.query_ids(store, LedgerFilter(campaign_id=cid), "cooperating_units") == want == [2, 1, 3]
