"""Problems and units: validation messages, uniqueness, duplicate, delete and undo."""
from __future__ import annotations

import pytest

from models import audit, campaigns, problems, units
from models.domain import Campaign, Unit
from models.problems import ProblemForm
from models.store import ValidationError


@pytest.fixture
def cid(store):
    c = campaigns.create_campaign(store, Campaign(name="养老服务联动监督", year=2026, organizer="某某县人大常委会"))
    for name, short, kind in (("某某县民政局", "县民政局", "政府部门"), ("某某县财政局", "县财政局", "政府部门"),
                              ("某某县卫生健康委员会", "县卫健委", "政府部门"),
                              ("某某县人民代表大会社会建设委员会", "县人大社会委", "人大机关/专门委员会")):
        units.create_unit(store, Unit(name=name, short_name=short, kind=kind))
    return c


def form(**kw) -> ProblemForm:
    base = dict(number="2026-001", source="专题调研", category="老年助餐", place="城关镇南关社区",
                description="老年助餐点停止供餐，老人吃饭难。", suggestion="尽快恢复供餐。",
                legal_basis="《河南省养老服务条例》第二十六条", lead_unit="县民政局",
                cooperating_units=["县财政局", "某某县卫生健康委员会"], supervisor_unit="县人大社会委",
                kind="限期整改", deadline="2026年12月31日", progress="０")
    base.update(kw)
    return ProblemForm(**base)


def test_create_stores_clean_values(store, cid):
    pid = problems.create_problem(store, form(number="２０２６－００１", place="城关镇　南关社区"), campaign_id=cid)
    p = problems.get_problem(store, pid)
    assert p.number == "2026-001" and p.place == "城关镇 南关社区"
    assert p.deadline == "2026-12-31" and p.status == "待交办" and p.progress == 0
    names = [units.get_unit(store, u).short_name for u in p.cooperating_unit_ids]
    assert names == ["县财政局", "县卫健委"]
    assert [r["action"] for r in audit.history(store, problem_id=pid)] == ["新建"]


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"number": " "}, "number", "请填写问题编号"),
    ({"source": ""}, "source", "请选择问题来源"),
    ({"source": "网上"}, "source", "问题来源应为"),
    ({"description": ""}, "description", "请填写问题描述"),
    ({"description": "太短"}, "description", "至少 4 个字"),
    ({"lead_unit": ""}, "lead_unit", "请填写牵头单位"),
    ({"lead_unit": "县外星局"}, "lead_unit", "尚未登记"),
    ({"supervisor_unit": "不存在委"}, "supervisor_unit", "尚未登记"),
    ({"cooperating_units": ["县民政局", "无此单位"]}, "cooperating_units", "无此单位"),
    ({"kind": "马上改"}, "kind", "整改类型应为"),
    ({"deadline": "2026-13-01"}, "deadline", "不是有效日期"),
    ({"deadline": "下个月"}, "deadline", "无法识别"),
    ({"deadline": "2026-02-30"}, "deadline", "没有2月30日"),
    ({"deadline": ""}, "deadline", "限期整改的问题需要填写整改时限"),
    ({"progress": "120"}, "progress", "0 到 100"),
    ({"progress": "一半"}, "progress", "0 到 100"),
])
def test_each_wrong_field_is_named_with_its_reason(store, cid, changes, field, words):
    with pytest.raises(ValidationError) as err:
        problems.create_problem(store, form(**changes), campaign_id=cid)
    assert err.value.field == field
    assert words in err.value.errors[field]
    assert store.scalar("SELECT COUNT(*) FROM problems") == 0  # nothing saved


def test_all_wrong_fields_reported_at_once(store, cid):
    with pytest.raises(ValidationError) as err:
        problems.create_problem(store, form(number="", description="", deadline="明年"), campaign_id=cid)
    assert {"number", "description", "deadline"} <= set(err.value.errors)


def test_no_deadline_is_fine_for_long_term_work(store, cid):
    pid = problems.create_problem(store, form(kind="长期整改", deadline=""), campaign_id=cid)
    assert problems.get_problem(store, pid).deadline is None


def test_duplicate_number_refused_in_same_campaign_only(store, cid):
    problems.create_problem(store, form(), campaign_id=cid)
    with pytest.raises(ValidationError, match="已被使用") as err:
        problems.create_problem(store, form(number="2026－001"), campaign_id=cid)
    assert err.value.field == "number"
    other = campaigns.create_campaign(store, Campaign(name="另一个专题", year=2026))
    problems.create_problem(store, form(), campaign_id=other)


def test_edit_writes_one_history_row_per_changed_field(store, cid):
    pid = problems.create_problem(store, form(), campaign_id=cid)
    problems.update_problem(store, pid, form(deadline="2027/3/31", cooperating_units=["县财政局"]))
    rows = [r for r in audit.history(store, problem_id=pid) if r["action"] == "修改"]
    assert {(r["field"], r["old_value"], r["new_value"]) for r in rows} == {
        ("deadline", "2026-12-31", "2027-03-31"),
        ("cooperating_units", "某某县财政局、某某县卫生健康委员会", "某某县财政局")}


def test_duplicate_gets_next_number_and_starts_fresh(store, cid):
    pid = problems.create_problem(store, form(number="2026-017"), campaign_id=cid)
    store.execute("UPDATE problems SET status = '整改中', progress = 40 WHERE id = ?", (pid,))
    copy = problems.duplicate_problem(store, pid)
    p, q = problems.get_problem(store, pid), problems.get_problem(store, copy)
    assert q.number == "2026-018" and q.status == "待交办" and q.progress == 0
    assert (q.description, q.lead_unit_id, q.cooperating_unit_ids) == (p.description, p.lead_unit_id,
                                                                      p.cooperating_unit_ids)


def _dump(store, pid):
    return (store.query("SELECT * FROM problems WHERE id = ?", (pid,)),
            store.query("SELECT * FROM problem_units WHERE problem_id = ? ORDER BY position", (pid,)))


def test_delete_and_undo_restore_exactly(store, cid):
    pid = problems.create_problem(store, form(), campaign_id=cid)
    problems.update_problem(store, pid, form(place="城关镇北街社区"))
    keep = problems.create_problem(store, form(number="2026-002"), campaign_id=cid)
    before = _dump(store, pid)
    history_before = audit.history(store, problem_id=pid)
    deleted = problems.delete_problems(store, [pid])
    assert problems.get_problem(store, pid) is None
    assert problems.get_problem(store, keep) is not None
    assert store.scalar("SELECT COUNT(*) FROM problem_units WHERE problem_id = ?", (pid,)) == 0
    problems.restore_problems(store, deleted)
    assert _dump(store, pid) == before
    after = audit.history(store, problem_id=pid)
    assert after[:len(history_before)] == history_before  # the old history is still there
    assert [r["action"] for r in after[len(history_before):]] == ["删除", "撤销删除"]
    from models.ledger import LedgerFilter, query_ids
    assert query_ids(store, LedgerFilter(campaign_id=cid, search="北街社区")) == [pid]


def test_closed_problem_cannot_be_edited(store, cid):
    pid = problems.create_problem(store, form(), campaign_id=cid)
    store.execute("UPDATE problems SET status = '已销号' WHERE id = ?", (pid,))
    with pytest.raises(ValidationError, match="已锁定"):
        problems.update_problem(store, pid, form(place="别处"))


# ----- units ---------------------------------------------------------------------------------
def test_unit_names_unique_including_short_names(store, cid):
    with pytest.raises(ValidationError, match="已有单位“某某县民政局”"):
        units.create_unit(store, Unit(name="某某县 民政局", kind="政府部门"))
    with pytest.raises(ValidationError, match="已有单位"):
        units.create_unit(store, Unit(name="县民政局", kind="政府部门"))  # someone's short name
    with pytest.raises(ValidationError, match="简称"):
        units.create_unit(store, Unit(name="某某市民政局", short_name="县民政局", kind="政府部门"))
    with pytest.raises(ValidationError, match="简称"):
        units.create_unit(store, Unit(name="另一个局", short_name="某某县财政局", kind="政府部门"))
    uid = units.create_unit(store, Unit(name="某某县医疗保障局", short_name="县医保局", kind="政府部门"))
    assert units.find_unit(store, "县医保局").id == uid
    assert units.find_unit(store, "某某县医疗保障局 ").id == uid


def test_unit_form_errors(store, cid):
    with pytest.raises(ValidationError, match="请填写单位全称"):
        units.create_unit(store, Unit(name="  ", kind="政府部门"))
    with pytest.raises(ValidationError, match="类别"):
        units.create_unit(store, Unit(name="某某协会", kind="社团"))


def test_unit_in_use_cannot_be_deleted(store, cid):
    problems.create_problem(store, form(), campaign_id=cid)
    mz = units.find_unit(store, "县民政局").id
    with pytest.raises(ValidationError, match="被引用"):
        units.delete_unit(store, mz)
    spare = units.create_unit(store, Unit(name="某某县档案馆", kind="其他"))
    units.delete_unit(store, spare)
    assert units.get_unit(store, spare) is None
