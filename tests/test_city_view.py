"""The city's merged view of its counties (models): the 总览 figures per 来源机关 and together,
each figure's ledger filter counting exactly its problems, and one county picked alone."""
from __future__ import annotations

from city_offices import COUNTY_A, COUNTY_B, TODAY, city_with_counties, origin_key

from models import ledger
from models.workflow import origins, overview


def _figures(row) -> dict:
    return {k: row.value(k) for k in ("total", "handed_over", "done", "overdue")} | {"rate": row.rate.percent_text()}


def test_overview_shows_each_county_and_the_whole_city(tmp_path):
    city, cid = city_with_counties(tmp_path)
    ov = overview.compute(city, cid, today=TODAY)
    assert _figures(overview.GroupRow(None, "", ov.figures, {}, ov.rate, None)) == {
        "total": 9, "handed_over": 7, "done": 3, "overdue": 1, "rate": "42.9%"}
    rows = {r.label: _figures(r) for r in ov.by_origin}
    assert rows == {
        "本机关": {"total": 2, "handed_over": 0, "done": 0, "overdue": 0, "rate": "—"},
        "甲县": {"total": 4, "handed_over": 4, "done": 2, "overdue": 1, "rate": "50.0%"},
        "乙县": {"total": 3, "handed_over": 3, "done": 1, "overdue": 0, "rate": "33.3%"},
    }
    assert [r.label for r in ov.by_origin][0] == "本机关"
    # every number is a click away from exactly its problems in the 问题清单
    for row in ov.by_origin:
        for fig in row.figures.values():
            assert ledger.count(city, fig.filter) == fig.value, (row.label, fig.label)


def test_one_county_picked_alone_narrows_every_figure(tmp_path):
    city, cid = city_with_counties(tmp_path)
    a = overview.compute(city, cid, today=TODAY, origin=origin_key(city, COUNTY_A))
    assert a.origin_label == "甲县"
    assert (a.value("total"), a.value("handed_over"), a.value("done"), a.value("overdue")) == (4, 4, 2, 1)
    assert a.summary_sentence() == "共梳理问题4个，已交办4个，已整改完成（销号）2个，交办问题整改率50.0%，逾期未完成1个。"
    assert [r.label for r in a.by_origin] == ["甲县"]
    assert sum(r.value("total") for r in a.by_unit) == 4
    for fig in [*a.figures.values(), *(f for r in a.by_unit for f in r.figures.values())]:
        assert ledger.count(city, fig.filter) == fig.value
    mine = overview.compute(city, cid, today=TODAY, origin=ledger.LOCAL_ORIGIN)
    assert (mine.value("total"), mine.value("pending")) == (2, 2)
    assert [r.label for r in mine.by_unit] == ["某市民政局"]
    # an origin that is not in the campaign falls back to the whole city
    assert overview.compute(city, cid, today=TODAY, origin="no-such-site").value("total") == 9


def test_a_county_with_only_its_own_problems_has_no_origin_rows(tmp_path):
    from sync_offices import county_with_problems

    county, _ = county_with_problems(tmp_path / "c.db", 2)
    cid = county.scalar("SELECT id FROM campaigns")
    assert origins.campaign_origins(county, cid) == []
    assert overview.compute(county, cid).by_origin == []


def test_origin_offices_and_place_names(tmp_path):
    city, cid = city_with_counties(tmp_path)
    offices = origins.campaign_origins(city, cid)
    assert [(o.office, o.label) for o in offices] == [("本机关", "本机关"), (COUNTY_B, "乙县"), (COUNTY_A, "甲县")]
    assert origins.place_of("某某区人民代表大会常务委员会") == "某某区"
    assert origins.place_of("人大常委会") == "人大常委会"
    assert set(origins.problem_origins(city, cid).values()) == {origin_key(city, COUNTY_A), origin_key(city, COUNTY_B)}
