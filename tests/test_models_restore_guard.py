"""Undo of a delete never overwrites a problem created after the delete."""
from __future__ import annotations

import pytest

from models import problems
from models.store import ValidationError
from tests.test_models_problems import cid, form  # noqa: F401 - the fixture is used by name


def test_new_problem_after_delete_survives_undo(store, cid):  # noqa: F811
    old = problems.create_problem(store, form(), campaign_id=cid)
    deleted = problems.delete_problems(store, [old])
    new = problems.create_problem(store, form(number="2026-009", description="另一个新发现的问题"), campaign_id=cid)
    assert new != old  # ids are never reused, so the new problem has its own history
    problems.restore_problems(store, deleted)
    assert {p for p in store.column("SELECT number FROM problems")} == {"2026-001", "2026-009"}

    again = problems.delete_problems(store, [new])
    problems.create_problem(store, form(number="2026-009", description="第三个问题的描述"), campaign_id=cid)
    with pytest.raises(ValidationError, match="无法撤销删除"):
        problems.restore_problems(store, again)
    assert store.column("SELECT description FROM problems WHERE number = '2026-009'") == ["第三个问题的描述"]


def test_undo_puts_back_the_link_of_a_problem_carried_from_the_deleted_one(store, cid):  # noqa: F811
    old = problems.create_problem(store, form(), campaign_id=cid)
    nxt = problems.get_problem(store, old)
    nxt.id, nxt.number, nxt.carried_from_id, nxt.created_at = None, "2026-002", old, ""
    kept = problems.insert_problem(store, nxt)
    deleted = problems.delete_problems(store, [old])
    assert problems.get_problem(store, kept).carried_from_id is None
    problems.restore_problems(store, deleted)
    assert problems.get_problem(store, kept).carried_from_id == old


def test_unit_in_an_evaluation_is_not_deleted_with_a_chinese_reason(store, cid):  # noqa: F811
    from models import units

    uid = units.find_unit(store, "县财政局").id
    with store.transaction() as conn:
        conn.execute("INSERT INTO evaluations(campaign_id, unit_id, eval_date, created_at, updated_at) "
                     "VALUES (?, ?, '2026-06-30', '', '')", (cid, uid))
    with pytest.raises(ValidationError, match="满意度测评"):
        units.delete_unit(store, uid)
    assert units.get_unit(store, uid) is not None
