"""Bad text never breaks or bends a document: control characters, U+FFFE/FFFF and direction
overrides are cleaned where text enters the store and again at every writer; long unit names
give file names that fit; a 5,000-character cell never makes a row taller than Excel allows;
one file that cannot be written never stops a multi-file export; files get the user's umask."""
from __future__ import annotations

import os
import zipfile

import pytest
from docx import Document
from openpyxl import load_workbook

from models import units
from models.documents import exports
from models.documents.long_cells import CONTINUED, MAX_ROW_PT
from models.documents.output import MAX_NAME_BYTES, file_name, write_each
from models.documents.xlsx_style import SheetColumn, SheetSpec, write_workbook
from models.domain import Unit
from models.exchange import replies
from models.normalize import normalize_name, normalize_text
from models.problems import ProblemForm, create_problem
from models.workflow import rules
from tests.test_documents_word import make_letter
from tests.workflow_data import seed

BAD = "\x00\x01\x0b\x1f\x7f\ufffe\uffff\u202e\u2066"
DESCRIPTION = f"敬老院{BAD}消防设施\u202e老化，应急照明不足"


def _has_bad(text: str) -> bool:
    return any(ch in text for ch in BAD)


def test_text_is_cleaned_where_it_enters_the_store(store):
    cid, _ids = seed(store, 1)
    pid = create_problem(store, ProblemForm(number="2024-100", source="专题调研", description=DESCRIPTION,
                                            lead_unit="某县民政局", suggestion="尽快\x00整改",
                                            deadline="2024-12-31"), campaign_id=cid)
    row = store.query_one("SELECT description, suggestion FROM problems WHERE id = ?", (pid,))
    assert row["description"] == "敬老院消防设施老化，应急照明不足"
    assert row["suggestion"] == "尽快整改"
    uid = units.create_unit(store, Unit(name="某县\u202e养老\x00服务中心", kind="政府部门"))
    assert store.scalar("SELECT name FROM units WHERE id = ?", (uid,)) == "某县养老服务中心"
    assert normalize_text("第一行\r\n第二行\t末尾") == "第一行\n第二行 末尾"   # line breaks and tabs stay text
    assert normalize_name("县\ufeff民政局") == "县民政局"


def test_the_letter_writer_cleans_what_came_in_another_way(tmp_path):
    letter = make_letter(3)
    letter.problems[0].description = DESCRIPTION        # e.g. a database written by an older version
    letter.addressee = "县人民政府\x0c"
    target = tmp_path / "letter.docx"
    exports.write_letters([letter], [target])
    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    cells = "\n".join(c.text for t in Document(str(target)).tables for row in t.rows for c in row.cells)
    assert "敬老院消防设施老化" in cells and not _has_bad(text + cells)
    with zipfile.ZipFile(target) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "\u202e" not in xml and "&#" not in xml


def test_sheets_clean_bad_text_and_cap_row_heights(tmp_path):
    long_text = "".join(f"第{i}条：养老机构消防设施老化，应急照明不足。" for i in range(250))
    assert len(long_text) > 5000
    spec = SheetSpec("问题清单", "问题清单", [SheetColumn("n", "编号", max_width=10),
                                          SheetColumn("d", "问题描述", max_width=44)],
                     [["2025-001", DESCRIPTION], ["2025-002", long_text], ["2025-003", "短"]])
    target = tmp_path / "a.xlsx"
    write_workbook(target, [spec])
    ws = load_workbook(target).active
    heights = [d.height for d in ws.row_dimensions.values() if d.height]
    assert heights and max(heights) <= MAX_ROW_PT
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    assert values[0] == ["2025-001", "敬老院消防设施老化，应急照明不足"]
    continued = [v for v in values[1:] if v[0] in ("2025-002", None)]
    assert len(continued) > 1                          # the long cell goes on below
    joined = continued[0][1] + "".join(v[1].removeprefix(CONTINUED) for v in continued[1:])
    assert joined == long_text                         # nothing cut off
    assert values[-1] == ["2025-003", "短"]
    assert ws.auto_filter.ref.endswith(str(ws.max_row))


def test_file_names_are_capped_by_bytes_and_stay_distinct():
    long_a = "某县" + "养老服务综合体建设运营管理" * 14 + "甲中心"
    long_b = "某县" + "养老服务综合体建设运营管理" * 14 + "乙中心"
    assert len(long_a) > 186
    a, b = file_name(f"反馈表-{long_a}", ".xlsx"), file_name(f"反馈表-{long_b}", ".xlsx")
    assert len(a.encode("utf-8")) <= MAX_NAME_BYTES and a.endswith(".xlsx") and a != b
    assert file_name('问题交办函-县/民政局:"一"', ".docx") == "问题交办函-县_民政局__一_.docx"
    assert file_name("  ..", ".docx") == "文档.docx"


def test_reply_export_writes_every_unit_with_a_very_long_name(store, tmp_path):
    cid, ids = seed(store, 3)
    long_name = "某县" + "养老服务综合体建设运营管理中心" * 13
    assert len(long_name) >= 186
    store.execute("UPDATE units SET name = ? WHERE name = '某县民政局'", (long_name,))
    for pid in ids:
        rules.apply_transition(store, pid, "整改中")
    written = replies.export_all(store, cid, tmp_path)
    assert len(written) == 3 and all(p.exists() for p in written)


def test_one_failing_file_never_stops_the_others(tmp_path):
    (tmp_path / "b.txt").mkdir()                      # a folder where a file should go
    result = write_each([(tmp_path / n, lambda p: p.write_text("x", encoding="utf-8"))
                         for n in ("a.txt", "b.txt", "c.txt")])
    assert [p.name for p in result.paths] == ["a.txt", "c.txt"]
    assert result.failed[0][0] == "b.txt"
    reason = result.failed[0][1]
    assert reason and all(not ("a" <= ch.lower() <= "z") for ch in reason)   # Chinese, no English
    assert "b.txt" in result.failure_text()


def test_letters_one_per_unit_go_on_after_a_failure(tmp_path):
    letters = [make_letter(2), make_letter(2), make_letter(2)]
    for letter, to in zip(letters, ("县民政局", "县财政局", "县卫健委"), strict=True):
        letter.addressee = to
    targets = exports.letter_paths(letters, tmp_path, per_unit=True)
    targets[1].mkdir()
    result = exports.write_letters(letters, targets)
    assert [p.name for p in result.paths] == ["问题交办函-县民政局.docx", "问题交办函-县卫健委.docx"]
    assert [name for name, _why in result.failed] == ["问题交办函-县财政局.docx"]


@pytest.mark.skipif(os.name != "posix", reason="只在类 Unix 系统上有文件权限位")
def test_exported_files_follow_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        target = tmp_path / "a.xlsx"
        write_workbook(target, [SheetSpec("表", "表", [SheetColumn("a", "甲")], [["1"]])])
        exports.write_letters([make_letter(1)], [tmp_path / "b.docx"])
        os.umask(0o027)
        exports.write_letters([make_letter(1)], [tmp_path / "c.docx"])
    finally:
        os.umask(old)
    assert (target.stat().st_mode & 0o777) == 0o644
    assert ((tmp_path / "b.docx").stat().st_mode & 0o777) == 0o644
    assert ((tmp_path / "c.docx").stat().st_mode & 0o777) == 0o640
