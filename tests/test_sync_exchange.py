"""三级联动 exchange: identity, the change log written with the 留痕, packages between offices,
conflicts and their resolution, status changes with their evidence, missing packages."""
from __future__ import annotations

import json
import re

import pytest
from sync_offices import UNITS, counts, county_with_problems, office, problem_by_number, send

from models.problems import delete_problems, form_from_problem, get_problem, update_problem
from models.store import ValidationError
from models.sync import conflicts, export, identity, merge
from models.workflow.closing import ClosingForm, close_problem
from models.workflow.handover import HandoverForm, create_batch
from models.workflow.progress import ReportForm, add_report


def edit(store, pid, **values):
    form = form_from_problem(store, get_problem(store, pid))
    for k, v in values.items():
        setattr(form, k, v)
    update_problem(store, pid, form)


def test_each_database_has_its_own_identity(tmp_path):
    a = office(tmp_path / "a.db", "某县人大常委会", "县")
    b = office(tmp_path / "b.db", "某市人大常委会", "市")
    ia, ib = identity.identity(a), identity.identity(b)
    assert ia.site_id and ia.site_id != ib.site_id
    assert ia.public_key != ib.public_key
    assert re.fullmatch(r"[0-9A-F]{4}( [0-9A-F]{4}){3}", ia.fingerprint)
    assert (ia.level, ia.office) == ("县", "某县人大常委会")
    with pytest.raises(ValidationError, match="请填写本机关名称"):
        identity.set_office(a, " ", "县")
    with pytest.raises(ValidationError, match="层级应为"):
        identity.set_office(a, "某县人大常委会", "乡")


def test_every_write_path_logs_its_change_with_the_history_row(tmp_path):
    store, ids = county_with_problems(tmp_path / "c.db", 2)
    edit(store, ids[0], place="城关镇", lead_unit=UNITS[2])
    log = store.query("SELECT op, tbl, field, old, new FROM change_log ORDER BY seq")
    assert [r["op"] for r in log[:3]] == ["insert", "insert", "insert"]  # campaign, two problems
    fields = {r["field"]: (r["old"], r["new"]) for r in log if r["op"] == "field"}
    assert fields["place"] == ("某某乡1号", "城关镇")
    assert fields["lead_unit_id"] == (UNITS[0], UNITS[2])  # units travel by name, not local id
    delete_problems(store, [ids[1]])
    assert store.query("SELECT op, tbl FROM change_log ORDER BY seq DESC LIMIT 1") == [{"op": "delete", "tbl": "problems"}]
    seqs = store.column("SELECT seq FROM change_log ORDER BY seq")
    assert seqs == list(range(1, len(seqs) + 1))
    # a refused edit writes neither a history row nor a change
    before = counts(store)
    with pytest.raises(ValidationError):
        edit(store, ids[0], number="")
    assert counts(store) == before


def test_problems_go_up_and_reimport_changes_nothing(tmp_path):
    county, ids = county_with_problems(tmp_path / "county.db", 3)
    city = office(tmp_path / "city.db", "某市人大常委会", "市")
    preview = send(county, city, tmp_path / "p1.zip", dry_run=True)
    assert not preview.applied and preview.new_rows["problems"] == 3
    assert city.scalar("SELECT count(*) FROM problems") == 0
    applied = merge.import_package(city, tmp_path / "p1.zip")
    assert applied.applied and applied.new_rows["problems"] == 3
    # the campaign first made at the city from the county's package is the city's: level 市, organised by it
    assert city.query_one("SELECT level, organizer FROM campaigns") == {"level": "市", "organizer": "某市人大常委会"}
    row = problem_by_number(city, "某县·2026-001")
    assert city.scalar("SELECT name FROM units WHERE id = ?", (row["lead_unit_id"],)) == UNITS[0]
    before = counts(city)
    again = merge.import_package(city, tmp_path / "p1.zip")
    assert not again.has_changes and "没有新内容。" in again.lines()
    assert counts(city)[:2] == before[:2]
    # the next package carries only what the city has not acknowledged (nothing came back yet: all)
    send(city, county, tmp_path / "back.zip")
    edit(county, ids[1], place="城关镇")
    result = export.export_package(county, to_office="某市人大常委会", out=tmp_path / "p2.zip")
    assert result.change_count == 1
    assert merge.import_package(city, tmp_path / "p2.zip").field_changes == ["问题 某县·2026-002 地点：“某某乡2号”→“城关镇”"]


def test_same_field_on_both_sides_is_a_conflict_resolved_once_for_both(tmp_path):
    county, ids = county_with_problems(tmp_path / "county.db", 2)
    city = office(tmp_path / "city.db", "某市人大常委会", "市")
    send(county, city, tmp_path / "1.zip")
    city_pid = problem_by_number(city, "某县·2026-001")["id"]
    edit(county, ids[0], place="县里写的地点")
    edit(city, city_pid, place="市里写的地点", suggestion="市里补充的建议")
    up = send(county, city, tmp_path / "2.zip")
    assert len(up.conflicts) == 1 and "本机“市里写的地点”，对方“县里写的地点”" in up.conflicts[0]
    assert problem_by_number(city, "某县·2026-001")["place"] == "市里写的地点"  # never decided silently
    down = send(city, county, tmp_path / "3.zip")
    assert len(down.conflicts) == 1
    assert problem_by_number(county, "2026-001")["suggestion"] == "市里补充的建议"  # no conflict: taken
    [c] = conflicts.open_conflicts(city)
    assert (c.local_value, c.incoming_value, c.incoming_office) == ("市里写的地点", "县里写的地点", "某县人大常委会")
    conflicts.resolve(city, c.id, "县里写的地点")
    assert conflicts.open_conflicts(city) == []
    settled = send(city, county, tmp_path / "4.zip")
    assert conflicts.open_conflicts(county) == [] and not settled.conflicts
    assert problem_by_number(county, "2026-001")["place"] == "县里写的地点"
    assert not send(county, city, tmp_path / "5.zip").conflicts
    assert problem_by_number(city, "某县·2026-001")["place"] == problem_by_number(county, "2026-001")["place"]


def test_closing_travels_with_its_evidence_and_a_bare_status_change_does_not(tmp_path):
    county, ids = county_with_problems(tmp_path / "county.db", 2)
    city = office(tmp_path / "city.db", "某市人大常委会", "市")
    create_batch(county, 1, HandoverForm(doc_number="某人常办〔2026〕3号", handover_date="2026-03-01",
                                      organ="某县人大常委会", default_deadline="2026-12-31",
                                      recipients=[UNITS[0]]), ids)
    add_report(county, ids[0], ReportForm(report_date="2026-03-05", unit=UNITS[0], measures="更换灭火器",
                                          percent=100, requests_closing=True))
    close_problem(county, ids[0], ClosingForm(checked_by="张三", check_date="2026-03-06", opinion="已整改到位",
                                              no_evidence_reason="现场核查"))
    result = send(county, city, tmp_path / "1.zip")
    assert result.new_rows["closure_checks"] == 1 and result.new_rows["progress_reports"] == 1
    assert problem_by_number(city, "某县·2026-001")["status"] == "已销号"
    assert problem_by_number(city, "某县·2026-002")["status"] == "整改中"
    # a package saying 整改中 → 已销号 without a 销号核查 is not taken: it becomes a conflict
    pkg = tmp_path / "2.zip"
    export.export_package(county, to_office="某市人大常委会", out=pkg)
    forged = merge.read_package(pkg)
    uid = county.scalar("SELECT uuid FROM sync_rows WHERE tbl = 'problems' AND local_id = ?", (ids[1],))
    forged.changes = [{"site": forged.sender["site"], "seq": 999, "op": "field", "tbl": "problems", "uuid": uid,
                       "field": "status", "old": "整改中", "new": "申请销号", "who": "某人", "at": "2026-03-07"}]
    out = merge.import_package(city, forged)
    assert problem_by_number(city, "某县·2026-002")["status"] == "整改中"
    assert "申请销号没有随附申请销号的整改进展" in out.conflicts[0]


def test_missing_packages_are_named(tmp_path):
    county, ids = county_with_problems(tmp_path / "county.db", 1)
    city = office(tmp_path / "city.db", "某市人大常委会", "市")
    send(county, city, tmp_path / "1.zip")
    send(city, county, tmp_path / "ack.zip")
    for n in (2, 3):
        edit(county, ids[0], place=f"第{n}次修改")
        export.export_package(county, to_office="某市人大常委会", out=tmp_path / f"{n}.zip")
    # the county believes the city has seen everything up to now (say, an acknowledgement from a restored copy)
    site = identity.identity(county).site_id
    seen = county.scalar("SELECT max(seq) FROM change_log WHERE site = ?", (site,))
    county.execute("UPDATE sync_peers SET acked = ?", (json.dumps({site: seen}),))
    edit(county, ids[0], place="第4次修改")
    result = export.export_package(county, to_office="某市人大常委会", out=tmp_path / "4.zip")
    assert result.number == 4
    out = merge.import_package(city, tmp_path / "4.zip")
    assert "缺少该县第2–3号交换包（其中的变更本包没有，请向对方索取）。" in out.lines()
    assert out.conflicts  # its change does not start from what the city has
    merge.import_package(city, tmp_path / "3.zip")
    assert problem_by_number(city, "某县·2026-001")["place"] == "第3次修改"
    note = merge.import_package(city, tmp_path / "2.zip", dry_run=True)
    assert not note.has_changes


def test_the_merged_ledger_shows_and_filters_by_origin(tmp_path):
    from models import ledger
    from models.ledger import LedgerFilter, query_ids

    county, _ = county_with_problems(tmp_path / "county.db", 2)
    other, _ = county_with_problems(tmp_path / "other.db", 3, name="乙县人大常委会", prefix="乙")
    city = office(tmp_path / "city.db", "某市人大常委会", "市")
    send(county, city, tmp_path / "a.zip")
    send(other, city, tmp_path / "b.zip")
    cid = city.scalar("SELECT id FROM campaigns")
    assert city.scalar("SELECT count(*) FROM campaigns") == 1  # the same 专题 from both counties, merged
    from models.problems import ProblemForm, create_problem

    city.execute("INSERT INTO units(name, created_at, updated_at) VALUES ('某市民政局', '', '')")
    create_problem(city, ProblemForm(number="市-1", source="专题调研", description="市级养老服务中心未建成",
                                     lead_unit="某市民政局", kind="长期整改"), campaign_id=cid)
    choices = export.origin_choices(city)
    assert [office_ for office_, _ in choices] == ["某县人大常委会", "乙县人大常委会"]   # 拼音: mǒu before yǐ
    site = dict(choices)["乙县人大常委会"]
    assert len(query_ids(city, LedgerFilter(campaign_id=cid, origin=site))) == 3
    mine = query_ids(city, LedgerFilter(campaign_id=cid, origin=ledger.LOCAL_ORIGIN))
    assert [city.scalar("SELECT number FROM problems WHERE id = ?", (i,)) for i in mine] == ["市-1"]
    rows = city.query(f"SELECT p.number, {ledger.column('origin').select} AS origin FROM problems p ORDER BY p.id")
    assert {r["origin"] for r in rows} == {"某县人大常委会", "乙县人大常委会", "本机关"}


def test_a_deletion_against_an_edit_is_a_conflict_and_its_resolution_travels(tmp_path):
    county, ids = county_with_problems(tmp_path / "county.db", 2)
    city = office(tmp_path / "city.db", "某市人大常委会", "市")
    send(county, city, tmp_path / "1.zip")
    send(city, county, tmp_path / "2.zip")
    delete_problems(county, [ids[0]])
    edit(city, problem_by_number(city, "某县·2026-001")["id"], place="市里核实的地点")
    # the city changed what the county deleted: it keeps the problem and shows both sides
    up = send(county, city, tmp_path / "3.zip")
    assert len(up.conflicts) == 1 and "对方删除了该问题，本机有对方删除时未见的修改（地点）" in up.conflicts[0]
    assert problem_by_number(city, "某县·2026-001")["place"] == "市里核实的地点"
    [c] = conflicts.open_conflicts(city)
    assert (c.local_value, c.incoming_value, c.incoming_office) == ("保留该问题", "删除该问题", "某县人大常委会")
    assert c.local_who and c.local_at and c.incoming_who and c.incoming_at
    # the county, which deleted it, sees the city's edit as a conflict too (not a silent skip)
    down = send(city, county, tmp_path / "4.zip")
    assert len(down.conflicts) == 1
    [k] = conflicts.open_conflicts(county)
    assert (k.label, k.local_value, k.incoming_value) == ("问题 2026-001（已删除）", "删除该问题", "保留该问题")
    assert "本机已删除该问题，对方未见删除时修改了地点" in k.why
    # decided at the county: keep it. The city settles, sends the problem again, and the county has it back
    conflicts.resolve(county, k.id, k.incoming_value)
    send(county, city, tmp_path / "5.zip")
    assert conflicts.open_conflicts(city) == []
    send(city, county, tmp_path / "6.zip")
    assert problem_by_number(county, "2026-001")["place"] == "市里核实的地点"
    assert conflicts.open_conflicts(county) == [] and problem_by_number(city, "某县·2026-001") is not None
    # the other way: the city deletes, the county edits; decided at the city (which still has it): delete
    delete_problems(city, [problem_by_number(city, "某县·2026-002")["id"]])
    edit(county, ids[1], suggestion="县里补充的建议")
    send(city, county, tmp_path / "7.zip")
    [k] = conflicts.open_conflicts(county)
    assert k.local_value == "保留该问题" and problem_by_number(county, "2026-002") is not None
    send(county, city, tmp_path / "8.zip")
    [c] = conflicts.open_conflicts(city)
    conflicts.resolve(county, k.id, k.incoming_value)  # the county agrees: delete it
    assert problem_by_number(county, "2026-002") is None
    send(county, city, tmp_path / "9.zip")
    assert conflicts.open_conflicts(city) == [] and problem_by_number(city, "某县·2026-002") is None


def test_evaluations_recipients_and_removals_travel(tmp_path):
    from models.workflow.batch_edit import remove_from_batch
    from models.workflow.evaluation import (
        CountRow,
        Evaluation,
        create_evaluation,
        get_evaluation,
        update_evaluation,
    )
    from models.workflow.handover import form_from_batch, get_batch, problem_handovers, update_batch

    county, ids = county_with_problems(tmp_path / "county.db", 3)
    city = office(tmp_path / "city.db", "某市人大常委会", "市")
    cid = county.scalar("SELECT id FROM campaigns")
    batch = create_batch(county, cid, HandoverForm(doc_number="某县人常办〔2026〕3号", handover_date="2026-03-01",
                                                   organ="某县人大常委会", recipients=[UNITS[0], UNITS[1]]), ids)
    unit = county.scalar("SELECT id FROM units WHERE name = ?", (UNITS[2],))
    eid = create_evaluation(county, Evaluation(campaign_id=cid, eval_date="2026-06-01", occasion="常委会会议测评", rows=[
        CountRow(unit_id=unit, satisfied=20, basically_satisfied=5, dissatisfied=1),
        CountRow(problem_id=ids[0], satisfied=18, basically_satisfied=6, dissatisfied=2)]))
    first = send(county, city, tmp_path / "1.zip")
    assert first.new_rows["evaluations"] == 1
    city_batch = city.scalar("SELECT id FROM handover_batches")
    assert city.column("SELECT u.name FROM handover_recipients r JOIN units u ON u.id = r.unit_id "
                       "WHERE r.batch_id = ? ORDER BY r.position", (city_batch,)) == [UNITS[0], UNITS[1]]
    [ev] = city.query("SELECT * FROM evaluations")
    assert ev["occasion"] == "常委会会议测评"
    votes = city.query_rows("SELECT u.name, p.number, c.satisfied, c.basically_satisfied, c.dissatisfied "
                            "FROM evaluation_counts c LEFT JOIN units u ON u.id = c.unit_id "
                            "LEFT JOIN problems p ON p.id = c.problem_id ORDER BY c.position")
    assert votes == [(UNITS[2], None, 20, 5, 1), (None, "某县·2026-001", 18, 6, 2)]
    send(city, county, tmp_path / "ack.zip")
    # the county recounts, changes the 主送 and takes a problem out of the batch (with its reason)
    ev = get_evaluation(county, eid)
    ev.rows[0].dissatisfied = 3
    update_evaluation(county, ev)
    form = form_from_batch(county, get_batch(county, batch))
    form.recipients = [UNITS[2]]
    update_batch(county, batch, form)
    remove_from_batch(county, batch, ids[2], "交办对象有误")
    second = send(county, city, tmp_path / "2.zip")
    assert not second.conflicts
    assert city.scalar("SELECT dissatisfied FROM evaluation_counts WHERE position = 0") == 3
    assert city.scalar("SELECT count(*) FROM evaluation_counts") == 2
    assert city.column("SELECT u.name FROM handover_recipients r JOIN units u ON u.id = r.unit_id") == [UNITS[2]]
    removed = problem_by_number(city, "某县·2026-003")
    assert problem_handovers(city, removed["id"]) == [] and removed["status"] == "待交办"
    assert len(problem_handovers(city, problem_by_number(city, "某县·2026-002")["id"])) == 1
    # both recount the same 测评: a conflict, not a silent sum
    ev = get_evaluation(county, eid)
    ev.rows[0].satisfied = 30
    update_evaluation(county, ev)
    city_ev = get_evaluation(city, city.scalar("SELECT id FROM evaluations"))
    city_ev.rows[0].satisfied = 10
    update_evaluation(city, city_ev)
    third = send(county, city, tmp_path / "3.zip")
    assert len(third.conflicts) == 1 and "满意度测评" in third.conflicts[0]
    assert city.scalar("SELECT satisfied FROM evaluation_counts WHERE position = 0") == 10
    [c] = conflicts.open_conflicts(city)
    assert c.field_label == "测评票数" and c.incoming_value.startswith(f"{UNITS[2]}：满意30，基本满意5，不满意3；问题 某县·2026-001")
    assert c.local_value.startswith(f"{UNITS[2]}：满意10，")
    conflicts.resolve(city, c.id, c.incoming_value)  # as the dialog passes it back
    assert city.scalar("SELECT satisfied FROM evaluation_counts WHERE position = 0") == 30
    send(city, county, tmp_path / "4.zip")
    assert conflicts.open_conflicts(county) == []
    assert county.scalar("SELECT satisfied FROM evaluation_counts WHERE position = 0") == 30


def test_a_value_first_given_after_the_problem_was_sent_follows_it(tmp_path):
    """新建 a problem, send it, then fill in its empty 备注: the next package carries it. (Found by the
    property test: a first value given right after the insert was left to the insert, which its receiver
    already held, so the other office kept the empty field and no conflict said so.)"""
    county, ids = county_with_problems(tmp_path / "county.db", 1)
    city = office(tmp_path / "city.db", "某市人大常委会", "市")
    send(county, city, tmp_path / "p1.zip")
    edit(county, ids[0], notes="已督促")     # nothing changed here since its insert, which has left already
    result = send(county, city, tmp_path / "p2.zip")
    assert city.column("SELECT notes FROM problems") == ["已督促"]
    assert not result.conflicts
    # a value given before any package was written still travels in the insert alone, as before
    county2, ids2 = county_with_problems(tmp_path / "county2.db", 1, name="乙县人大常委会")
    edit(county2, ids2[0], notes="已督促")
    assert county2.scalar("SELECT count(*) FROM change_log WHERE op = 'field'") == 0
    send(county2, city, tmp_path / "p3.zip")
    assert city.column("SELECT notes FROM problems ORDER BY id") == ["已督促", "已督促"]
