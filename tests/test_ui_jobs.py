"""Background jobs (ui/jobs.py), lazy pages and the quick opening of the window, as a user meets them."""
from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton

from models import demo
from models.campaigns import create_campaign
from models.domain import Campaign
from ui import jobs
from ui.widgets import lazy
from ui.workflow import overview_widgets

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[1]


def test_result_comes_back_on_the_gui_thread_with_progress(window, qtbot):
    seen, progress_seen = {}, []

    def work(store, progress):
        seen["thread"] = threading.current_thread()
        for i in range(1, 4):
            progress(i, 3)
        return "只读" if store.read_only else "可写"

    job = jobs.Job(window, "测试", work, store=window.store, connection=jobs.READER,
                   on_success=lambda r: seen.update(result=r, where=threading.current_thread()))
    job.progressed.connect(lambda d, t: progress_seen.append((d, t)))
    with qtbot.waitSignal(job.done) as blocker:
        job.start()
    assert blocker.args == ["succeeded"]
    assert seen["result"] == "只读"      # its own read-only connection, not the window's
    assert seen["thread"] is not threading.main_thread() and seen["where"] is threading.main_thread()
    assert progress_seen[-1] == (3, 3)


def test_a_job_starts_after_the_dialog_that_asked_for_it_is_gone(window, qtbot):
    """打印预览 of 交办函: the options dialog closes (deleted later) and the PDF job starts. Its thread
    waits for that deletion: destroying a Python-made widget while a painting thread holds the GIL
    inside Qt could deadlock the two (each holds what the other waits for)."""
    order = []
    for _ in range(5):
        dialog = QDialog(window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: order.append("对话框已删除"))
        dialog.show()
        dialog.close()
        job = jobs.Job(window, "测试", lambda store, progress: order.append("任务开始"), store=window.store)
        assert job.start().is_running()    # started, as far as the window is concerned
        with qtbot.waitSignal(job.done, timeout=5000):
            pass
        assert order[-2:] == ["对话框已删除", "任务开始"]


def test_a_job_waited_for_at_once_still_runs(window):
    job = jobs.Job(window, "测试", lambda store, progress: "完成", store=window.store)
    job.start()
    assert job.wait(5000) and job.ran_on is not None and job.ran_on is not threading.main_thread()


def test_a_reader_cannot_write_and_says_so_in_chinese(window, qtbot):
    failures = []

    def write(store, progress):
        with store.transaction():
            pass

    job = jobs.Job(window, "测试", write, store=window.store, connection=jobs.READER,
                   on_failure=failures.append)
    with qtbot.waitSignal(job.done, timeout=5000):
        job.start()
    assert failures == ["数据库以只读方式打开，不能修改。"]


def test_slow_job_shows_a_dialog_and_cancel_stops_it(window, qtbot, monkeypatch):
    monkeypatch.setattr(jobs, "SHOW_AFTER_MS", 0)
    gate, cancelled = threading.Event(), []

    def slow(store, progress):
        progress(1, 10)
        while True:
            gate.wait(0.01)
            progress(2, 10)   # raises Cancelled after 取消

    job = jobs.Job(window, "统计测试", slow, store=window.store, on_cancel=lambda: cancelled.append(True))
    job.start()
    qtbot.waitUntil(lambda: job.dialog is not None and job.dialog.isVisible(), timeout=5000)
    assert job.dialog.labelText().startswith("正在统计测试")
    button = job.dialog.findChild(QPushButton)
    assert button.text() == "取消"
    with qtbot.waitSignal(job.done, timeout=5000) as blocker:
        button.click()
    assert blocker.args == ["cancelled"] and cancelled == [True]


def test_closing_the_window_stops_its_jobs(window, qtbot):
    stop = threading.Event()

    def endless(store, progress):
        while progress(1, 2):
            stop.wait(0.01)

    job = jobs.run(window, "测试", endless, store=window.store, connection=jobs.READER, quiet=True)
    assert job.is_running()
    window.close()
    assert not job.is_running()
    qtbot.waitUntil(lambda: job.outcome == "cancelled")


def test_pyside_calls_do_not_use_up_none():
    """PySide 6.12 on Python 3.11 takes a reference from None at every void call; 300,000 calls
    used to abort the program ("deallocating None"). Importing ui guards against it."""
    code = ("import os; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
            "import ui\n"
            "from PySide6.QtWidgets import QApplication, QLabel\n"
            "app = QApplication([]); label = QLabel()\n"
            "for _ in range(300000): label.setText('整改中')\n"
            "print('正常结束')\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-500:]
    assert "正常结束" in done.stdout


def test_hidden_pages_are_not_computed_until_shown(window, qtbot):
    cid = demo.fill_demo(window.store)
    window.reload_campaigns(select_id=cid)
    window.show_page("ledger")
    dispatch, evaluation, units = (window.page(k) for k in ("dispatch", "evaluation", "units"))
    window.notify_changed()
    assert dispatch._dirty and evaluation._dirty and units._dirty
    window.show_page("dispatch")
    assert not dispatch._dirty and dispatch.problems.model().rowCount() > 0


def test_big_campaign_overview_is_counted_in_the_background(window, qtbot, monkeypatch):
    monkeypatch.setattr(lazy, "AT_ONCE", 0)
    cid = demo.fill_demo(window.store)
    window.reload_campaigns(select_id=cid)
    page = window.show_page("overview")
    assert page.as_of.text() == "正在统计……"
    qtbot.waitUntil(lambda: page.data is not None, timeout=10000)
    assert page.cards["total"].value_label.text() == str(page.data.value("total"))
    assert page.as_of.text().startswith("统计截至")


def _cells(page) -> list[list[str]]:
    shown = page.problems.model()
    return [[shown.index(r, c).data() for c in range(shown.columnCount())] for r in range(shown.rowCount())]


def test_big_campaign_month_is_built_in_the_background(window, qtbot, monkeypatch):
    from models.workflow import dispatch

    cid = demo.fill_demo(window.store)
    window.reload_campaigns(select_id=cid)
    page = window.show_page("dispatch")          # a small campaign: built at once, as before
    assert page.job is None and page.view is not None
    before = (_cells(page), page.summary.text(), [page.ranking.item(r, 1).text() for r in range(page.ranking.rowCount())])
    built_on = []
    real = dispatch.month_view

    def month_view(store, *args, **kwargs):
        built_on.append((threading.current_thread(), store is window.store, store.read_only))
        return real(store, *args, **kwargs)

    monkeypatch.setattr(dispatch, "month_view", month_view)
    monkeypatch.setattr(lazy, "AT_ONCE", 0)   # every campaign is "big" now
    page.refresh()
    assert page.job is not None and "正在生成" in page.summary.text() and page.problems.model().rowCount() == 0
    qtbot.waitUntil(lambda: page.job is None and page.view is not None, timeout=300_000)
    # off the GUI thread, on a snapshot of its own (on a busy machine the full check after showing may
    # finish meanwhile and the page build again: every build goes the same way)
    assert built_on and all(thread is not threading.main_thread() and not shared and read_only
                            for thread, shared, read_only in built_on)
    assert (_cells(page), page.summary.text(),
            [page.ranking.item(r, 1).text() for r in range(page.ranking.rowCount())]) == before
    page.only_missing.setChecked(True)
    assert page.problems.model().rowCount() == len(page.view.not_reported_rows)


def test_long_from_above_list_is_cut_and_opens_the_ledger(window, qtbot, monkeypatch):
    monkeypatch.setattr(overview_widgets, "FROM_ABOVE_NUMBERS", 2)
    cid = demo.fill_demo(window.store)
    create_campaign(window.store, Campaign(name="另一个专题", year=2025, organizer="某某县人大常委会"))
    window.reload_campaigns(select_id=cid)
    page = window.show_page("overview")
    above = page.data.from_above
    assert len(above.open_items) > 2
    text = page.from_above.text()
    assert f"等 <a href='open'>{len(above.open_items)} 项</a>" in text
    assert above.open_items[2]["number"] not in text
    page._from_above_link("open")
    assert window.current_page_key() == "ledger"
    assert window.page("ledger").model.rowCount() == len(above.open_items)
