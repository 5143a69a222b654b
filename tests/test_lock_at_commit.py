"""Writes stop the moment this copy's lock is gone, on every connection; one lock per real file."""
from __future__ import annotations

import json
import os
import time

import pytest
from safety_data import add_problem, problem_count, seed

from models.safety import lock, opening
from models.store import StoreError


class Answers:
    def __init__(self):
        self.warned: list[tuple[str, str]] = []

    def ask(self, title, text, yes):
        return True

    def warn(self, title, text):
        self.warned.append((title, text))

    def error(self, title, text):
        raise AssertionError(text)


def _taken_over(db_path) -> None:
    """Another copy (another computer on a shared folder) takes the lock over."""
    lock.lock_path(db_path).write_text(json.dumps(
        {"host": "另一台电脑", "pid": 7, "user": "李四", "started": "2026-03-01 09:00",
         "heartbeat": time.time(), "token": "别人的"}), encoding="utf-8")


def test_a_write_after_the_lock_was_taken_over_is_rolled_back(db_path):
    store = opening.open_database(db_path, Answers())
    try:
        cid = seed(store)
        add_problem(store, cid, 1)
        _taken_over(db_path)
        with pytest.raises(StoreError) as err:
            add_problem(store, cid, 2)
        assert err.value.kind == "lock_lost" and "接管" in str(err.value)
        assert problem_count(store) == 1 and store.safety_lock.lost
    finally:
        opening.close_database(store)


@pytest.mark.gui
def test_an_import_job_on_its_own_connection_checks_the_lock_at_commit(qtbot, db_path, qsettings):
    from ui import jobs
    from ui.main_window import MainWindow

    store = opening.open_database(db_path, Answers())
    window = MainWindow(store, settings=qsettings)
    qtbot.addWidget(window)
    cid = seed(store)
    _taken_over(db_path)
    failures: list[str] = []

    def import_fifteen(own, progress):
        with own.transaction():
            for n in range(15):
                add_problem(own, cid, n)

    job = jobs.Job(window, "导入问题清单", import_fifteen, store=store, connection=jobs.WRITER,
                   on_failure=failures.append)
    with qtbot.waitSignal(job.done, timeout=10000):
        job.start()
    assert failures and "接管" in failures[0]
    assert problem_count(store) == 0
    opening.close_database(store)


def test_a_symlink_to_the_open_database_gives_no_second_writer(tmp_path):
    real = tmp_path / "数据" / "联动监督.db"
    real.parent.mkdir()
    first = opening.open_database(real, Answers())
    link = tmp_path / "桌面上的快捷方式.db"
    link.symlink_to(real)
    answers = Answers()
    second = opening.open_database(link, answers)
    try:
        assert not first.read_only and second.read_only
        assert answers.warned and answers.warned[0][0] == "以只读方式打开"
    finally:
        opening.close_database(second)
        opening.close_database(first)


@pytest.mark.skipif(not hasattr(os, "link"), reason="此系统不支持硬链接")
def test_a_hard_link_to_the_open_database_gives_no_second_writer(tmp_path):
    real = tmp_path / "甲" / "联动监督.db"
    real.parent.mkdir()
    first = opening.open_database(real, Answers())
    other = tmp_path / "乙" / "同一个文件.db"
    other.parent.mkdir()
    os.link(real, other)
    refused: list[tuple[str, str]] = []
    answers = Answers()
    answers.error = lambda title, text: refused.append((title, text))
    try:
        if lock.WriterClaim(real).take() is not False:
            pytest.skip("此系统没有 OFD 文件锁：硬链接未检查")
        assert opening.open_database(other, answers) is None
        assert "另一个程序窗口" in refused[0][1] and "硬链接" in refused[0][1]
        add_problem(first, seed(first), 1)
        assert problem_count(first) == 1
    finally:
        opening.close_database(first)
