"""时间节点台账: a campaign's phases with dates and owners, today's place among them, and the
reminders for phases that start or end soon (they join 今日提醒)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from models import audit
from models.normalize import DateError, normalize_text, parse_date
from models.store import Store, ValidationError

DEFAULT_PHASES = ("动员部署", "自查自纠", "调研检查", "交办整改", "跟踪督办", "审议评价")
SOON_DAYS = 7


@dataclass
class Phase:
    name: str
    start_date: str | None = None   # ISO date text
    end_date: str | None = None
    owner: str = ""
    notes: str = ""
    id: int | None = None

    def state(self, today: date) -> str:
        """未开始 / 进行中 / 已结束 / 未定日期."""
        start = date.fromisoformat(self.start_date) if self.start_date else None
        end = date.fromisoformat(self.end_date) if self.end_date else None
        if start is None and end is None:
            return "未定日期"
        if end is not None and today > end:
            return "已结束"
        if start is not None and today < start:
            return "未开始"
        return "进行中"


def _date(text: object, label: str, errors: dict[str, str], key: str) -> str | None:
    try:
        d = parse_date(text)
    except DateError as exc:
        errors[key] = f"{label}：{exc}"
        return None
    return d.isoformat() if d else None


def clean_phases(phases: list[Phase]) -> list[Phase]:
    """Checked copies; ValidationError naming the row (第N行) on the first wrong one."""
    out = []
    for i, ph in enumerate(phases, start=1):
        errors: dict[str, str] = {}
        name = normalize_text(ph.name, multiline=False)
        if not name:
            errors["name"] = "请填写阶段名称"
        start = _date(ph.start_date, "开始日期", errors, "start")
        end = _date(ph.end_date, "结束日期", errors, "end")
        if start and end and start > end:
            errors["end"] = "结束日期早于开始日期"
        if errors:
            raise ValidationError(f"第{i}个阶段：{next(iter(errors.values()))}。", field=f"phase{i}")
        out.append(Phase(name=name, start_date=start, end_date=end, owner=normalize_text(ph.owner, multiline=False),
                         notes=normalize_text(ph.notes)))
    return out


def save_phases(store: Store, campaign_id: int, phases: list[Phase]) -> None:
    """Replace the campaign's timetable with ``phases`` (in this order), in one transaction."""
    clean = clean_phases(phases)
    with store.transaction() as conn:
        before = "；".join(p.name for p in list_phases(store, campaign_id))
        conn.execute("DELETE FROM campaign_phases WHERE campaign_id = ?", (campaign_id,))
        conn.executemany(
            "INSERT INTO campaign_phases(campaign_id, position, name, start_date, end_date, owner, notes)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(campaign_id, i, p.name, p.start_date, p.end_date, p.owner, p.notes) for i, p in enumerate(clean)])
        audit.record(store, entity="campaign", entity_id=campaign_id, action="修改时间节点",
                     old=before, new="；".join(p.name for p in clean))


def list_phases(store: Store, campaign_id: int) -> list[Phase]:
    return [Phase(id=r["id"], name=r["name"], start_date=r["start_date"], end_date=r["end_date"],
                  owner=r["owner"], notes=r["notes"])
            for r in store.query("SELECT * FROM campaign_phases WHERE campaign_id = ? ORDER BY position",
                                 (campaign_id,))]


def phases_from_previous(store: Store, campaign_id: int, year: int) -> list[Phase]:
    """A start for this year's timetable: the previous campaign's phases moved to ``year``
    (same month and day), or the usual six phases without dates when there is none."""
    prev = store.query_one(
        "SELECT c.id, c.year FROM campaigns c WHERE c.id = (SELECT previous_id FROM campaigns WHERE id = ?)"
        " OR (c.id <> ? AND c.year < ? AND EXISTS (SELECT 1 FROM campaign_phases p WHERE p.campaign_id = c.id))"
        " ORDER BY c.year DESC LIMIT 1", (campaign_id, campaign_id, year))
    if prev is None or not list_phases(store, prev["id"]):
        return [Phase(name=n) for n in DEFAULT_PHASES]
    shift = year - prev["year"]

    def moved(text: str | None) -> str | None:
        if not text:
            return None
        d = date.fromisoformat(text)
        try:
            return d.replace(year=d.year + shift).isoformat()
        except ValueError:  # 29 February
            return (d.replace(day=28, year=d.year + shift)).isoformat()
    return [Phase(name=p.name, start_date=moved(p.start_date), end_date=moved(p.end_date), owner=p.owner,
                  notes=p.notes) for p in list_phases(store, prev["id"])]


@dataclass
class PhaseReminder:
    phase: Phase
    text: str


def reminders(store: Store, campaign_id: int, today: date, days: int = SOON_DAYS) -> list[PhaseReminder]:
    """Phases starting or ending within ``days`` (today included)."""
    out = []
    horizon = today + timedelta(days=days)
    for ph in list_phases(store, campaign_id):
        who = f"（{ph.owner}）" if ph.owner else ""
        if ph.start_date and today <= date.fromisoformat(ph.start_date) <= horizon:
            d = date.fromisoformat(ph.start_date)
            when = "今天" if d == today else f"{(d - today).days}天后（{d.month}月{d.day}日）"
            out.append(PhaseReminder(ph, f"“{ph.name}”阶段{when}开始{who}"))
        if ph.end_date and today <= date.fromisoformat(ph.end_date) <= horizon:
            d = date.fromisoformat(ph.end_date)
            when = "今天" if d == today else f"{(d - today).days}天后（{d.month}月{d.day}日）"
            out.append(PhaseReminder(ph, f"“{ph.name}”阶段{when}结束{who}"))
    return out


def position_today(phases: list[Phase], today: date) -> float | None:
    """Where today stands on a strip of the dated phases, 0..1 (None when nothing is dated)."""
    days = [date.fromisoformat(d) for p in phases for d in (p.start_date, p.end_date) if d]
    if not days:
        return None
    first, last = min(days), max(days)
    if last == first:
        return 0.0 if today <= first else 1.0
    return min(1.0, max(0.0, (today - first).days / (last - first).days))
