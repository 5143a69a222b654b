"""转下年度 (carry-over): open problems continue in next year's campaign as linked copies.

The copy keeps the original's fields, units, deadline and 完成进度, gets a new number in the
next campaign and ``carried_from_id`` pointing back; the original becomes 转下年度 (read-only).
The copy's status follows the work already done: a 整改中 problem stays 整改中 (it was handed
over and its unit keeps working on it — re-handing it at the new year's 交办会 is still possible
as a second handover), a 待交办 one stays 待交办.
"""
from __future__ import annotations

import re

from models import audit, campaigns
from models.domain import Campaign
from models.problems import get_problem, insert_problem, next_number
from models.safety.backup import REASON_CARRYOVER, backup_before
from models.store import Store, ValidationError
from models.vocab import STATUS_CARRIED
from models.workflow import rules
from models.workflow.common import split_by_status


def next_campaign(store: Store, campaign_id: int, *, create: bool = True) -> int | None:
    """Next year's campaign: one linked by previous_id, else same name and year+1, else a new one."""
    found = store.scalar("SELECT id FROM campaigns WHERE previous_id = ? ORDER BY year, id LIMIT 1", (campaign_id,))
    if found:
        return found
    c = campaigns.get_campaign(store, campaign_id)
    if c is None:
        raise ValidationError("该监督专题已不存在。")
    found = store.scalar("SELECT id FROM campaigns WHERE name = ? AND year = ?", (c.name, c.year + 1))
    if found or not create:
        return found
    return campaigns.create_campaign(store, Campaign(name=c.name, year=c.year + 1, level=c.level,
                                                     organizer=c.organizer, previous_id=c.id,
                                                     notes=f"由{c.year}年专题转入未完成问题时自动建立。"))


def carry_over(store: Store, problem_ids: list[int], *, backup: bool = True) -> dict[int, int]:
    """Carry the given open problems into next year's campaign; returns {old id: new id}.

    A 结转前 backup is taken first (none when called inside a caller's transaction); when it
    cannot be written the carry-over does not start."""
    ids = list(dict.fromkeys(int(i) for i in problem_ids))
    if not ids:
        raise ValidationError("请至少选择一个要转下年度的问题。")
    ok, refused = carry_candidates(store, ids)
    if refused:
        raise ValidationError("只有待交办或整改中的问题可以转下年度；申请销号的问题请先销号或退回。"
                              f"以下问题不能转：{'；'.join(refused.values())}。")
    if len(ok) < len(ids):
        raise ValidationError("所选问题中有已被删除的，请刷新后重试。")
    if backup:
        backup_before(store, REASON_CARRYOVER)
    mapping: dict[int, int] = {}
    with store.transaction():
        targets: dict[int, int] = {}
        numbers: dict[int, _Numbers] = {}
        for pid in ids:
            p = get_problem(store, pid)
            if p.campaign_id not in targets:
                targets[p.campaign_id] = next_campaign(store, p.campaign_id)
            target = targets[p.campaign_id]
            p.id = None
            p.campaign_id = target
            if target not in numbers:
                numbers[target] = _Numbers(store, target)
            p.number = numbers[target].take()
            p.carried_from_id = pid
            p.created_at = ""
            new_id = insert_problem(store, p, action="由上年度转入")
            audit.record(store, entity="problem", entity_id=new_id, problem_id=new_id, action="由上年度转入",
                         field="carried_from_id", new=pid)
            rules.apply_transition(store, pid, STATUS_CARRIED)
            audit.record(store, entity="problem", entity_id=pid, problem_id=pid, action="转下年度",
                         field="carried_to", new=new_id)
            mapping[pid] = new_id
    return mapping


def carry_candidates(store: Store, problem_ids: list[int]) -> tuple[list[int], dict[int, str]]:
    """Split a selection into problems that may be carried over and {id: reason} for the others."""
    return split_by_status(store, problem_ids, rules.CARRYABLE, "不能转下年度")


class _Numbers:
    """Next free numbers of one campaign (2027-001, 2027-002 …), scanning the existing ones once."""

    def __init__(self, store: Store, campaign_id: int):
        self.store = store
        self.campaign_id = campaign_id
        first = next_number(store, campaign_id)
        m = re.search(r"(\d+)$", first)
        self.prefix, self.n, self.width = first[:m.start()], int(m.group(1)), len(m.group(1))

    def take(self) -> str:
        while True:
            candidate = f"{self.prefix}{self.n:0{self.width}d}"
            self.n += 1
            if not self.store.scalar("SELECT 1 FROM problems WHERE campaign_id = ? AND number = ?",
                                     (self.campaign_id, candidate)):
                return candidate


def carried_to(store: Store, problem_id: int) -> int | None:
    return store.scalar("SELECT id FROM problems WHERE carried_from_id = ? ORDER BY id LIMIT 1", (problem_id,))


def carry_chain(store: Store, problem_id: int) -> list[int]:
    """The same matter across years, earliest first: … → last year's → this → next year's …"""
    chain = [problem_id]
    seen = {problem_id}
    cur = problem_id
    while True:
        prev = store.scalar("SELECT carried_from_id FROM problems WHERE id = ?", (cur,))
        if not prev or prev in seen:
            break
        chain.insert(0, prev)
        seen.add(prev)
        cur = prev
    cur = problem_id
    while True:
        nxt = carried_to(store, cur)
        if not nxt or nxt in seen:
            break
        chain.append(nxt)
        seen.add(nxt)
        cur = nxt
    return chain
