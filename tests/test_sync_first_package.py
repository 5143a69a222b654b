"""A row's insert carries the row as it is when the package is written, so the changes made to it before
that are in it already: a receiver that gets the insert and those changes together raises no conflict
(it used to compare them with the newer row and ask a person to choose between a value and its own past)."""
from __future__ import annotations

from sync_offices import county_with_problems, office, send

from models.sync import conflicts
from tests.test_sync_exchange import edit


def test_a_problem_edited_before_its_first_package_arrives_without_a_conflict(tmp_path):
    county, ids = county_with_problems(tmp_path / "county.db", 1)
    city = office(tmp_path / "city.db", "某市人大常委会", "市")
    province = office(tmp_path / "province.db", "某省人大常委会", "省")
    edit(county, ids[0], place="城关镇")
    edit(county, ids[0], place="城关镇二号")
    result = send(county, city, tmp_path / "1.zip")
    assert not result.conflicts and conflicts.open_conflicts(city) == []
    assert city.column("SELECT place FROM problems") == ["城关镇二号"]
    # the city edits it twice and sends it on: the province gets it with the city's changes, no conflict
    pid = city.scalar("SELECT id FROM problems")
    edit(city, pid, notes="市里督办")
    edit(city, pid, notes="市里已督办", place="城关镇三号")
    result = send(city, province, tmp_path / "2.zip")
    assert not result.conflicts and conflicts.open_conflicts(province) == []
    assert province.query_rows("SELECT place, notes FROM problems") == [("城关镇三号", "市里已督办")]
    # and back at the county, the city's changes apply one by one as before
    result = send(city, county, tmp_path / "3.zip")
    assert not result.conflicts
    assert county.query_rows("SELECT place, notes FROM problems") == [("城关镇三号", "市里已督办")]
