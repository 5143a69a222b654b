"""Hostile workbooks: each is refused with one Chinese sentence or read within bounds, junk flagged.

The corpus is written at test time (tests/hostile_corpus.py); tests/run_hostile_corpus.py runs the
same files in a subprocess each, with time and memory measured.
"""
from __future__ import annotations

import re

import pytest

from models.exchange import preview, reader, replies, unit_names, workbook_guard
from models.store import StoreError
from tests.exchange_books import campaign, load, units
from tests.hostile_corpus import ledger, make_corpus

_ALLOWED = {"Excel", "WPS", "Word", "xlsx", "xls"}


def _english(message: str, name: str) -> list[str]:
    text = re.sub(r"“[^”]*”", "", message.replace(name, ""))
    return [w for w in re.findall(r"[A-Za-z_]{3,}", text) if w not in _ALLOWED]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_corpus(tmp_path_factory.mktemp("hostile"), bomb_mb=24)


def test_every_file_is_refused_in_chinese_or_read(corpus, store, monkeypatch):
    monkeypatch.setattr(workbook_guard, "MAX_SHEET_XML", 16 * 1024 * 1024)
    cid = campaign(store)
    refused = 0
    for path in corpus:
        for step in (lambda p: load(store, p), lambda p: replies.read_reply(store, cid, p)):
            try:
                step(path)
            except StoreError as exc:   # WorkbookError, or the reply's "not a reply workbook"
                refused += 1
                assert str(exc) and not _english(str(exc), path.name), (path.name, str(exc))
            except (TypeError, AttributeError):
                pass   # load() on a sheet without a header row: the wizard says so itself
    assert refused > 100


def test_zip_bombs_and_far_cells_are_refused_before_reading(corpus, monkeypatch):
    monkeypatch.setattr(workbook_guard, "MAX_SHEET_XML", 16 * 1024 * 1024)
    by = {p.name: p for p in corpus}
    for name, says in (("压缩炸弹-谎报.xlsx", "已损坏"), ("压缩炸弹-如实.xlsx", "太大|多得异常"), ("XFD1有值.xlsx", "16384 列"),
                       ("第200万行.xlsx", "第 2000000 行"), ("宽而深.xlsx", "范围太大"), ("加密标志.xlsx", "密码"),
                       ("压缩方式12.xlsx", "压缩方式"), ("文件夹.xlsx", "文件夹"), ("损坏0.xls", "已损坏"),
                       ("反馈表-行号一亿.xlsx", "第 99999999 行")):
        with pytest.raises(reader.WorkbookError, match=says):
            reader.read_sheet(by[name])


def test_formatted_cell_in_xfd_does_not_widen_the_sheet(corpus):
    table = reader.read_sheet(next(p for p in corpus if p.name == "XFD1格式.xlsx"))
    assert table.width == 6 and len(table.rows) == 502


def test_junk_cells_are_flagged_with_their_reason(corpus, store):
    cid = campaign(store, 2024)
    [mz] = units(store, "县民政局")
    _, _, _, ex = load(store, next(p for p in corpus if p.name == "垃圾内容.xlsx"))
    needs = {n.name for n in unit_names.unknown_units(store, ex.rows)}
    assert "县文化局" in needs and not any(len(n) > 60 or "第1局" == n for n in needs)
    plan = preview.UnitPlan(create={n: "政府部门" for n in needs})
    pv = preview.build_preview(store, cid, ex, plan, default_source="专题调研")
    note = {r.line: "；".join(r.errors) or r.question for r in pv.rows}
    assert "错误值 #VALUE!" in note[3] and "错误值 #DIV/0!" in note[4]
    assert "是公式" in note[5] and "错误值 #VALUE!" in note[6]
    assert "garbage" in note[7]
    for line, day in ((8, "0001-01-01"), (10, "9999-12-31"), (11, "2101-01-01")):
        assert f"整改时限 {day} 不在本专题年份" in note[line]
    asked = [r for r in pv.rows if r.question]
    assert asked and not any(r.include for r in asked)          # asked, not imported unless ticked
    invisible = [r for r in pv.rows if r.line in (14, 15, 17)]
    assert all(r.record["unit_key"] == mz and not r.errors for r in invisible)
    assert note[18].startswith("牵头单位“局局局") and "太长（32767 字）" in note[18]   # cut to Excel's cell limit
    assert "写了 500 个单位" in note[19]
    clean = next(r for r in pv.rows if r.line == 20)
    assert clean.record["lead_unit"] == "县民政局" and not clean.errors
    assert "问题描述太长" in note[21]


def test_a_huge_cell_is_cut_to_what_excel_allows(tmp_path):
    path = ledger(tmp_path / "长.xlsx", [["专题调研", "x" * 40000, "县民政局", "2024-12-31", ""]])
    table = reader.read_sheet(path)
    assert len(table.rows[2][2]) == workbook_guard.MAX_CELL_CHARS and (2, 2) in table.cut_cells
