"""Campaigns (监督专题): validation, uniqueness per year, history, delete only when empty."""
from __future__ import annotations

import pytest

from models import audit, campaigns, demo
from models.domain import Campaign
from models.store import ValidationError


def test_create_cleans_and_records_history(store):
    cid = campaigns.create_campaign(store, Campaign(name=" 养老服务　联动监督 ", year="２０２６", level="县",
                                                    organizer="某某县人大常委会"))
    c = campaigns.get_campaign(store, cid)
    assert (c.name, c.year, c.title) == ("养老服务 联动监督", 2026, "2026年 养老服务 联动监督")
    assert [r["action"] for r in audit.history(store, entity="campaign", entity_id=cid)] == ["新建"]


@pytest.mark.parametrize(("fields", "words"), [
    (dict(name=""), "请填写专题名称"),
    (dict(year="明年"), "四位数字"),
    (dict(year=1999), "四位数字"),
    (dict(level="乡"), "省、市 或 县"),
])
def test_bad_fields_are_refused(store, fields, words):
    base = dict(name="养老服务", year=2026, level="县")
    base.update(fields)
    with pytest.raises(ValidationError, match=words):
        campaigns.create_campaign(store, Campaign(**base))


def test_same_name_same_year_refused_other_year_allowed(store):
    campaigns.create_campaign(store, Campaign(name="养老服务", year=2026))
    with pytest.raises(ValidationError, match="2026年已有名为“养老服务”"):
        campaigns.create_campaign(store, Campaign(name="养老服务", year=2026))
    campaigns.create_campaign(store, Campaign(name="养老服务", year=2027))
    assert [c.year for c in campaigns.list_campaigns(store)] == [2027, 2026]


def test_edit_writes_changed_fields(store):
    cid = campaigns.create_campaign(store, Campaign(name="养老服务", year=2026))
    campaigns.update_campaign(store, Campaign(id=cid, name="养老服务", year=2026, level="市", organizer="某某市人大常委会"))
    rows = [r for r in audit.history(store, entity="campaign", entity_id=cid) if r["action"] == "修改"]
    assert {(r["field"], r["new_value"]) for r in rows} == {("level", "市"), ("organizer", "某某市人大常委会")}


def test_campaign_with_problems_cannot_be_deleted(store):
    cid = demo.fill_demo(store)
    with pytest.raises(ValidationError, match="还有 64 个问题"):
        campaigns.delete_campaign(store, cid)
    empty = campaigns.create_campaign(store, Campaign(name="空专题", year=2026))
    campaigns.delete_campaign(store, empty)
    assert campaigns.get_campaign(store, empty) is None
    assert campaigns.campaign_counts(store)[cid] == 64
