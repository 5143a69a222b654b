"""The 简报 body template: reads like the bulletins and quotes exactly the 总览 page's figures."""
from __future__ import annotations

import re
from datetime import date

import pytest

from models.campaigns import Campaign, create_campaign
from models.demo import fill_demo
from models.documents import data
from models.workflow import overview
from models.workflow.rate import Rate

TODAY = date(2026, 11, 23)


def _number(body: str, pattern: str) -> int:
    match = re.search(pattern, body)
    assert match, pattern
    return int(match.group(1))


def _line(body: str, start: str) -> str:
    [line] = [x for x in body.splitlines() if x.startswith(start)]
    return line


@pytest.fixture
def demo(store):
    cid = fill_demo(store, today=TODAY)
    return store, cid


def _body(store, cid) -> tuple[str, overview.Overview]:
    return data.bulletin_data(store, cid, issue=44, today=TODAY).body, overview.compute(store, cid, today=TODAY)


def test_percent_text_drops_useless_decimals():
    assert data.percent_text(Rate(3, 11)) == "27.3%"
    assert data.percent_text(Rate(2, 2)) == "100%"
    assert data.percent_text(Rate(1, 2)) == "50%"
    assert data.percent_text(Rate(1999, 2000)) == "99.9%"   # not all done, so never "100%"
    assert data.percent_text(Rate(1, 3000)) == "不足0.1%"   # some done, so never "0%"


def test_figures_are_the_overview_figures(demo):
    body, ov = _body(*demo)
    assert [x for x in body.splitlines() if re.match("^[一二三]、", x)] == ["一、基本情况", "二、整改推进情况", "三、下一步工作"]
    assert _number(body, r"共梳理具体问题(\d+)个") == ov.value("total")
    assert _number(body, r"尚待交办(\d+)个") == ov.value("pending")
    assert _number(body, r"已交办政府及相关部门(\d+)个") == ov.value("handed_over")
    assert _number(body, r"其中已销号(\d+)个") == ov.value("done")
    assert f"交办问题{ov.rate.at_least_text()}已整改完成" in body and "以上" in ov.rate.at_least_text()
    assert re.search(r"整改率([\d.]+%)", body).group(1) == ov.rate.percent_text().replace(".0%", "%")
    assert _number(body, r"待核查验收(\d+)个") == ov.value("close_requested")
    assert _number(body, r"正在整改(\d+)个") == ov.value("in_progress")
    assert _number(body, r"逾期未完成的问题(\d+)个") == ov.value("overdue")
    assert "交办后逾期" not in body  # 逾期 means handed over already; no second kind of it
    assert _number(body, r"转下年度继续整改(\d+)个") == ov.value("carried")
    assert _number(body, r"上级交办问题(\d+)个") == ov.from_above.total.value
    assert _number(body, r"(\d+)个问题将在\d+日内到期") == ov.value("due_soon")
    assert "0.0%" not in body and not re.search(r"\.0%", body)


def test_progress_section_names_the_right_units_and_categories(demo):
    body, ov = _body(*demo)
    first, second, third = _line(body, "一是"), _line(body, "二是"), _line(body, "三是")
    finished = [r for r in ov.by_unit if r.value("handed_over") and r.value("done") == r.value("handed_over")]
    assert finished and all(r.label in first for r in finished[:3])
    assert "已全部整改完成" in first
    # 二是: the units answering for problems overdue after handover, most first, with their counts
    late = sorted((r for r in ov.by_unit if r.value("overdue")), key=lambda r: -r.value("overdue"))
    assert len(late) > 5
    assert second.startswith("二是部分问题整改滞后。" + "、".join(f"{r.label}{r.value('overdue')}个" for r in late[:5])
                             + f"等{len(late)}个单位")
    assert f"合计{ov.value('overdue')}个" in second
    for row in ov.by_unit:
        if not row.value("overdue"):
            assert row.label not in second
    # 三是: the categories with most problems not yet closed
    open_count = {r.label: sum(r.by_status[s].value for s in ("待交办", "整改中", "申请销号")) for r in ov.by_category}
    named = re.findall(r"([^、（在]+)（(\d+)个）", third)
    assert len(named) == 3 and all(open_count[label] == int(n) for label, n in named)
    assert min(int(n) for _, n in named) == sorted(open_count.values(), reverse=True)[2]


def test_nothing_done_yet_is_said_in_words(demo):
    store, cid = demo
    with store.transaction():
        store.conn.execute("UPDATE problems SET status = '整改中' WHERE campaign_id = ? AND status = '已销号'", (cid,))
    body, ov = _body(store, cid)
    assert ov.value("done") == 0
    assert "目前尚未有问题整改完成" in body and "尚未有问题整改完成" in _line(body, "一是")
    assert not re.search(r"(?<![\d.])0(\.0)?%", body.replace("完成进度分别为", ""))


def test_everything_done(demo):
    store, cid = demo
    with store.transaction():
        store.conn.execute("UPDATE problems SET status = '已销号', carried_from_id = NULL WHERE campaign_id = ?", (cid,))
    body, ov = _body(store, cid)
    assert ov.rate.numerator == ov.rate.denominator == ov.value("total")
    assert "已全部整改完成（销号）" in body and "目前没有逾期未完成的问题" in body
    assert "以上" not in body and ".0%" not in body


def test_empty_campaign(store):
    cid = create_campaign(store, Campaign(name="空专题", year=2026, level="县"))
    body, _ = _body(store, cid)
    assert "尚未梳理出具体问题" in body and "三、下一步工作" in body
