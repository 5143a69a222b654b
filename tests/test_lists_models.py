"""The campaign's lists: 法规库 and 法条依据, timetable, 责任清单, 内容清单, inspections, work counts."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook

from models import problems
from models.lists import LISTS, checklist, counts, demo_data, duties, inspections, regulations, timetable
from models.store import StoreError, ValidationError
from tests.workflow_data import UNITS, seed

REG_TEXT = demo_data.REGULATION_TEXT


def _reg(store) -> int:
    return regulations.import_regulation(store, REG_TEXT, issuer="示例县人大常委会")


def test_a_regulation_is_split_stored_and_found_by_word_or_article(store):
    rid = _reg(store)
    reg = regulations.list_regulations(store)[0]
    assert (reg["title"], reg["articles"], reg["adopted_on"]) == ("某某市养老服务促进条例", 11, "2025-03-28")
    arts = regulations.articles(store, rid)
    assert arts[5]["label"] == "第六条" and arts[5]["chapter"] == "第二章　设施建设"
    assert arts[5]["section"] == "第二节　安全管理"
    assert [h.label for h in regulations.search_articles(store, "消防")] == ["第六条", "第七条"]
    assert [h.citation for h in regulations.search_articles(store, "第六条")] == ["《某某市养老服务促进条例》第六条"]
    with pytest.raises(ValidationError, match="已有《某某市养老服务促进条例》"):
        _reg(store)
    with pytest.raises(ValidationError, match="没有找到"):
        regulations.import_regulation(store, "一段没有条文的文字", title="空条例")


def test_a_problem_keeps_the_cited_article_text_as_it_was(store):
    cid, ids = seed(store, 1)
    _reg(store)
    form = problems.form_from_problem(store, problems.get_problem(store, ids[0]))
    form.legal_basis = "《某某市养老服务促进条例》第六条；另见县政府2024年文件"
    problems.update_problem(store, ids[0], form)
    refs = regulations.problem_refs(store, ids[0])
    assert [r["citation"] for r in refs] == ["《某某市养老服务促进条例》第六条"]
    assert refs[0]["article_text"].startswith("养老机构应当符合消防安全要求")
    # the library changes (deleted and re-imported with other text): the problem keeps what it cited
    regulations.delete_regulation(store, refs[0]["regulation_id"])
    regulations.import_regulation(store, REG_TEXT.replace("应当符合消防安全要求", "必须符合消防要求"))
    problems.update_problem(store, ids[0], form)
    refs = regulations.problem_refs(store, ids[0])
    assert refs[0]["article_text"].startswith("养老机构应当符合消防安全要求")
    assert problems.get_problem(store, ids[0]).legal_basis.startswith("《某某市养老服务促进条例》第六条")


def test_study_list_per_campaign(store):
    cid, _ = seed(store, 0)
    rid = _reg(store)
    regulations.set_study(store, cid, rid, True)
    assert [r["title"] for r in regulations.study_list(store, cid)] == ["某某市养老服务促进条例"]
    regulations.set_study(store, cid, rid, False)
    assert regulations.study_list(store, cid) == []


def test_regulation_files_docx_txt_and_refusals(tmp_path):
    from docx import Document

    doc = Document()
    for line in REG_TEXT.splitlines():
        doc.add_paragraph(line)
    doc.save(tmp_path / "条例.docx")
    assert "第十一条" in regulations.read_regulation_file(tmp_path / "条例.docx")
    (tmp_path / "gbk.txt").write_bytes(REG_TEXT.encode("gb18030"))
    assert regulations.read_regulation_file(tmp_path / "gbk.txt").startswith("某某市")
    (tmp_path / "坏.docx").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(ValidationError, match="不是有效的 Word"):
        regulations.read_regulation_file(tmp_path / "坏.docx")
    (tmp_path / "条例.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(ValidationError, match="只能导入"):
        regulations.read_regulation_file(tmp_path / "条例.pdf")


def test_timetable_saved_in_order_and_reminders(store):
    cid, _ = seed(store, 0)
    phases = [timetable.Phase("动员部署", "2024-03-01", "2024-03-31", owner="办公室"),
              timetable.Phase("调研检查", "2024-04-01", "2024-06-30", owner="社会建设委员会")]
    timetable.save_phases(store, cid, phases)
    got = timetable.list_phases(store, cid)
    assert [p.name for p in got] == ["动员部署", "调研检查"]
    assert got[0].state(date(2024, 3, 15)) == "进行中" and got[1].state(date(2024, 3, 15)) == "未开始"
    texts = [r.text for r in timetable.reminders(store, cid, date(2024, 3, 27))]
    assert texts == ["“动员部署”阶段4天后（3月31日）结束（办公室）", "“调研检查”阶段5天后（4月1日）开始（社会建设委员会）"]
    with pytest.raises(ValidationError, match="第1个阶段：结束日期早于开始日期"):
        timetable.save_phases(store, cid, [timetable.Phase("错", "2024-05-01", "2024-04-01")])
    assert len(timetable.list_phases(store, cid)) == 2  # nothing half-saved
    assert timetable.position_today(got, date(2024, 3, 1)) == 0.0


def test_next_year_starts_from_last_years_timetable(store):
    from models import campaigns
    from models.domain import Campaign

    cid, _ = seed(store, 0)
    timetable.save_phases(store, cid, [timetable.Phase("审议评价", "2024-11-01", "2024-11-30")])
    nxt = campaigns.create_campaign(store, Campaign(name="养老服务联动监督", year=2025, previous_id=cid))
    start = timetable.phases_from_previous(store, nxt, 2025)
    assert (start[0].name, start[0].start_date, start[0].end_date) == ("审议评价", "2025-11-01", "2025-11-30")


def _sheet(path: Path, rows: list[list]) -> Path:
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_duties_imported_with_unknown_units_listed(store, tmp_path):
    cid, ids = seed(store, 1)
    _reg(store)
    book = _sheet(tmp_path / "责任清单.xlsx", [
        ["某县养老服务责任清单"], [],
        ["序号", "责任单位", "主要职责", "法律依据"],
        [1, UNITS[0], "负责养老机构消防安全的监督检查", "《某某市养老服务促进条例》第七条"],
        [2, UNITS[0], "推进老年助餐点建设", ""],
        [3, "某县不存在局", "某项职责", ""],
    ])
    result = duties.import_duties(store, cid, book)
    assert result.added == 2 and result.skipped == ["第6行：单位“某县不存在局”尚未登记"]
    rows = duties.list_duties(store, cid)
    assert rows[0]["article_id"] is not None and rows[1]["article_id"] is None
    form = problems.form_from_problem(store, problems.get_problem(store, ids[0]))
    form.duty_id = rows[0]["id"]
    problems.update_problem(store, ids[0], form)
    assert duties.problems_per_duty(store, cid)[0]["problems"] == 1


def test_inspection_walk_to_problem_and_counts(store):
    cid, _ = seed(store, 0)
    checklist.add_item(store, cid, checklist.CheckItem("疏散通道是否畅通", aspect="消防安全",
                                                       legal_basis="《某某市养老服务促进条例》第六条"))
    checklist.add_item(store, cid, checklist.CheckItem("是否设置老年助餐点", aspect="老年助餐", kind="调研内容"))
    iid = inspections.create_inspection(store, cid, inspections.Inspection(
        visit_date="2024年5月8日", place="某某乡敬老院", kind="暗访调查", unit=UNITS[0], members="张三、李四",
        elderly_met="12"))
    res = inspections.results(store, iid)
    assert [r["item_text"] for r in res] == ["疏散通道是否畅通", "是否设置老年助餐点"]
    inspections.save_result(store, res[0]["id"], "不符合", "二楼通道堆放杂物")
    inspections.save_result(store, res[1]["id"], "符合", "")
    with pytest.raises(ValidationError, match="只有判为“不符合”"):
        inspections.problem_from_result(store, res[1]["id"], number="2024-101", description="无问题的项",
                                        lead_unit=UNITS[0])
    pid = inspections.problem_from_result(store, res[0]["id"], number="2024-101",
                                          description="某某乡敬老院二楼疏散通道堆放杂物", lead_unit=UNITS[0],
                                          deadline="2024-06-30")
    p = problems.get_problem(store, pid)
    assert (p.source, p.place, p.category) == ("暗访调查", "某某乡敬老院", "消防安全")
    assert p.legal_basis == "《某某市养老服务促进条例》第六条"
    assert inspections.inspection_of_problem(store, pid)["place"] == "某某乡敬老院"
    with pytest.raises(ValidationError, match="已生成过问题"):
        inspections.problem_from_result(store, res[0]["id"], number="2024-102", description="重复生成的问题",
                                        lead_unit=UNITS[0], deadline="2024-06-30")
    wc = counts.work_counts(store, cid)
    counts.set_typed_counts(store, cid, {"forums": "3"})
    wc = counts.work_counts(store, cid)
    assert counts.work_sentence(wc) == "走访机构1家，与12名老年人面对面交流，召开座谈会3场，现场反馈问题1个"
    with pytest.raises(ValidationError, match="召开座谈会"):
        counts.set_typed_counts(store, cid, {"forums": "三场"})


def test_photos_copied_and_removed_when_the_transaction_fails(store, tmp_path, monkeypatch):
    cid, _ = seed(store, 0)
    checklist.add_item(store, cid, checklist.CheckItem("消防器材是否有效"))
    iid = inspections.create_inspection(store, cid, inspections.Inspection(visit_date="2024-05-08", place="敬老院"))
    rid = inspections.results(store, iid)[0]["id"]
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"x" * 1000)
    inspections.add_photos(store, rid, [photo])
    stored = store.path.parent / inspections.photos(store, rid)[0]["stored_path"]
    assert stored.read_bytes() == photo.read_bytes()
    other = tmp_path / "另一张.jpg"
    other.write_bytes(b"\xff\xd8\xffother")
    real = store.transaction

    def failing():
        raise StoreError("磁盘空间已满", "disk_full")
    monkeypatch.setattr(store, "transaction", failing)
    with pytest.raises(StoreError):
        inspections.add_photos(store, rid, [other])
    monkeypatch.setattr(store, "transaction", real)
    assert len(list(stored.parent.iterdir())) == 1  # the second copy was removed again


def test_criteria_saved_and_duplicates_refused(store):
    cid, _ = seed(store, 0)
    counts.save_criteria(store, cid, ["整改是否到位", " ", "群众是否认可"])
    assert counts.criteria(store, cid) == ["整改是否到位", "群众是否认可"]
    with pytest.raises(ValidationError, match="重复"):
        counts.save_criteria(store, cid, ["甲", "甲"])


def test_demo_holds_one_of_each_list_and_the_sheets_print_right(tmp_path):
    from openpyxl import load_workbook

    from models.demo import create_demo_database
    from models.documents.xlsx_style import write_workbook
    from models.lists import sheets
    from tests.test_xlsx import assert_prints_right

    store = create_demo_database(tmp_path / "演示.db")
    cid = int(store.get_setting("start_campaign_id"))
    assert [r["title"] for r in regulations.study_list(store, cid)] == [demo_data.REGULATION_TITLE]
    assert len(duties.list_duties(store, cid)) == len(demo_data.DUTIES)
    assert len(checklist.list_items(store, cid)) == len(demo_data.CHECK_ITEMS)
    ins = inspections.list_inspections(store, cid)
    assert len(ins) == 3 and sum(r["problems"] for r in ins) == 3
    assert [p.name for p in timetable.list_phases(store, cid)] == list(timetable.DEFAULT_PHASES)
    sentence = counts.work_sentence(counts.work_counts(store, cid))
    assert sentence == "走访机构3家，与72名老年人面对面交流，召开会议6场，召开座谈会4场，现场反馈问题3个、意见建议3条"
    for which, title in LISTS.items():
        path = tmp_path / f"{title}.xlsx"
        write_workbook(path, sheets.list_specs(store, cid, which))
        ws = load_workbook(path).worksheets[0]
        assert title in ws["A1"].value
        assert ws.max_row >= 3 and ws.cell(ws.max_row, 2).value, title
        assert_prints_right(path)
    store.close()


def test_phases_join_the_days_reminders_and_the_problem_details_show_the_lists(store):
    from models.workflow import history, reminders

    cid, ids = seed(store, 1)
    today = date.today()
    timetable.save_phases(store, cid, [timetable.Phase("跟踪督办", today.isoformat(),
                                                       (today + timedelta(days=3)).isoformat(), owner="社会委")])
    digest = reminders.digest(store, cid, today)
    end = today + timedelta(days=3)
    assert digest.phases.items == [{"text": "“跟踪督办”阶段今天开始（社会委）"},
                                   {"text": f"“跟踪督办”阶段3天后（{end.month}月{end.day}日）结束（社会委）"}]
    assert "2个时间节点临近" in digest.headline()
    _reg(store)
    did = duties.add_duty(store, cid, duties.Duty(store.scalar("SELECT id FROM units LIMIT 1"), "消防安全检查"))
    form = problems.form_from_problem(store, problems.get_problem(store, ids[0]))
    form.duty_id, form.legal_basis = did, "《某某市养老服务促进条例》第七条"
    problems.update_problem(store, ids[0], form)
    fields = dict(history.problem_fields(store, ids[0]))
    assert fields["对应职责"].endswith("：消防安全检查")
    assert fields["条文"].startswith("《某某市养老服务促进条例》第七条：民政部门应当会同消防救援机构")
