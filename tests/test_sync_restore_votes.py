"""A problem deleted in one office and kept in another (delete vs edit, decided 保留该问题) comes back
with its 满意度测评 votes: the offices end with the same counts, not silently different ones."""
from __future__ import annotations

from sync_offices import UNITS, county_with_problems, office, problem_by_number, send

from models.problems import delete_problems
from models.sync import conflicts
from tests.test_sync_exchange import edit


def _votes(store) -> list[tuple]:
    return store.query_rows("SELECT u.name, p.description, c.satisfied, c.basically_satisfied, c.dissatisfied "
                            "FROM evaluation_counts c LEFT JOIN units u ON u.id = c.unit_id "
                            "LEFT JOIN problems p ON p.id = c.problem_id ORDER BY c.position")


def test_a_kept_problem_comes_back_with_its_votes(tmp_path):
    from models.workflow.evaluation import CountRow, Evaluation, create_evaluation

    county, ids = county_with_problems(tmp_path / "county.db", 2)
    city = office(tmp_path / "city.db", "某市人大常委会", "市")
    cid = county.scalar("SELECT id FROM campaigns")
    unit = county.scalar("SELECT id FROM units WHERE name = ?", (UNITS[2],))
    create_evaluation(county, Evaluation(campaign_id=cid, eval_date="2026-06-01", occasion="常委会会议测评", rows=[
        CountRow(unit_id=unit, satisfied=20, basically_satisfied=5, dissatisfied=1),
        CountRow(problem_id=ids[0], satisfied=18, basically_satisfied=6, dissatisfied=2)]))
    send(county, city, tmp_path / "1.zip")
    send(city, county, tmp_path / "2.zip")
    both = _votes(county)
    assert len(both) == 2 and _votes(city) == both
    # the county deletes the problem (its votes go with it); the city, not knowing, edits it
    delete_problems(county, [ids[0]])
    assert len(_votes(county)) == 1
    edit(city, problem_by_number(city, "某县·2026-001")["id"], place="市里核实的地点")
    send(county, city, tmp_path / "3.zip")
    send(city, county, tmp_path / "4.zip")
    [k] = conflicts.open_conflicts(county)
    # decided at the county: keep it. It comes back everywhere, with its votes
    conflicts.resolve(county, k.id, k.incoming_value)
    send(county, city, tmp_path / "5.zip")
    send(city, county, tmp_path / "6.zip")
    assert conflicts.open_conflicts(county) == [] and conflicts.open_conflicts(city) == []
    assert problem_by_number(county, "2026-001") is not None
    assert _votes(county) == both and _votes(city) == both
