"""Plain records of the domain, as read from and written to the store."""
from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass
class Campaign:
    id: int | None = None
    name: str = ""
    year: int = 0
    level: str = "县"
    organizer: str = ""
    notes: str = ""
    previous_id: int | None = None

    @property
    def title(self) -> str:
        return f"{self.year}年 {self.name}"


@dataclass
class Unit:
    id: int | None = None
    name: str = ""
    short_name: str = ""
    kind: str = "其他"
    notes: str = ""

    @property
    def display(self) -> str:
        return self.short_name or self.name


@dataclass
class Problem:
    id: int | None = None
    campaign_id: int | None = None
    number: str = ""
    source: str = ""
    category: str = "其他"
    place: str = ""
    description: str = ""
    suggestion: str = ""
    legal_basis: str = ""
    lead_unit_id: int | None = None
    supervisor_unit_id: int | None = None
    cooperating_unit_ids: list[int] = field(default_factory=list)
    kind: str = "限期整改"
    deadline: str | None = None  # ISO date text
    status: str = "待交办"
    progress: int = 0
    notes: str = ""
    carried_from_id: int | None = None
    duty_id: int | None = None  # 责任清单: the duty this problem concerns
    created_at: str = ""
    updated_at: str = ""

    def as_row(self) -> dict:
        """Columns of the problems table (cooperating units live in problem_units)."""
        # shallow: every column is a plain value (asdict would deep-copy, 0.3 ms a problem)
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "cooperating_unit_ids"}


def record_from(cls, row: dict):
    """Build a dataclass from a row dict, ignoring columns the class does not know."""
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in row.items() if k in names})
