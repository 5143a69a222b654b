"""Search and the ledger's filters, sort and rows, on the demo data (no Qt)."""
from __future__ import annotations

from datetime import date

import pytest

from models import deadlines, demo, ledger, search, units
from models.domain import Unit
from models.ledger import LedgerFilter, query_ids
from models.store import StoreError

TODAY = date(2026, 11, 23)


@pytest.fixture
def cid(store):
    cid = demo.fill_demo(store, today=TODAY)
    assert cid == 1  # ids_where() below relies on it
    return cid


def ids_where(store, sql, params=()):
    """Ids of the demo campaign (the first one; the demo may also carry problems into next year)."""
    return sorted(store.column(f"SELECT p.id FROM problems p WHERE p.campaign_id = 1 AND ({sql})", params))


def find(store, cid, text, **kw):
    return sorted(query_ids(store, LedgerFilter(campaign_id=cid, search=text, today=TODAY, **kw)))


def test_two_character_chinese_finds_substrings(store, cid):
    expected = ids_where(store, "description LIKE '%消防%' OR suggestion LIKE '%消防%' OR place LIKE '%消防%' "
                                "OR p.id IN (SELECT problem_id FROM problem_units pu JOIN units u ON u.id = pu.unit_id "
                                "WHERE u.name LIKE '%消防%') "
                                "OR lead_unit_id IN (SELECT id FROM units WHERE name LIKE '%消防%')")
    assert expected and find(store, cid, "消防") == expected
    assert find(store, cid, "助餐") == ids_where(store, "description LIKE '%助餐%' OR suggestion LIKE '%助餐%' "
                                                      "OR place LIKE '%助餐%'")


def test_several_words_must_all_match(store, cid):
    both = find(store, cid, "敬老院 消防")
    assert both and set(both) < set(find(store, cid, "敬老院"))
    assert set(both) <= set(find(store, cid, "消防"))
    assert find(store, cid, "敬老院 火星") == []


def test_number_found_with_or_without_punctuation(store, cid):
    pid = store.scalar("SELECT id FROM problems WHERE number = '2026-017'")
    assert find(store, cid, "2026-017") == [pid]
    assert find(store, cid, "２０２６－０１７") == [pid]
    assert pid in find(store, cid, "2026017")


def test_unit_names_full_and_short_are_searchable(store, cid):
    lead = find(store, cid, "县交通局")
    assert lead == ids_where(store, "lead_unit_id = (SELECT id FROM units WHERE short_name = '县交通局') "
                                    "OR p.id IN (SELECT problem_id FROM problem_units WHERE unit_id = "
                                    "(SELECT id FROM units WHERE short_name = '县交通局'))")
    assert find(store, cid, "交通运输局") == lead
    assert find(store, cid, "柳林镇人大主席团")  # supervising body


def test_renaming_a_unit_reindexes_its_problems(store, cid):
    u = units.find_unit(store, "县交通局")
    before = find(store, cid, "交通运输局")
    units.update_unit(store, Unit(id=u.id, name="某某县交通运输管理局", short_name="县交管局", kind=u.kind))
    assert find(store, cid, "交通运输局") == []
    assert find(store, cid, "运输管理局") == before == find(store, cid, "县交管局")


def test_single_character_and_empty_queries(store, cid):
    with pytest.raises(StoreError, match="至少两个字"):
        find(store, cid, "院")
    everything = find(store, cid, "")
    assert len(everything) >= 60 and find(store, cid, " ，。 ") == everything


def test_match_expression_quotes_words():
    assert search.match_expression("敬老院 消防") == '"敬老 老院" AND "消防"'
    assert search.match_expression("a\"b") == '"ab"'


def test_filters_agree_with_the_rows(store, cid):
    mz = units.find_unit(store, "县民政局").id
    cases = [
        (dict(statuses=("整改中",)), "status = '整改中'", ()),
        (dict(statuses=("已销号", "转下年度")), "status IN ('已销号', '转下年度')", ()),
        (dict(lead_unit_id=mz), "lead_unit_id = ?", (mz,)),
        (dict(source="上级交办"), "source = '上级交办'", ()),
        (dict(category="智慧养老"), "category = '智慧养老'", ()),
        (dict(kind="长期整改"), "kind = '长期整改'", ()),
    ]
    for kw, sql, params in cases:
        got = find(store, cid, "", **kw)
        assert got and got == ids_where(store, sql, params), kw
    combined = find(store, cid, "敬老院", statuses=("整改中",), lead_unit_id=None)
    assert set(combined) == set(find(store, cid, "敬老院")) & set(find(store, cid, "", statuses=("整改中",)))
    assert ledger.count(store, LedgerFilter(campaign_id=cid, source="上级交办")) == len(
        find(store, cid, "", source="上级交办"))


@pytest.mark.parametrize("state", [deadlines.OVERDUE, deadlines.DUE_SOON, deadlines.LATER, deadlines.NONE])
def test_deadline_buckets_match_deadline_state(store, cid, state):
    rows = store.query("SELECT id, deadline, status FROM problems WHERE campaign_id = ?", (cid,))
    expected = sorted(r["id"] for r in rows if deadlines.deadline_state(r["deadline"], r["status"], TODAY) == state)
    assert expected, f"demo has no problem in {state}"
    assert find(store, cid, "", deadline_state=state) == expected


def test_sort_by_every_column_keeps_all_rows(store, cid):
    total = find(store, cid, "")
    for col in ledger.COLUMNS:
        for desc in (False, True):
            got = query_ids(store, LedgerFilter(campaign_id=cid), col.key, desc)
            assert sorted(got) == total, col.key
    by_deadline = query_ids(store, LedgerFilter(campaign_id=cid), "deadline")
    rows = ledger.fetch_rows(store, by_deadline)
    dates = [rows[i]["deadline"] or "9999" for i in by_deadline]
    assert dates == sorted(dates)


def test_fetch_rows_shows_short_unit_names(store, cid):
    pid = store.scalar("SELECT id FROM problems WHERE number = '2026-003'")
    row = ledger.fetch_rows(store, [pid])[pid]
    assert row["lead_unit"] == "县住建局"
    assert row["cooperating_units"] == "县自然资源局、县民政局、城关镇"
    assert row["supervisor_unit"] == "县人大社会委"
    assert row["number"] == "2026-003" and row["_status"] == row["status"]


def test_sort_by_unit_uses_short_names_and_deadline_puts_undated_last(store, cid):
    flt = LedgerFilter(campaign_id=cid)
    for desc in (False, True):
        ids = query_ids(store, flt, "lead_unit", desc)
        rows = ledger.fetch_rows(store, ids)
        names = [rows[i]["lead_unit"] for i in ids]
        assert names == sorted(names, reverse=desc)
        ids = query_ids(store, flt, "cooperating_units", desc)
        shown = [(rows[i]["cooperating_units"] or "", i) for i in ids]
        assert shown == sorted(shown, reverse=desc)
        ids = query_ids(store, flt, "deadline", desc)
        dates = [rows[i]["deadline"] or "9999" for i in ids]
        assert dates == sorted(dates, reverse=desc)
    narrowed = query_ids(store, LedgerFilter(campaign_id=cid, statuses=("整改中",)), "source")
    rows = ledger.fetch_rows(store, narrowed)
    keys = [(rows[i]["source"], i) for i in narrowed]
    assert keys == sorted(keys) and {rows[i]["status"] for i in narrowed} == {"整改中"}


def _sql_order(store, flt, sort_key, descending):
    """The order as one SQL statement gives it (what the ledger returned before searches were planned)."""
    where, params = flt.where()
    col = ledger.column(sort_key)
    direction = "DESC" if descending else "ASC"
    if sort_key in ("lead_unit", "supervisor_unit", "deadline", "cooperating_units"):
        return None
    return store.column(f"SELECT p.id FROM problems p{where} ORDER BY {col.sort} {direction}, p.id {direction}", params)


@pytest.mark.parametrize("broad", [True, False])
def test_a_search_finds_the_same_in_the_same_order_however_many_it_finds(store, cid, monkeypatch, broad):
    """A search found in many problems is answered from the kept order of the filter without it, one
    found in few from its hits: both give what the plain query gives, for every sort and filter."""
    monkeypatch.setattr(ledger, "BROAD_SEARCH", 1 if broad else 10**9)
    for text, extra in (("县民政局", {}), ("敬老院", {"statuses": ("整改中", "待交办")}), ("敬老院 消防", {}),
                        ("2026-017", {}), ("火星基地", {}), ("民政", {"deadline_state": deadlines.OVERDUE})):
        flt = LedgerFilter(campaign_id=cid, search=text, today=TODAY, **extra)
        for col in ledger.COLUMNS:
            for descending in (False, True):
                got = query_ids(store, flt, col.key, descending)
                plain = _sql_order(store, flt, col.key, descending)
                if plain is not None:
                    assert got == plain, (text, col.key, descending)
                # the same set as the filter without planning, in the order the unsearched list has
                everything = query_ids(store, LedgerFilter(campaign_id=cid, today=TODAY, **extra), col.key, descending)
                assert got == [i for i in everything if i in set(got)], (text, col.key)
                assert sorted(got) == find(store, cid, text, **extra) or not got


def test_a_broad_search_sees_a_problem_added_after_the_last_one(store, cid, monkeypatch):
    """The kept order is dropped when anything is written: a new problem shows in the next search."""
    from models.problems import ProblemForm, create_problem

    monkeypatch.setattr(ledger, "BROAD_SEARCH", 1)
    flt = LedgerFilter(campaign_id=cid, search="县民政局", today=TODAY)
    before = query_ids(store, flt)
    pid = create_problem(store, ProblemForm(number="2026-999", source="专题调研", description="新发现的敬老院问题",
                                            lead_unit="县民政局", deadline="2026-12-31"), campaign_id=cid)
    after = query_ids(store, flt)
    assert pid not in before and after == before + [pid]   # 2026-999: the highest number, last
    # and another connection's write too (a background job's)
    from models.store import Store

    other = Store(store.path)
    with other.transaction() as conn:
        conn.execute("DELETE FROM problem_search WHERE rowid = ?", (pid,))
        conn.execute("DELETE FROM problems WHERE id = ?", (pid,))
    other.close()
    assert query_ids(store, flt) == before


def test_a_unit_name_typed_letter_by_letter_finds_what_the_index_finds_after_each_change(store, cid, monkeypatch):
    """A unit's problems are read once and kept while nothing changes: every prefix of its name finds
    exactly what the one-statement search finds, also right after a problem left the unit."""
    monkeypatch.setattr(ledger, "BROAD_SEARCH", 1)
    mz = units.find_unit(store, "县民政局").id

    def plain(text):
        return sorted({i for params in search.word_params(text) for i in store.ids(search.HITS_SQL, params)}
                      & set(ids_where(store, "1")))

    for text in ("县民", "县民政", "县民政局", "民政局", "民政 敬老院"):
        assert find(store, cid, text) == plain(text) or len(search.word_params(text)) > 1, text
    moved = store.column("SELECT id FROM problems WHERE lead_unit_id = ? AND supervisor_unit_id != ? AND id NOT IN "
                         "(SELECT problem_id FROM problem_units WHERE unit_id = ?) LIMIT 1", (mz, mz, mz))[0]
    assert moved in find(store, cid, "县民政局")
    other = units.find_unit(store, "县财政局").id
    with store.transaction() as conn:   # as the problem dialog saves a new 牵头单位
        conn.execute("UPDATE problems SET lead_unit_id = ? WHERE id = ?", (other, moved))
        search.reindex(conn, "p.id = ?", (moved,))
    for text in ("县民", "县民政局"):
        assert find(store, cid, text) == plain(text)
    assert moved not in find(store, cid, "县民政局") and moved in find(store, cid, "财政局")


def test_counting_can_stop_at_a_limit(store, cid):
    everything = LedgerFilter(campaign_id=cid)
    total = ledger.count(store, everything)
    assert total > 3
    assert ledger.count(store, everything, at_most=3) == 3
    assert ledger.count(store, everything, at_most=total + 5) == total
    overdue = LedgerFilter(campaign_id=cid, deadline_state=deadlines.OVERDUE, today=TODAY)
    assert ledger.count(store, overdue, at_most=10**6) == ledger.count(store, overdue)
