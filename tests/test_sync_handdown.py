"""下发 through the exchange: what a province hands down arrives at the county as 上级交办, numbered with
its origin (某省·省-1), with the upper 文号 and deadline kept and the upper office as 督办部门; the county
hands it on under its own 文号; the province keeps its own view; numbers compare against the origin's."""
from __future__ import annotations

from sync_offices import CAMPAIGN, UNITS, county_with_problems, office, problem_by_number, send

from models import campaigns, units
from models.domain import Campaign, Unit
from models.problems import ProblemForm, create_problem, form_from_problem, get_problem, update_problem
from models.sync import conflicts
from models.workflow.handover import HandoverForm, create_batch, problem_handovers


def _province(path):
    store = office(path, "某省人大常委会", "省")
    cid = campaigns.create_campaign(store, Campaign(name=CAMPAIGN, year=2026, level="省"))
    units.create_unit(store, Unit(name="某省人大社会建设委员会", kind="人大机关/专门委员会"))
    units.create_unit(store, Unit(name="某县人民政府", kind="人民政府"))
    ids = [create_problem(store, ProblemForm(
        number=f"省-{i}", source="执法检查", description=f"第{i}家养老机构消防不达标", lead_unit="某县人民政府",
        supervisor_unit="某省人大社会建设委员会", kind="限期整改", deadline="2026-10-31"), campaign_id=cid)
        for i in range(1, 5)]
    create_batch(store, cid, HandoverForm(doc_number="某人常〔2026〕4号", handover_date="2026-02-01",
                                          organ="某省人大常委会", recipients=["某县人民政府"]), ids)
    return store


def _edit(store, which, **values):
    pid = problem_by_number(store, which)["id"]
    form = form_from_problem(store, get_problem(store, pid))
    for k, v in values.items():
        setattr(form, k, v)
    update_problem(store, pid, form)


def _supervisor(store, number):
    return store.scalar("SELECT u.name FROM problems p JOIN units u ON u.id = p.supervisor_unit_id WHERE p.number = ?",
                        (number,))


def test_a_province_hands_down_and_the_county_hands_on(tmp_path):
    province = _province(tmp_path / "province.db")
    county, own = county_with_problems(tmp_path / "county.db", 1)
    result = send(province, county, tmp_path / "down.zip")
    assert result.new_rows["problems"] == 4 and result.new_rows["handover_batches"] == 1
    p = problem_by_number(county, "某省·省-1")
    assert (p["source"], p["deadline"], p["status"]) == ("上级交办", "2026-10-31", "整改中")
    assert _supervisor(county, "某省·省-1") == "某省人大常委会"  # the upper office follows it
    [upper] = problem_handovers(county, p["id"])
    assert (upper["doc_number"], upper["organ"]) == ("某人常〔2026〕4号", "某省人大常委会")
    assert problem_by_number(county, "2026-001")["id"] == own[0]  # the county's own numbering is unchanged
    # the county hands them on to its units under its own 文号
    cid = county.scalar("SELECT id FROM campaigns")
    down = county.column("SELECT id FROM problems WHERE source = '上级交办' ORDER BY number")
    create_batch(county, cid, HandoverForm(doc_number="某县人常办〔2026〕7号", handover_date="2026-02-10",
                                           organ="某县人大常委会", recipients=[UNITS[0]]), down)
    assert [h["doc_number"] for h in problem_handovers(county, p["id"])] == ["某人常〔2026〕4号", "某县人常办〔2026〕7号"]
    assert problem_by_number(county, "某省·省-1")["status"] == "整改中"
    # the county's own view (上级交办, its own 督办部门) stays here; its real edits go up
    _edit(county, "某省·省-1", supervisor_unit=UNITS[1], place="某某乡敬老院")
    up = send(county, province, tmp_path / "up.zip")
    assert not up.conflicts
    q = problem_by_number(province, "省-1")
    assert (q["source"], q["place"]) == ("执法检查", "某某乡敬老院")
    assert _supervisor(province, "省-1") == "某省人大社会建设委员会"
    assert [h["doc_number"] for h in problem_handovers(province, q["id"])] == ["某人常〔2026〕4号", "某县人常办〔2026〕7号"]
    # the county's own problem goes up with its origin: 某县·2026-001 at the province, not handed down
    assert problem_by_number(province, "某县·2026-001")["source"] == "专题调研"
    # the province renumbers and re-sources its problem: compared against its own number, not 某省·省-1
    _edit(province, "省-1", number="省-1A", source="暗访调查")
    again = send(province, county, tmp_path / "down2.zip")
    assert not again.conflicts and not conflicts.open_conflicts(county)
    p = problem_by_number(county, "某省·省-1A")
    assert p is not None and p["source"] == "上级交办" and _supervisor(county, "某省·省-1A") == UNITS[1]
    assert county.scalar("SELECT source FROM sync_origin WHERE problem_id = ?", (p["id"],)) == "暗访调查"
    # the city, above the county and below the province, sees the province's problem as handed down to it
    city = office(tmp_path / "city.db", "某市人大常委会", "市")
    send(county, city, tmp_path / "city.zip")
    r = problem_by_number(city, "某省·省-1A")
    assert r["source"] == "上级交办" and _supervisor(city, "某省·省-1A") == "某省人大常委会"
    assert r["place"] == "某某乡敬老院"
    assert problem_by_number(city, "某县·2026-001")["source"] == "专题调研"
    assert city.scalar("SELECT level FROM campaigns") == "市"


def test_an_older_database_gets_origin_numbers_at_the_upgrade(tmp_path):
    from models.store import Store
    from models.sync import origin

    county, _ = county_with_problems(tmp_path / "county.db", 2)
    city = office(tmp_path / "city.db", "某市人大常委会", "市")
    send(county, city, tmp_path / "1.zip")
    # as a database of step 6 had them: bare numbers, no origin rows
    city.execute("UPDATE problems SET number = substr(number, 4)")
    city.execute("DELETE FROM sync_origin")
    with city.transaction() as conn:
        origin.adopt_existing(conn, city.get_setting("sync.site_id"))
    city.close()
    city = Store(tmp_path / "city.db")
    assert city.column("SELECT number FROM problems ORDER BY number") == ["某县·2026-001", "某县·2026-002"]
    assert city.column("SELECT number FROM sync_origin ORDER BY number") == ["2026-001", "2026-002"]
