"""Reading problem lists: header under title rows, merges, sections, synonyms, broken files."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from models.exchange import mapping, reader, rows, workbook_guard
from models.exchange.reader import WorkbookError
from tests.exchange_books import FIXTURE, book, load, row


def test_header_found_under_title_rows_with_synonyms(tmp_path, store):
    path = book(tmp_path / "a.xlsx", [row(1, "敬老院消防设施不达标")],
                header=["序 号", "问题\n来源", "存在问题", "整改主体", "协办单位", "督办单位", "完成时限（日期）", "整改状态"])
    table, texts, cols, ex = load(store, path)
    assert mapping.find_header_row(table) == 1
    assert cols == ["seq", "source", "description", "lead_unit", "cooperating_units", "supervisor_unit",
                    "deadline", "status"]
    assert ex.rows[0].values["description"] == "敬老院消防设施不达标"
    assert ex.rows[0].line == 3


@pytest.mark.parametrize("header, key", [
    ("问题内容", "description"), ("主要问题", "description"), ("牵头单位", "lead_unit"), ("承办单位", "lead_unit"),
    ("责任单位", "lead_unit"), ("办理时限", "deadline"), ("法条依据", "legal_basis"), ("法律依据", "legal_basis"),
    ("督办部门", "supervisor_unit"), ("整改措施", "measures"), ("整改进展", "progress_text"),
    ("进展情况", "progress_text"), ("备注", "notes"), ("地点", "place"), ("意见建议", "suggestion"),
    ("问题类别", "category"), ("编号", "number"), ("问题来源", "source"), ("状态", "status"),
])
def test_synonyms(header, key):
    assert mapping.match_header(header) == key


def test_merged_units_fill_down_blank_rows_and_fullwidth(tmp_path, store):
    data = [row("１", "农村幸福院大门长期上锁\n建而不用", unit="县民政局", deadline="２０２４年１１月３０日"),
            row("2", "助餐点餐食质量不高", unit=None, deadline="2024.10.31"),
            [None] * 8,
            ["3", None, None, None, None, None, None, None]]   # a pre-numbered empty row
    path = book(tmp_path / "b.xlsx", data, merges=["D3:D4"])
    _, _, _, ex = load(store, path)
    assert [r.values["lead_unit"] for r in ex.rows] == ["县民政局", "县民政局"]
    assert ex.rows[0].values["description"] == "农村幸福院大门长期上锁\n建而不用"
    assert ex.rows[0].values["deadline"] == "2024年11月30日"
    assert len(ex.rows) == 2


def test_section_rows_become_categories_and_notes_are_skipped(tmp_path, store):
    data = [["一、医养结合方面"], row(1, "医养结合机构数量少"), ["（二）农村互助养老问题"],
            row(2, "互助幸福院运营困难"), ["注：状态为空的问题尚未交办。"]]
    path = book(tmp_path / "c.xlsx", data, merges=["A3:H3"])
    _, _, _, ex = load(store, path)
    assert [(r.values["description"], r.category) for r in ex.rows] == [
        ("医养结合机构数量少", "医养结合"), ("互助幸福院运营困难", "农村养老")]
    assert ex.skipped_notes == ["注：状态为空的问题尚未交办。"]


def test_unknown_section_kept_as_new_category():
    cat, new = rows.map_category("六、殡葬服务管理方面", ["设施建设", "其他"])
    assert (cat, new) == ("殡葬服务管理", True)


def test_fixture_reads_as_a_person_does(store):
    _, _, cols, ex = load(store, FIXTURE)
    assert len(ex.rows) == 13
    assert len({r.category for r in ex.rows}) == 5
    assert set(ex.sections.values()) == {"设施建设", "医养结合", "老年助餐", "人才队伍", "适老化改造"}
    assert str(ex.filled_on) == "2024-08-12"
    assert "seq" in cols and "status" in cols


def test_several_sheets_user_picks(tmp_path, store):
    other = [["标题"], ["问题描述", "牵头单位"], ["第二张表里的问题", "县财政局"]]
    path = book(tmp_path / "d.xlsx", [row(1, "第一张表里的问题")], sheets={"第二批": other})
    assert [n for n, _ in reader.list_sheets(path)] == ["问题清单", "第二批"]
    _, _, _, ex = load(store, path, "第二批")
    assert [r.values["description"] for r in ex.rows] == ["第二张表里的问题"]
    with pytest.raises(WorkbookError, match="没有名为"):
        reader.read_sheet(path, "不存在")


def test_xls_read_with_xlrd(store):
    """An old .xls (made from a built sheet by LibreOffice) with merged title and section rows."""
    path = Path(__file__).parent / "data" / "问题清单-旧格式.xls"
    table, _, _, ex = load(store, path)
    assert [(r.values["description"], r.category, r.values["deadline"]) for r in ex.rows] == [
        ("老旧小区适老化改造推进缓慢", "适老化改造", "2025/6"), ("特困老人家庭改造覆盖面窄", "适老化改造", "年底前")]
    assert ex.rows[1].values["seq"] == "2"


def test_malformed_files_say_why(tmp_path):
    empty = tmp_path / "空.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(WorkbookError, match="空的"):
        reader.list_sheets(empty)
    text = tmp_path / "其实是文本.xlsx"
    text.write_text("这不是表格", encoding="utf-8")
    with pytest.raises(WorkbookError, match="不是 Excel 工作簿"):
        reader.list_sheets(text)
    docx = tmp_path / "文档.xlsx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    with pytest.raises(WorkbookError, match="Word"):
        reader.list_sheets(docx)
    encrypted = tmp_path / "加密.xlsx"  # an Office-encrypted file is an OLE file with this stream name
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptionInfo".encode("utf-16-le"))
    with pytest.raises(WorkbookError, match="密码"):
        reader.list_sheets(encrypted)
    blank = tmp_path / "空表.xlsx"
    Workbook().save(blank)
    with pytest.raises(WorkbookError, match="空的"):
        reader.read_sheet(blank)


def test_huge_file_refused(tmp_path, monkeypatch):
    path = book(tmp_path / "e.xlsx", [row(i, f"问题{i}") for i in range(30)])
    monkeypatch.setattr(workbook_guard, "MAX_FILE_BYTES", 100)
    with pytest.raises(WorkbookError, match="太大"):
        reader.read_sheet(path)
    monkeypatch.setattr(workbook_guard, "MAX_FILE_BYTES", 10**9)
    monkeypatch.setattr(workbook_guard, "MAX_ROWS", 10)
    with pytest.raises(WorkbookError, match="可导入的 10 行"):
        reader.read_sheet(path)


def test_mapping_remembered_per_header(store):
    texts = ["序号", "情况", "单位", "日期"]
    guessed, remembered = mapping.mapping_for(store, texts)
    assert not remembered and guessed[0] == "seq"
    chosen = ["seq", "description", "lead_unit", "deadline"]
    with store.transaction():
        mapping.remember_mapping(store, texts, chosen)
    assert mapping.mapping_for(store, texts) == (chosen, True)
    assert mapping.mapping_for(store, texts + ["备注"])[1] is False
    assert mapping.check_mapping(["description", "description"])[0].startswith("“问题描述”对应了两列")


def test_two_row_header_with_merged_group(tmp_path, store):
    """序号/问题描述/… merged over two rows, 整改情况 over 整改措施 and 进展情况."""
    wb = Workbook()
    ws = wb.active
    ws.append(["某县问题清单"])
    ws.append(["序号", "问题描述", "责任单位", "整改情况", None, "完成时限"])
    ws.append([None, None, None, "整改措施", "进展情况", None])
    ws.append([1, "敬老院消防设施不达标", "县民政局", "更换器材", "已完成一半", "年底前"])
    for rng in ("A1:F1", "A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:F3"):
        ws.merge_cells(rng)
    path = tmp_path / "两行表头.xlsx"
    wb.save(path)
    table, texts, cols, ex = load(store, path)
    assert mapping.find_header_row(table) == 2
    assert cols == ["seq", "description", "lead_unit", "measures", "progress_text", "deadline"]
    assert ex.rows[0].values["measures"] == "更换器材" and len(ex.rows) == 1


def test_sample_ledger_is_made_by_its_script(tmp_path):
    """The committed sample list is what tests/data/make_sample_ledger.py writes (same cells, same merges)."""
    from openpyxl import load_workbook

    from tests.data.make_sample_ledger import build

    made = load_workbook(build(tmp_path / "示例.xlsx")).active
    kept = load_workbook(FIXTURE).active
    assert [list(r) for r in made.iter_rows(values_only=True)] == [list(r) for r in kept.iter_rows(values_only=True)]
    assert sorted(map(str, made.merged_cells.ranges)) == sorted(map(str, kept.merged_cells.ranges))
