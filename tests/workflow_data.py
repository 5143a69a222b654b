"""Small data set for the workflow tests: one campaign, three units, problems in 待交办."""
from __future__ import annotations

from models import campaigns, units
from models.domain import Campaign, Unit
from models.problems import ProblemForm, create_problem

UNITS = ("某县民政局", "某县卫生健康委员会", "某县财政局")


def seed(store, n: int = 3) -> tuple[int, list[int]]:
    """Campaign id and ``n`` problem ids (2024-001…), each led by a county department."""
    cid = campaigns.create_campaign(store, Campaign(name="养老服务联动监督", year=2024, organizer="县人大常委会"))
    for name in UNITS:
        units.create_unit(store, Unit(name=name, kind="政府部门"))
    ids = []
    for i in range(n):
        ids.append(create_problem(store, ProblemForm(
            number=f"2024-{i + 1:03d}", source="专题调研", category="设施建设", place=f"某某乡{i + 1}号",
            description=f"第{i + 1}个敬老院消防设施不达标", lead_unit=UNITS[i % 3], kind="限期整改",
            deadline="2024-12-31"), campaign_id=cid))
    return cid, ids
