"""Shared fixtures: every test gets a fresh temporary database; Qt runs offscreen."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

from models.store import Store  # noqa: E402

# Waits in tests are safety nets, not time limits: a test asserts what happens, and a wait for a
# worker or a signal only stops a test that would otherwise hang CI. On a loaded machine a job can
# take far longer than the few seconds written next to a wait, so every wait gets at least this.
PATIENCE_MS = 300_000


def _patient(method):
    def wait(self, *args, timeout=5000, raising=None, **kw):
        if raising is not False and timeout:   # a wait meant to expire (raising=False) keeps its length
            timeout = max(timeout, PATIENCE_MS)
        if raising is not None:
            kw["raising"] = raising
        return method(self, *args, timeout=timeout, **kw)
    return wait


def _patient_until(method):
    def wait(self, callback, *, timeout=5000):
        return method(self, callback, timeout=max(timeout, PATIENCE_MS))
    return wait


try:
    from pytestqt.qtbot import QtBot
except ImportError:   # pragma: no cover - pytest-qt is a test dependency
    QtBot = None
if QtBot is not None:
    QtBot.waitSignal = _patient(QtBot.waitSignal)
    QtBot.waitSignals = _patient(QtBot.waitSignals)
    QtBot.waitUntil = _patient_until(QtBot.waitUntil)


class DiscardAnswers(list):
    keep = False


@pytest.fixture(autouse=True)
def discard_answers(request, monkeypatch):
    """A dialog closed with unsaved input asks 放弃/继续编辑 in a modal box; tests answer 放弃
    (the list records each question) unless they set ``discard_answers.keep = True``.
    Tests of models/ alone never import Qt for this."""
    answers = DiscardAnswers()
    if request.node.get_closest_marker("gui") or "PySide6" in sys.modules:
        from ui.dialogs import messages

        monkeypatch.setattr(messages, "ask_discard",
                            lambda parent, what: answers.append(what) or not answers.keep)
    return answers


@pytest.fixture(autouse=True)
def warning_answers(request, monkeypatch):
    """A save that looks wrong (a deadline before the handover) asks 仍然保存/返回修改; tests answer
    仍然保存 and the list records the warnings, unless they set ``warning_answers.keep = True``."""
    answers = DiscardAnswers()
    if request.node.get_closest_marker("gui") or "PySide6" in sys.modules:
        from ui.dialogs import messages

        monkeypatch.setattr(messages, "confirm_warnings",
                            lambda parent, title, warnings: answers.append(list(warnings)) or not answers.keep)
    return answers


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "测试.db"


@pytest.fixture
def store(db_path: Path):
    s = Store(db_path)
    yield s
    s.close()


@pytest.fixture
def qsettings(tmp_path: Path):
    """A QSettings in a temporary ini file, so tests never touch the user's layout."""
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, store, qsettings):
    from PySide6.QtWidgets import QApplication

    from ui.app import configure_names, install_translations
    from ui.main_window import MainWindow

    configure_names()
    install_translations(QApplication.instance())
    w = MainWindow(store, settings=qsettings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture(autouse=True)
def widgets_deleted_within_their_test(request):
    """pytest-qt closes a test's widgets and asks Qt to delete them later, which Qt does in the next
    event loop: inside the next test, maybe while that test's job thread lays out a document. Then
    the two threads can deadlock (caught by gdb): the GUI thread, deleting the old window, holds one
    of Qt's signal-slot locks and waits for the GIL (shiboken asks whether Python overrides a
    virtual of a dying QAction); the job thread holds the GIL (PySide keeps it during Qt calls)
    and waits for that lock (``QTextDocument.documentLayout()`` connects its signals). So the
    widgets are deleted here, at the end of their own test, when none of its jobs runs. (The
    program's own guard, a job's thread started from the event loop after the deletions already
    scheduled, would cover this too; the fixture also keeps one test's windows out of the next.)"""
    yield
    if "qtbot" not in request.fixturenames:
        return
    from PySide6.QtCore import QCoreApplication, QEvent

    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def bugs_fail_tests(request, monkeypatch):
    """A "程序出错" box in a test is a bug in the program: fail the test instead of waiting for a click.
    (Only for Qt tests: the models' tests run without Qt.)"""
    if "qtbot" not in request.fixturenames:
        return
    from ui.dialogs import messages

    def show(_parent, text):
        raise AssertionError(f"程序出错 box shown: {text}")
    monkeypatch.setattr(messages, "show_program_error", show)


@pytest.fixture(autouse=True)
def no_unanswered_boxes(request, monkeypatch):
    """A message box a test does not answer would wait for a click for ever (and hang CI): it fails
    the test instead, naming the box. Tests answer boxes by patching ui/dialogs/messages."""
    if "qtbot" not in request.fixturenames:
        return
    from PySide6.QtWidgets import QMessageBox

    def refuse(box):
        raise AssertionError(f"a message box nobody answers: {box.windowTitle()}: {box.text()}")
    monkeypatch.setattr(QMessageBox, "exec", refuse)
