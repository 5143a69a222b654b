"""Offices for the exchange tests: each a database with its own identity, some units and a campaign."""
from __future__ import annotations

from pathlib import Path

from models import campaigns, units
from models.domain import Campaign, Unit
from models.problems import ProblemForm, create_problem
from models.store import Store
from models.sync import export, identity, merge

UNITS = ("某县民政局", "某县卫生健康委员会", "某县财政局")
CAMPAIGN = "积极应对人口老龄化 加快发展养老服务"


def office(path: Path, name: str, level: str) -> Store:
    store = Store(path)
    identity.set_office(store, name, level)
    return store


def county_with_problems(path: Path, n: int = 3, *, name: str = "某县人大常委会", prefix: str = "2026") -> tuple[Store, list[int]]:
    store = office(path, name, "县")
    cid = campaigns.create_campaign(store, Campaign(name=CAMPAIGN, year=2026, level="县", organizer=name))
    for u in UNITS:
        units.create_unit(store, Unit(name=u, kind="政府部门"))
    ids = [create_problem(store, ProblemForm(
        number=f"{prefix}-{i + 1:03d}", source="专题调研", category="设施建设", place=f"某某乡{i + 1}号",
        description=f"第{i + 1}个敬老院消防设施不达标", lead_unit=UNITS[i % 3], kind="限期整改",
        deadline="2026-12-31"), campaign_id=cid) for i in range(n)]
    return store, ids


def send(sender: Store, receiver: Store, out: Path, *, dry_run: bool = False) -> merge.ChangeList:
    """Write a package from ``sender`` to ``receiver``'s office and import it there."""
    to = identity.identity(receiver).office
    export.export_package(sender, to_office=to, out=out)
    return merge.import_package(receiver, out, dry_run=dry_run)


def problem_by_number(store: Store, number: str) -> dict:
    return store.query_one("SELECT * FROM problems WHERE number = ?", (number,))


def counts(store: Store) -> tuple:
    """Everything an import could change, to prove a refused one changed nothing."""
    return tuple(store.scalar(f"SELECT count(*) FROM {t}") for t in (
        "change_log", "problems", "audit_log", "sync_packages", "sync_peers", "units", "progress_reports"))


def wait_change_list(window, qtbot):
    """The change list the window shows after 导入交换包…; units it does not know are created as
    the mapping dialog proposes (tests of that dialog answer it themselves)."""
    from ui.sync.batch_dialog import ChangeListDialog
    from ui.sync.units_dialog import UnitMappingDialog

    def shown(kind):
        return [d for d in window.findChildren(kind) if d.isVisible()]
    qtbot.waitUntil(lambda: bool(shown(ChangeListDialog) or shown(UnitMappingDialog)), timeout=30000)
    if shown(UnitMappingDialog):
        shown(UnitMappingDialog)[0].ok_button.click()
        qtbot.waitUntil(lambda: len(shown(ChangeListDialog)) == 1, timeout=30000)
    return shown(ChangeListDialog)[0]
