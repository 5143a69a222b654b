"""删除 then 撤销删除 before the next package: the other offices keep the problem (or get it), they do not
delete it. The package carries the tombstone and the restore; every insert is applied before the other
changes, so the restore must win over the older tombstone of the same office."""
from __future__ import annotations

from sync_offices import county_with_problems, office, send

from models.problems import delete_problems, restore_problems
from models.sync import conflicts


def test_a_deletion_undone_before_the_package_deletes_nothing_elsewhere(tmp_path):
    county, ids = county_with_problems(tmp_path / "county.db", 2)
    city = office(tmp_path / "city.db", "某市人大常委会", "市")
    province = office(tmp_path / "province.db", "某省人大常委会", "省")
    send(county, city, tmp_path / "1.zip")
    restore_problems(county, delete_problems(county, [ids[0]]))
    result = send(county, city, tmp_path / "2.zip")
    assert not result.deletions and not result.conflicts
    assert city.scalar("SELECT count(*) FROM problems") == 2
    # an office that had never seen the problem gets it, and keeps it
    send(city, province, tmp_path / "3.zip")
    send(county, province, tmp_path / "4.zip")
    assert province.scalar("SELECT count(*) FROM problems") == 2
    # deleted again afterwards: that deletion does travel
    delete_problems(county, [ids[0]])
    result = send(county, city, tmp_path / "5.zip")
    assert len(result.deletions) == 1 and city.scalar("SELECT count(*) FROM problems") == 1
    assert conflicts.open_conflicts(city) == []
