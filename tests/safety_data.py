"""Small data builders shared by the data-safety tests (not a test module)."""
from __future__ import annotations

from models import campaigns, problems, units
from models.domain import Campaign, Unit
from models.problems import ProblemForm


def seed(store, name: str = "养老服务联动监督") -> int:
    """One campaign and one unit; returns the campaign id."""
    cid = campaigns.create_campaign(store, Campaign(name=name, year=2024, level="县"))
    if units.find_unit(store, "县民政局") is None:
        units.create_unit(store, Unit(name="县民政局", kind="政府部门"))
    return cid


def add_problem(store, campaign_id: int, n: int) -> int:
    form = ProblemForm(number=f"Q{n:04d}", source="专题调研", description=f"养老机构消防设施不达标第{n}处",
                       lead_unit="县民政局", kind="立行立改")
    return problems.create_problem(store, form, campaign_id=campaign_id)


def problem_count(store) -> int:
    return store.scalar("SELECT count(*) FROM problems")


def filled_file(db_path, n: int = 30) -> None:
    """A database file at ``db_path`` with one campaign and ``n`` problems, closed."""
    from models.store import Store

    s = Store(db_path)
    cid = seed(s)
    for i in range(n):
        add_problem(s, cid, i)
    s.close()
