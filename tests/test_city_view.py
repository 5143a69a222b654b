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
    assert [(o.office, o.label) for o in offices] == [("本机关", "本机关"), (COUNTY_A, "甲县"), (COUNTY_B, "乙县")]
    assert origins.place_of("某某区人民代表大会常务委员会") == "某某区"
    assert origins.place_of("人大常委会") == "人大常委会"
    assert set(origins.problem_origins(city, cid).values()) == {origin_key(city, COUNTY_A), origin_key(city, COUNTY_B)}


def test_month_dispatch_by_county_with_subtotals(tmp_path):
    from models.workflow import dispatch

    city, cid = city_with_counties(tmp_path)
    june = dispatch.month_view(city, cid, 2026, 6, today=TODAY)
    # grouped by office (in the offices' order), by lead unit inside
    assert [r.origin_label for r in june.rows] == ["甲县", "甲县", "乙县", "乙县"]   # 拼音: jiǎ before yǐ
    assert sorted(r.number for r in june.rows) == ["乙县·乙-002", "乙县·乙-003", "甲县·甲-003", "甲县·甲-004"]
    subtotals = {s.label: (s.listed, s.expected, s.reported, s.not_reported, s.close_requested, s.overdue)
                 for s in june.by_origin()}
    assert subtotals == {"本机关": (0, 0, 0, 0, 0, 0), "乙县": (2, 2, 0, 2, 0, 0), "甲县": (2, 2, 1, 1, 0, 1)}
    # one county alone: its rows, its subtotal, its units ranked on its own figures
    a = dispatch.month_view(city, cid, 2026, 6, today=TODAY, origin=origin_key(city, COUNTY_A))
    assert a.origin_label == "甲县" and sorted(r.number for r in a.rows) == ["甲县·甲-003", "甲县·甲-004"]
    assert [s.label for s in a.by_origin()] == ["甲县"]
    assert sum(u.handed_over.value for u in a.ranking) == 4 and sum(u.done.value for u in a.ranking) == 2
    for u in a.ranking:
        assert ledger.count(city, u.handed_over.filter) == u.handed_over.value
    # a past month is rebuilt as it stood, narrowed the same way (乙县·乙-001 was closed on 5月8日)
    may = dispatch.month_view(city, cid, 2026, 5, today=TODAY, origin=origin_key(city, COUNTY_B))
    assert may.rebuilt and sorted(r.number for r in may.rows) == ["乙县·乙-002", "乙县·乙-003"]
    assert sum(u.done.value for u in may.ranking) == 1
    april = dispatch.month_view(city, cid, 2026, 4, today=TODAY, origin=origin_key(city, COUNTY_B))
    assert sorted(r.number for r in april.rows) == ["乙县·乙-001", "乙县·乙-002", "乙县·乙-003"]


def test_a_county_month_has_no_origin_column(tmp_path):
    from sync_offices import county_with_problems

    from models.documents import export_data, xlsx_ledgers
    from models.workflow import dispatch

    county, _ = county_with_problems(tmp_path / "c.db", 2)
    cid = county.scalar("SELECT id FROM campaigns")
    view = dispatch.month_view(county, cid, 2026, 6, today=TODAY)
    assert view.origins == [] and view.by_origin() == []
    specs = xlsx_ledgers.dispatch_specs(export_data.dispatch(county, cid, 2026, 6, today=TODAY))
    assert [s.name for s in specs] == ["月调度表", "单位排名"]
    assert "来源机关" not in [c.label for c in specs[0].columns]


def _sheet_rows(sheet) -> list[list]:
    return [[c for c in row] for row in sheet.iter_rows(values_only=True)]


def test_month_dispatch_sheet_groups_by_county(tmp_path):
    from openpyxl import load_workbook

    from models.documents import export_data, xlsx_ledgers

    city, cid = city_with_counties(tmp_path)
    path = tmp_path / "月调度.xlsx"
    xlsx_ledgers.write_dispatch(path, export_data.dispatch(city, cid, 2026, 6, today=TODAY))
    book = load_workbook(path)
    assert book.sheetnames == ["月调度表", "按来源机关", "单位排名"]
    rows = _sheet_rows(book["月调度表"])
    head = next(i for i, r in enumerate(rows) if "来源机关" in r)
    origin_col, number_col = rows[head].index("来源机关"), rows[head].index("编号")
    body = [r for r in rows[head + 1:] if r[number_col]]
    assert [r[origin_col] for r in body] == ["甲县", "甲县", "乙县", "乙县"]
    assert sorted(r[number_col] for r in body) == ["乙县·乙-002", "乙县·乙-003", "甲县·甲-003", "甲县·甲-004"]
    sub = _sheet_rows(book["按来源机关"])
    head = next(i for i, r in enumerate(sub) if r[0] == "来源机关")
    assert list(sub[head]) == ["来源机关", "在办问题", "本月应报送", "已报送", "未报送", "已申请销号", "已逾期"]
    assert [list(r) for r in sub[head + 1:head + 5]] == [
        ["本机关", 0, 0, 0, 0, 0, 0], ["甲县", 2, 2, 1, 1, 0, 1], ["乙县", 2, 2, 0, 2, 0, 0], ["合计", 4, 4, 1, 3, 0, 1]]
    # narrowed to one county: the title says which, the rows are its own
    one = export_data.dispatch(city, cid, 2026, 6, today=TODAY, origin=origin_key(city, COUNTY_A))
    assert one.title.endswith("2026年6月整改调度表（甲县）")
    specs = xlsx_ledgers.dispatch_specs(one)
    assert [r[1] for r in specs[0].rows] == ["甲县", "甲县"] and specs[1].rows == [["甲县", 2, 2, 1, 1, 0, 1]]


def test_city_bulletin_gives_the_whole_city_and_one_line_per_county(tmp_path):
    from models.documents import bulletin, data

    city, cid = city_with_counties(tmp_path)
    b = data.bulletin_data(city, cid, issue=44, today=TODAY)
    lines = b.body.splitlines()
    basic = lines[1]
    assert basic.startswith("2026年，市人大常委会围绕")
    assert "截至2026年6月15日，市、县两级共梳理具体问题9个" in basic
    assert "市、县人大常委会已交办政府及相关部门7个，其中已销号3个，交办问题42%以上已整改完成（整改率42.9%）" in basic
    assert "逾期未完成的问题1个" in basic
    assert lines[2:5] == [
        "市本级：梳理问题2个，均尚未交办。",
        "甲县：梳理问题4个，已交办4个，已整改完成（销号）2个，整改率50%，逾期未完成1个。",
        "乙县：梳理问题3个，已交办3个，已整改完成（销号）1个，整改率33.3%。",
    ]
    assert lines[5] == "二、整改推进情况"
    assert lines[-1].startswith("市人大常委会将坚持")
    # the county lines are body paragraphs of the document, not headings
    doc = bulletin.bulletin_content(b)
    assert [blk.kind for blk in doc.blocks if blk.text in lines[2:5]] == ["paragraph"] * 3


def test_county_bulletin_keeps_its_own_voice(tmp_path):
    from sync_offices import county_with_problems

    from models.documents import data

    county, _ = county_with_problems(tmp_path / "c.db", 2)
    cid = county.scalar("SELECT id FROM campaigns")
    body = data.bulletin_data(county, cid, today=TODAY).body
    assert "县人大常委会围绕" in body and "两级" not in body and "本级" not in body


def test_statistics_sheet_has_the_counties(tmp_path):
    from models.documents import export_data, xlsx_ledgers

    city, cid = city_with_counties(tmp_path)
    specs = xlsx_ledgers.statistics_specs(export_data.statistics(city, cid, today=TODAY))
    assert [s.name for s in specs] == ["统计", "按来源机关", "按牵头单位", "按问题类别", "按问题来源"]
    by_origin = specs[1]
    assert [c.label for c in by_origin.columns] == ["来源机关", "问题总数", "已交办", "已销号", "已逾期", "转下年度", "整改率"]
    assert by_origin.rows == [["本机关", 2, 0, 0, 0, 0, "—"], ["甲县", 4, 4, 2, 1, 0, "50.0%"],
                              ["乙县", 3, 3, 1, 0, 0, "33.3%"], ["合计", 9, 7, 3, 1, 0, "42.9%"]]
