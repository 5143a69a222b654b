"""导出与打印 through the window: exports match the ledger view, run in the background, can be
cancelled without leaving a file, never overwrite silently; print preview and PDF."""
from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from models import ledger
from models.documents.atomic import Cancelled
from tests.export_data_helpers import fill
from ui import jobs
from ui.documents import excel as export_feature
from ui.documents import files

pytestmark = pytest.mark.gui
KEYS = [c.key for c in ledger.COLUMNS]
CHECKER = Path(__file__).resolve().parents[2] / "shared" / "tools" / "xlsx_check.py"   # beside the checkout


@pytest.fixture
def win(window):
    cid = fill(window.store)
    window.reload_campaigns(select_id=cid)   # the demo's carry-over also makes next year's campaign
    assert window.campaign_id == cid
    window.show_page("ledger")
    return window


@pytest.fixture
def out_dir(tmp_path) -> Path:
    d = tmp_path / "导出"
    d.mkdir()
    return d


def run(qtbot, runner):
    """Wait for a started export to finish; returns the runner's outcome."""
    assert runner is not None
    if runner.outcome:
        return runner.outcome
    with qtbot.waitSignal(runner.done, timeout=20000):
        pass
    return runner.outcome


def test_menu_and_context_actions(win):
    texts = [a.text() for a in win.menu("export").actions()]
    for wanted in ("导出问题清单（当前筛选）…", "导出整改台账…", "导出销号清单…", "导出月调度表…", "导出统计表…",
                   "打印预览问题清单…", "问题清单另存为 PDF…"):
        assert wanted in texts
    page = win.page("ledger")
    assert {"导出所选问题…", "导出当前筛选…"} <= {a.text() for a in page._context_actions}


def test_export_is_exactly_the_ledger_view(win, qtbot, out_dir):
    page = win.page("ledger")
    page.set_filter(search="老年", statuses=("整改中", "已销号"))
    page.set_column_visible(KEYS.index("place"), False)
    page.table.horizontalHeader().setSortIndicator(KEYS.index("number"), Qt.SortOrder.DescendingOrder)
    assert page.model.descending and page.model.sort_key == "number"
    shown_ids = list(page.model.ids)
    shown_numbers = [page.model.row_data(r)["number"] for r in range(len(shown_ids))]
    assert 0 < len(shown_ids) < 64
    path = out_dir / "问题清单.xlsx"
    assert run(qtbot, win.export_actions.export_problem_list(path=path)) == "succeeded"
    ws = load_workbook(path).active
    header = [c.value for c in ws[3]]
    assert header == ["序号"] + [ledger.column(k).label for k in page.visible_column_keys()]
    assert "地点" not in header
    assert [r[header.index("编号")].value for r in ws.iter_rows(min_row=4)] == shown_numbers
    assert str(path) in win.statusBar().currentMessage()


def test_context_action_exports_the_selected_rows(win, qtbot, out_dir, monkeypatch):
    page = win.page("ledger")
    ids = list(page.model.ids)[3:6]
    page.select_ids(ids)
    target = out_dir / "所选"
    monkeypatch.setattr(files, "get_save_file_name", lambda *a: str(target))
    action = next(a for a in page._context_actions if a.text() == "导出所选问题…")
    action.trigger()
    assert run(qtbot, win.export_actions.runner) == "succeeded"
    ws = load_workbook(target.with_suffix(".xlsx")).active
    numbers = [page.model.row_data(page.model.row_of(i))["number"] for i in ids]
    assert [r[1].value for r in ws.iter_rows(min_row=4)] == numbers


def test_existing_file_is_never_overwritten_without_asking(win, qtbot, out_dir, monkeypatch):
    target = out_dir / "整改台账.xlsx"
    target.write_bytes(b"keep me")
    asked = []
    monkeypatch.setattr(files, "ask_yes_no", lambda parent, title, text: asked.append(text) or False)
    assert win.export_actions.export_rectification(path=target) is None
    assert asked and "已存在" in asked[0] and target.read_bytes() == b"keep me"
    monkeypatch.setattr(files, "ask_yes_no", lambda parent, title, text: True)
    assert run(qtbot, win.export_actions.export_rectification(path=target)) == "succeeded"
    assert load_workbook(target).active.title == "整改台账"


def test_every_workbook_exports(win, qtbot, out_dir):
    actions = win.export_actions
    for name, start in (("销号清单", actions.export_closed), ("统计", actions.export_statistics),
                        ("月调度表", lambda path: actions.export_dispatch(path=path, year=2025, month=8))):
        path = out_dir / f"{name}.xlsx"
        assert run(qtbot, start(path=path)) == "succeeded", name
        assert load_workbook(path).sheetnames[0] == name
    path = out_dir / "完整台账.xlsx"
    assert run(qtbot, actions.export_all(path=path)) == "succeeded"
    assert load_workbook(path).sheetnames == ["问题清单", "整改台账", "销号清单", "统计", "按牵头单位", "按问题类别",
                                              "按问题来源"]
    if CHECKER.exists():
        out = subprocess.run([sys.executable, str(CHECKER), str(path)], capture_output=True, text=True,
                             timeout=120)
        assert out.returncode == 0, out.stdout


def test_overview_click_is_named_in_the_export(win, qtbot, out_dir):
    page = win.page("ledger")
    ids = list(page.model.ids)[:4]
    page.set_filter(label="总览：已逾期", ids=tuple(ids))
    path = out_dir / "逾期.xlsx"
    assert run(qtbot, win.export_actions.export_problem_list(path=path)) == "succeeded"
    ws = load_workbook(path).active
    assert "总览：已逾期" in ws["A2"].value and ws.max_row - 3 == 4


def test_slow_job_shows_progress_and_cancel_leaves_nothing(win, qtbot, out_dir, monkeypatch):
    monkeypatch.setattr(jobs, "SHOW_AFTER_MS", 0)
    target = out_dir / "旧.xlsx"
    target.write_bytes(b"old")
    gate = threading.Event()
    reached = threading.Event()

    def slow(reader, target_path, progress):  # a writer that waits for the test between two steps
        from models.documents.atomic import atomic_path

        with atomic_path(target_path) as tmp:
            tmp.write_bytes(b"half")
            progress(1, 10)
            reached.set()
            gate.wait(10)
            if not progress(2, 10):
                raise Cancelled()

    monkeypatch.setattr(files, "ask_yes_no", lambda *a: True)
    runner = win.export_actions._run("导出测试", "测试", ".xlsx", slow, target)
    qtbot.waitUntil(lambda: runner.dialog is not None and runner.dialog.isVisible(), timeout=5000)
    qtbot.waitUntil(reached.is_set)
    assert runner.dialog.labelText().startswith("正在导出测试")
    button = runner.dialog.findChild(QPushButton)
    assert button.text() == "取消"
    button.click()
    gate.set()
    assert run(qtbot, runner) == "cancelled"
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in out_dir.iterdir()) == ["旧.xlsx"]
    assert "没有生成文件" in win.statusBar().currentMessage()
    assert win.export_actions.runner is None


def test_failed_export_says_why_in_chinese(win, qtbot, out_dir, monkeypatch):
    shown = []
    monkeypatch.setattr(files, "show_error", lambda parent, title, text: shown.append((title, text)))

    def locked(reader, target_path, progress):
        raise PermissionError(13, "Permission denied")

    runner = win.export_actions._run("导出测试", "测试", ".xlsx", locked, out_dir / "x.xlsx")
    assert run(qtbot, runner) == "failed"
    assert shown and "Excel" in shown[0][1] and "正被其他程序" in shown[0][1]
    assert not (out_dir / "x.xlsx").exists()


def test_print_preview_repeats_pages(win, qtbot, monkeypatch):
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    seen = {}

    def fake_exec(dialog):
        dialog.show()
        preview = dialog.findChild(QPrintPreviewWidget)
        qtbot.waitUntil(lambda: preview.pageCount() > 1, timeout=10000)
        seen["pages"] = preview.pageCount()
        seen["title"] = dialog.windowTitle()
        dialog.close()
        return 0

    monkeypatch.setattr(export_feature, "exec_dialog", fake_exec)
    dialog = win.export_actions.preview_problem_list()
    assert dialog is not None and seen["pages"] >= 3 and "问题清单" in seen["title"]
    printer = dialog.printer_
    assert printer.pageLayout().orientation().name == "Landscape"
    dialog.deleteLater()


def test_problem_list_as_pdf(win, qtbot, out_dir, monkeypatch):
    monkeypatch.setattr(jobs, "SHOW_AFTER_MS", 0)   # the progress dialog follows the pages
    path = out_dir / "问题清单.pdf"
    assert run(qtbot, win.export_actions.problem_list_pdf(path=path)) == "succeeded"
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert data.count(b"/Type /Page") - data.count(b"/Type /Pages") >= 3


def _hand_over(store, cid: int) -> int:
    from models.workflow import handover

    ids = store.column("SELECT id FROM problems WHERE campaign_id = ? AND status IN ('待交办', '整改中') "
                       "ORDER BY number", (cid,))
    return handover.create_batch(store, cid, handover.HandoverForm(
        doc_number="某人常办〔2025〕12号", handover_date="2025-07-01", occasion="问题清单交办会",
        organ="某某县人大常委会", default_deadline="2025-12-31", recipients=["某某县人民政府"]), ids)


def test_letter_prints_like_the_docx_portrait_then_landscape_annex(win, qtbot, out_dir, monkeypatch):
    from html import escape

    from ui.documents import doc_print
    from ui.documents import word as doc_ui

    _hand_over(win.store, win.campaign_id)
    monkeypatch.setattr(doc_ui, "run_dialog", lambda dialog: True)   # accept the default options
    contents = win.export_actions.letter_contents()
    assert contents and len(contents) == 1
    parts = doc_print.content_parts(contents[0])
    assert [p.layout.orientation().name for p in parts] == ["Portrait", "Landscape", "Portrait"][:len(parts)]
    joined = "".join(p.html for p in parts)
    pos = 0
    for text in contents[0].texts():          # every text of the .docx, in the .docx's order
        found = joined.find(escape(text).replace("\n", "<br/>"), pos)
        assert found >= 0, text
        pos = found
    path = out_dir / "交办函.pdf"
    monkeypatch.setenv("LIANDONG_OFFICE", "")     # the Qt path (LibreOffice's: test_office_pdf)
    assert run(qtbot, win.export_actions.letters_pdf(path=path)) == "succeeded"
    from pypdf import PdfReader

    pages = PdfReader(path).pages
    sizes = [(round(float(pg.mediabox.width)), round(float(pg.mediabox.height))) for pg in pages]
    assert sizes.count((595, 842)) >= 2 and (842, 595) in sizes   # letter and 版记 upright, the annex turned
    text = "".join(pg.extract_text() for pg in pages)
    assert "人民政府" in text and not any(0x2E80 <= ord(c) <= 0x2FDF for c in text)   # real characters


@pytest.mark.parametrize("kind", ["bulletin", "letters"])
def test_document_preview(win, qtbot, monkeypatch, kind):
    """The preview shows each page in its own orientation: the letter upright, its 附件 landscape
    (not turned on an upright sheet); printing turns landscape pages onto upright paper."""
    from PySide6.QtGui import QPageLayout
    from PySide6.QtPrintSupport import QPrinter

    from ui.documents import word as doc_ui
    monkeypatch.setenv("LIANDONG_OFFICE", "")     # the Qt path here; the LibreOffice path: test_office_pdf
    monkeypatch.setattr(doc_ui, "run_dialog", lambda dialog: True)
    if kind == "letters":
        _hand_over(win.store, win.campaign_id)
    seen = {}

    def fake_exec(dialog):
        seen["sizes"] = list(dialog.sizes)
        seen["pixmaps"] = [label.pixmap().size() for label in dialog.page_labels]
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(Path(dialog.pdf_path).with_name("打印.pdf")))
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        seen["printed"] = dialog.print_to(printer)
        dialog.close()
        return 0

    monkeypatch.setattr(export_feature, "exec_dialog", fake_exec)
    runner = getattr(win.export_actions, f"preview_{kind}")()
    assert run(qtbot, runner) == "succeeded"
    sizes = seen["sizes"]
    assert len(sizes) >= (3 if kind == "letters" else 1) and seen["printed"] == len(sizes)
    assert sizes[0][0] < sizes[0][1]                                   # the letter: upright
    wide = [i for i, (w, h) in enumerate(sizes) if w > h]
    if kind == "letters":
        assert wide and all(seen["pixmaps"][i].width() > seen["pixmaps"][i].height() for i in wide)
    else:
        assert not wide


def test_the_document_preview_closes_with_esc_without_an_error(win, qtbot, monkeypatch):
    """The real modal preview of 交办函, closed with Esc as a clerk closes it: no "程序出错" (the
    preview deletes itself on close, which QDialog.exec() does as it returns: deleting it again raised)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from ui.documents import word as doc_ui
    from ui.documents.pdf_preview import PdfPreview
    monkeypatch.setenv("LIANDONG_OFFICE", "")
    monkeypatch.setattr(doc_ui, "run_dialog", lambda dialog: True)
    _hand_over(win.store, win.campaign_id)
    closed = []

    def close_when_shown() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, PdfPreview) and dialog.isVisible():
            closed.append(dialog.windowTitle())
            screen = dialog.screen().availableGeometry()
            assert dialog.frameGeometry().height() <= screen.height()    # 打印 and 关闭 on the screen
            QTest.keyClick(dialog, Qt.Key.Key_Escape)
        else:
            QTimer.singleShot(20, close_when_shown)

    QTimer.singleShot(0, close_when_shown)
    runner = win.export_actions.preview_letters()
    assert run(qtbot, runner) == "succeeded"
    assert closed == ["打印预览 — 问题交办函"]
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, PdfPreview) and w.isVisible()]


def test_closing_the_window_cancels_a_running_export(win, qtbot, out_dir):
    stop = threading.Event()

    def endless(reader, target_path, progress):
        from models.documents.atomic import atomic_path

        with atomic_path(target_path) as tmp:
            tmp.write_bytes(b"half")
            while progress(1, 2):
                stop.wait(0.01)      # the worker polls; the test thread never sleeps
            raise Cancelled()

    runner = win.export_actions._run("导出测试", "测试", ".xlsx", endless, out_dir / "x.xlsx")
    win.close()
    assert not runner.is_running()
    assert run(qtbot, runner) == "cancelled"
    assert list(out_dir.iterdir()) == []


def test_printed_table_repeats_its_header_row(win):
    from PySide6.QtGui import QTextDocument, QTextTable

    doc = QTextDocument()
    doc.setHtml(win.export_actions.problem_list_html())
    tables = [f for f in doc.rootFrame().childFrames() if isinstance(f, QTextTable)]
    assert len(tables) == 1
    table = tables[0]
    assert table.format().headerRowCount() == 1          # Qt repeats it at the top of every page
    assert table.cellAt(0, 1).firstCursorPosition().block().text() == "编号"
    assert table.rows() == 1 + 64
