"""The one write path: an action is one transaction, a rollback takes its copied files away, the
pages hear what changed, and a bug becomes "程序出错" with its traceback in the log."""
from __future__ import annotations

import sqlite3

import pytest

from models import logbook, units
from models.domain import Unit
from models.store import StoreError, translate_error
from models.workflow import attachments, handover, progress
from models.workflow.handover import HandoverForm
from tests.workflow_data import seed
from ui.dialogs import messages
from ui.main_window import UNDO_LIMIT

pytestmark = pytest.mark.gui


@pytest.fixture
def seeded(window):
    cid, ids = seed(window.store, 2)
    window.reload_campaigns(select_id=cid)
    return cid, ids


@pytest.fixture
def heard(window):
    seen = []
    window.data_changed.connect(seen.append)
    return seen


@pytest.fixture
def warnings(monkeypatch):
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(messages, "warn", lambda parent, title, text: seen.append((title, text)))
    return seen


def _hand_over(store, cid, ids, organ="县人大常委会"):
    batch = handover.create_batch(store, cid, HandoverForm(doc_number="某县人常办〔2024〕1号", handover_date="2024-03-01",
                                                           organ=organ), ids)
    store.set_setting("handover_organ", organ)     # what the 交办 dialog also writes
    return batch


def test_an_action_is_one_transaction(window, seeded, heard):
    cid, ids = seeded
    store = window.store
    before = store.commits
    batch = window.operations.run("交办", _hand_over, store, cid, ids)
    assert batch and store.commits == before + 1          # batch and setting: one commit
    assert heard[-1].touches("handover_batches", "settings") and not heard[-1].touches("evaluations")


def test_a_failed_action_leaves_nothing_half_done(window, seeded, warnings):
    cid, ids = seeded
    store = window.store

    def hand_over_then_fail():
        _hand_over(store, cid, ids)
        raise StoreError("磁盘空间已满，刚才的操作没有保存。", "disk_full")

    before = store.commits
    assert window.operations.run("交办", hand_over_then_fail) is None
    assert warnings == [("交办", "磁盘空间已满，刚才的操作没有保存。")]
    assert store.commits == before
    assert handover.list_batches(store, cid) == [] and store.get_setting("handover_organ") is None


def test_files_are_copied_before_the_transaction_and_removed_on_rollback(window, seeded, tmp_path, monkeypatch,
                                                                          warnings):
    cid, ids = seeded
    store = window.store
    _hand_over(store, cid, ids[:1])
    photo = tmp_path / "整改照片.jpg"
    photo.write_bytes(b"\xff\xd8" + b"x" * 5000)
    in_transaction = []
    copy_in = attachments._copy_in
    monkeypatch.setattr(attachments, "_copy_in", lambda *a: in_transaction.append(store.conn.in_transaction)
                        or copy_in(*a))
    form = progress.ReportForm(report_date="2024-04-01", unit="某县民政局", measures="已更换灭火器",
                               attachments=[str(photo)])

    def report_then_fail():
        progress.add_report(store, ids[0], form)
        raise StoreError("数据库正被其他程序占用。", "locked")

    assert window.operations.run("填报整改进展", report_then_fail) is None
    assert in_transaction == [False]                       # hashing and copying never held the write lock
    folder = attachments.attachments_dir(store)
    assert not [p for p in folder.rglob("*") if p.is_file()]
    assert progress.list_reports(store, ids[0]) == []

    rid = window.operations.run("填报整改进展", progress.add_report, store, ids[0], form)
    assert rid and [p.name for p in folder.rglob("*") if p.is_file()] == ["整改照片.jpg"]


def test_pages_reload_only_for_what_they_show(window, seeded, qtbot):
    page = window.show_page("campaigns")
    page.refresh()
    calls = []
    original = page.refresh
    page.refresh = lambda: calls.append(1) or original()
    window.operations.run("设置", window.store.set_setting, "警示", "1")
    assert calls == []                                     # a setting is not on the 监督专题 page
    window.operations.run("新建单位", units.create_unit, window.store, Unit(name="某县教育局", kind="政府部门"))
    assert calls == []
    window.operations.run("删除", lambda: window.store.execute("UPDATE campaigns SET notes = '改' WHERE id = ?",
                                                             (seeded[0],)))
    assert calls == [1]


def test_a_bug_says_where_the_log_is_and_keeps_english_off_screen(window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(messages, "show_program_error", lambda parent, text: shown.append(text))
    logbook.start(tmp_path / "日志")
    try:
        assert window.operations.run("查询", window.store.query, "SELEC * FROM problems") is None
    finally:
        logbook.stop()
    log = (tmp_path / "日志" / logbook.LOG_FILE_NAME).read_text(encoding="utf-8")
    assert "syntax error" in log and "Traceback" in log and "查询" in log
    assert len(shown) == 1 and str(tmp_path / "日志" / logbook.LOG_FILE_NAME) in shown[0]
    screen = shown[0].replace(str(tmp_path / "日志" / logbook.LOG_FILE_NAME), "")
    assert not any("a" <= c.lower() <= "z" for c in screen)


def test_only_known_failures_become_messages():
    assert translate_error(sqlite3.OperationalError('near "SELEC": syntax error')) is None
    assert translate_error(KeyError("status")) is None
    for known in (sqlite3.OperationalError("database or disk is full"), sqlite3.OperationalError("database is locked"),
                  sqlite3.DatabaseError("file is not a database"), IsADirectoryError(21, "Is a directory"),
                  sqlite3.OperationalError("disk I/O error")):
        err = translate_error(known, "/数据/台账.db")
        assert err is not None and not any("a" <= c.lower() <= "z" for c in str(err).replace("/数据/台账.db", "").replace("U盘", ""))


def test_the_undo_stack_is_bounded(window):
    assert window.undo_stack.undoLimit() == UNDO_LIMIT > 0


def test_a_step_that_fails_and_is_caught_leaves_nothing(window, seeded, heard):
    """A dry run (write, then refuse and catch it) inside an action keeps none of its writes."""
    store = window.store

    def dry_run_then_setting():
        try:
            with store.transaction() as conn:
                conn.execute("UPDATE problems SET place = '试一试' WHERE id = ?", (seeded[1][0],))
                raise LookupError("only looking")
        except LookupError:
            pass
        store.set_setting("看过", "1")

    window.operations.run("预览", dry_run_then_setting)
    assert store.scalar("SELECT place FROM problems WHERE id = ?", (seeded[1][0],)) != "试一试"
    assert store.get_setting("看过") == "1" and heard[-1].touches("settings")
